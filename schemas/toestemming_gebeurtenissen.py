"""Consent recorded and withdrawn by the gemeente's own system (webhooks; schemas.toestemming).

Only the participant's regiehouder (the gemeente holding the case) sends these. A record names
the recipient (a partner of the chain or a purpose), the basis (`soort`), how consent was given
or which law covers it (`bron`) and the date it holds from (`van`); a withdrawal names the
recipient and its date (`op`). Decided in schemas.toestemming_beslissen; written by persistence.toestemmingen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import Field

from schemas.gebeurtenisbasis import GebeurtenisBasis, Pseudoniem
from schemas.toestemming import ONTVANGER_PATROON, Grondslagsoort

Ontvanger = Field(
    pattern=ONTVANGER_PATROON,
    description='A partner of the participant\'s chain, or a purpose such as "doel:onderzoek".',
)


class ToestemmingVastgelegd(GebeurtenisBasis):
    """The gemeente records a basis for one recipient: consent given, or a legal task."""

    type: Literal["toestemming.vastgelegd"]
    deelnemer: Pseudoniem
    ontvanger: str = Ontvanger
    soort: Literal[Grondslagsoort.TOESTEMMING, Grondslagsoort.WETTELIJKE_TAAK] = Field(
        description="toestemming (AVG 6.1.a) or wettelijke_taak (AVG 6.1.e)."
    )
    bron: str = Field(
        min_length=3,
        max_length=200,
        description="How consent was given (e.g. 'schriftelijk, intake') or the law and article.",
    )
    van: date = Field(description="The date the basis holds from.")


class ToestemmingIngetrokken(GebeurtenisBasis):
    """The participant withdrew consent for one recipient: no disclosure to it from `op` on."""

    type: Literal["toestemming.ingetrokken"]
    deelnemer: Pseudoniem
    ontvanger: str = Ontvanger
    op: date = Field(description="The date of the withdrawal.")


TYPES = ("toestemming.vastgelegd", "toestemming.ingetrokken")


# Follow-up effects (persistence.toestemmingen writes them).
@dataclass(frozen=True)
class LegToestemmingVast:
    ontvanger: str
    soort: Grondslagsoort
    bron: str
    van: date
    door: str


@dataclass(frozen=True)
class TrekToestemmingIn:
    ontvanger: str
    op: date
    door: str
