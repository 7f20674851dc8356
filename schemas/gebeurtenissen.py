"""What partners send us through signed webhooks, one model per event type.

The receiver parses the body into `PartnerGebeurtenis` (a discriminated union on `type`);
anything that does not parse is answered 4xx naming the field. Dossiers are checked against
their edge's contract when the handoff is processed, so a failing dossier is kept in quarantine.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from schemas.fase import Beweging, Fase, UitvalReden

# Re-exported: the door, privacy and the simulator know these from here.
from schemas.gebeurtenisbasis import PSEUDONIEM_PATROON as PSEUDONIEM_PATROON
from schemas.gebeurtenisbasis import GebeurtenisBasis
from schemas.gebeurtenisbasis import Persoon as Persoon
from schemas.gebeurtenisbasis import Pseudoniem as Pseudoniem
from schemas.verwijzing import RegiehouderGewisseld, VerwijzingBeantwoord


class AanmeldingKern(GebeurtenisBasis):
    """A referral as the inbox keeps it: the person is encrypted beside it, not in it."""

    type: Literal["deelnemer.aangemeld"]
    verwijzing_id: str = Field(
        min_length=1, max_length=64, description="The gemeente's own case number."
    )
    programma: str


class Aanmelding(AanmeldingKern):
    """A gemeente refers a participant into a programme."""

    persoon: Persoon


class FaseAfgerond(GebeurtenisBasis):
    """A partner finished its phase: the dossier for the next partner comes along."""

    type: Literal["fase.afgerond"]
    deelnemer: Pseudoniem
    fase: Fase
    beweging: Literal[Beweging.DOORSTROMEN, Beweging.OVERSLAAN, Beweging.TERUGPLAATSEN] = (
        Beweging.DOORSTROMEN
    )
    naar: Fase
    naar_partner: str | None = Field(
        default=None, description="Track chosen for the next phase, e.g. by an evaluatiemoment."
    )
    dossier: dict[str, Any]


class TrackGewisseld(GebeurtenisBasis):
    """Same phase, other partner, no waiting (DOMAIN §1.2)."""

    type: Literal["traject.gewisseld"]
    deelnemer: Pseudoniem
    fase: Fase
    naar_partner: str
    dossier: dict[str, Any]


class Gepauzeerd(GebeurtenisBasis):
    type: Literal["traject.gepauzeerd"]
    deelnemer: Pseudoniem
    fase: Fase
    reden: str = Field(min_length=3, max_length=200)


class Hervat(GebeurtenisBasis):
    type: Literal["traject.hervat"]
    deelnemer: Pseudoniem
    fase: Fase


class Uitgevallen(GebeurtenisBasis):
    type: Literal["deelnemer.uitgevallen"]
    deelnemer: Pseudoniem
    fase: Fase
    reden: UitvalReden


class Herinstroom(GebeurtenisBasis):
    """The gemeente takes a dropped-out participant back in."""

    type: Literal["deelnemer.herinstroom"]
    deelnemer: Pseudoniem
    naar: Fase
    reden: str = Field(min_length=3, max_length=200)


class TrajectAfgesloten(GebeurtenisBasis):
    """Nazorg is done: the dossier is the outcome (contract nazorg→afgesloten)."""

    type: Literal["traject.afgesloten"]
    deelnemer: Pseudoniem
    fase: Fase
    dossier: dict[str, Any]


class FaseGestart(GebeurtenisBasis):
    """The receiving partner reports the participant actually started: ends the wait between phases."""

    type: Literal["fase.gestart"]
    deelnemer: Pseudoniem
    fase: Fase
    gestart_op: date


MAAND_MAX = 600  # fifty years of nazorg: beyond any cadence, and far inside every integer column


class NazorgCheckin(GebeurtenisBasis):
    """The nazorg partner's answer to a check-in (`nazorg.checkin` message); no free text, no health data."""

    type: Literal["nazorg.checkin"]
    deelnemer: Pseudoniem
    maand: int = Field(
        gt=0,
        le=MAAND_MAX,
        description="The check-in answered: months after the placement started.",
    )
    nog_in_dienst: bool
    uren_per_week: float | None = Field(default=None, ge=0, le=60)
    contract_gewijzigd: bool = False
    ondersteuning_nodig: bool = False
    terug_in_uitkering: bool = False


# Reports change no phase: they are recorded by the follow-up, never decided by the programme.
MELDING_TYPES = ("fase.gestart", "nazorg.checkin", "verwijzing.beantwoord", "regiehouder.gewisseld")

_Overig = (
    FaseAfgerond
    | TrackGewisseld
    | Gepauzeerd
    | Hervat
    | Uitgevallen
    | Herinstroom
    | TrajectAfgesloten
    | FaseGestart
    | NazorgCheckin
    | VerwijzingBeantwoord
    | RegiehouderGewisseld
)
PartnerGebeurtenis = Annotated[Aanmelding | _Overig, Field(discriminator="type")]
OpgeslagenGebeurtenis = Annotated[AanmeldingKern | _Overig, Field(discriminator="type")]

# The move each event type asks for; fase.afgerond carries its own.
BEWEGING_PER_TYPE: dict[str, Beweging] = {
    "deelnemer.aangemeld": Beweging.AANMELDEN,
    "traject.gewisseld": Beweging.WISSELEN,
    "traject.gepauzeerd": Beweging.PAUZEREN,
    "traject.hervat": Beweging.HERVATTEN,
    "deelnemer.uitgevallen": Beweging.UITVALLEN,
    "deelnemer.herinstroom": Beweging.HERINSTROMEN,
    "traject.afgesloten": Beweging.AFSLUITEN,
}


def dossier_rand(gebeurtenis: BaseModel) -> tuple[Fase, Fase | None, dict[str, Any]] | None:
    """(from, to, dossier) for the events that hand a dossier over; None for the others."""
    if isinstance(gebeurtenis, FaseAfgerond):
        return gebeurtenis.fase, gebeurtenis.naar, gebeurtenis.dossier
    if isinstance(gebeurtenis, TrackGewisseld):
        return gebeurtenis.fase, gebeurtenis.fase, gebeurtenis.dossier
    if isinstance(gebeurtenis, TrajectAfgesloten):
        return gebeurtenis.fase, None, gebeurtenis.dossier
    return None


Gebeurtenis = Aanmelding | AanmeldingKern | _Overig  # any event, as received or as stored


def soort_van(gebeurtenis: Gebeurtenis | None) -> str:
    """The move an event asks for, or for a report (MELDING_TYPES) its type."""
    if gebeurtenis is None:
        return "onbekend"
    return (
        gebeurtenis.type if gebeurtenis.type in MELDING_TYPES else beweging_van(gebeurtenis).value
    )


def beweging_van(gebeurtenis: Gebeurtenis) -> Beweging:
    if isinstance(gebeurtenis, FaseAfgerond):
        return Beweging(gebeurtenis.beweging)
    return BEWEGING_PER_TYPE[gebeurtenis.type]


def fase_van(gebeurtenis: Gebeurtenis | None) -> Fase | None:
    """The phase an event is about (a referral, a re-referral and a check-in answer name none)."""
    if gebeurtenis is None or isinstance(
        gebeurtenis, AanmeldingKern | Herinstroom | NazorgCheckin | RegiehouderGewisseld
    ):
        return None
    return gebeurtenis.fase


def naar_van(gebeurtenis: OpgeslagenGebeurtenis | None) -> Fase | None:
    """The phase an event asks to go to, where it names one."""
    if isinstance(gebeurtenis, FaseAfgerond | Herinstroom):
        return gebeurtenis.naar
    return gebeurtenis.fase if isinstance(gebeurtenis, TrackGewisseld) else None


class OverdrachtStatus(BaseModel):
    """What became of one webhook, as its sender may ask: processed, quarantined and why, or refused."""

    webhook_id: str
    type: str
    status: Literal["in_behandeling", "geaccepteerd", "quarantaine", "geweigerd", "vervangen"]
    contract: str | None = None
    reden: str | None = None
    bevindingen: list[dict[str, Any]] = []
    ontvangen_op: datetime
    verwerkt_op: datetime | None = None


class Ontvangstbewijs(BaseModel):
    """The webhook answer: accepted (or a duplicate of an accepted one)."""

    webhook_id: str
    status: Literal["geaccepteerd", "dubbel"]
    deelnemer: str | None = None
    ontvangen_op: datetime
