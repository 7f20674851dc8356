"""The follow-up's vocabulary: check-in states, flag kinds and levels, and the clock arithmetic.

A flag (`Signaal`) is what the scheduled runs raise when someone is late, at risk or drifting
(DOMAIN §4 "dashboard flags"). Its `sleutel` makes it idempotent: the same participant, kind,
subject and level is one flag however often a sweep runs. Pure: no I/O, no clock of its own.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.berichten import PartnerBericht


class CheckinStatus(StrEnum):
    """A nazorg check-in's life: planned at the placement, asked when due, answered or missed."""

    GEPLAND = "gepland"
    GEVRAAGD = "gevraagd"
    BEANTWOORD = "beantwoord"
    GEMIST = "gemist"  # not answered within the programme's respijt_dagen: escalated
    VERVALLEN = "vervallen"  # cancelled: the participant re-entered the chain


class SignaalSoort(StrEnum):
    """What a flag is about."""

    FASE_TE_LANG = "fase_te_lang"  # longer in a phase than the programme's max_weken
    WACHTEN = "wachten"  # handed off, the next partner has not reported the start
    PIP = "pip"  # the PIP deadline after registration
    INBURGERING = "inburgering"  # the inburgering term
    ACHTTIEN = "achttien"  # intake and PIP before the 18th birthday
    CHECKIN_GEMIST = "checkin_gemist"  # a nazorg check-in went unanswered
    TERUGVAL = "terugval"  # a check-in found the participant back on benefit
    STEUNVRAAG = "steunvraag"  # a check-in asks for support
    AFWIJKING_AFGEROND = (
        "afwijking_afgerond"  # the partner finished a phase we never heard of (lost webhook)
    )
    AFWIJKING_ONBEKEND = "afwijking_onbekend"  # we think a partner holds someone it does not know
    NIET_VERSCHENEN = "niet_verschenen"  # repeated no-shows: the regiehouder decides on a measure
    INCIDENT = "incident"  # an incident during placement: the placement stays active
    IJKPUNT = "ijkpunt"  # a checkpoint (schemas.ijkpunten) near or past its due date, undecided
    VERWIJZING_AFGEWEZEN = (
        "verwijzing_afgewezen"  # a partner declined: the regiehouder picks another
    )
    GEEN_GRONDSLAG = "geen_grondslag"  # a message held: no legal basis or consent for its recipient


class Niveau(StrEnum):
    RISICO = "risico"  # the limit comes near: act now
    OVERSCHREDEN = "overschreden"  # the limit has passed, or the thing happened


# Flags the regiehouder is told about directly (outbox `melding.signaal`), not only in the UI.
NAAR_REGIEHOUDER = frozenset(
    {
        SignaalSoort.CHECKIN_GEMIST,
        SignaalSoort.TERUGVAL,
        SignaalSoort.NIET_VERSCHENEN,
        SignaalSoort.INCIDENT,
        SignaalSoort.IJKPUNT,
    }
)

# Moves that put a participant in a (new) phase; a track switch or a pause does not.
FASE_INGANGEN = ("aanmelden", "doorstromen", "overslaan", "terugplaatsen", "herinstromen")


class Signaal(BaseModel):
    """One flag as a sweep wants it to exist; pseudonyms and phases only, never personal data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    deelnemer_id: int
    pseudoniem: str
    programma: str
    partner: str = Field(
        description="Who holds the participant for this flag (or the regiehouder)."
    )
    soort: SignaalSoort
    niveau: Niveau
    onderwerp: str = Field(
        description="What the flag is about, e.g. 'ontwikkeling (traject 12, sinds 2026-03-01)'."
    )
    termijn: date | None = Field(
        default=None, description="The deadline; None where it would reveal a birth date."
    )
    toelichting: str = ""

    @property
    def sleutel(self) -> str:
        return f"{self.pseudoniem}/{self.soort.value}/{self.onderwerp}/{self.niveau.value}"


def plus_maanden(dag: date, maanden: int) -> date:
    """`dag` plus calendar months; the 31st becomes the month's last day."""
    totaal = dag.month - 1 + maanden
    jaar, maand = dag.year + totaal // 12, totaal % 12 + 1
    return date(jaar, maand, min(dag.day, calendar.monthrange(jaar, maand)[1]))


def plus_jaren(dag: date, jaren: int) -> date:
    return plus_maanden(dag, 12 * jaren)


def gepauzeerd(
    pauzes: Iterable[tuple[str, datetime]], *, vanaf: datetime, nu: datetime
) -> timedelta:
    """Time spent paused since `vanaf`, from the ledger's pauzeren/hervatten moves in order.

    A pause still running counts up to `nu`; a pause that began before `vanaf` counts from `vanaf`.
    """
    totaal, begin = timedelta(), None
    for beweging, tijdstip in pauzes:
        if beweging == "pauzeren" and begin is None:
            begin = tijdstip
        elif beweging == "hervatten" and begin is not None:
            totaal += max(timedelta(), tijdstip - max(begin, vanaf))
            begin = None
    if begin is not None:
        totaal += max(timedelta(), nu - max(begin, vanaf))
    return totaal


def niveau(*, verstreken: timedelta, limiet: timedelta, waarschuwing: timedelta) -> Niveau | None:
    """Over the limit, within `waarschuwing` of it, or fine (None)."""
    if verstreken > limiet:
        return Niveau.OVERSCHREDEN
    if verstreken >= limiet - waarschuwing:
        return Niveau.RISICO
    return None


def niveau_pct(*, verstreken: timedelta, limiet: timedelta, waarschuw_pct: int) -> Niveau | None:
    """A phase or a wait: at risk once `waarschuw_pct` percent of the limit is used."""
    return niveau(
        verstreken=verstreken, limiet=limiet, waarschuwing=limiet * (1 - waarschuw_pct / 100)
    )


def checkin_onderwerp(maand: int, traject_id: int) -> str:
    """The subject of every flag about one check-in (missed, back on benefit, support asked)."""
    return f"check-in {maand} mnd (traject {traject_id})"


def signaal_bericht(s: Signaal) -> PartnerBericht:
    """The message that tells the regiehouder of a flag; its key makes a second sweep send nothing new."""
    inhoud = {
        "soort": s.soort.value,
        "niveau": s.niveau.value,
        "onderwerp": s.onderwerp,
        "termijn": s.termijn.isoformat() if s.termijn else None,
        "toelichting": s.toelichting,
    }
    return PartnerBericht(
        sleutel=f"signaal/{s.sleutel}",
        soort="melding.signaal",
        deelnemer=s.pseudoniem,
        programma=s.programma,
        inhoud=inhoud,
    )
