"""What partners send us through signed webhooks, one model per event type.

The receiver parses the body into `PartnerGebeurtenis` (a discriminated union on `type`);
anything that does not parse is answered 4xx naming the field. Dossiers are checked against
their edge's contract when the handoff is processed, so a failing dossier is kept in quarantine.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from schemas.banen import BaanGestart, BaanNaam
from schemas.besluit import eis_besluit
from schemas.fase import Beweging, Fase, UitvalReden

# Re-exported: the door, privacy and the simulator know these from here.
from schemas.gebeurtenisbasis import PSEUDONIEM_PATROON as PSEUDONIEM_PATROON
from schemas.gebeurtenisbasis import GebeurtenisBasis
from schemas.gebeurtenisbasis import Persoon as Persoon
from schemas.gebeurtenisbasis import Pseudoniem as Pseudoniem
from schemas.ijkpunten import IjkpuntBesloten
from schemas.kenmerken import Kenmerken, Leeftijdsband
from schemas.medewerker import MedewerkerCode
from schemas.observatie import GrondslagVastgelegd, ObservatieGemeld
from schemas.plan import PlanVastgesteld
from schemas.schending import IncidentGemeld, MaatregelGenomen, SchendingGemeld
from schemas.toestemming_gebeurtenissen import ToestemmingIngetrokken, ToestemmingVastgelegd
from schemas.tussenuitkomst import TussentijdseUitkomst, UitkomstGemeld
from schemas.verwijzing import RegiehouderGewisseld, VerwijzingBeantwoord


class AanmeldingKern(GebeurtenisBasis):
    """A referral as the inbox keeps it: the person is encrypted beside it, not in it."""

    type: Literal["deelnemer.aangemeld"]
    verwijzing_id: str = Field(
        min_length=1, max_length=64, description="The gemeente's own case number."
    )
    programma: str
    regiehouder: MedewerkerCode | None = None  # the klantmanager who holds the case (a code)
    kenmerken: Kenmerken | None = Field(
        default=None, description="Intake attributes in a fixed format, for the monitor."
    )
    leeftijdsband: Leeftijdsband | None = Field(
        default=None,
        description="Derived at the door from geboortedatum; the date stays encrypted.",
    )


class Aanmelding(AanmeldingKern):
    """A gemeente refers a participant into a programme."""

    persoon: Persoon

    @field_validator("leeftijdsband")
    @classmethod
    def _niet_meegestuurd(cls, band: Leeftijdsband | None) -> None:
        """The door derives the band from the birth date: a sender does not state it."""
        if band is not None:
            raise ValueError("derived at the door from persoon.geboortedatum; do not send it")
        return None


class FaseAfgerond(GebeurtenisBasis):
    """A partner finished its phase: the dossier for the next partner comes along."""

    type: Literal["fase.afgerond"]
    deelnemer: Pseudoniem
    baan: BaanNaam | None = None  # a lane of the programme (schemas.banen); None: the main lane
    fase: Fase
    beweging: Literal[Beweging.DOORSTROMEN, Beweging.OVERSLAAN, Beweging.TERUGPLAATSEN] = (
        Beweging.DOORSTROMEN
    )
    naar: Fase
    naar_partner: str | None = Field(
        default=None, description="Track chosen for the next phase, e.g. by an evaluatiemoment."
    )
    dossier: dict[str, Any]

    @model_validator(mode="after")
    def _besluit_bij_keuze(self) -> FaseAfgerond:
        """A skip, a return or a named partner (a route choice) is a decision: `besluit` required."""
        if self.beweging != Beweging.DOORSTROMEN:
            eis_besluit(self, f"beweging {Beweging(self.beweging).value}")
        elif self.naar_partner is not None:
            eis_besluit(self, "naar_partner (a route choice)")
        return self


class TrackGewisseld(GebeurtenisBasis):
    """Same phase, other partner, no waiting (DOMAIN §1.2)."""

    type: Literal["traject.gewisseld"]
    deelnemer: Pseudoniem
    baan: BaanNaam | None = None  # a lane of the programme (schemas.banen); None: the main lane
    fase: Fase
    naar_partner: str
    dossier: dict[str, Any]

    @model_validator(mode="after")
    def _besluit_bij_wissel(self) -> TrackGewisseld:
        eis_besluit(self, "a track switch")
        return self


class Gepauzeerd(GebeurtenisBasis):
    type: Literal["traject.gepauzeerd"]
    deelnemer: Pseudoniem
    baan: BaanNaam | None = None  # a lane of the programme (schemas.banen); None: the main lane
    fase: Fase
    reden: str = Field(min_length=3, max_length=200)


class Hervat(GebeurtenisBasis):
    type: Literal["traject.hervat"]
    deelnemer: Pseudoniem
    baan: BaanNaam | None = None  # a lane of the programme (schemas.banen); None: the main lane
    fase: Fase


class Uitgevallen(GebeurtenisBasis):
    type: Literal["deelnemer.uitgevallen"]
    deelnemer: Pseudoniem
    baan: BaanNaam | None = None  # a lane of the programme (schemas.banen); None: the main lane
    fase: Fase
    reden: UitvalReden


class Herinstroom(GebeurtenisBasis):
    """The gemeente takes a dropped-out participant back in."""

    type: Literal["deelnemer.herinstroom"]
    deelnemer: Pseudoniem
    naar: Fase
    reden: str = Field(min_length=3, max_length=200)

    @model_validator(mode="after")
    def _besluit_bij_herinstroom(self) -> Herinstroom:
        eis_besluit(self, "a re-entry")
        return self


class TrajectAfgesloten(GebeurtenisBasis):
    """Nazorg is done: the dossier is the outcome (contract nazorg→afgesloten)."""

    type: Literal["traject.afgesloten"]
    deelnemer: Pseudoniem
    baan: BaanNaam | None = None  # a lane of the programme (schemas.banen); None: the main lane
    fase: Fase
    contract_versie: int | None = Field(
        default=None,
        ge=1,
        le=99,
        description="Version of the exit contract the dossier follows; none: v1 (accepted until its window ends).",
    )
    dossier: dict[str, Any]


class FaseGestart(GebeurtenisBasis):
    """The receiving partner reports the participant actually started: ends the wait between phases."""

    type: Literal["fase.gestart"]
    deelnemer: Pseudoniem
    baan: BaanNaam | None = None  # a lane of the programme (schemas.banen); None: the main lane
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
    nieuwe_uitkomst: TussentijdseUitkomst | None = Field(
        default=None,
        description="An outcome changed since the last check-in (another job, a school): recorded; the schedule runs on.",
    )


# Reports change no phase: they are recorded by the follow-up, never decided by the programme.
MELDING_TYPES = (
    "fase.gestart",
    "nazorg.checkin",
    "schending.gemeld",
    "maatregel.genomen",
    "incident.gemeld",
    "uitkomst.gemeld",
    "ijkpunt.besloten",
    "plan.vastgesteld",
    "baan.gestart",
    "verwijzing.beantwoord",
    "regiehouder.gewisseld",
    "observatie.gemeld",
    "grondslag.vastgelegd",
    "toestemming.vastgelegd",
    "toestemming.ingetrokken",
)

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
    | SchendingGemeld
    | MaatregelGenomen
    | IncidentGemeld
    | UitkomstGemeld
    | IjkpuntBesloten
    | PlanVastgesteld
    | BaanGestart
    | VerwijzingBeantwoord
    | RegiehouderGewisseld
    | ObservatieGemeld
    | GrondslagVastgelegd
    | ToestemmingVastgelegd
    | ToestemmingIngetrokken
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
        if gebeurtenis.baan is not None and not gebeurtenis.dossier:
            # a lane's end may carry no outcome; one that does (a vrijstelling ending the taal
            # lane, schemas.baan_uitkomst) is read against the exit contract like any other
            return None
        return gebeurtenis.fase, None, gebeurtenis.dossier
    return None


def contract_versie_van(gebeurtenis: BaseModel) -> int | None:
    """The contract version an event names for its dossier (None: the first)."""
    return gebeurtenis.contract_versie if isinstance(gebeurtenis, TrajectAfgesloten) else None


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


# Events about the participant rather than one phase: they name none.
_ZONDER_FASE = (
    AanmeldingKern,
    Herinstroom,
    NazorgCheckin,
    MaatregelGenomen,
    UitkomstGemeld,
    IjkpuntBesloten,
    PlanVastgesteld,
    RegiehouderGewisseld,
    GrondslagVastgelegd,
    ToestemmingVastgelegd,
    ToestemmingIngetrokken,
)


def fase_van(gebeurtenis: Gebeurtenis | None) -> Fase | None:
    """The phase an event is about (a referral, a re-referral and a check-in answer name none)."""
    if gebeurtenis is None or isinstance(gebeurtenis, _ZONDER_FASE):
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
