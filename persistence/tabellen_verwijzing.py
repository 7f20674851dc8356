"""Tables of the referral loop (issue 10 f, g, l): referrals and their answers, the regiehouder's
periods, and who referred a participant when that was not the gemeente. Revision 0008_verwijzingen.

Pseudonymous like the ledger: a participant by id, a decider by role and reference, never a name.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from persistence.tabellen import _tijd


class Verwijzing(SQLModel, table=True):
    """One referral to a partner (its traject.start) and what the partner answered; the time on a
    waiting list runs from `wachtlijst_sinds` to `wachtlijst_tot` (accepted or started)."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    fase: str
    partner: str
    status: str = Field(index=True)  # schemas.verwijzing.VerwijzingStatus
    aangevraagd_op: datetime = _tijd()
    beantwoord_op: datetime | None = _tijd(nullable=True)
    reden: str | None = None  # why declined (schemas.verwijzing.AfwijsReden)
    verwachte_start: date | None = None
    wachtlijst_sinds: datetime | None = _tijd(nullable=True)
    wachtlijst_tot: datetime | None = _tijd(nullable=True)
    gestart_op: date | None = None
    besluit_rol: str | None = None
    besluit_persoon: str | None = None
    besluit_reden: str | None = None


class RegiehouderPeriode(SQLModel, table=True):
    """Who held the regie of a participant, from when to when, why, and who decided the change."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    regiehouder: str = Field(index=True)
    persoon: str | None = None  # the klantmanager's staff code (0012_regiehouder_persoon)
    van: datetime = _tijd()
    tot: datetime | None = _tijd(nullable=True)
    soort: str  # aanmelding, regimewissel, verhuizing
    besluit_rol: str | None = None  # None for the period that began at the referral
    besluit_persoon: str | None = None
    besluit_reden: str | None = None


class Aanmelder(SQLModel, table=True):
    """A participant referred by a school or coach the programme names: who, and for which gemeente."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", unique=True)
    verwijzer: str = Field(index=True)
    regiehouder: str
    aangemeld_op: datetime = _tijd()
