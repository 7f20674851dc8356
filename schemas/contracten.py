"""Handoff contracts: one versioned pydantic model per edge of the chain, with its rules.

The model fixes the shape (checked at the door and again before processing); `REGELS` are the
rules the great-expectations gate checks over a whole batch (schemas.regels). `kenmerken` flattens
a dossier into the row those rules read. Contents follow DOMAIN.md §2.2.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.beeld import BeeldVanIemand
from schemas.fase import Fase
from schemas.programma import Programma
from schemas.regels import (
    DATUMS_NIET_IN_TOEKOMST,
    GEEN_DUBBELE_DEELNEMER,
    Regel,
    in_set,
    niet_groter_dan,
    tussen,
)
from schemas.uitkomst import Uitkomst


class Taalniveau(StrEnum):
    """CEFR level; A0 means no usable level yet (illiterate or not yet tested)."""

    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"


# Highest MBO level a language level can carry (0 = Entree). An inference from DOMAIN §1.4
# ("MBO 3 of 4 is vaak te hoog gegrepen") and the usual 2F/3F language demands of MBO levels.
MAX_MBO_NIVEAU_BIJ_TAAL = {"A0": 0, "A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 4, "C2": 4}


class Doelgroep(StrEnum):
    STATUSHOUDER = "statushouder"
    BIJSTAND = "bijstand"
    VSO_PRO = "vso_pro"
    GEZINSMIGRANT = "gezinsmigrant"


class Sector(StrEnum):
    HORECA = "horeca"
    TECHNIEK = "techniek"
    ZORG = "zorg"
    GROEN = "groen"
    LOGISTIEK = "logistiek"
    FACILITAIR = "facilitair"
    PRODUCTIE = "productie"


class PlanSoort(StrEnum):
    """The plan the assessment ends in (DOMAIN §7: one thing, many local names)."""

    PIP = "pip"
    ONDERSTEUNINGSPLAN = "ondersteuningsplan"
    PLAN_VAN_AANPAK = "plan_van_aanpak"
    MAATWERKPLAN = "maatwerkplan"


class Bewijs(StrEnum):
    DIPLOMA = "diploma"
    CERTIFICAAT = "certificaat"
    PRAKTIJKVERKLARING = "praktijkverklaring"


class Contractsoort(StrEnum):
    REGULIER = "regulier"
    LOONKOSTENSUBSIDIE = "loonkostensubsidie"
    BESCHUT = "beschut"


def _dagen_na(datum: date, vorige: Mapping[str, Any] | None, veld: str) -> int:
    """Days from the previous dossier's `veld` to `datum`; 0 when there is nothing to compare."""
    eerder = (vorige or {}).get(veld)
    return (datum - date.fromisoformat(eerder)).days if isinstance(eerder, str) else 0


class _Blok(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class TaalniveauPerVaardigheid(_Blok):
    """Language level per skill where known (DOMAIN §2.2: reading, writing, speaking, listening)."""

    lezen: Taalniveau | None = None
    schrijven: Taalniveau | None = None
    spreken: Taalniveau | None = None
    luisteren: Taalniveau | None = None

    @model_validator(mode="after")
    def _minstens_een(self) -> Self:
        if not self.bekend:
            raise ValueError("at least one skill's level must be known")
        return self

    @property
    def bekend(self) -> list[Taalniveau]:
        return [
            n for n in (self.lezen, self.schrijven, self.spreken, self.luisteren) if n is not None
        ]

    @property
    def laagste(self) -> Taalniveau:
        return min(self.bekend, key=list(Taalniveau).index)


class Competentierapport(_Blok):
    """What the assessment found: strengths, interests, difficulties, advised sector."""

    sterktes: list[str] = Field(min_length=1)
    interesses: list[str] = Field(min_length=1)
    aandachtspunten: list[str] = []
    geadviseerde_sector: Sector


class Contract(_Blok):
    """Base of every handoff dossier: name, version and rules of the edge it belongs to."""

    NAAM: ClassVar[str]
    VERSIE: ClassVar[int] = 1
    REGELS: ClassVar[tuple[Regel, ...]] = ()
    # The last day this version is accepted (a newer version beside it takes over); None: no end.
    GELDIG_TOT: ClassVar[date | None] = None

    @classmethod
    def contract_id(cls) -> str:
        return f"{cls.NAAM} v{cls.VERSIE}"

    @classmethod
    def alle_regels(cls) -> tuple[Regel, ...]:
        return (GEEN_DUBBELE_DEELNEMER, DATUMS_NIET_IN_TOEKOMST, *cls.REGELS)

    def datums(self) -> list[date]:
        """The dossier's dates; none may lie in the future."""
        return [v for v in self.__dict__.values() if isinstance(v, date)]

    def kenmerken(
        self, *, vandaag: date, programma: Programma, vorige: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The flat row the gate's rules read; subclasses add their own columns.

        `vorige` is the dossier of the participant's previous accepted handoff (JSON form), for
        rules that span handoffs; without it those columns take values that pass.
        """
        verste = max((d - vandaag).days for d in self.datums()) if self.datums() else 0
        return {"dagen_tot_laatste_datum": verste}

    def voor_ontvanger(self) -> dict[str, Any]:
        """What the receiving partner gets: the dossier in its JSON form, nothing more."""
        return self.model_dump(mode="json")


class _MetLeerdoelen(Contract):
    leerdoelen: list[str] = Field(min_length=1, max_length=12)


class InstroomNaarAssessment(Contract):
    """The referral dossier the assessment partner needs to start."""

    NAAM = "instroom→assessment"
    REGELS = (
        in_set(
            "toestemming_voor_ontvanger",
            "toestemming_delen",
            "consent to share with the receiving partner is recorded",
            (True,),
        ),
        niet_groter_dan(
            "taaltoets_vers",
            "taaltoets_dagen_oud",
            "taaltoets_max_dagen",
            "the language test is not older than the programme's freshness limit",
        ),
    )

    programma: str
    gemeente: str
    doelgroep: Doelgroep
    taalniveau: TaalniveauPerVaardigheid
    taaltoets_datum: date
    toestemming_delen: bool
    regiehouder: str = Field(
        description="Role code of the regiehouder (e.g. 'klantmanager-0042'), never a name."
    )

    def kenmerken(
        self, *, vandaag: date, programma: Programma, vorige: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        return super().kenmerken(vandaag=vandaag, programma=programma, vorige=vorige) | {
            "toestemming_delen": self.toestemming_delen,
            "taaltoets_dagen_oud": (vandaag - self.taaltoets_datum).days,
            "taaltoets_max_dagen": programma.taaltoets_max_maanden * 31,
        }


class AssessmentNaarOntwikkeling(_MetLeerdoelen):
    """Competence report, learning goals and the plan (PIP / ondersteuningsplan)."""

    NAAM = "assessment→ontwikkeling"
    REGELS = (
        tussen(
            "plan_na_taaltoets",
            "dagen_plan_na_taaltoets",
            "the plan is dated on or after the language test it builds on",
            minimum=0,
        ),
    )

    competentierapport: Competentierapport
    plan_soort: PlanSoort = PlanSoort.ONDERSTEUNINGSPLAN
    plan_referentie: str
    plan_datum: date

    def kenmerken(
        self, *, vandaag: date, programma: Programma, vorige: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        return super().kenmerken(vandaag=vandaag, programma=programma, vorige=vorige) | {
            "dagen_plan_na_taaltoets": _dagen_na(self.plan_datum, vorige, "taaltoets_datum"),
        }


class _NaarOpleiding(_MetLeerdoelen):
    REGELS: ClassVar[tuple[Regel, ...]] = (
        niet_groter_dan(
            "opleidingsniveau_past_bij_taal",
            "beoogd_mbo_niveau",
            "max_mbo_niveau_taal",
            "the training level is one the language level can carry",
        ),
    )

    gekozen_sector: Sector
    taalniveau: TaalniveauPerVaardigheid
    beoogd_mbo_niveau: int = Field(ge=0, le=4, description="0 = Entree, 1-4 = MBO level.")

    def kenmerken(
        self, *, vandaag: date, programma: Programma, vorige: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        return super().kenmerken(vandaag=vandaag, programma=programma, vorige=vorige) | {
            "beoogd_mbo_niveau": self.beoogd_mbo_niveau,
            "max_mbo_niveau_taal": MAX_MBO_NIVEAU_BIJ_TAAL[self.taalniveau.laagste.value],
        }


class OntwikkelingNaarVakopleiding(_NaarOpleiding):
    """Action plan, attendance / work rhythm, chosen sector and language level per skill."""

    NAAM = "ontwikkeling→vakopleiding"
    REGELS = (
        *_NaarOpleiding.REGELS,
        tussen(
            "werkritme_opgebouwd",
            "aanwezigheid_pct",
            "attendance shows a work rhythm (at least 50%)",
            minimum=50,
            maximum=100,
        ),
    )

    actieplan_referentie: str
    aanwezigheid_pct: float = Field(ge=0, le=100)
    werkritme_dagdelen: int = Field(ge=1, le=10)

    def kenmerken(
        self, *, vandaag: date, programma: Programma, vorige: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        return super().kenmerken(vandaag=vandaag, programma=programma, vorige=vorige) | {
            "aanwezigheid_pct": self.aanwezigheid_pct
        }


class AssessmentNaarVakopleiding(_NaarOpleiding):
    """Skip of ontwikkeling: the assessment shows the participant is ready for a trade."""

    NAAM = "assessment→vakopleiding"

    competentierapport: Competentierapport


class _NaarPlaatsing(_MetLeerdoelen):
    REGELS = (in_set("werkfit", "werkfit", "the participant is declared ready for work", (True,)),)

    werkfit: bool

    def kenmerken(
        self, *, vandaag: date, programma: Programma, vorige: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        return super().kenmerken(vandaag=vandaag, programma=programma, vorige=vorige) | {
            "werkfit": self.werkfit
        }


class VakopleidingNaarPlaatsing(_NaarPlaatsing):
    """Certificate or praktijkverklaring, MBO level and job readiness."""

    NAAM = "vakopleiding→plaatsing"

    bewijs: Bewijs
    mbo_niveau: int | None = Field(default=None, ge=0, le=4)
    afgerond_op: date


class DirectNaarPlaatsing(_NaarPlaatsing):
    """Skip to placement for someone who knows what they want (DOMAIN §1.3 step 8)."""

    NAAM = "direct→plaatsing"

    gewenste_sector: Sector


class PlaatsingNaarNazorg(Contract):
    """The placement: employer, contract type, start date and hours per week."""

    NAAM = "plaatsing→nazorg"
    REGELS = (
        tussen(
            "uren_binnen_1_40",
            "uren_per_week",
            "hours per week lie within 1–40",
            minimum=1,
            maximum=40,
        ),
        tussen(
            "start_na_opleiding",
            "dagen_start_na_opleiding",
            "the placement starts on or after the day the training ended",
            minimum=0,
        ),
    )

    werkgever: str
    contractsoort: Contractsoort
    startdatum: date
    uren_per_week: float = Field(ge=0)

    def kenmerken(
        self, *, vandaag: date, programma: Programma, vorige: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        return super().kenmerken(vandaag=vandaag, programma=programma, vorige=vorige) | {
            "uren_per_week": self.uren_per_week,
            "dagen_start_na_opleiding": _dagen_na(self.startdatum, vorige, "afgerond_op"),
        }


class Trackwissel(_MetLeerdoelen):
    """Same phase, another partner: the learning goals travel along (DOMAIN §8 scenario 4)."""

    NAAM = "trackwissel"
    REGELS = (
        in_set(
            "leerdoelen_behouden",
            "leerdoelen_behouden",
            "a track switch keeps the learning goals of the dossier it continues",
            (True,),
        ),
    )

    reden: str = Field(min_length=3)
    nieuwe_sector: Sector

    def kenmerken(
        self, *, vandaag: date, programma: Programma, vorige: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        eerder = set((vorige or {}).get("leerdoelen") or [])
        return super().kenmerken(vandaag=vandaag, programma=programma, vorige=vorige) | {
            "leerdoelen_behouden": eerder <= set(self.leerdoelen),
        }


class Terugplaatsing(_MetLeerdoelen):
    """Back to an earlier phase (a placement undone, DOMAIN §8 scenario 15)."""

    NAAM = "terugplaatsing"

    reden: str = Field(min_length=3)


class Afsluiting(Contract):
    """Nazorg ends: the trajectory closes with a dated outcome."""

    NAAM = "nazorg→afgesloten"
    # Transition window (a choice): v1 is accepted beside v2 for seven months after v2 shipped.
    GELDIG_TOT: ClassVar[date | None] = date(2027, 6, 30)

    uitkomst: Uitkomst

    def datums(self) -> list[date]:
        return [self.uitkomst.datum]


class Bestemmingsopgave(_Blok):
    """Where the participant goes: an organisation or registration, never a person."""

    referentie: str = Field(
        min_length=2,
        max_length=80,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._/-]*$",
        description="The destination, e.g. 'DUO-inschrijving ROC Landstede' or 'beschut-werk-tractio'.",
    )
    bevestigd: bool = Field(
        description="The destination confirmed the place (e.g. DUO, the school)."
    )
    bevestigd_op: date | None = None


class AfsluitingV2(Afsluiting):
    """The exit dossier v2: the outcome (its soort is the exit kind), the destination and whether
    it is confirmed; serves every exit the programme lists (schemas.uitgangen), not only nazorg's."""

    VERSIE = 2
    GELDIG_TOT: ClassVar[date | None] = None

    bestemming: Bestemmingsopgave | None = None
    beeld: BeeldVanIemand | None = Field(
        default=None, description="The 'beeld van iemand' for the receiver (schemas.beeld)."
    )

    def datums(self) -> list[date]:
        bevestigd = self.bestemming.bevestigd_op if self.bestemming else None
        return [self.uitkomst.datum, *([bevestigd] if bevestigd else [])]


_VOORUIT: dict[tuple[Fase, Fase], type[Contract]] = {
    (Fase.INSTROOM, Fase.ASSESSMENT): InstroomNaarAssessment,
    (Fase.ASSESSMENT, Fase.ONTWIKKELING): AssessmentNaarOntwikkeling,
    (Fase.ASSESSMENT, Fase.VAKOPLEIDING): AssessmentNaarVakopleiding,
    (Fase.ASSESSMENT, Fase.PLAATSING): DirectNaarPlaatsing,
    (Fase.ONTWIKKELING, Fase.VAKOPLEIDING): OntwikkelingNaarVakopleiding,
    (Fase.ONTWIKKELING, Fase.PLAATSING): DirectNaarPlaatsing,
    (Fase.VAKOPLEIDING, Fase.PLAATSING): VakopleidingNaarPlaatsing,
    (Fase.PLAATSING, Fase.NAZORG): PlaatsingNaarNazorg,
}

ALLE_CONTRACTEN: tuple[type[Contract], ...] = (
    *dict.fromkeys(_VOORUIT.values()),
    Trackwissel,
    Terugplaatsing,
    Afsluiting,
    AfsluitingV2,
)


def versies(naam: str) -> dict[int, type[Contract]]:
    """Every published version of one contract, by version number."""
    return {c.VERSIE: c for c in ALLE_CONTRACTEN if naam == c.NAAM}


def vervallen(contract: type[Contract], op: date) -> str | None:
    """Why `contract` is no longer accepted on `op` (its transition window ended), or None."""
    if contract.GELDIG_TOT is None or op <= contract.GELDIG_TOT:
        return None
    nieuwste = max(versies(contract.NAAM))
    return (
        f"contract {contract.contract_id()} was accepted until {contract.GELDIG_TOT.isoformat()};"
        f" send {contract.NAAM} v{nieuwste}"
    )


class OnbekendeRand(ValueError):
    """The chain has no handoff between these phases, so no contract can accept the dossier."""


def lees_dossier(
    van: Fase, naar: Fase | None, dossier: dict[str, Any], versie: int | None = None
) -> Contract:
    """The dossier as its edge's contract; raises OnbekendeRand or pydantic's ValidationError."""
    contract = contract_voor(van, naar, versie)
    if contract is None:
        bekend = contract_voor(van, naar)
        if bekend is not None:
            raise OnbekendeRand(
                f"contract {bekend.NAAM} has no version {versie}: versions {sorted(versies(bekend.NAAM))}"
            )
        raise OnbekendeRand(
            f"no handoff contract for {van.value} → {naar.value if naar else 'afgesloten'}: the chain has no such edge"
        )
    return contract.model_validate(dossier)


def contract_voor(van: Fase, naar: Fase | None, versie: int | None = None) -> type[Contract] | None:
    """The contract of the edge `van → naar` (`naar=None` closes the trajectory), in `versie`
    (None: the first version, the one a sender that names none has always sent)."""
    basis = _basis_voor(van, naar)
    if basis is None or versie is None:
        return basis
    return versies(basis.NAAM).get(versie)


def _basis_voor(van: Fase, naar: Fase | None) -> type[Contract] | None:
    if naar is None:
        return Afsluiting
    if naar == van:
        return Trackwissel
    if naar.volgnummer < van.volgnummer:
        return Terugplaatsing
    return _VOORUIT.get((van, naar))
