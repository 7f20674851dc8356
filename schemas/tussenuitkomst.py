"""Interim outcomes (issue 10 j): a stage, a werkervaringsplaats, a job, a school enrolment
recorded while the trajectory runs, and the follow-up effect that records any outcome with its
details (interim or not, its destination and whether that is confirmed).

`uitkomst.gemeld` is sent by the partner running the participant's phase or by the regiehouder;
it changes no phase and no status (DOMAIN §8 scenario 8: "stage and job recorded as successive
outcomes"). A nazorg check-in may carry `nieuwe_uitkomst` the same way (scenario 19: the job ends
at month 14, the pupil enters MBO, nazorg continues): recorded, the check-in schedule untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from schemas.fase import UitkomstSoort
from schemas.gebeurtenisbasis import GebeurtenisBasis, Pseudoniem
from schemas.uitkomst import Uitkomst

# What may be reported while the trajectory runs: steps on the way, not its end.
TussentijdsSoort = Literal[
    UitkomstSoort.STAGE,
    UitkomstSoort.WERKERVARINGSPLAATS,
    UitkomstSoort.REGULIER_WERK,
    UitkomstSoort.WERK_MET_LOONKOSTENSUBSIDIE,
    UitkomstSoort.ONDERWIJS,
    UitkomstSoort.VRIJWILLIGERSWERK,
    UitkomstSoort.BESCHUT_WERK,
    UitkomstSoort.DAGBESTEDING,
    UitkomstSoort.WERKFIT,
    UitkomstSoort.STABILISATIE,
]
TUSSENTIJDS = frozenset(get_args(TussentijdsSoort))


class TussentijdseUitkomst(Uitkomst):
    """A dated outcome reached while the trajectory runs; dropout and exemptions are not interim."""

    soort: TussentijdsSoort


class UitkomstGemeld(GebeurtenisBasis):
    """A partner (or the regiehouder) reports an outcome reached during the trajectory."""

    type: Literal["uitkomst.gemeld"]
    deelnemer: Pseudoniem
    uitkomst: TussentijdseUitkomst


@dataclass(frozen=True)
class RegistreerUitkomst:
    """Record an outcome with its details; `traject_id` None: the current episode."""

    uitkomst: Uitkomst
    gemeld_door: str
    tussentijds: bool
    bestemming: str | None = None
    bevestigd: bool | None = None
    traject_id: int | None = None
