"""Deciding lanes (schemas.banen), purely: an event that names a lane is decided against that
lane's own state and phase table; a main-lane move starts or ends the lanes that follow from it;
the regiehouder starts a lane on request (`baan.gestart`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from schemas.baan_uitkomst import baan_uitkomst
from schemas.banen import LOPEND, BaanGestart, BaanStand, baan_van, mag_samen
from schemas.berichten import BerichtSoort, PartnerBericht
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import (
    FaseAfgerond,
    FaseGestart,
    TrackGewisseld,
    Uitgevallen,
    beweging_van,
    naar_van,
)
from schemas.opvolging import SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    Bericht,
    Beslissing,
    DeelnemerStand,
    Grootboekregel,
    Kandidaat,
    LosSignalenOp,
    RegistreerBaanStart,
    TrajectStand,
)
from schemas.programma import Besluit, Programma, Toestand
from schemas.toegang import Betrokkenheid, weigering

_BEEINDIGD = (TrajectStatus.AFGESLOTEN, TrajectStatus.UITGEVALLEN)
WachtOfWeiger = Callable[[Kandidaat, Besluit], Beslissing]


def _weiger(k: Kandidaat, reden: str) -> Beslissing:
    from schemas._meldingen import weiger

    return weiger(k, Afhandeling.GEWEIGERD, reden)


def _bericht(
    k: Kandidaat, ontvanger: str, soort: BerichtSoort, baan: str, fase: Fase, inhoud: dict[str, Any]
) -> Bericht:
    """A message about a lane; its key names the inbox row and the lane, as one row may start
    several lanes."""
    return Bericht(
        ontvanger,
        PartnerBericht(
            sleutel=f"{k.partner}/{k.webhook_id}/{soort}/{baan}",
            soort=soort,
            deelnemer=k.pseudoniem or "onbekend",
            programma=k.programma or "onbekend",
            fase=fase,
            inhoud={"baan": baan} | inhoud,
        ),
    )


def _stand(b: BaanStand) -> TrajectStand:
    return TrajectStand(fase=b.fase, status=b.status, partner=b.partner)


def _regel(
    k: Kandidaat,
    naam: str,
    beweging: Beweging,
    van: BaanStand | None,
    naar: BaanStand,
    reden: str,
) -> Grootboekregel:
    return Grootboekregel(
        beweging,
        _stand(van) if van else None,
        _stand(naar),
        reden,
        besloten_door=k.partner,
        nieuw_traject=False,
        verantwoording=k.gebeurtenis.besluit if k.gebeurtenis else None,
        baan=naam,
    )


def met_baan(banen: tuple[BaanStand, ...], nieuw: BaanStand) -> tuple[BaanStand, ...]:
    return tuple(b for b in banen if b.naam != nieuw.naam) + (nieuw,)


def beslis_baan(
    stand: DeelnemerStand, k: Kandidaat, p: Programma, wacht_of_weiger: WachtOfWeiger
) -> Beslissing:
    """An event naming a lane: the lane's partner may act on it (the door's rule again), then the
    lane's own phase table decides the move."""
    g, t = k.gebeurtenis, stand.traject
    assert g is not None and t is not None
    naam = baan_van(g) or ""
    if not any(b.naam == naam for b in p.banen):
        return _weiger(k, f"programme {p.id} has no lane {naam}")
    baan = t.baan(naam)
    if baan is None:
        return _weiger(k, f"lane {naam} of {k.pseudoniem} has not started")
    betrokken = Betrokkenheid(
        regiehouder=stand.regiehouder,
        fase=t.fase.value,
        partner=t.partner,
        afgerond=baan.afgerond,
        banen=frozenset({(baan.naam, baan.fase.value, baan.partner)}),
    )
    verboden = weigering(k.partner, g, betrokken)
    if verboden:
        return _weiger(k, verboden)
    if isinstance(g, FaseGestart):
        return _gestart(k, g, baan)
    naar_partner = g.naar_partner if isinstance(g, FaseAfgerond | TrackGewisseld) else None
    beweging = beweging_van(g)
    besluit = (
        p.baan(naam)
        .als_programma(p)
        .beoordeel(
            Toestand(fase=baan.fase, status=baan.status, partner=baan.partner),
            beweging,
            naar_van(g),
            naar_partner,
        )
    )
    if not besluit.toegestaan:
        return wacht_of_weiger(
            k, besluit.model_copy(update={"reden": f"lane {naam}: {besluit.reden}"})
        )
    assert besluit.fase and besluit.status and besluit.partner
    verlaten = frozenset({(baan.partner, baan.fase.value)})
    naar = BaanStand(
        naam, besluit.fase, besluit.status, besluit.partner, afgerond=baan.afgerond | verlaten
    )
    if (naar.fase, naar.partner) == (baan.fase, baan.partner):
        naar = replace(naar, afgerond=baan.afgerond, start_gemeld=baan.start_gemeld)
    reden = f"baan {naam}: {besluit.reden}{k.toelichting}"
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        reden,
        van_fase=baan.fase,
        naar_fase=naar.fase,
        grootboek=_regel(k, naam, beweging, baan, naar, reden),
        berichten=_berichten(k, stand.regiehouder, beweging, naar),
        gevolgen=baan_uitkomst(k, beweging),
    )


def _berichten(
    k: Kandidaat, regiehouder: str, beweging: Beweging, naar: BaanStand
) -> tuple[Bericht, ...]:
    """The regiehouder hears of a lane's dropout or end; the lane's next partner of a handoff."""
    g = k.gebeurtenis
    if beweging == Beweging.UITVALLEN and isinstance(g, Uitgevallen):
        inhoud = {"fase": naar.fase.value, "reden": g.reden.value}
        return (_bericht(k, regiehouder, "melding.uitval", naar.naam, naar.fase, inhoud),)
    if beweging == Beweging.AFSLUITEN:
        return (_bericht(k, regiehouder, "melding.afgesloten", naar.naam, naar.fase, {}),)
    if beweging in (Beweging.PAUZEREN, Beweging.HERVATTEN):
        return ()
    inhoud = k.dossier.voor_ontvanger() if k.dossier else {}
    return (_bericht(k, naar.partner, "traject.start", naar.naam, naar.fase, inhoud),)


def _gestart(k: Kandidaat, g: FaseGestart, baan: BaanStand) -> Beslissing:
    """A lane partner's start report ends the lane's waiting clock; a late one changes nothing."""
    klaar = Beslissing(
        Afhandeling.GEACCEPTEERD, "", van_fase=baan.fase, vastleggen=False, gevolgen=()
    )
    zelfde = (baan.fase, baan.partner) == (g.fase, k.partner)
    if (zelfde and baan.status in _BEEINDIGD) or (k.partner, g.fase.value) in baan.afgerond:
        return replace(klaar, reden=f"lane {baan.naam}: start reported after that phase ended")
    if not zelfde or not baan.lopend:
        return _weiger(k, f"{k.partner} does not run lane {baan.naam}'s current phase")
    if baan.start_gemeld:
        return replace(klaar, reden=f"lane {baan.naam}: start already known")
    reden = f"baan {baan.naam}: {g.fase.value} gestart op {g.gestart_op.isoformat()}"
    gevolgen = (
        RegistreerBaanStart(baan.naam, g.gestart_op),
        LosSignalenOp((SignaalSoort.WACHTEN,), partner=k.partner),  # the lane's own wait
    )
    return replace(klaar, reden=reden, gevolgen=gevolgen)


def _start_weigering(p: Programma, t: TrajectStand, naam: str) -> str | None:
    """Why lane `naam` cannot start now: it runs already, or runs not together with a running lane."""
    if t.status not in LOPEND:
        return f"the trajectory is {t.status.value}"
    for b in t.banen:
        if b.lopend and b.naam == naam:
            return f"lane {naam} runs already"
        if b.lopend and not mag_samen(p, naam, b.naam):
            return f"lane {naam} may not run together with lane {b.naam}"
    return None


def beslis_baan_start(stand: DeelnemerStand, k: Kandidaat, p: Programma, _nu: object) -> Beslissing:
    """`baan.gestart`: the regiehouder starts a lane the programme starts on request."""
    g, t = k.gebeurtenis, stand.traject
    assert isinstance(g, BaanGestart) and t is not None
    if k.partner != stand.regiehouder:
        return _weiger(k, f"only the regiehouder of {g.deelnemer} starts a lane")
    if not any(b.naam == g.baan for b in p.banen):
        return _weiger(k, f"programme {p.id} has no lane {g.baan}")
    inrichting = p.baan(g.baan)
    if inrichting.start != "verzoek":
        return _weiger(k, f"lane {g.baan} starts with {inrichting.start}, not on request")
    fase = g.fase or inrichting.fasen[0].fase
    fasen = {f.fase: f for f in inrichting.fasen}
    if fase not in fasen:
        return _weiger(k, f"lane {g.baan} has no phase {fase.value}")
    partner = g.partner or fasen[fase].partners[0]
    if partner not in fasen[fase].partners:
        return _weiger(k, f"partner {partner} runs no {fase.value} in lane {g.baan}")
    reden = _start_weigering(p, t, g.baan)
    if reden:
        return _weiger(k, f"lane {g.baan} cannot start: {reden}")
    naar = BaanStand(g.baan, fase, TrajectStatus.ACTIEF, partner)
    reden = f"baan {g.baan} gestart op verzoek in {fase.value}{k.toelichting}"
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        reden,
        naar_fase=fase,
        grootboek=_regel(k, g.baan, Beweging.AANMELDEN, None, naar, reden),
        berichten=(_bericht(k, partner, "traject.start", g.baan, fase, {}),),
    )


def hoofd_weigering(p: Programma, t: TrajectStand, beweging: Beweging) -> str | None:
    """Closing the trajectory is refused while a lane that must finish first still runs."""
    if beweging != Beweging.AFSLUITEN:
        return None
    open_ = [
        b.naam for b in t.banen if b.lopend and p.baan(b.naam).bij_einde_traject == "moet_klaar"
    ]
    return f"lane {open_[0]} must finish before the trajectory closes" if open_ else None


def banen_na(
    p: Programma,
    k: Kandidaat,
    van: TrajectStand | None,
    naar: TrajectStand,
    beweging: Beweging,
    nieuw_traject: bool,
) -> tuple[TrajectStand, tuple[Grootboekregel, ...], tuple[Bericht, ...]]:
    """A main-lane move and its lanes: the trajectory's end ends every running lane; a new episode
    starts the lanes that start with it; entering a phase starts the lanes that start there."""
    banen = () if nieuw_traject or van is None else van.banen
    regels: list[Grootboekregel] = []
    berichten: list[Bericht] = []
    if naar.status in _BEEINDIGD:
        status, baanbeweging = (
            (TrajectStatus.AFGESLOTEN, Beweging.AFSLUITEN)
            if naar.status == TrajectStatus.AFGESLOTEN
            else (TrajectStatus.UITGEVALLEN, Beweging.UITVALLEN)
        )
        for b in banen:
            if b.lopend:
                dicht = replace(b, status=status)
                reden = f"baan {b.naam} ends with the trajectory ({beweging.value})"
                regels.append(_regel(k, b.naam, baanbeweging, b, dicht, reden))
                banen = met_baan(banen, dicht)
        return replace(naar, banen=banen), tuple(regels), ()
    binnen = nieuw_traject or van is None or van.fase != naar.fase
    for inrichting in p.banen:
        start = (inrichting.start == "aanmelding" and (nieuw_traject or van is None)) or (
            inrichting.start == "fase" and binnen and naar.fase == inrichting.start_bij
        )
        if not start or _start_weigering(p, replace(naar, banen=banen), inrichting.naam):
            continue
        fase = inrichting.fasen[0]
        nieuw = BaanStand(inrichting.naam, fase.fase, TrajectStatus.ACTIEF, fase.partners[0])
        reden = f"baan {inrichting.naam} gestart met {beweging.value} in {naar.fase.value}"
        regels.append(_regel(k, inrichting.naam, Beweging.AANMELDEN, None, nieuw, reden))
        berichten.append(_bericht(k, nieuw.partner, "traject.start", nieuw.naam, nieuw.fase, {}))
        banen = met_baan(banen, nieuw)
    return replace(naar, banen=banen), tuple(regels), tuple(berichten)


def stand_na_baan(t: TrajectStand, b: Beslissing) -> TrajectStand:
    """The episode after an accepted lane decision, for the next handoff in the same batch."""
    regel = b.grootboek
    if regel is not None and regel.baan is not None:
        oud, naar = t.baan(regel.baan) if regel.van else None, regel.naar
        if oud is not None and (oud.fase, oud.partner) == (naar.fase, naar.partner):
            nieuw = replace(oud, status=naar.status)
        else:
            afgerond = oud.afgerond | {(oud.partner, oud.fase.value)} if oud else frozenset()
            nieuw = BaanStand(regel.baan, naar.fase, naar.status, naar.partner, afgerond=afgerond)
        return replace(t, banen=met_baan(t.banen, nieuw))
    for gevolg in b.gevolgen:
        if isinstance(gevolg, RegistreerBaanStart) and (oud := t.baan(gevolg.baan)):
            t = replace(t, banen=met_baan(t.banen, replace(oud, start_gemeld=True)))
    return t
