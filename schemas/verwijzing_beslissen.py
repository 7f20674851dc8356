"""Deciding closed-loop referrals (issue 10 f) and referrals by a school or coach (l), purely.

Anchor: the Task states of the HL7 FHIR SDOH Clinical Care closed-loop referral guide
(requested → accepted | rejected | on-hold; see `schemas.verwijzing.VerwijzingStatus`). A referral
opens whenever the chain sends a partner `traject.start`; only that partner answers it, once; a
decline goes back to the regiehouder (a message and a flag), who picks another partner of the
phase with `traject.gewisseld` (the regiehouder sending a switch is the pick: no new event type,
and the switch's dossier, the learning goals, travels to the new partner as it does on a switch).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from schemas._meldingen import bericht, beslis_melding, weiger
from schemas.fase import Beweging, TrajectStatus
from schemas.gebeurtenissen import TrackGewisseld
from schemas.opvolging import Niveau, Signaal, SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    Bericht,
    Beslissing,
    DeelnemerStand,
    GeefSignalen,
    Gevolg,
    Grootboekregel,
    Kandidaat,
    LosSignalenOp,
    RegistreerStart,
    TrajectStand,
)
from schemas.programma import Programma
from schemas.verwijzing import (
    OPEN_STATUSSEN,
    Antwoord,
    BeantwoordVerwijzing,
    LegVerwijzerVast,
    OpenVerwijzing,
    StartVerwijzing,
    VerwijzingBeantwoord,
    VerwijzingStand,
    VerwijzingStatus,
    WisselRegiehouder,
)

_STATUS_NA = {
    Antwoord.GEACCEPTEERD: VerwijzingStatus.GEACCEPTEERD,
    Antwoord.AFGEWEZEN: VerwijzingStatus.AFGEWEZEN,
    Antwoord.WACHTLIJST: VerwijzingStatus.WACHTLIJST,
}


def regiehouder_van(stand: DeelnemerStand | None, k: Kandidaat, p: Programma) -> str:
    """Who holds the regie after this event: the known one, or for a referral the gemeente the
    programme names for a referring school or coach, else the referring gemeente."""
    if stand is not None:
        return stand.regiehouder
    verwijzer = p.verwijzing.verwijzer(k.partner)
    return verwijzer.regiehouder if verwijzer else k.partner


def open_verwijzingen(
    regiehouder: str, berichten: tuple[Bericht, ...], door: str | None = None
) -> list[Gevolg]:
    """Each traject.start of the main lane opens a referral, except to the regiehouder itself (it
    does not answer its own referral: in Utrecht the gemeente runs instroom). A lane's start opens
    none: referrals are the main lane's (one open per participant), and a lane's start must not
    cancel the main lane's open referral, nor the other way round."""
    return [
        OpenVerwijzing(b.bericht.fase, b.ontvanger, door)
        for b in berichten
        if b.bericht.soort == "traject.start"
        and b.bericht.fase is not None
        and b.ontvanger != regiehouder
        and "baan" not in b.bericht.inhoud
    ]


def beslis_antwoord(stand: DeelnemerStand, k: Kandidaat, p: Programma, _: datetime) -> Beslissing:
    """The partner a referral went to answers it; an answer to a referral not open is refused."""
    g, t, v = k.gebeurtenis, stand.traject, stand.verwijzing
    assert isinstance(g, VerwijzingBeantwoord) and t is not None
    if v is None or v.partner != k.partner or v.fase != g.fase:
        return weiger(
            k, Afhandeling.GEWEIGERD, f"no referral of {g.deelnemer} to {k.partner} for {g.fase}"
        )
    if v.status not in OPEN_STATUSSEN:
        return weiger(
            k, Afhandeling.GEWEIGERD, f"the referral is {v.status.value}, not open: answered once"
        )
    if v.status == VerwijzingStatus.WACHTLIJST and g.antwoord == Antwoord.WACHTLIJST:
        return weiger(
            k, Afhandeling.GEWEIGERD, "the referral is on the wachtlijst already: accept or decline"
        )
    if t.status != TrajectStatus.ACTIEF:
        return weiger(k, Afhandeling.GEWEIGERD, f"the trajectory is {t.status.value}")
    gevolgen: list[Gevolg] = [
        BeantwoordVerwijzing(
            v.fase, v.partner, _STATUS_NA[g.antwoord], g.reden, g.verwachte_start, g.besluit
        )
    ]
    berichten: tuple[Bericht, ...] = ()
    reden = f"referral for {g.fase.value} {g.antwoord.value}"
    if g.antwoord == Antwoord.AFGEWEZEN:
        assert g.reden is not None
        reden += f": {g.reden.value}"
        kies_uit = _kies_uit(p, v, k.partner)
        gevolgen.append(GeefSignalen((_signaal(stand, v, g.reden.value),), stand.regiehouder))
        berichten = (_antwoord_bericht(k, stand, g, kies_uit),)
    elif g.antwoord == Antwoord.WACHTLIJST:
        assert g.verwachte_start is not None
        reden += f" (expected start {g.verwachte_start.isoformat()})"
        berichten = (_antwoord_bericht(k, stand, g, []),)
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        reden,
        van_fase=g.fase,
        vastleggen=False,
        berichten=berichten,
        gevolgen=tuple(gevolgen),
    )


def _kies_uit(p: Programma, v: VerwijzingStand, afwijzer: str) -> list[str]:
    """The phase's other partners that have not declined it in this episode."""
    gedaan = v.afgewezen_door | {afwijzer}
    return [x for x in p.inrichting(v.fase).partners if x not in gedaan]


def _signaal(stand: DeelnemerStand, v: VerwijzingStand, reden: str) -> Signaal:
    return Signaal(
        deelnemer_id=stand.deelnemer_id or 0,
        pseudoniem=stand.pseudoniem,
        programma=stand.programma,
        partner=stand.regiehouder,
        soort=SignaalSoort.VERWIJZING_AFGEWEZEN,
        niveau=Niveau.OVERSCHREDEN,
        onderwerp=f"{v.fase.value} bij {v.partner}",
        toelichting=f"declined: {reden}; the regiehouder picks another partner",
    )


def _antwoord_bericht(
    k: Kandidaat, stand: DeelnemerStand, g: VerwijzingBeantwoord, kies_uit: list[str]
) -> Bericht:
    inhoud: dict[str, object] = {
        "fase": g.fase.value,
        "partner": k.partner,
        "antwoord": g.antwoord.value,
    }
    if g.reden is not None:
        inhoud |= {"reden": g.reden.value, "kies_uit": kies_uit}
    if g.verwachte_start is not None:
        inhoud["verwachte_start"] = g.verwachte_start.isoformat()
    return bericht(k, stand.regiehouder, "verwijzing.antwoord", g.fase, inhoud)


def is_herverwijzing(stand: DeelnemerStand | None, k: Kandidaat) -> bool:
    """A switch sent by the regiehouder, who does not run the phase: its pick after a decline."""
    return (
        isinstance(k.gebeurtenis, TrackGewisseld)
        and stand is not None
        and stand.traject is not None
        and k.partner == stand.regiehouder
        and k.partner != stand.traject.partner
    )


def herverwijs(stand: DeelnemerStand, k: Kandidaat, p: Programma) -> Beslissing:
    """The regiehouder picks another partner of the phase after a decline; not the one that
    declined, not one outside the phase."""
    g, t, v = k.gebeurtenis, stand.traject, stand.verwijzing
    assert isinstance(g, TrackGewisseld) and t is not None
    if v is None or v.status != VerwijzingStatus.AFGEWEZEN or v.fase != t.fase:
        staat = v.status.value if v else "none"
        return weiger(
            k,
            Afhandeling.GEWEIGERD,
            f"the regiehouder picks another partner only after a decline (referral: {staat})",
        )
    if g.fase != t.fase or t.status != TrajectStatus.ACTIEF:
        reden = f"{g.deelnemer} is in {t.fase.value} ({t.status.value}), not {g.fase.value}"
        return weiger(k, Afhandeling.GEWEIGERD, reden)
    partners = p.inrichting(t.fase).partners
    if g.naar_partner not in partners:
        reden = f"{g.naar_partner} runs no {t.fase.value} in {p.id}; pick one of {partners}"
        return weiger(k, Afhandeling.GEWEIGERD, reden)
    if g.naar_partner in v.afgewezen_door | {v.partner}:
        reden = f"{g.naar_partner} declined this referral; pick one of {_kies_uit(p, v, v.partner)}"
        return weiger(k, Afhandeling.GEWEIGERD, reden)
    naar = TrajectStand(
        fase=t.fase, status=TrajectStatus.ACTIEF, partner=g.naar_partner, afgerond=t.afgerond
    )
    reden = f"regiehouder verwijst naar {g.naar_partner} na afwijzing door {v.partner}"
    start = bericht(
        k, g.naar_partner, "traject.start", t.fase, k.dossier.voor_ontvanger() if k.dossier else {}
    )
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        reden,
        van_fase=t.fase,
        naar_fase=t.fase,
        grootboek=Grootboekregel(
            Beweging.WISSELEN,
            t,
            naar,
            reden,
            besloten_door=k.partner,
            nieuw_traject=False,
            verantwoording=g.besluit,
        ),
        berichten=(start,),
        gevolgen=(
            OpenVerwijzing(t.fase, g.naar_partner),
            LosSignalenOp((SignaalSoort.VERWIJZING_AFGEWEZEN,)),
        ),
    )


def gestart(stand: DeelnemerStand, k: Kandidaat, _: Programma, nu: datetime) -> Beslissing:
    """fase.gestart as before; a start recorded also puts its referral in progress (accepted)."""
    b = beslis_melding(stand, k, nu=nu)
    start = next((g for g in b.gevolgen if isinstance(g, RegistreerStart)), None)
    if start is None or stand.traject is None:
        return b
    t = stand.traject
    return replace(b, gevolgen=(*b.gevolgen, StartVerwijzing(t.fase, t.partner, start.gestart_op)))


def na_verwijzer(b: Beslissing, k: Kandidaat, p: Programma) -> Beslissing:
    """A referral by a school or coach: recorded, and the referrer hears the outcome."""
    verwijzer = p.verwijzing.verwijzer(k.partner)
    if verwijzer is None or b.afhandeling != Afhandeling.GEACCEPTEERD:
        return b
    uitkomst = bericht(
        k,
        k.partner,
        "verwijzing.uitkomst",
        b.naar_fase,
        {"uitkomst": "aangemeld", "programma": p.id, "regiehouder": verwijzer.regiehouder},
    )
    return replace(
        b,
        berichten=(*b.berichten, uitkomst),
        gevolgen=(*b.gevolgen, LegVerwijzerVast(k.partner, verwijzer.regiehouder)),
    )


def stand_na_verwijzing(stand: DeelnemerStand, b: Beslissing) -> DeelnemerStand:
    """The referral and regiehouder after an accepted decision, for the next event in the batch."""
    v = stand.verwijzing
    for g in b.gevolgen:
        if isinstance(g, OpenVerwijzing):
            eerder = v.afgewezen_door if v is not None and v.fase == g.fase else frozenset()
            v = VerwijzingStand(None, g.fase, g.partner, VerwijzingStatus.AANGEVRAAGD, eerder)
        elif isinstance(g, BeantwoordVerwijzing) and v is not None:
            afgewezen = g.status == VerwijzingStatus.AFGEWEZEN
            door = v.afgewezen_door | {v.partner} if afgewezen else v.afgewezen_door
            v = replace(v, status=g.status, afgewezen_door=door)
        elif isinstance(g, StartVerwijzing) and v is not None and v.partner == g.partner:
            v = replace(v, status=VerwijzingStatus.GESTART)
        elif isinstance(g, WisselRegiehouder):
            stand = replace(stand, regiehouder=g.naar)
        elif isinstance(g, LegVerwijzerVast):
            stand = replace(stand, regiehouder=g.regiehouder)
    return stand if v is stand.verwijzing else replace(stand, verwijzing=v)
