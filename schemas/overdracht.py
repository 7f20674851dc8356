"""One handoff as values: the checked candidate, the participant's state, and the decision.

Frozen, typed and free of I/O, so that deciding a handoff (`schemas.beslissen`) is a pure
function: the flows read these values from the database, persistence writes the decision back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from schemas.banen import BaanStand
from schemas.berichten import PartnerBericht
from schemas.contracten import Contract
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import (
    OpgeslagenGebeurtenis,
    soort_van,
)
from schemas.ijkpunten import BesluitIjkpunt, IjkpuntStand, PlanIjkpunt
from schemas.observatie import DeelObservaties, LegGrondslagVast, LegObservatieVast, ObservatieStand
from schemas.opvolging import CheckinStatus, Signaal, SignaalSoort
from schemas.plan import LegPlanVast
from schemas.regels import Bevinding
from schemas.schending import LegIncidentVast, LegMaatregelVast, LegSchendingVast, SchendingStand
from schemas.toestemming_gebeurtenissen import LegToestemmingVast, TrekToestemmingIn
from schemas.tussenuitkomst import RegistreerUitkomst
from schemas.uitkomst import Uitkomst
from schemas.verantwoording import Verantwoording
from schemas.verwijzing import (
    BeantwoordVerwijzing,
    LegVerwijzerVast,
    OpenVerwijzing,
    StartVerwijzing,
    VerwijzingStand,
    WisselRegiehouder,
)


class Afhandeling(StrEnum):
    """What became of a handoff (and of its inbox row)."""

    GEACCEPTEERD = "geaccepteerd"
    QUARANTAINE = "quarantaine"  # failed its contract: kept with each rule until corrected
    GEWEIGERD = "geweigerd"  # not allowed: the reason goes back to the sender
    WACHT = "wacht"  # may follow an earlier event still on its way: stays in the inbox a while
    VERVANGEN = "vervangen"  # a quarantined handoff settled by a later accepted one


@dataclass(frozen=True)
class Kandidaat:
    """One inbox event after reading and the gate; pseudonyms only, personal data stays encrypted."""

    inbox_id: int
    partner: str
    webhook_id: str
    pseudoniem: str | None
    ontvangen_op: datetime
    gebeurtenis: OpgeslagenGebeurtenis | None = None
    programma: str | None = None
    contract: type[Contract] | None = None
    dossier: Contract | None = None
    bevindingen: tuple[Bevinding, ...] = ()
    weigering: str | None = None
    persoon_versleuteld: str | None = None
    bsn_hash: str | None = None
    toelichting: str = (
        ""  # e.g. " (replay of quarantined handoff 7)": appended to the ledger's reason
    )

    @property
    def type(self) -> str:
        return self.gebeurtenis.type if self.gebeurtenis is not None else "onleesbaar"

    @property
    def soort(self) -> str:
        """The move the event asks for, or for a report its type."""
        return soort_van(self.gebeurtenis)

    @property
    def contract_id(self) -> str | None:
        return self.contract.contract_id() if self.contract else None

    @property
    def gefaalde_regels(self) -> tuple[str, ...]:
        return tuple(sorted({b.regel for b in self.bevindingen}))


@dataclass(frozen=True)
class TrajectStand:
    """The participant's current episode as far as a decision needs it."""

    fase: Fase
    status: TrajectStatus
    partner: str
    afgerond: frozenset[tuple[str, str]] = frozenset()  # (partner, phase) this episode has left
    start_gemeld: bool = False  # the partner reported the start of the current phase already
    fase_sinds: datetime | None = None  # entered the current phase (None: in this batch)
    begonnen_op: datetime | None = None  # the episode began (None: in this batch)
    banen: tuple[BaanStand, ...] = ()  # the extra lanes of this episode, latest run of each

    def baan(self, naam: str) -> BaanStand | None:
        return next((b for b in self.banen if b.naam == naam), None)


@dataclass(frozen=True)
class CheckinStand:
    """A nazorg check-in that was asked (or missed) and may be answered."""

    id: int
    traject_id: int
    maand: int
    partner: str
    status: CheckinStatus


@dataclass(frozen=True)
class DeelnemerStand:
    """Everything a decision about one participant reads; `deelnemer_id` is None until written."""

    pseudoniem: str
    programma: str
    regiehouder: str
    deelnemer_id: int | None = None
    traject: TrajectStand | None = None
    met_quarantaine: bool = False
    open_checkins: tuple[CheckinStand, ...] = ()  # newest first
    schendingen: tuple[SchendingStand, ...] = ()  # of the current trajectory, oldest first
    ijkpunten: tuple[IjkpuntStand, ...] = ()  # checkpoints of the current trajectory, oldest first
    plan_versie: int = 0  # the participant's latest plan version; 0: none (read only where needed)
    verwijzing: VerwijzingStand | None = None  # the current episode's latest referral
    rapport: Mapping[str, Any] | None = None  # assessment report a switch carries (trackwissel)
    grondslag: str | None = None  # the basis to share observations (read only where needed)
    observaties: tuple[ObservatieStand, ...] = ()  # held observations (schemas.observatie)


@dataclass(frozen=True)
class Grootboekregel:
    """One ledger entry: from where to where, why, decided by whom."""

    beweging: Beweging
    van: TrajectStand | None
    naar: TrajectStand
    reden: str
    besloten_door: str
    nieuw_traject: bool
    verantwoording: Verantwoording | None = None  # who decided, in which role, and why
    baan: str | None = None  # the lane this entry moves (schemas.banen); None: the main lane
    banen: tuple[Grootboekregel, ...] = ()  # lane entries that follow from this main-lane move


# Follow-up effects of a decision; persistence turns each into rows.
@dataclass(frozen=True)
class PlanCheckins:
    partner: str
    startdatum: date
    maanden: tuple[int, ...]


@dataclass(frozen=True)
class LaatCheckinsVervallen:
    pass


@dataclass(frozen=True)
class LosSignalenOp:
    soorten: tuple[SignaalSoort, ...]
    onderwerp: str | None = None
    partner: str | None = None  # only this partner's flags (a start report settles its own wait)


@dataclass(frozen=True)
class RegistreerStart:
    gestart_op: date


@dataclass(frozen=True)
class LegAntwoordVast:
    checkin_id: int
    antwoord: dict[str, Any]


@dataclass(frozen=True)
class LegUitkomstVast:
    uitkomst: Uitkomst
    traject_id: int | None = None  # None: the current episode


@dataclass(frozen=True)
class GeefSignalen:
    """Raise these flags; those new and meant for the regiehouder are also sent to them."""

    signalen: tuple[Signaal, ...]
    regiehouder: str


@dataclass(frozen=True)
class RegistreerBaanStart:
    """A lane's partner reported the start of the lane's current phase."""

    baan: str
    gestart_op: date


@dataclass(frozen=True)
class VervangQuarantaine:
    van_fase: Fase
    door: str


Gevolg = (
    PlanCheckins
    | LaatCheckinsVervallen
    | LosSignalenOp
    | RegistreerStart
    | LegAntwoordVast
    | LegUitkomstVast
    | GeefSignalen
    | VervangQuarantaine
    | LegSchendingVast
    | LegMaatregelVast
    | LegIncidentVast
    | RegistreerUitkomst
    | PlanIjkpunt
    | BesluitIjkpunt
    | LegPlanVast
    | RegistreerBaanStart
    | OpenVerwijzing
    | BeantwoordVerwijzing
    | StartVerwijzing
    | WisselRegiehouder
    | LegVerwijzerVast
    | LegObservatieVast
    | LegGrondslagVast
    | DeelObservaties
    | LegToestemmingVast
    | TrekToestemmingIn
)


@dataclass(frozen=True)
class Bericht:
    """A message one partner must receive (the outbox)."""

    ontvanger: str
    bericht: PartnerBericht


@dataclass(frozen=True)
class Beslissing:
    """The decision about one handoff: its status and reason, and everything that follows from it."""

    afhandeling: Afhandeling
    reden: str
    van_fase: Fase | None = None
    naar_fase: Fase | None = None
    vastleggen: bool = (
        True  # a handoff record; an accepted report (fase.gestart, nazorg.checkin) keeps none
    )
    nieuwe_deelnemer: bool = False  # an accepted referral registers the participant
    grootboek: Grootboekregel | None = None
    berichten: tuple[Bericht, ...] = ()
    gevolgen: tuple[Gevolg, ...] = ()
    opnieuw_na: timedelta | None = None  # WACHT: try again after this long


@dataclass(frozen=True)
class Uitslag:
    """What became of one handoff; pseudonyms only, fit for logs, events and artifacts."""

    pseudoniem: str | None
    partner: str
    type: str
    beweging: str
    van_fase: str | None
    naar_fase: str | None
    status: Afhandeling
    reden: str
    contract: str | None = None
    gefaalde_regels: tuple[str, ...] = ()


def uitslag(k: Kandidaat, b: Beslissing) -> Uitslag:
    return Uitslag(
        k.pseudoniem,
        k.partner,
        k.type,
        k.soort,
        b.van_fase.value if b.van_fase else None,
        b.naar_fase.value if b.naar_fase else None,
        b.afhandeling,
        b.reden,
        k.contract_id,
        k.gefaalde_regels,
    )
