"""Deciding exits and interim outcomes, purely (issue 10 b, j).

`beoordeel_afsluiting` applies the programme's exits (schemas.uitgangen) to a closing the move
rules already allow; `beslis_uitkomst` decides an `uitkomst.gemeld`. Both read only the
participant's state, the event and the programme.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from schemas._meldingen import bericht, weiger
from schemas.beeld_overdragen import beeld_weigering
from schemas.contracten import Afsluiting, AfsluitingV2
from schemas.fase import TrajectStatus
from schemas.overdracht import (
    Afhandeling,
    Bericht,
    Beslissing,
    DeelnemerStand,
    Gevolg,
    Kandidaat,
    LegUitkomstVast,
    TrajectStand,
)
from schemas.programma import Programma
from schemas.tussenuitkomst import RegistreerUitkomst, UitkomstGemeld
from schemas.uitgangen import Bestemming, Uitgangsoordeel, Verblijf, toets_uitgang

_LOPEND = (TrajectStatus.ACTIEF, TrajectStatus.GEPAUZEERD)


def _bestemming(dossier: Afsluiting | None) -> Bestemming | None:
    if isinstance(dossier, AfsluitingV2) and dossier.bestemming is not None:
        return Bestemming(dossier.bestemming.referentie, dossier.bestemming.bevestigd)
    return None


def beoordeel_afsluiting(
    p: Programma, t: TrajectStand, k: Kandidaat, nu: datetime
) -> Uitgangsoordeel:
    """The exit's outcome, destination and timing against the programme's exits."""
    assert k.gebeurtenis is not None
    if not isinstance(k.dossier, Afsluiting):  # the door and the gate make sure a real one has it
        return Uitgangsoordeel(None, "afgesloten met uitkomst")
    if zonder_beeld := beeld_weigering(p, t.fase, k.dossier):
        return Uitgangsoordeel(zonder_beeld)
    return toets_uitgang(
        programma_id=p.id,
        uitgangen=p.uitgangen,
        laatste_fase=p.fase_volgorde[-1],
        fase_min_weken=p.inrichting(t.fase).min_weken,
        verblijf=Verblijf(t.fase, t.fase_sinds, t.begonnen_op),
        uitkomst=k.dossier.uitkomst,
        bestemming=_bestemming(k.dossier),
        besluit=k.gebeurtenis.besluit,
        nu=nu,
    )


def uitkomst_gevolg(dossier: Afsluiting, partner: str) -> Gevolg:
    """The exit's outcome as a record: v1 as it always was, v2 with its destination."""
    if not isinstance(dossier, AfsluitingV2):
        return LegUitkomstVast(dossier.uitkomst)
    b = _bestemming(dossier)
    return RegistreerUitkomst(
        dossier.uitkomst,
        gemeld_door=partner,
        tussentijds=False,
        bestemming=b.referentie if b else None,
        bevestigd=b.bevestigd if b else None,
    )


def afsluit_inhoud(dossier: Afsluiting) -> dict[str, Any]:
    """What the regiehouder hears of a closing: the outcome, and from v2 on the destination."""
    inhoud: dict[str, Any] = {"uitkomst": dossier.uitkomst.model_dump(mode="json")}
    if isinstance(dossier, AfsluitingV2):
        inhoud["contract_versie"] = dossier.VERSIE
        if dossier.bestemming is not None:
            inhoud["bestemming"] = dossier.bestemming.model_dump(mode="json")
    return inhoud


def beslis_uitkomst(stand: DeelnemerStand, k: Kandidaat, _p: Programma, nu: datetime) -> Beslissing:
    """An interim outcome from the partner of the current phase or the regiehouder, while the
    trajectory runs: recorded, phase and status unchanged; the regiehouder hears of it."""
    assert stand.traject is not None and isinstance(k.gebeurtenis, UitkomstGemeld)
    t, g = stand.traject, k.gebeurtenis
    if k.partner not in (t.partner, stand.regiehouder):
        return weiger(
            k, Afhandeling.GEWEIGERD, f"{k.partner} does not run {g.deelnemer}'s current phase"
        )
    if t.status not in _LOPEND:
        return weiger(
            k,
            Afhandeling.GEWEIGERD,
            f"an interim outcome needs a running trajectory; {g.deelnemer}'s is {t.status.value}",
        )
    if g.uitkomst.datum > nu.date():
        return weiger(k, Afhandeling.GEWEIGERD, "uitkomst.datum lies in the future")
    soort = g.uitkomst.soort.value
    berichten: tuple[Bericht, ...] = ()
    if k.partner != stand.regiehouder:
        inhoud = {"uitkomst": g.uitkomst.model_dump(mode="json"), "gemeld_door": k.partner}
        berichten = (bericht(k, stand.regiehouder, "melding.uitkomst", t.fase, inhoud),)
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        f"tussentijdse uitkomst {soort} op {g.uitkomst.datum.isoformat()} in {t.fase.value}",
        van_fase=t.fase,
        vastleggen=False,
        berichten=berichten,
        gevolgen=(RegistreerUitkomst(g.uitkomst, gemeld_door=k.partner, tussentijds=True),),
    )
