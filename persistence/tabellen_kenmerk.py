"""Intake attributes for the equal-chances monitor (revision 0013_kenmerken; schemas.kenmerken).

One row per participant, written with the referral. The age band is kept, never the birth date;
an attribute the referral did not carry is NULL (the monitor shows it as `onbekend`).
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlmodel import Field, SQLModel, col

from persistence.tabellen import Deelnemer


class Kenmerk(SQLModel, table=True):
    deelnemer_id: int = Field(foreign_key="deelnemer.id", primary_key=True)
    geslacht: str | None = None
    leeftijdsband: str | None = None
    doelgroep: str | None = None
    regio: str | None = None
    herkomst: str | None = None  # only where the programme names a lawful basis


# The monitor's cohort (persistence.monitor): a programme's referrals in a period.
Index("ix_deelnemer_programma_aangemeld_op", col(Deelnemer.programma), col(Deelnemer.aangemeld_op))
