"""What the simulated chain remembers of one participant, by pseudonym only.

The profile keeps the dossiers of successive partners consistent (the same language level,
learning goals and sector travel along); the bounds keep a simulated trajectory finite.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from schemas.contracten import (
    MAX_MBO_NIVEAU_BIJ_TAAL,
    Contractsoort,
    Doelgroep,
    Sector,
    Taalniveau,
    TaalniveauPerVaardigheid,
)
from schemas.fase import Fase

LEERDOELEN = (
    "werkritme opbouwen",
    "op tijd komen",
    "samenwerken in een team",
    "instructies opvolgen",
    "Nederlands op de werkvloer",
    "veilig werken",
    "klantvriendelijk werken",
    "zelfstandig plannen",
    "omgaan met feedback",
    "digitale vaardigheden",
)
_BASISNIVEAUS = (Taalniveau.A1, Taalniveau.A2, Taalniveau.B1, Taalniveau.B2)
_NIVEAUKANSEN = (0.15, 0.35, 0.35, 0.15)


@dataclass
class Profiel:
    """The participant as partners come to know them; no name, BSN or birth date."""

    doelgroep: Doelgroep
    taalniveau: TaalniveauPerVaardigheid
    sector: Sector
    leerdoelen: list[str]
    beoogd_mbo_niveau: int
    route: str | None = None  # the evaluatiemoment's decision, e.g. "werk" or "school"
    contractsoort: Contractsoort | None = None


@dataclass
class Deelnemer:
    """Profile plus the bounds that keep loops finite: one switch and one pause per phase, one return."""

    pseudoniem: str
    profiel: Profiel
    gewisseld_in: set[Fase] = field(default_factory=set)
    gepauzeerd_in: set[Fase] = field(default_factory=set)
    teruggeplaatst: bool = False
    herinstroomd: bool = False
    # The case model's memory (issue 11): who holds the regie, where the main lane was, what
    # was decided, and the work held back until an overdue checkpoint is decided.
    regiehouder: str | None = None
    laatste_fase: Fase | None = None
    besloten: set[str] = field(default_factory=set)
    routes: dict[Fase, str] = field(default_factory=dict)
    afgewezen_in: set[Fase] = field(default_factory=set)
    regime_gewisseld: bool = False
    banen_gevraagd: set[str] = field(default_factory=set)
    toestemming_gevraagd: bool = False
    achtergehouden: list[Any] = field(default_factory=list)


def _taalniveau(rng: random.Random) -> TaalniveauPerVaardigheid:
    """Skills differ a little around one base level; writing usually lags."""
    basis = rng.choices(_BASISNIVEAUS, weights=_NIVEAUKANSEN)[0]
    volgorde = list(Taalniveau)

    def rond(afwijking: int) -> Taalniveau:
        return volgorde[max(1, volgorde.index(basis) + afwijking)]

    return TaalniveauPerVaardigheid(
        lezen=rond(rng.choice((0, 0, -1))),
        schrijven=rond(rng.choice((0, -1, -1))),
        spreken=rond(rng.choice((0, 0, 1))),
        luisteren=rond(rng.choice((0, 1))),
    )


def nieuw_profiel(rng: random.Random) -> Profiel:
    """A plausible participant; the training level is one their language can carry."""
    taal = _taalniveau(rng)
    draagt = MAX_MBO_NIVEAU_BIJ_TAAL[taal.laagste.value]
    return Profiel(
        doelgroep=rng.choice(list(Doelgroep)),
        taalniveau=taal,
        sector=rng.choice(list(Sector)),
        leerdoelen=rng.sample(LEERDOELEN, k=rng.randint(2, 4)),
        beoogd_mbo_niveau=rng.randint(min(1, draagt), draagt),
    )
