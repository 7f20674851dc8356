"""The plan, versioned: PIP (Wet inburgering), ondersteuningsplan (Harderwijk, seed 001),
persoonlijk actieplan; "kan ook bijgesteld worden" (seed 004, Tilburg) and every version is kept.

Codes and bounded numbers only: a plan holds goals, agreed support and barriers with a status,
never a narrative. Seed 001's diagnosegesprek asks about "kinderen, ouders, gezondheid" — those
answers stay with the regiehouder; the chain keeps the barrier's kind and status (kinderopvang:
in_behandeling), not its story. The plan stays in the database: never in a log line, a reason, an
event or a message. Who fixed each version and why (`besluit`) is required. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.fase import Fase
from schemas.gebeurtenisbasis import GebeurtenisBasis, Pseudoniem
from schemas.verantwoording import Verantwoording

PARTNER_PATROON = r"^[a-z0-9][a-z0-9-]{1,63}$"


class PlanSoort(StrEnum):
    PIP = "pip"  # persoonlijk plan inburgering en participatie (Wet inburgering 2021, seed 004)
    ONDERSTEUNINGSPLAN = "ondersteuningsplan"  # seed 001
    ACTIEPLAN = "persoonlijk_actieplan"


class DoelSoort(StrEnum):
    TAAL = "taal"
    INBURGERINGSEXAMEN = "inburgeringsexamen"
    WERK = "werk"
    OPLEIDING = "opleiding"
    PARTICIPATIE = "participatie"  # vrijwilligerswerk, maatschappelijke deelname
    ZELFREDZAAMHEID = "zelfredzaamheid"


class Taalniveau(StrEnum):
    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"


class OndersteuningSoort(StrEnum):
    TAALLES = "taalles"
    JOBCOACHING = "jobcoaching"
    WERKERVARINGSPLAATS = "werkervaringsplaats"
    OPLEIDING = "opleiding"
    MAATJE = "maatje"
    TOLK = "tolk"
    KINDEROPVANG_REGELING = "kinderopvang_regeling"
    VERVOER_REGELING = (
        "vervoer_regeling"  # "de gemeente kan misschien wel een fiets regelen" (seed 004)
    )
    SCHULDHULP = "schuldhulp"


class BelemmeringSoort(StrEnum):
    KINDEROPVANG = "kinderopvang"  # seed 001: "moeten we ook kijken naar kinderopvang"
    VERVOER = "vervoer"  # seed 004: "een statushouder heeft geen vervoer"
    SCHULDEN = "schulden"
    HUISVESTING = "huisvesting"
    ROOSTER = "rooster"  # seed 004 Arnhem: lessons at times they should be working
    DIGITALE_VAARDIGHEDEN = "digitale_vaardigheden"


class BelemmeringStatus(StrEnum):
    OPEN = "open"
    IN_BEHANDELING = "in_behandeling"
    OPGELOST = "opgelost"


class _Streng(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Doel(_Streng):
    soort: DoelSoort
    niveau: Taalniveau | None = Field(default=None, description="For a language goal: the level.")
    horizon_maanden: int = Field(ge=1, le=60, description="Reached within this many months.")


class Ondersteuning(_Streng):
    soort: OndersteuningSoort
    partner: str | None = Field(
        default=None, pattern=PARTNER_PATROON, description="The partner that provides it."
    )
    uren_per_week: float | None = Field(default=None, ge=0, le=40)


class Belemmering(_Streng):
    soort: BelemmeringSoort
    status: BelemmeringStatus


class PlanVastgesteld(GebeurtenisBasis):
    """A version of the participant's plan; the chain numbers it. `besluit` is required."""

    type: Literal["plan.vastgesteld"]
    deelnemer: Pseudoniem
    soort: PlanSoort
    vastgesteld_op: date
    doelen: list[Doel] = Field(min_length=1, max_length=10)
    ondersteuning: list[Ondersteuning] = Field(default=[], max_length=20)
    belemmeringen: list[Belemmering] = Field(default=[], max_length=len(BelemmeringSoort))
    besluit: Verantwoording = Field(
        description="Who fixed or revised the plan, in which role, and why: required."
    )

    @model_validator(mode="after")
    def _elke_belemmering_eenmaal(self) -> Self:
        soorten = [b.soort for b in self.belemmeringen]
        if len(set(soorten)) != len(soorten):
            raise ValueError("belemmeringen: each kind at most once, with its current status")
        return self

    def inhoud(self) -> dict[str, Any]:
        """What the plan table keeps of this version (codes and numbers only)."""
        return self.model_dump(mode="json", include={"doelen", "ondersteuning", "belemmeringen"})


class Rand(_Streng):
    van: Fase
    naar: Fase


class PlanInrichting(_Streng):
    """Which plan a programme keeps, and which handoffs need a current one."""

    soort: PlanSoort
    vereist_bij: list[Rand] = Field(
        default=[], description="Handoffs (van → naar) refused while the participant has no plan."
    )


@dataclass(frozen=True)
class LegPlanVast:
    """Follow-up: keep this version of the plan beside the earlier ones."""

    versie: int
    soort: PlanSoort
    vastgesteld_op: date
    inhoud: dict[str, Any]
    partner: str
    verantwoording: Verantwoording
