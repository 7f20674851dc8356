"""Programmes as data: which moves are allowed from where, time limits, partners, nazorg cadence.

A programme file (config/programmas/*.yaml) is validated into `Programma`; `beoordeel` is the one
place that decides whether a move is allowed. Everything else asks it (DESIGN.md: "the transition
table lives in one place and every move is checked against it").
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.banen import Baan, controleer_banen
from schemas.beeld import BeeldOverdracht, controleer_beeld
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.ijkpunt_volgorde import Voorwaarde, controleer_voorwaarden
from schemas.ijkpunten import IjkpuntInrichting, controleer_ijkpunten
from schemas.nazorg_na_uitgang import NazorgNaUitgang, controleer_nazorg_na_uitgang
from schemas.plan import PlanInrichting
from schemas.schending import SchendingRegels
from schemas.sporen import Spoor, controleer_sporen
from schemas.toestemming import Grondslagen
from schemas.trackwissel import WisselInrichting
from schemas.uitgangen import Uitgang, controleer_uitgangen
from schemas.verwijzing import Verwijzingsregels

_ACTIEF_OF_GEPAUZEERD = (TrajectStatus.ACTIEF, TrajectStatus.GEPAUZEERD)


class _Streng(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MonitorInrichting(_Streng):
    """The equal-chances monitor's settings; origin is off unless a lawful basis is named."""

    herkomst_grondslag: str | None = Field(
        default=None,
        min_length=1,
        description="The lawful basis for keeping origin (AVG art. 9/10 exemption); None: not kept.",
    )


class FaseInrichting(_Streng):
    """How a programme runs one phase: by which partners, for how long."""

    fase: Fase
    partners: list[str] = Field(
        min_length=1, description="First is the default; the others are tracks one may switch to."
    )
    max_weken: int | None = Field(default=None, gt=0, description="Maximum time in this phase.")
    min_weken: int | None = Field(default=None, ge=0)
    max_weken_per_partner: dict[str, int] = Field(
        default={},
        description="A partner's own limit instead of max_weken: a part-time route (deeltijd) runs longer.",
    )
    omschrijving: str = ""

    @model_validator(mode="after")
    def _eigen_limieten(self) -> Self:
        for partner, weken in self.max_weken_per_partner.items():
            if partner not in self.partners:
                raise ValueError(f"max_weken_per_partner: {partner} runs no {self.fase.value} here")
            if weken <= 0:
                raise ValueError(f"max_weken_per_partner: {partner} needs a positive limit")
        return self

    def max_weken_voor(self, partner: str) -> int | None:
        """The limit the watch applies to this partner: its own, else the phase's."""
        return self.max_weken_per_partner.get(partner, self.max_weken)


class Sprong(_Streng):
    """An allowed jump between two phases other than the next one."""

    van: Fase
    naar: Fase


class NazorgCadans(_Streng):
    """Check-ins after placement, in months (e.g. 1, 3, 6, 12, 24)."""

    maanden: list[int] = Field(min_length=1)
    respijt_dagen: int = Field(
        default=14,
        gt=0,
        description="A check-in unanswered this long after it was asked is missed and escalated to the regiehouder.",
    )

    @model_validator(mode="after")
    def _oplopend(self) -> Self:
        if any(m <= 0 for m in self.maanden) or self.maanden != sorted(set(self.maanden)):
            raise ValueError("nazorg months must be positive and strictly increasing")
        return self


class Termijn(_Streng):
    """A legal or age deadline per participant (DOMAIN §1.5, §4): the PIP within 10 weeks of
    registration, inburgering within 3 years, intake and PIP before the 18th birthday.

    The deadline is met once the participant reaches `klaar_bij` (or any later phase); without
    `klaar_bij` it runs until the trajectory ends. A birthday and a statutory term do not move
    while someone is ill, so unlike phase clocks these do not pause.
    """

    soort: Literal["pip", "inburgering", "achttien"]
    vanaf: Literal["aanmelding", "geboortedatum"]
    weken: int | None = Field(default=None, gt=0)
    jaren: int | None = Field(default=None, gt=0)
    waarschuw_weken: int = Field(
        gt=0, description="At risk from this many weeks before the deadline."
    )
    klaar_bij: Fase | None = None
    doelgroepen: list[str] = Field(
        default=[],
        description="Only these target groups (from the intake dossier); empty: everyone.",
    )

    @model_validator(mode="after")
    def _een_duur(self) -> Self:
        if (self.weken is None) == (self.jaren is None):
            raise ValueError("a deadline has either weken or jaren")
        return self


class Bewaking(_Streng):
    """What the daily watch flags beyond each phase's `max_weken`."""

    wachten_max_dagen: int | None = Field(
        default=None,
        gt=0,
        description="Longest wait between a handoff and the receiving partner reporting the start (fase.gestart).",
    )
    waarschuw_pct: int = Field(
        default=80,
        gt=0,
        lt=100,
        description="A phase or wait is at risk once this share of its limit is used.",
    )
    termijnen: list[Termijn] = []


class Simulatiekansen(_Streng):
    """Realistic rates per phase, used only by the partner simulator."""

    overslaan: float = Field(default=0.0, ge=0, le=1)
    wisselen: float = Field(default=0.0, ge=0, le=1)
    pauzeren: float = Field(default=0.0, ge=0, le=1)
    uitvallen: float = Field(default=0.0, ge=0, le=1)
    terugplaatsen: float = Field(default=0.0, ge=0, le=1)
    herinstromen: float = Field(
        default=0.0, ge=0, le=1, description="Chance the gemeente re-refers a dropout."
    )
    afwijkend_dossier: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance a partner sends a dossier that fails its contract.",
    )
    checkin_onbeantwoord: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance the nazorg partner leaves a check-in unanswered.",
    )
    terug_in_uitkering: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance a check-in finds the participant back on benefit.",
    )
    niet_verschenen: float = Field(
        default=0.0, ge=0, le=1, description="Chance a partner reports a no-show in its phase."
    )
    incident: float = Field(
        default=0.0, ge=0, le=1, description="Chance an employer reports an incident in placement."
    )
    # The case model's moves (issue 11): 0 leaves a programme's simulated chain as it was.
    baan_verzoek: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance the regiehouder starts a lane the programme starts on request (start: verzoek).",
    )
    ijkpunt_te_laat: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance a checkpoint's owner decides only once the watch flags it overdue "
        "(needs a clock that moves, as the demo's second act does).",
    )
    uitgang: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance a participant leaves by an exit without placement (uitgangen) from a phase it lists.",
    )
    bestemming_onbevestigd: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance an exit needing a confirmed destination is first reported unconfirmed "
        "(refused, then sent again confirmed).",
    )
    afwijzen: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance the first partner of a phase with several declines the referral "
        "(the regiehouder then picks another).",
    )
    regimewissel: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance the regiehouder hands the case to another regiehouder of the programme.",
    )
    toestemming: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Chance the gemeente records the participant's consent for a recipient that "
        "needs it (grondslagen.toestemming); without it that recipient's messages are held.",
    )


class Besluit(_Streng):
    """The answer to 'may this move happen now?': allowed or refused with a reason."""

    toegestaan: bool
    reden: str
    fase: Fase | None = None
    status: TrajectStatus | None = None
    partner: str | None = None
    later_mogelijk: bool = Field(
        default=False,
        description="Refused only for the trajectory's current status (actief or gepauzeerd), which an event that happened earlier but arrives later may change.",
    )


class Toestand(_Streng):
    """Where a participant is now; `fase is None` means not yet in the programme."""

    fase: Fase | None = None
    status: TrajectStatus | None = None
    partner: str | None = None


class Programma(_Streng):
    """A chain programme: the Utrecht bank-tot-baan chain, the Harderwijk klantreis, ..."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    naam: str
    bron: str = Field(description="Where the rules come from (seed and section).")
    fasen: list[FaseInrichting] = Field(min_length=2)
    overslaan: list[Sprong] = []
    terugplaatsen: list[Sprong] = []
    wisselen_in: list[Fase] = Field(
        default=[], description="Phases where a track switch is allowed."
    )
    herinstroom_naar: list[Fase] = Field(min_length=1)
    taaltoets_max_maanden: int = Field(
        gt=0, description="A language test older than this is stale."
    )
    nazorg: NazorgCadans
    bewaking: Bewaking = Bewaking()
    uitgangen: list[Uitgang] = Field(default=[], description="Exits before the last phase too.")
    nazorg_na_uitgang: list[NazorgNaUitgang] = Field(default=[], description="Exits with nazorg.")
    sporen: list[Spoor] = Field(default=[], description="Tracks with their own clock and success.")
    ijkpunten: list[IjkpuntInrichting] = Field(
        default=[], description="Checkpoints: owner, due date from an anchor, decisions that route."
    )
    voorwaarden: list[Voorwaarde] = Field(
        default=[], description="Checkpoints (or the plan) that wait for others' reports."
    )
    plan: PlanInrichting | None = Field(
        default=None, description="The plan kept per participant, and the handoffs that need one."
    )
    banen: list[Baan] = Field(default=[], description="Lanes beside the main lane (schemas.banen).")
    wissel: WisselInrichting = WisselInrichting()  # a track switch's report and wait (seed 003)
    simulatie: Simulatiekansen = Simulatiekansen()
    schendingen: SchendingRegels = SchendingRegels()
    verwijzing: Verwijzingsregels = Verwijzingsregels()
    beeld_van_iemand: BeeldOverdracht | None = None  # exits handing it on (schemas.beeld)
    grondslagen: Grondslagen = Field(
        default=Grondslagen(), description="The legal basis per recipient (schemas.toestemming)."
    )
    monitor: MonitorInrichting = (
        MonitorInrichting()
    )  # the equal-chances monitor (schemas.kenmerken)

    @model_validator(mode="after")
    def _samenhangend(self) -> Self:
        volgorde = [f.fase for f in self.fasen]
        if volgorde != sorted(volgorde, key=lambda f: f.volgnummer) or len(set(volgorde)) != len(
            volgorde
        ):
            raise ValueError("phases must be unique and in chain order")
        for sprong in self.overslaan:
            self._controleer_sprong(sprong, vooruit=True)
        for sprong in self.terugplaatsen:
            self._controleer_sprong(sprong, vooruit=False)
        klaar_bij = {t.klaar_bij for t in self.bewaking.termijnen if t.klaar_bij is not None}
        onbekend = (set(self.wisselen_in) | set(self.herinstroom_naar) | klaar_bij) - set(volgorde)
        if onbekend:
            raise ValueError(f"phases not in this programme: {sorted(onbekend)}")
        controleer_uitgangen(self.uitgangen, volgorde)
        nazorg = next((f.partners for f in self.fasen if f.fase == Fase.NAZORG), None)
        controleer_nazorg_na_uitgang(self.nazorg_na_uitgang, self.uitgangen, nazorg)
        controleer_sporen(self.sporen, {p for f in self.fasen for p in f.partners})
        controleer_ijkpunten(self.ijkpunten, {f.fase: f.partners for f in self.fasen})
        controleer_voorwaarden(self.voorwaarden, self.ijkpunten, self.plan is not None)
        self._controleer_plan()
        controleer_banen(self)
        controleer_beeld(self.beeld_van_iemand, volgorde, self.uitgangen)
        return self

    def _controleer_plan(self) -> None:
        pip_met_fase = any(t.soort == "pip" and t.klaar_bij for t in self.bewaking.termijnen)
        if self.plan is not None and pip_met_fase:
            raise ValueError(
                "bewaking.termijnen: the pip deadline is met by the plan itself "
                "(plan.vastgesteld), not by reaching a phase: drop klaar_bij"
            )
        randen = self.plan.vereist_bij if self.plan else []
        buiten = [
            f"{r.van.value}→{r.naar.value}"
            for r in randen
            if {r.van, r.naar} - set(self.fase_volgorde)
        ]
        if buiten:
            raise ValueError(f"plan.vereist_bij: phases not in this programme: {buiten}")

    def _controleer_sprong(self, sprong: Sprong, *, vooruit: bool) -> None:
        volgorde = self.fase_volgorde
        if sprong.van not in volgorde or sprong.naar not in volgorde:
            raise ValueError(f"jump {sprong.van}→{sprong.naar} uses a phase not in this programme")
        afstand = volgorde.index(sprong.naar) - volgorde.index(sprong.van)
        if (vooruit and afstand < 2) or (not vooruit and afstand > -1):
            soort = "skip must pass over at least one phase" if vooruit else "return must go back"
            raise ValueError(f"jump {sprong.van}→{sprong.naar}: {soort}")

    @property
    def fase_volgorde(self) -> list[Fase]:
        return [f.fase for f in self.fasen]

    def baan(self, naam: str) -> Baan:
        return next(b for b in self.banen if b.naam == naam)

    def inrichting(self, fase: Fase) -> FaseInrichting:
        return next(f for f in self.fasen if f.fase == fase)

    def volgende(self, fase: Fase) -> Fase | None:
        volgorde = self.fase_volgorde
        positie = volgorde.index(fase) + 1
        return volgorde[positie] if positie < len(volgorde) else None

    def beoordeel(
        self,
        toestand: Toestand,
        beweging: Beweging,
        naar: Fase | None = None,
        partner: str | None = None,
    ) -> Besluit:
        """Decide a move: allowed (with the new phase, status and partner) or refused with a reason."""
        from schemas._overgangen import beoordeel_beweging

        return beoordeel_beweging(self, toestand, beweging, naar, partner)


# A lane's phases are FaseInrichting (schemas.banen names it only for type checking).
Baan.model_rebuild(_types_namespace={"FaseInrichting": FaseInrichting})
Programma.model_rebuild()
