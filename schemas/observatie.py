"""Observations held until there is a basis to share them (DOMAIN §8 scenario 10, §6; seed 004).

"Door de AVG (bescherming persoonsgegevens) kun je tegenwoordig weinig informatie uitwisselen. Op
het moment dat je dit wel kan doen, kun je de inburgeraar veel beter helpen" (seed 004, Hengelo:
a ROC teacher saw that a participant "erg goed kon lassen" and discussed it with the werkcoach and
the klantmanager). A partner running the participant's phase reports an observation for named
partners of the chain; it reaches them only once the regiehouder has recorded a legal basis, the
participant's consent or the gemeente's legal task. Until then it is kept, held, and the
regiehouder hears only that something waits, not what. A kind and a short code, never a story.
Minimal on purpose: one basis per participant for the whole chain (the consent register with
scopes and withdrawal is later work).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from schemas.fase import Fase
from schemas.gebeurtenisbasis import GebeurtenisBasis, Pseudoniem
from schemas.schending import CODE_PATROON
from schemas.verantwoording import Verantwoording

PARTNER_PATROON = r"^[a-z0-9][a-z0-9-]{1,63}$"


class ObservatieSoort(StrEnum):
    TALENT = "talent"  # a talent seen in practice (seed 004: "erg goed kon lassen")
    VOORTGANG = "voortgang"  # progress the next partner should know of


class Grondslag(StrEnum):
    """The legal basis under which an observation may be shared (AVG art. 6)."""

    TOESTEMMING = "toestemming"  # the participant consented
    WETTELIJKE_TAAK = "wettelijke_taak"  # the gemeente's task under the Wet inburgering 2021


class ObservatieGemeld(GebeurtenisBasis):
    """The partner running the participant's phase reports an observation for named partners."""

    type: Literal["observatie.gemeld"]
    deelnemer: Pseudoniem
    fase: Fase
    soort: ObservatieSoort
    code: str = Field(pattern=CODE_PATROON, description="What was seen, as a code (e.g. lassen).")
    ontvangers: list[Annotated[str, Field(pattern=PARTNER_PATROON)]] = Field(
        min_length=1,
        max_length=4,
        description="Partners of the chain (or the regiehouder) the observation is meant for.",
    )


class GrondslagVastgelegd(GebeurtenisBasis):
    """The regiehouder records the basis for sharing; who decided, in which role and why."""

    type: Literal["grondslag.vastgelegd"]
    deelnemer: Pseudoniem
    grondslag: Grondslag
    besluit: Verantwoording = Field(
        description="Required: the regiehouder's account of the consent or legal task."
    )


@dataclass(frozen=True)
class ObservatieStand:
    """A held observation of the participant, as a decision reads it."""

    id: int
    partner: str
    fase: Fase
    soort: ObservatieSoort
    code: str
    ontvangers: tuple[str, ...]


# Follow-up effects (persistence.observaties writes them).
@dataclass(frozen=True)
class LegObservatieVast:
    partner: str
    fase: Fase
    soort: ObservatieSoort
    code: str
    ontvangers: tuple[str, ...]
    gedeeld: bool


@dataclass(frozen=True)
class LegGrondslagVast:
    grondslag: Grondslag
    partner: str
    besluit: Verantwoording


@dataclass(frozen=True)
class DeelObservaties:
    """The held observations now shared (their messages go out with the same decision)."""

    ids: tuple[int, ...]
