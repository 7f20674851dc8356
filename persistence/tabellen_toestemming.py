"""The consent and legal-basis register (revision 0011_toestemmingen; schemas.toestemming).

One row per basis given for one participant and one recipient (a partner id or a purpose such as
doel:onderzoek); a withdrawal closes the row (`tot`), never deletes it, so the register shows
what held on any past day.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from persistence.tabellen import UTCDatum


def _tijd(*, nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDatum(), nullable=nullable))


class Toestemming(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    pseudoniem: str = Field(index=True)
    ontvanger: str = Field(index=True)
    soort: str  # schemas.toestemming.Grondslagsoort
    bron: str
    van: datetime = _tijd()
    tot: datetime | None = _tijd(nullable=True)
    vastgelegd_door: str  # a user name of the dashboard, or the gemeente's partner id (webhook)
    vastgelegd_op: datetime = _tijd()
    ingetrokken_door: str | None = None
