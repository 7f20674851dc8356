"""Tables of checkpoints and plan versions (issue 10 c, d; revision 0006_ijkpunten_plannen).

A checkpoint row is scheduled once per trajectory and name, and decided once: the decision's
account (role, person reference, reason) sits beside it. A plan version is never overwritten:
(participant, version) is unique and the chain numbers the versions. The plan's content is codes
and numbers (schemas.plan) and stays in this table: it is never logged or sent.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from persistence.tabellen import _json, _tijd


class Ijkpunt(SQLModel, table=True):
    """A checkpoint of one trajectory: open until its owner decides it."""

    __table_args__ = (UniqueConstraint("traject_id", "naam"),)

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    naam: str
    eigenaar: str = Field(description="The partner that decides it.")
    gepland_op: datetime = _tijd()
    vervalt_op: datetime = _tijd(index=True)
    keuze: str | None = Field(default=None, description="The decision; None while open.")
    route_fase: str | None = None
    route_partner: str | None = None
    besloten_door: str | None = None  # the partner that sent the decision
    rol: str | None = None
    persoon: str | None = None
    reden: str | None = None
    besloten_op: datetime | None = _tijd(nullable=True)


class PlanVersie(SQLModel, table=True):
    """One version of a participant's plan, kept beside the earlier ones."""

    __table_args__ = (UniqueConstraint("deelnemer_id", "versie"),)

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    versie: int
    soort: str
    vastgesteld_op: date
    inhoud: dict[str, Any] | None = _json()
    partner: str
    rol: str
    persoon: str
    reden: str
    vastgelegd_op: datetime = _tijd()
