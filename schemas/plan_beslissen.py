"""Deciding plan versions, purely: the chain numbers each version, and a handoff whose edge needs
a current plan is refused without one (Harderwijk: the ondersteuningsplan is made in assessment,
seed 001; seed 004: the PIP comes before a duaal traject)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from schemas._meldingen import weiger
from schemas.fase import Beweging, Fase
from schemas.ijkpunt_volgorde import PLAN, wacht_weigering
from schemas.opvolging import SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    Beslissing,
    DeelnemerStand,
    Kandidaat,
    LosSignalenOp,
)
from schemas.plan import LegPlanVast, PlanVastgesteld
from schemas.programma import Besluit, Programma

_OVERDRACHTEN = (Beweging.DOORSTROMEN, Beweging.OVERSLAAN, Beweging.TERUGPLAATSEN)


def beslis_plan(stand: DeelnemerStand, k: Kandidaat, p: Programma, _nu: datetime) -> Beslissing:
    """A new version of the plan, numbered after the last; the earlier ones stay as they were."""
    g = k.gebeurtenis
    assert isinstance(g, PlanVastgesteld) and stand.traject is not None
    if p.plan is None:
        return weiger(k, Afhandeling.GEWEIGERD, f"{p.id} keeps no plan")
    if g.soort != p.plan.soort:
        return weiger(
            k, Afhandeling.GEWEIGERD, f"{p.id} keeps a {p.plan.soort.value}, not a {g.soort.value}"
        )
    if k.partner not in (stand.regiehouder, stand.traject.partner):
        # the door's rule again: the phase may have moved on since the door let it in
        return weiger(
            k, Afhandeling.GEWEIGERD, f"{k.partner} no longer runs {k.pseudoniem}'s phase"
        )
    # the first version is drawn up after the steps it builds on (Harderwijk: the diagnosegesprek);
    # a revision is not held back again
    wacht = None if stand.plan_versie else wacht_weigering(stand, p.voorwaarden, PLAN)
    if wacht is not None:
        return weiger(k, Afhandeling.GEWEIGERD, wacht)
    versie = stand.plan_versie + 1
    gevolg = LegPlanVast(versie, g.soort, g.vastgesteld_op, g.inhoud(), k.partner, g.besluit)
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        f"{g.soort.value} version {versie} recorded",
        van_fase=stand.traject.fase,
        vastleggen=False,
        gevolgen=(gevolg, LosSignalenOp((SignaalSoort.PIP,))),
    )


def plan_weigering(
    stand: DeelnemerStand, p: Programma, beweging: Beweging, van: Fase, besluit: Besluit
) -> str | None:
    """Why a handoff on an edge that needs a current plan is refused, or None."""
    if p.plan is None or beweging not in _OVERDRACHTEN or stand.plan_versie > 0:
        return None
    if not any(r.van == van and r.naar == besluit.fase for r in p.plan.vereist_bij):
        return None
    naar = besluit.fase.value if besluit.fase else "?"
    return (
        f"{van.value}→{naar} requires a current {p.plan.soort.value} "
        "(plan.vastgesteld); none recorded"
    )


def na_plan(stand: DeelnemerStand, b: Beslissing) -> DeelnemerStand:
    versies = [g.versie for g in b.gevolgen if isinstance(g, LegPlanVast)]
    return replace(stand, plan_versie=max(versies)) if versies else stand
