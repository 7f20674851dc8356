"""Breaches, measures and incidents as events, state and follow-up (issue 10 h, i).

A partner running the participant's phase reports a PIP breach or a no-show; only the
regiehouder records a measure: "als een statushouder meerdere malen of verwijtbaar afspraken uit
het PIP niet nakomt, dan kan alleen de gemeente ingrijpen" (seed 004); under the Wet inburgering
2021 the gemeente decides on a warning, a home visit or a fine. During placement (or nazorg) the employer or job coach reports
an incident: a risk for the regiehouder, the placement stays active. No free text: a kind, a date
and at most a short code, so nothing personal rides along.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.besluit import eis_besluit
from schemas.fase import Fase
from schemas.gebeurtenisbasis import GebeurtenisBasis, Pseudoniem
from schemas.verantwoording import Verantwoording

# A code-like note ("afspraak-3", "pip_doel_2"): lowercase letters, digits, '-' and '_' only.
CODE_PATROON = r"^[a-z0-9][a-z0-9_-]{0,31}$"


class SchendingSoort(StrEnum):
    PIP_SCHENDING = "pip_schending"  # an agreement of the PIP not kept (seed 004)
    NIET_VERSCHENEN = "niet_verschenen"  # a no-show at an appointment or a lesson


class MaatregelSoort(StrEnum):
    """The measures the gemeente takes (seed 004, Wet inburgering 2021: the gemeente decides)."""

    WAARSCHUWING = "waarschuwing"
    HUISBEZOEK = "huisbezoek"
    BOETE = "boete"  # the sanction the Wet inburgering 2021 gives the gemeente


class IncidentSoort(StrEnum):
    """What went wrong at the workplace; a kind, never the story."""

    ONGEVAL = "ongeval"
    CONFLICT = "conflict"
    VERZUIM = "verzuim"  # unannounced absence from work
    GEDRAG = "gedrag"  # conduct the employer raises
    VEILIGHEID = "veiligheid"


class SchendingGemeld(GebeurtenisBasis):
    """The partner running the participant's phase reports a PIP breach or a no-show."""

    type: Literal["schending.gemeld"]
    deelnemer: Pseudoniem
    fase: Fase
    soort: SchendingSoort
    datum: date = Field(description="When the breach or no-show happened.")
    code: str | None = Field(
        default=None,
        pattern=CODE_PATROON,
        description="A short code of the partner's own (e.g. the appointment), no free text.",
    )


class MaatregelGenomen(GebeurtenisBasis):
    """The regiehouder records a measure; who decided, in which role and why is required."""

    type: Literal["maatregel.genomen"]
    deelnemer: Pseudoniem
    soort: MaatregelSoort
    datum: date = Field(description="The date of the measure.")

    @model_validator(mode="after")
    def _besluit_bij_maatregel(self) -> MaatregelGenomen:
        eis_besluit(self, "a measure")
        return self


class IncidentGemeld(GebeurtenisBasis):
    """The employer or job coach reports an incident during placement or nazorg."""

    type: Literal["incident.gemeld"]
    deelnemer: Pseudoniem
    fase: Literal[Fase.PLAATSING, Fase.NAZORG]
    soort: IncidentSoort
    datum: date = Field(description="When the incident happened.")


class SchendingRegels(BaseModel):
    """When repeated no-shows raise a flag to the regiehouder. Seed 004 leaves the number to the
    gemeente: 2 within 8 weeks is a choice, configurable per programme."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    noshow_drempel: int = Field(default=2, ge=1, le=20, description="No-shows that raise the flag.")
    noshow_venster_weken: int = Field(
        default=8, ge=1, le=104, description="Within how many weeks they count together."
    )


@dataclass(frozen=True)
class SchendingStand:
    """A reported breach of the participant's current trajectory, as a decision reads it."""

    id: int
    partner: str
    soort: SchendingSoort
    datum: date
    maatregel_id: int | None = None  # None: no measure answered it yet


# Follow-up effects (persistence.besluiten writes them).
@dataclass(frozen=True)
class LegSchendingVast:
    partner: str
    soort: SchendingSoort
    datum: date
    code: str | None


@dataclass(frozen=True)
class LegMaatregelVast:
    soort: MaatregelSoort
    datum: date
    besloten_door: str
    besluit: Verantwoording  # the writer links the trajectory's open breaches to the measure


@dataclass(frozen=True)
class LegIncidentVast:
    partner: str
    fase: Fase
    soort: IncidentSoort
    datum: date
