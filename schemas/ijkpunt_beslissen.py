"""Deciding checkpoints, purely: scheduling one when its anchor happens, recording its decision,
and holding the next handoff to the partner the decision routed to.

Routing choice (issue 10 c): a decision does not move the participant itself; it names the
partner that runs the next phase (`Route`). The handoff into that phase then goes there by
default (a `fase.afgerond` without `naar_partner`), and a handoff naming another partner is
refused with the checkpoint's decision as the reason. A track switch (`traject.gewisseld`) inside
the phase stays possible: it is a decision of its own.
"""

from __future__ import annotations

from datetime import datetime

from schemas._meldingen import weiger
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.ijkpunt_volgorde import wacht_weigering
from schemas.ijkpunten import (
    BesluitIjkpunt,
    IjkpuntBesloten,
    IjkpuntStand,
    PlanIjkpunt,
    eigenaar_van,
    ijkpunt_onderwerp,
    verankerd,
)
from schemas.opvolging import SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    Beslissing,
    DeelnemerStand,
    Gevolg,
    Kandidaat,
    LosSignalenOp,
    TrajectStand,
)
from schemas.programma import Besluit, Programma

_BINNEN = (Beweging.DOORSTROMEN, Beweging.OVERSLAAN, Beweging.TERUGPLAATSEN)


def plan_ijkpunten(
    p: Programma,
    regiehouder: str,
    van: TrajectStand | None,
    naar: TrajectStand,
    beweging: Beweging,
    nieuw_traject: bool,
) -> list[Gevolg]:
    """The checkpoints this move anchors (the writer skips one already scheduled this trajectory)."""
    van_fase = None if van is None or nieuw_traject else van.fase
    fase_partner = {naar.fase: naar.partner}
    if van is not None and not nieuw_traject:
        fase_partner.setdefault(van.fase, van.partner)
    standaard = {f.fase: f.partners[0] for f in p.fasen}
    return [
        PlanIjkpunt(i.naam, eigenaar_van(i, regiehouder, fase_partner, standaard), i.na_weken)
        for i in p.ijkpunten
        if verankerd(i, beweging, van_fase, naar.fase, nieuw_traject)
    ]


def _gerouteerd(stand: DeelnemerStand | None, fase: Fase | None) -> IjkpuntStand | None:
    """The latest decided checkpoint that routes the next handoff into `fase`."""
    if stand is None or fase is None:
        return None
    besloten = [
        i for i in stand.ijkpunten if i.keuze and i.route is not None and i.route.fase == fase
    ]
    return besloten[-1] if besloten else None


def route_partner(
    stand: DeelnemerStand | None, beweging: Beweging, naar: Fase | None
) -> str | None:
    """The partner a decided checkpoint sends this handoff to, where the sender named none."""
    ijkpunt = _gerouteerd(stand, naar) if beweging in _BINNEN else None
    return ijkpunt.route.partner if ijkpunt and ijkpunt.route else None


def route_weigering(
    stand: DeelnemerStand | None, beweging: Beweging, besluit: Besluit
) -> str | None:
    """Why an allowed handoff contradicts a checkpoint's decision, or None."""
    if beweging not in _BINNEN:
        return None
    ijkpunt = _gerouteerd(stand, besluit.fase)
    if ijkpunt is None or ijkpunt.route is None or besluit.partner == ijkpunt.route.partner:
        return None
    return (
        f"checkpoint {ijkpunt.naam} decided {ijkpunt.keuze}: {ijkpunt.route.fase.value} "
        f"is at {ijkpunt.route.partner}, not {besluit.partner}"
    )


def beslis_ijkpunt(stand: DeelnemerStand, k: Kandidaat, p: Programma, _nu: datetime) -> Beslissing:
    """Record a checkpoint's decision: known, scheduled, still open, by its owner, a decision it may take."""
    g = k.gebeurtenis
    assert isinstance(g, IjkpuntBesloten) and stand.traject is not None
    inrichting = next((i for i in p.ijkpunten if i.naam == g.ijkpunt), None)
    if inrichting is None:
        return weiger(k, Afhandeling.GEWEIGERD, f"{p.id} has no checkpoint {g.ijkpunt}")
    if stand.traject.status not in (TrajectStatus.ACTIEF, TrajectStatus.GEPAUZEERD):
        return weiger(
            k, Afhandeling.GEWEIGERD, f"{k.pseudoniem}'s trajectory is {stand.traject.status.value}"
        )
    gepland = next((i for i in stand.ijkpunten if i.naam == g.ijkpunt), None)
    if gepland is None:
        return weiger(
            k,
            Afhandeling.GEWEIGERD,
            f"checkpoint {g.ijkpunt} is not due for {k.pseudoniem}: its anchor has not happened",
        )
    if gepland.keuze is not None:
        return weiger(
            k, Afhandeling.GEWEIGERD, f"checkpoint {g.ijkpunt} was already decided: {gepland.keuze}"
        )
    wacht = wacht_weigering(stand, p.voorwaarden, g.ijkpunt)  # a report it builds on is missing
    if wacht is not None:
        return weiger(k, Afhandeling.GEWEIGERD, wacht)
    eigenaar = gepland.eigenaar
    if isinstance(inrichting.eigenaar, Fase) and stand.traject.fase == inrichting.eigenaar:
        eigenaar = stand.traject.partner  # the owning phase's partner now (after a track switch)
    if k.partner != eigenaar:
        return weiger(
            k,
            Afhandeling.GEWEIGERD,
            f"checkpoint {g.ijkpunt} is decided by {eigenaar}, not {k.partner}",
        )
    if inrichting.rollen and g.besluit.rol not in inrichting.rollen:
        rollen = ", ".join(r.value for r in inrichting.rollen)
        return weiger(
            k,
            Afhandeling.GEWEIGERD,
            f"checkpoint {g.ijkpunt} is decided in the role of {rollen}, not {g.besluit.rol.value}",
        )
    if g.keuze not in inrichting.besluiten:
        keuzes = ", ".join(inrichting.besluiten)
        return weiger(
            k,
            Afhandeling.GEWEIGERD,
            f"checkpoint {g.ijkpunt} decides one of {keuzes}, not {g.keuze}",
        )
    route = inrichting.besluiten[g.keuze]
    naar = f": {route.fase.value} at {route.partner}" if route else ""
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        f"checkpoint {g.ijkpunt} decided {g.keuze}{naar}",
        van_fase=stand.traject.fase,
        vastleggen=False,
        gevolgen=(
            BesluitIjkpunt(g.ijkpunt, g.keuze, route, k.partner, g.besluit),
            LosSignalenOp((SignaalSoort.IJKPUNT,), onderwerp=ijkpunt_onderwerp(g.ijkpunt)),
        ),
    )


def na_besluit(stand: DeelnemerStand, b: Beslissing) -> DeelnemerStand:
    """The state after a recorded decision, for the next handoff about them in the same batch."""
    from dataclasses import replace

    besloten = {g.naam: g for g in b.gevolgen if isinstance(g, BesluitIjkpunt)}
    if not besloten:
        return stand
    ijkpunten = tuple(
        replace(i, keuze=besloten[i.naam].keuze, route=besloten[i.naam].route)
        if i.naam in besloten
        else i
        for i in stand.ijkpunten
    )
    return replace(stand, ijkpunten=ijkpunten)
