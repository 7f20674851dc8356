"""Referrals as a closed loop, the regiehouder's periods and the other referrers: the vocabulary.

A referral is the chain handing a participant to a partner (the `traject.start` message after an
accepted referral, handoff or switch). Its states follow the Task states of the HL7 FHIR SDOH
Clinical Care "closed-loop referral" guide (Task.status: requested → accepted | rejected |
on-hold → in-progress → completed, or cancelled), named in Dutch: the partner answers, a decline
goes back to the regiehouder, and the time on a waiting list is measured.

The events, the follow-up effects and the programme's configuration live here; the decisions in
`schemas.verwijzing_beslissen` and `schemas.regiehouder`. No I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.fase import Fase
from schemas.gebeurtenisbasis import GebeurtenisBasis, Pseudoniem
from schemas.medewerker import MedewerkerCode
from schemas.verantwoording import Rol, Verantwoording


class VerwijzingStatus(StrEnum):
    """A referral's state; the FHIR Task.status each one anchors on is named beside it."""

    AANGEVRAAGD = "aangevraagd"  # requested: traject.start sent, no answer yet
    GEACCEPTEERD = "geaccepteerd"  # accepted
    AFGEWEZEN = "afgewezen"  # rejected: back to the regiehouder
    WACHTLIJST = "wachtlijst"  # on-hold: accepted for later, an expected start date
    GESTART = "gestart"  # in-progress: fase.gestart (implies acceptance)
    AFGEROND = "afgerond"  # completed: the participant left that phase after starting it
    GEANNULEERD = "geannuleerd"  # cancelled: the chain moved on before the partner answered


OPEN_STATUSSEN = (VerwijzingStatus.AANGEVRAAGD, VerwijzingStatus.WACHTLIJST)
VERWIJZING_STATUSSEN = tuple(s.value for s in VerwijzingStatus)


class Antwoord(StrEnum):
    """What a partner answers to a referral (`verwijzing.beantwoord`)."""

    GEACCEPTEERD = "geaccepteerd"
    AFGEWEZEN = "afgewezen"
    WACHTLIJST = "wachtlijst"


class AfwijsReden(StrEnum):
    """Why a partner declines a referral: a reason from this list, never free text only."""

    GEEN_CAPACITEIT = "geen_capaciteit"  # no place now and no waiting list
    NIET_PASSEND = "niet_passend"  # the offer does not fit this participant
    BUITEN_WERKGEBIED = "buiten_werkgebied"  # the participant lives outside the partner's area
    ONVOLLEDIG_DOSSIER = "onvolledig_dossier"  # the dossier misses what the intake needs
    GEEN_CONTACT = "geen_contact"  # the participant could not be reached for the intake


class VerwijzingBeantwoord(GebeurtenisBasis):
    """The partner a referral went to accepts it, declines it (with a reason) or waitlists it
    (with an expected start date)."""

    type: Literal["verwijzing.beantwoord"]
    deelnemer: Pseudoniem
    fase: Fase = Field(description="The phase the referral is for.")
    antwoord: Antwoord
    reden: AfwijsReden | None = Field(default=None, description="Required when afgewezen.")
    verwachte_start: date | None = Field(
        default=None, description="Required when wachtlijst: when the partner expects to start."
    )

    @model_validator(mode="after")
    def _volledig(self) -> Self:
        if self.antwoord == Antwoord.AFGEWEZEN and self.reden is None:
            raise ValueError("reden is required when the referral is afgewezen")
        if self.antwoord != Antwoord.AFGEWEZEN and self.reden is not None:
            raise ValueError("reden belongs to a decline (afgewezen) only")
        if self.antwoord == Antwoord.WACHTLIJST and self.verwachte_start is None:
            raise ValueError("verwachte_start is required when the referral is on a wachtlijst")
        if self.antwoord != Antwoord.WACHTLIJST and self.verwachte_start is not None:
            raise ValueError("verwachte_start belongs to a wachtlijst answer only")
        return self


class WisselSoort(StrEnum):
    """Why the case gets a new regiehouder while the trajectory runs on (DOMAIN §8 scenario 14)."""

    REGIMEWISSEL = "regimewissel"  # to Participatiewet or volwasseneneducatie colleagues (seed 004)
    VERHUIZING = "verhuizing"  # the participant moves to another gemeente: a warm handover


# Who may account for handing a case over: the regiehouder holding it, or the chain coordinator.
_OVERDRAGERS = (Rol.REGIEHOUDER, Rol.KETENREGISSEUR)


class RegiehouderGewisseld(GebeurtenisBasis):
    """The current regiehouder hands the case to another one; the trajectory keeps running."""

    type: Literal["regiehouder.gewisseld"]
    deelnemer: Pseudoniem
    naar_regiehouder: str = Field(min_length=1, max_length=64)
    naar_persoon: MedewerkerCode | None = None  # the new klantmanager (a staff code)
    soort: WisselSoort
    besluit: Verantwoording = Field(
        description="Required: who decided the handover, in which role (regiehouder or "
        "ketenregisseur), and why."
    )

    @model_validator(mode="after")
    def _door_de_regie(self) -> Self:
        if self.besluit.rol not in _OVERDRAGERS:
            raise ValueError("besluit.rol must be regiehouder or ketenregisseur for a handover")
        return self


class _Streng(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Verwijzer(_Streng):
    """A school or coach that may refer into the programme; the gemeente named stays regiehouder."""

    partner: str
    regiehouder: str


class Verwijzingsregels(_Streng):
    """Per programme: who else may refer, and which organisations may hold the regie."""

    verwijzers: list[Verwijzer] = []
    regiehouders: list[str] = Field(
        default=[],
        description="Gemeente organisations the case may be handed to (regiehouder.gewisseld).",
    )

    @model_validator(mode="after")
    def _samenhangend(self) -> Self:
        partners = [v.partner for v in self.verwijzers]
        if len(set(partners)) != len(partners):
            raise ValueError("a referrer is listed once")
        zonder = sorted({v.regiehouder for v in self.verwijzers} - set(self.regiehouders))
        if zonder:
            raise ValueError(f"a referrer's regiehouder must be one of regiehouders: {zonder}")
        return self

    def verwijzer(self, partner: str) -> Verwijzer | None:
        return next((v for v in self.verwijzers if v.partner == partner), None)

    def fouten(self, soorten: dict[str, str]) -> list[tuple[tuple[str | int, ...], str]]:
        """(where, why) for each partner that is unknown or of the wrong kind (`soorten`: id → kind)."""
        uit: list[tuple[tuple[str | int, ...], str]] = []
        for i, r in enumerate(self.regiehouders):
            if soorten.get(r) != "gemeente":
                uit.append((("regiehouders", i), f"{r} is not a gemeente partner"))
        for i, v in enumerate(self.verwijzers):
            if v.partner not in soorten:
                uit.append((("verwijzers", i, "partner"), f"unknown partner {v.partner}"))
        return uit


# The state a decision reads, and the follow-up effects persistence writes.
@dataclass(frozen=True)
class VerwijzingStand:
    """The latest referral of the current episode, and who declined its phase in that episode."""

    id: int | None
    fase: Fase
    partner: str
    status: VerwijzingStatus
    afgewezen_door: frozenset[str] = frozenset()


@dataclass(frozen=True)
class OpenVerwijzing:
    """A referral to `partner` for `fase` begins (its traject.start is sent); the participant's
    earlier referrals end: completed when started or handed on by `door` (its partner ran the
    phase), otherwise cancelled."""

    fase: Fase
    partner: str
    door: str | None = None  # the partner whose handoff this is


@dataclass(frozen=True)
class BeantwoordVerwijzing:
    """The answer to the open referral of the current episode to `partner` for `fase`."""

    fase: Fase
    partner: str
    status: VerwijzingStatus
    reden: AfwijsReden | None = None
    verwachte_start: date | None = None
    verantwoording: Verantwoording | None = None


@dataclass(frozen=True)
class StartVerwijzing:
    """fase.gestart: the referral to this partner for this phase is in progress (accepted)."""

    fase: Fase
    partner: str
    gestart_op: date


@dataclass(frozen=True)
class WisselRegiehouder:
    van: str
    naar: str
    soort: WisselSoort
    verantwoording: Verantwoording
    persoon: str | None = None  # the new regiehouder's staff code, when the handover names one


@dataclass(frozen=True)
class LegVerwijzerVast:
    """A referral by a school or coach: who referred, and the gemeente that holds the regie."""

    verwijzer: str
    regiehouder: str
