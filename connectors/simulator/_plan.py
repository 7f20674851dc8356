"""The simulated partner draws up the plan where the programme needs one before its handoff
(Harderwijk: the ondersteuningsplan in assessment, seed 001): codes only, like a real partner."""

from __future__ import annotations

import random
from datetime import datetime

from schemas.fase import Fase
from schemas.plan import (
    Belemmering,
    BelemmeringSoort,
    BelemmeringStatus,
    Doel,
    DoelSoort,
    PlanVastgesteld,
    Taalniveau,
)
from schemas.programma import Programma
from schemas.verantwoording import Rol, Verantwoording


def plan_bij_start(
    p: Programma, fase: Fase, pseudoniem: str, rng: random.Random, nu: datetime
) -> PlanVastgesteld | None:
    """The first version of the plan, when `fase` ends in a handoff that needs one."""
    if p.plan is None or not any(r.van == fase for r in p.plan.vereist_bij):
        return None
    belemmeringen = [
        Belemmering(soort=soort, status=rng.choice(list(BelemmeringStatus)))
        for soort in (BelemmeringSoort.KINDEROPVANG, BelemmeringSoort.VERVOER)
        if rng.random() < 0.3
    ]
    return PlanVastgesteld(
        type="plan.vastgesteld",
        gemeld_op=nu,
        deelnemer=pseudoniem,
        soort=p.plan.soort,
        vastgesteld_op=nu.date(),
        doelen=[
            Doel(soort=DoelSoort.TAAL, niveau=Taalniveau.B1, horizon_maanden=18),
            Doel(soort=rng.choice([DoelSoort.WERK, DoelSoort.OPLEIDING]), horizon_maanden=24),
        ],
        belemmeringen=belemmeringen,
        besluit=Verantwoording(
            reden="plan opgesteld na het diagnosegesprek",
            rol=Rol.TRAJECTBEGELEIDER,
            persoon=f"MW-{rng.randrange(10000, 99999)}",
        ),
    )
