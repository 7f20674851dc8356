"""The lanes of a trajectory (schemas.banen): one row per run of a lane beside the main lane.

The trajectory row stays the main lane; a lane that starts again in the same episode gets a new
row, so its earlier run stays as history. Its moves are in the ledger (`Overgang.baan`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from persistence.tabellen import UTCDatum


def _tijd(*, nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDatum(), nullable=nullable))


class TrajectBaan(SQLModel, table=True):
    """A lane of one episode: its own phase, partner, status and clock."""

    id: int | None = Field(default=None, primary_key=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    baan: str
    fase: str
    partner: str
    status: str = Field(index=True)
    fase_sinds: datetime = _tijd()
    begonnen_op: datetime = _tijd()
    beeindigd_op: datetime | None = _tijd(nullable=True)
