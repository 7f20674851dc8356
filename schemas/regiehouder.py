"""A new regiehouder without closing (issue 10 g), decided purely.

A regime change (a vrijstelling moves the case to Participatiewet or volwasseneneducatie
colleagues, seed 004 Hoeksche Waard) or a move to another gemeente hands the regie over while the
trajectory runs on. Only the current regiehouder hands over (the door's 403 rule), with its
decider's account (`besluit`, required); the new one must be a gemeente the programme lists
(`verwijzing.regiehouders`). The new regiehouder receives a warm handover: where the participant
is now and why the case came; from then on the 403 rule and every message use it.
"""

from __future__ import annotations

from datetime import datetime

from schemas._meldingen import bericht, weiger
from schemas.fase import TrajectStatus
from schemas.overdracht import Afhandeling, Beslissing, DeelnemerStand, Kandidaat
from schemas.programma import Programma
from schemas.verwijzing import RegiehouderGewisseld, WisselRegiehouder

_BEEINDIGD = (TrajectStatus.AFGESLOTEN, TrajectStatus.UITGEVALLEN)


def beslis_wissel(stand: DeelnemerStand, k: Kandidaat, p: Programma, _: datetime) -> Beslissing:
    """Hand the regie to another gemeente organisation; the trajectory and its history stay."""
    g, t = k.gebeurtenis, stand.traject
    assert isinstance(g, RegiehouderGewisseld) and t is not None
    if k.partner != stand.regiehouder:
        return weiger(
            k, Afhandeling.GEWEIGERD, f"only the regiehouder of {g.deelnemer} hands the case over"
        )
    if g.naar_regiehouder == stand.regiehouder:
        return weiger(k, Afhandeling.GEWEIGERD, f"{g.naar_regiehouder} holds the regie already")
    if g.naar_regiehouder not in p.verwijzing.regiehouders:
        reden = (
            f"{g.naar_regiehouder} is not a regiehouder of {p.id}; "
            f"one of {p.verwijzing.regiehouders}"
        )
        return weiger(k, Afhandeling.GEWEIGERD, reden)
    if t.status in _BEEINDIGD:
        return weiger(
            k, Afhandeling.GEWEIGERD, f"the trajectory is {t.status.value}: nothing to hand over"
        )
    overdracht = bericht(
        k,
        g.naar_regiehouder,
        "regiehouder.overdracht",
        t.fase,
        {
            "soort": g.soort.value,
            "vorige_regiehouder": stand.regiehouder,
            "fase": t.fase.value,
            "partner": t.partner,
            "status": t.status.value,
            "reden": g.besluit.reden,
        },
    )
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        f"regie van {stand.regiehouder} naar {g.naar_regiehouder} ({g.soort.value})",
        van_fase=t.fase,
        vastleggen=False,
        berichten=(overdracht,),
        gevolgen=(
            WisselRegiehouder(
                stand.regiehouder, g.naar_regiehouder, g.soort, g.besluit, g.naar_persoon
            ),
        ),
    )
