"""Tables of the youth slice (issue 11, revision 0009_observaties): observations held until a basis to
share them is recorded, and that basis (schemas.observatie). Pseudonyms, kinds and codes only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from persistence.tabellen import UTCDatum


def _tijd(*, nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDatum(), nullable=nullable))


class Observatie(SQLModel, table=True):
    """A partner's observation; `status` aangehouden until a basis lets it go out (gedeeld)."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    traject_id: int = Field(foreign_key="traject.id")
    pseudoniem: str = Field(index=True)
    partner: str
    fase: str
    soort: str
    code: str
    ontvangers: str  # comma-separated partner ids
    status: str = Field(index=True)
    gemeld_op: datetime = _tijd()
    gedeeld_op: datetime | None = _tijd(nullable=True)


class Grondslag(SQLModel, table=True):
    """The basis the regiehouder recorded to share observations, with who decided and why."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    pseudoniem: str = Field(index=True)
    grondslag: str
    vastgelegd_door: str
    besluit_rol: str | None = None
    besluit_persoon: str | None = None
    besluit_reden: str | None = None
    vastgelegd_op: datetime = _tijd()
