"""What every partner event shares: when it was recorded, the pseudonym, and the decider's account.

Kept apart from the event types so that a part of the case model can define its own events in
its own module (a plan revision, a checkpoint decision, a referral answer) without importing the
union that lists them all.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from schemas.verantwoording import Verantwoording

PSEUDONIEM_PATROON = r"^KT-[A-Z2-7]{10}$"
Pseudoniem = Annotated[
    str,
    Field(pattern=PSEUDONIEM_PATROON, description="The chain-wide pseudonym, e.g. KT-ABCDEFGH23."),
]


def _elfproef(bsn: str) -> str:
    """A BSN must pass the 11-test; a typo is refused at the door rather than stored."""
    if len(bsn) != 9 or not bsn.isdigit():
        raise ValueError("a BSN has 9 digits")
    som = sum(int(c) * w for c, w in zip(bsn[:8], range(9, 1, -1), strict=True)) - int(bsn[8])
    if som % 11 != 0:
        raise ValueError("BSN fails the 11-test")
    return bsn


class Persoon(BaseModel):
    """Personal data from the gemeente; encrypted at the door, never stored or logged in clear."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    naam: str = Field(min_length=1, repr=False)
    bsn: Annotated[str, AfterValidator(_elfproef)] = Field(repr=False)
    geboortedatum: date = Field(repr=False)


class GebeurtenisBasis(BaseModel):
    """Fields every event has; `besluit` is the account of a decision the event reports."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    gemeld_op: AwareDatetime = Field(description="When the partner's system recorded the event.")
    besluit: Verantwoording | None = Field(
        default=None,
        description="Who decided this, in which role, and why; required where a decision is made.",
    )
