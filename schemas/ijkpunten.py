"""Checkpoints (ijkpunten): evaluation moments with an owner, a due date and a routing decision.

Harderwijk's evaluatiemoment at week 40 decides "werk of school" with the klantmanager as
regiehouder (seed 001); Roermond's UP reviews after each phase (seed 004, "na de eerste periode
wordt de balans opgemaakt"); Tilburg's toekomstplan is presented in week 8 (seed 004); a VSO
school holds an uitstroombespreking with the parents (seed 002). A checkpoint is scheduled when
its anchor happens (a referral, entering or leaving a phase), is flagged by the daily watch once
overdue, and is decided once, by its owner, with an account (`besluit`). A decision may route:
it names the partner the next handoff into a phase must go to. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.fase import Beweging, Fase
from schemas.gebeurtenisbasis import GebeurtenisBasis, Pseudoniem
from schemas.verantwoording import Rol, Verantwoording

NAAM_PATROON = r"^[a-z0-9][a-z0-9-]{1,39}$"  # a code, never a sentence


class _Streng(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AnkerSoort(StrEnum):
    """What starts a checkpoint's clock."""

    AANMELDING = "aanmelding"  # the referral (a new trajectory, also after a re-entry)
    FASE_IN = "fase_in"  # entering `fase` (a move that puts the participant in it)
    FASE_UIT = "fase_uit"  # leaving `fase` for another phase


class Anker(_Streng):
    soort: AnkerSoort
    fase: Fase | None = Field(default=None, description="The phase for fase_in / fase_uit.")

    @model_validator(mode="after")
    def _fase_waar_nodig(self) -> Self:
        if (self.soort == AnkerSoort.AANMELDING) != (self.fase is None):
            raise ValueError("anker: fase_in and fase_uit name a fase; aanmelding names none")
        return self


class Route(_Streng):
    """Where a decision sends the participant: the partner the next handoff into `fase` goes to."""

    fase: Fase
    partner: str


class IjkpuntInrichting(_Streng):
    """One checkpoint of a programme (config/programmas/*.yaml, field `ijkpunten`)."""

    naam: str = Field(pattern=NAAM_PATROON)
    eigenaar: Literal["regiehouder"] | Fase = Field(
        description="Who decides: the regiehouder, or the partner running the named phase."
    )
    rollen: list[Rol] = Field(
        default=[], description="Roles the decider may act in (empty: any role)."
    )
    anker: Anker
    na_weken: int = Field(ge=0, le=520, description="Due this many weeks after the anchor.")
    waarschuw_weken: int = Field(default=2, ge=0, description="At risk this long before due.")
    besluiten: dict[str, Route | None] = Field(
        min_length=1, description="The decisions it may take, each routing somewhere or nowhere."
    )

    @model_validator(mode="after")
    def _besluit_codes(self) -> Self:
        import re

        fout = [b for b in self.besluiten if not re.fullmatch(NAAM_PATROON, b)]
        if fout:
            raise ValueError(f"ijkpunt {self.naam}: decisions must be codes, not {fout}")
        return self


def controleer_ijkpunten(
    ijkpunten: list[IjkpuntInrichting], partners: dict[Fase, list[str]]
) -> None:
    """At load: unique names, phases of this programme, routes to a partner of that phase."""
    namen = [i.naam for i in ijkpunten]
    if len(set(namen)) != len(namen):
        raise ValueError(f"ijkpunten: names must be unique, got {namen}")
    for i in ijkpunten:
        fasen = [
            f for f in (i.anker.fase, i.eigenaar if isinstance(i.eigenaar, Fase) else None) if f
        ]
        onbekend = [f.value for f in fasen if f not in partners]
        if onbekend:
            raise ValueError(f"ijkpunt {i.naam}: phases not in this programme: {onbekend}")
        for keuze, route in i.besluiten.items():
            if route is not None and route.partner not in partners.get(route.fase, []):
                raise ValueError(
                    f"ijkpunt {i.naam}: decision {keuze} routes to {route.partner}, "
                    f"not a partner of {route.fase.value} in this programme"
                )


class IjkpuntBesloten(GebeurtenisBasis):
    """The owner records a checkpoint's decision; the account (`besluit`) is required."""

    type: Literal["ijkpunt.besloten"]
    deelnemer: Pseudoniem
    ijkpunt: str = Field(
        pattern=NAAM_PATROON, description="The checkpoint's name in the programme."
    )
    keuze: str = Field(
        pattern=NAAM_PATROON, description="One of the checkpoint's decisions, e.g. school."
    )
    besluit: Verantwoording = Field(
        description="Who decided, in which role, and why: required for a checkpoint decision."
    )


@dataclass(frozen=True)
class IjkpuntStand:
    """A scheduled checkpoint of the participant's current trajectory, as a decision reads it."""

    naam: str
    eigenaar: str  # the partner that owns it
    vervalt_op: datetime
    keuze: str | None = None  # None: still open
    route: Route | None = None


@dataclass(frozen=True)
class PlanIjkpunt:
    """Follow-up: schedule a checkpoint of the current trajectory, due `na_weken` from now."""

    naam: str
    eigenaar: str
    na_weken: int


@dataclass(frozen=True)
class BesluitIjkpunt:
    """Follow-up: record a checkpoint's decision and its route."""

    naam: str
    keuze: str
    route: Route | None
    partner: str
    verantwoording: Verantwoording


def eigenaar_van(
    i: IjkpuntInrichting,
    regiehouder: str,
    fase_partner: dict[Fase, str],
    standaard: dict[Fase, str],
) -> str:
    """The owning partner: the regiehouder, or who runs (or just ran) the owning phase."""
    if i.eigenaar == "regiehouder":
        return regiehouder
    fase = Fase(i.eigenaar)
    return fase_partner.get(fase, standaard[fase])


def verankerd(
    i: IjkpuntInrichting, beweging: Beweging, van: Fase | None, naar: Fase, nieuw_traject: bool
) -> bool:
    """Whether this move is the checkpoint's anchor."""
    if i.anker.soort == AnkerSoort.AANMELDING:
        return nieuw_traject
    if beweging in (Beweging.PAUZEREN, Beweging.HERVATTEN, Beweging.WISSELEN):
        return False
    veranderd = nieuw_traject or van != naar
    if i.anker.soort == AnkerSoort.FASE_IN:
        return veranderd and naar == i.anker.fase
    return not nieuw_traject and van == i.anker.fase and naar != van


def routes_naar(ijkpunten: list[IjkpuntInrichting], fase: Fase) -> dict[str, str]:
    """Decision → partner, for the checkpoints whose decisions route into `fase` (the simulator's
    choice where no checkpoint was decided)."""
    return {
        keuze: route.partner
        for i in ijkpunten
        for keuze, route in i.besluiten.items()
        if route is not None and route.fase == fase
    }


def ijkpunt_onderwerp(naam: str) -> str:
    """The subject of a checkpoint's flag (the watch raises it, the decision resolves it)."""
    return f"ijkpunt {naam}"
