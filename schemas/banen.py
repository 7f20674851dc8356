"""Parallel lanes (banen): a trajectory may run a lane beside its main lane, each with its own
phase, partner, clocks and handoffs.

Why: duale trajecten run language and work/participation "tegelijkertijd" (seed 004); in the
instroomportaal a participant learns the language at the Alfa-College in the morning and works in
the portaal in the afternoon (seed 000). The existing trajectory row is the main lane ("hoofd");
the programme lists its other lanes here: their phases, how each starts, which may run together,
and what happens to each when the trajectory ends.

What ends the trajectory is the main lane, always: its closure or dropout ends every lane. A lane
with `bij_einde_traject: sluit_mee` is closed with it; one with `moet_klaar` must be finished first
(closing the trajectory is refused while it runs; a dropout is a fact and ends it anyway). A lane
ends on its own with `traject.afgesloten` (from its last phase) or `deelnemer.uitgevallen` carrying
its name; that never ends the trajectory.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from schemas.fase import Fase, TrajectStatus
from schemas.gebeurtenisbasis import GebeurtenisBasis, Pseudoniem

if TYPE_CHECKING:
    from schemas.programma import FaseInrichting, Programma

HOOFD = "hoofd"  # the main lane: the trajectory row itself; events name it by leaving `baan` out
BAAN_PATROON = r"^[a-z][a-z0-9-]{0,39}$"
BaanNaam = Annotated[
    str,
    Field(
        pattern=BAAN_PATROON,
        description="A lane of the programme (e.g. taal); leave out for the main lane.",
    ),
]
LOPEND = (TrajectStatus.ACTIEF, TrajectStatus.GEPAUZEERD)


class Baan(BaseModel):
    """One extra lane of a programme: its own phases and partners, how it starts, how it ends."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    naam: BaanNaam
    omschrijving: str = ""
    fasen: list[FaseInrichting] = Field(
        min_length=1, description="The lane's own phases, in chain order; first is where it starts."
    )
    wisselen_in: list[Fase] = Field(
        default=[], description="Lane phases where a track switch is allowed."
    )
    start: Literal["aanmelding", "fase", "verzoek"] = Field(
        description="aanmelding: with the trajectory; fase: when the main lane enters `start_bij`; "
        "verzoek: when the regiehouder sends baan.gestart."
    )
    start_bij: Fase | None = Field(
        default=None, description="With start: fase, the main-lane phase whose entry starts it."
    )
    samen_met: list[BaanNaam] = Field(
        default=[],
        description="Other lanes it may run at the same time (the main lane always runs beside it).",
    )
    bij_einde_traject: Literal["sluit_mee", "moet_klaar"] = Field(
        default="sluit_mee",
        description="sluit_mee: closed when the trajectory closes; moet_klaar: the trajectory may "
        "not close while this lane runs.",
    )

    @model_validator(mode="after")
    def _samenhangend(self) -> Self:
        if self.naam == HOOFD:
            raise ValueError(f"naam: '{HOOFD}' is the main lane; name the extra lane otherwise")
        if (self.start == "fase") != (self.start_bij is not None):
            raise ValueError("start_bij: required with start: fase, and only then")
        volgorde = [f.fase for f in self.fasen]
        if volgorde != sorted(set(volgorde), key=lambda f: f.volgnummer):
            raise ValueError("fasen: a lane's phases must be unique and in chain order")
        if set(self.wisselen_in) - set(volgorde):
            raise ValueError("wisselen_in: phases not in this lane")
        return self

    def als_programma(self, p: Programma) -> Programma:
        """The lane as a programme of its own phases, so that every lane move is checked by the
        same transition rules (`Programma.beoordeel`) against the lane's phase table."""
        return type(p).model_construct(
            **(
                dict(p)
                | {
                    "id": f"{p.id}/{self.naam}",
                    "fasen": self.fasen,
                    "overslaan": [],
                    "terugplaatsen": [],
                    "wisselen_in": self.wisselen_in,
                    "herinstroom_naar": [self.fasen[0].fase],
                    "banen": [],
                }
            )
        )


def controleer_banen(p: Programma) -> None:
    """Cross-checks at load: unique lane names, known lanes and main-lane phases; a bad file is
    refused naming the field."""
    namen = [b.naam for b in p.banen]
    for i, baan in enumerate(p.banen):
        if baan.naam in namen[:i]:
            raise ValueError(f"banen[{i}].naam: lane {baan.naam} is listed twice")
    for i, baan in enumerate(p.banen):
        if baan.start_bij is not None and baan.start_bij not in p.fase_volgorde:
            raise ValueError(f"banen[{i}].start_bij: {baan.start_bij.value} is not a main phase")
        for naam in baan.samen_met:
            if naam not in namen or naam == baan.naam:
                raise ValueError(f"banen[{i}].samen_met: unknown lane {naam}")


def baan_van(gebeurtenis: object) -> str | None:
    """The lane an event acts on; None for the main lane (and for baan.gestart, which starts one)."""
    return None if isinstance(gebeurtenis, BaanGestart) else getattr(gebeurtenis, "baan", None)


def mag_samen(p: Programma, a: str, b: str) -> bool:
    """Two lanes may run at once when either lists the other (the relation is symmetric)."""
    return b in p.baan(a).samen_met or a in p.baan(b).samen_met


@dataclass(frozen=True)
class BaanStand:
    """A lane of the participant's current episode, as a decision needs it (its latest run)."""

    naam: str
    fase: Fase
    status: TrajectStatus
    partner: str
    afgerond: frozenset[tuple[str, str]] = frozenset()  # (partner, phase) this lane has left
    start_gemeld: bool = False  # the lane's partner reported the start of its current phase

    @property
    def lopend(self) -> bool:
        return self.status in LOPEND


class BaanGestart(GebeurtenisBasis):
    """The regiehouder starts a lane the programme starts on request (start: verzoek)."""

    type: Literal["baan.gestart"]
    deelnemer: Pseudoniem
    baan: BaanNaam
    fase: Fase | None = Field(default=None, description="The lane's first phase when left out.")
    partner: str | None = Field(
        default=None, description="A partner of that lane phase; its first when left out."
    )
