"""Tables of issue 10 e/h/i: breaches and no-shows, the regiehouder's measures, incidents during
placement; and the decider's columns of a ledger row (on `Overgang`, revision 0007_besluiten).

Pseudonyms and ids only: a breach or incident is a kind, a date and a short code, never a story.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypedDict

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from persistence.tabellen import UTCDatum
from schemas.verantwoording import Verantwoording


def _tijd() -> Any:
    return Field(default=None, sa_column=Column(UTCDatum(), nullable=False))


class BesluitKolommen(TypedDict):
    besluit_rol: str | None
    besluit_persoon: str | None
    besluit_reden: str | None


def besluit_kolommen(besluit: Verantwoording | None) -> BesluitKolommen:
    """The decider's account as the columns a row keeps it in (role, person reference, reason)."""
    return {
        "besluit_rol": besluit.rol.value if besluit else None,
        "besluit_persoon": besluit.persoon if besluit else None,
        "besluit_reden": besluit.reden if besluit else None,
    }


class Schending(SQLModel, table=True):
    """A partner's report of a PIP breach or a no-show; `maatregel_id` once a measure answered it."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    traject_id: int = Field(foreign_key="traject.id")
    pseudoniem: str = Field(index=True)
    partner: str
    soort: str = Field(index=True)
    datum: date
    code: str | None = None
    maatregel_id: int | None = Field(default=None, foreign_key="maatregel.id")
    gemeld_op: datetime = _tijd()


class Maatregel(SQLModel, table=True):
    """A measure the regiehouder took (seed 004: the gemeente decides), with who decided and why."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    traject_id: int = Field(foreign_key="traject.id")
    pseudoniem: str = Field(index=True)
    soort: str
    datum: date
    besloten_door: str  # the regiehouder organisation
    besluit_rol: str
    besluit_persoon: str
    besluit_reden: str
    vastgelegd_op: datetime = _tijd()


class Incident(SQLModel, table=True):
    """An incident the employer or job coach reported during placement; the placement stays active."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    traject_id: int = Field(foreign_key="traject.id")
    pseudoniem: str = Field(index=True)
    partner: str
    fase: str
    soort: str
    datum: date
    gemeld_op: datetime = _tijd()
