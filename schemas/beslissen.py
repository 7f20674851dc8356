"""Deciding handoffs: a pure function from the participant's state, the programme and the checked
event to a decision (status and reason, the new state, the ledger entry, the messages, the follow-up).

`beslis` decides one handoff; `beslis_reeks` decides a batch in order, carrying each participant's
state from one handoff to the next, and lets a move that may have overtaken an earlier event wait
for it. No session, no Prefect, no HTTP: the flows read the state, persistence writes the result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from schemas import maatregelen
from schemas._baanbeslissing import (
    banen_na,
    beslis_baan,
    beslis_baan_start,
    hoofd_weigering,
    stand_na_baan,
)
from schemas._meldingen import bericht, beslis_melding, weiger
from schemas.banen import baan_van
from schemas.contracten import Afsluiting, PlaatsingNaarNazorg
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import (
    AanmeldingKern,
    FaseAfgerond,
    TrackGewisseld,
    Uitgevallen,
    beweging_van,
    fase_van,
    naar_van,
)
from schemas.ijkpunt_beslissen import (
    beslis_ijkpunt,
    na_besluit,
    plan_ijkpunten,
    route_partner,
    route_weigering,
)
from schemas.opvolging import SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    Bericht,
    Beslissing,
    DeelnemerStand,
    Gevolg,
    Grootboekregel,
    Kandidaat,
    LaatCheckinsVervallen,
    LegAntwoordVast,
    LosSignalenOp,
    PlanCheckins,
    RegistreerStart,
    TrajectStand,
    VervangQuarantaine,
)
from schemas.plan_beslissen import beslis_plan, na_plan, plan_weigering
from schemas.programma import Besluit, Programma, Toestand
from schemas.regiehouder import beslis_wissel
from schemas.toegang import Betrokkenheid, weigering
from schemas.uitstroom import (
    afsluit_inhoud,
    beoordeel_afsluiting,
    beslis_uitkomst,
    uitkomst_gevolg,
)
from schemas.verwijzing_beslissen import (
    beslis_antwoord,
    gestart,
    herverwijs,
    is_herverwijzing,
    na_verwijzer,
    open_verwijzingen,
    regiehouder_van,
    stand_na_verwijzing,
)

_NA_HERINSTROOM = (SignaalSoort.TERUGVAL, SignaalSoort.CHECKIN_GEMIST, SignaalSoort.STEUNVRAAG)


Beslisser = Callable[[DeelnemerStand, Kandidaat, Programma, datetime], Beslissing]


def _melding(stand: DeelnemerStand, k: Kandidaat, _: Programma, nu: datetime) -> Beslissing:
    return beslis_melding(stand, k, nu=nu)


# Events that are not one of the programme's moves, each decided by its own pure function (for a
# known participant); every type listed here is also in MELDING_TYPES.
BESLISSERS: dict[str, Beslisser] = {
    "fase.gestart": gestart,  # also puts the referral to that partner in progress
    "nazorg.checkin": _melding,
    "schending.gemeld": maatregelen.beslis_schending,
    "maatregel.genomen": maatregelen.beslis_maatregel,
    "incident.gemeld": maatregelen.beslis_incident,
    "uitkomst.gemeld": beslis_uitkomst,
    "ijkpunt.besloten": beslis_ijkpunt,
    "plan.vastgesteld": beslis_plan,
    "baan.gestart": beslis_baan_start,
    "verwijzing.beantwoord": beslis_antwoord,
    "regiehouder.gewisseld": beslis_wissel,
}


def beslis(
    stand: DeelnemerStand | None,
    k: Kandidaat,
    programmas: Mapping[str, Programma],
    *,
    nu: datetime,
    volgorde_wacht: timedelta = timedelta(0),
) -> Beslissing:
    """Decide one handoff; every path ends in a status with a reason."""
    if k.weigering:
        return weiger(k, Afhandeling.GEWEIGERD, k.weigering)
    if k.bevindingen:
        regels = ", ".join(k.gefaalde_regels)
        return weiger(
            k, Afhandeling.QUARANTAINE, f"contract {k.contract_id or 'event'} failed: {regels}"
        )
    programma = programmas.get(k.programma or "")
    if programma is None:
        return weiger(k, Afhandeling.GEWEIGERD, f"unknown programme {k.programma}")
    if isinstance(k.gebeurtenis, AanmeldingKern):
        return _meld_aan(stand, k, programma)
    if stand is None or stand.traject is None:
        return weiger(k, Afhandeling.GEWEIGERD, f"unknown participant {k.pseudoniem}")
    if baan_van(k.gebeurtenis) is not None:
        return beslis_baan(
            stand,
            k,
            programma,
            lambda k, b: _wacht_of_weiger(k, b, nu=nu, volgorde_wacht=volgorde_wacht),
        )
    if is_herverwijzing(stand, k):  # the regiehouder's pick after a decline
        return herverwijs(stand, k, programma)
    beslisser = BESLISSERS.get(k.type)
    if beslisser is not None:
        return beslisser(stand, k, programma, nu)
    return _beweeg(stand, k, programma, nu=nu, volgorde_wacht=volgorde_wacht)


def _meld_aan(stand: DeelnemerStand | None, k: Kandidaat, p: Programma) -> Beslissing:
    eerste = p.inrichting(p.fase_volgorde[0]).partners
    verwijzer = p.verwijzing.verwijzer(k.partner)  # a school or coach the programme names
    if k.partner not in eerste and verwijzer is None:
        return weiger(k, Afhandeling.GEWEIGERD, f"{k.partner} does not refer into {p.id}")
    if stand is not None:
        return weiger(
            k,
            Afhandeling.GEWEIGERD,
            "participant already registered; a re-entry is deelnemer.herinstroom",
        )
    partner = k.partner if verwijzer is None else verwijzer.regiehouder
    besluit = p.beoordeel(
        Toestand(), Beweging.AANMELDEN, partner=partner if partner in eerste else None
    )
    if not besluit.toegestaan:
        return weiger(k, Afhandeling.GEWEIGERD, besluit.reden)
    return na_verwijzer(_voer_uit(None, k, p, besluit), k, p)


def _naar_partner(k: Kandidaat) -> str | None:
    return (
        k.gebeurtenis.naar_partner
        if isinstance(k.gebeurtenis, FaseAfgerond | TrackGewisseld)
        else None
    )


def _beweeg(
    stand: DeelnemerStand, k: Kandidaat, p: Programma, *, nu: datetime, volgorde_wacht: timedelta
) -> Beslissing:
    """The sender may act (the door's rule again: the state may have moved since), then the programme decides."""
    assert stand.traject is not None and k.gebeurtenis is not None
    t = stand.traject
    betrokken = Betrokkenheid(
        regiehouder=stand.regiehouder,
        fase=t.fase.value,
        partner=t.partner,
        banen=frozenset((b.naam, b.fase.value, b.partner) for b in t.banen),
    )
    verboden = weigering(k.partner, k.gebeurtenis, betrokken)
    if verboden:
        return weiger(k, Afhandeling.GEWEIGERD, verboden)
    if baanreden := hoofd_weigering(p, t, beweging_van(k.gebeurtenis)):
        return weiger(k, Afhandeling.GEWEIGERD, baanreden)
    toestand = Toestand(fase=t.fase, status=t.status, partner=t.partner)
    beweging, naar = beweging_van(k.gebeurtenis), naar_van(k.gebeurtenis)
    partner = _naar_partner(k) or route_partner(stand, beweging, naar)
    besluit = p.beoordeel(toestand, beweging, naar, partner)
    if not besluit.toegestaan:
        return _wacht_of_weiger(k, besluit, nu=nu, volgorde_wacht=volgorde_wacht)
    if besluit.status == TrajectStatus.AFGESLOTEN:  # which outcome may close from here, and when
        oordeel = beoordeel_afsluiting(p, t, k, nu)
        if oordeel.weigering is not None:
            return weiger(k, Afhandeling.GEWEIGERD, oordeel.weigering)
        besluit = besluit.model_copy(update={"reden": oordeel.reden})
    tegen = route_weigering(stand, beweging, besluit) or plan_weigering(
        stand, p, beweging, t.fase, besluit
    )
    if tegen is not None:
        return weiger(k, Afhandeling.GEWEIGERD, tegen)
    return _voer_uit(stand, k, p, besluit)


def _wacht_of_weiger(
    k: Kandidaat, besluit: Besluit, *, nu: datetime, volgorde_wacht: timedelta
) -> Beslissing:
    """A move refused only for the trajectory's status may have overtaken an earlier event of the
    same partner (webhooks carry no order): it waits, with growing pauses, until `volgorde_wacht`
    after it arrived; only then is it refused."""
    leeftijd = nu - k.ontvangen_op
    if not besluit.later_mogelijk or leeftijd >= volgorde_wacht:
        return weiger(k, Afhandeling.GEWEIGERD, besluit.reden)
    pauze = min(max(leeftijd / 2, timedelta(seconds=1)), timedelta(seconds=30))
    return Beslissing(
        Afhandeling.WACHT,
        f"waits for an earlier event: {besluit.reden}",
        van_fase=fase_van(k.gebeurtenis),
        vastleggen=False,
        opnieuw_na=pauze,
    )


def _nieuwe_stand(van: TrajectStand | None, besluit: Besluit, nieuw_traject: bool) -> TrajectStand:
    """The episode after an allowed move; the phase it leaves counts as left behind by its partner."""
    assert besluit.fase and besluit.status and besluit.partner
    verlaten = frozenset({(van.partner, van.fase.value)}) if van else frozenset()
    afgerond = verlaten if nieuw_traject or van is None else van.afgerond | verlaten
    zelfde_plek = (
        van is not None
        and not nieuw_traject
        and (van.fase, van.partner) == (besluit.fase, besluit.partner)
    )
    return TrajectStand(
        fase=besluit.fase,
        status=besluit.status,
        partner=besluit.partner,
        afgerond=afgerond,
        start_gemeld=zelfde_plek and van is not None and van.start_gemeld,
        fase_sinds=van.fase_sinds if zelfde_plek and van is not None else None,
        begonnen_op=van.begonnen_op if van is not None and not nieuw_traject else None,
    )


def _voer_uit(
    stand: DeelnemerStand | None, k: Kandidaat, p: Programma, besluit: Besluit
) -> Beslissing:
    """The move is allowed: the ledger entry, the new state, what partners hear, and the follow-up."""
    assert k.gebeurtenis is not None
    van = stand.traject if stand else None
    beweging = beweging_van(k.gebeurtenis)
    nieuw_traject = van is None or beweging == Beweging.HERINSTROMEN
    naar = _nieuwe_stand(van, besluit, nieuw_traject)
    naar, baanregels, baanberichten = banen_na(p, k, van, naar, beweging, nieuw_traject)
    reden = f"{besluit.reden}{k.toelichting}"
    gevolgen: list[Gevolg] = []
    if van is not None and stand is not None and stand.met_quarantaine:
        gevolgen.append(VervangQuarantaine(van_fase=van.fase, door=f"{k.partner}/{k.webhook_id}"))
    gevolgen += _opvolging_na(beweging, naar, k, p)
    regiehouder = regiehouder_van(stand, k, p)
    gevolgen += plan_ijkpunten(p, regiehouder, van, naar, beweging, nieuw_traject)
    berichten = _berichten(k, stand, naar, beweging) + baanberichten
    gevolgen += open_verwijzingen(regiehouder, berichten, k.partner)
    return Beslissing(
        Afhandeling.GEACCEPTEERD,
        reden,
        van_fase=van.fase if van else None,
        naar_fase=naar.fase,
        nieuwe_deelnemer=stand is None,
        grootboek=Grootboekregel(
            beweging,
            van,
            naar,
            reden,
            besloten_door=k.partner,
            nieuw_traject=nieuw_traject,
            verantwoording=k.gebeurtenis.besluit,
            banen=baanregels,
        ),
        berichten=berichten,
        gevolgen=tuple(gevolgen),
    )


def _opvolging_na(
    beweging: Beweging, naar: TrajectStand, k: Kandidaat, p: Programma
) -> list[Gevolg]:
    """A placement handed to nazorg plans its check-ins; a re-entry cancels what was pending; a
    closure records its outcome."""
    if beweging == Beweging.HERINSTROMEN:
        return [LaatCheckinsVervallen(), LosSignalenOp(_NA_HERINSTROOM)]
    if naar.fase == Fase.NAZORG and isinstance(k.dossier, PlaatsingNaarNazorg):
        return [
            PlanCheckins(
                partner=naar.partner,
                startdatum=k.dossier.startdatum,
                maanden=tuple(p.nazorg.maanden),
            )
        ]
    if beweging == Beweging.AFSLUITEN and isinstance(k.dossier, Afsluiting):
        return [uitkomst_gevolg(k.dossier, k.partner)]
    return []


def _berichten(
    k: Kandidaat, stand: DeelnemerStand | None, naar: TrajectStand, beweging: Beweging
) -> tuple[Bericht, ...]:
    """What each partner must now hear: the regiehouder of a dropout or a closure, the next partner of a handoff."""
    regiehouder = stand.regiehouder if stand else k.partner
    if beweging == Beweging.UITVALLEN and isinstance(k.gebeurtenis, Uitgevallen):
        return (
            bericht(
                k,
                regiehouder,
                "melding.uitval",
                naar.fase,
                {"fase": naar.fase.value, "reden": k.gebeurtenis.reden.value},
            ),
        )
    if beweging == Beweging.AFSLUITEN and isinstance(k.dossier, Afsluiting):
        return (
            bericht(
                k,
                regiehouder,
                "melding.afgesloten",
                naar.fase,
                afsluit_inhoud(k.dossier),
            ),
        )
    if beweging in (Beweging.PAUZEREN, Beweging.HERVATTEN, Beweging.AFSLUITEN):
        return ()
    return (
        bericht(
            k,
            naar.partner,
            "traject.start",
            naar.fase,
            k.dossier.voor_ontvanger() if k.dossier else {},
        ),
    )


def stand_na(
    stand: DeelnemerStand | None, k: Kandidaat, b: Beslissing, *, met_quarantaine: bool
) -> DeelnemerStand | None:
    """The participant's state after a decision, for the next handoff about them in the same batch."""
    if b.afhandeling == Afhandeling.QUARANTAINE:
        return replace(stand, met_quarantaine=True) if stand else None
    if b.afhandeling != Afhandeling.GEACCEPTEERD:
        return stand
    if b.grootboek is not None:
        if stand is None:
            nieuw = DeelnemerStand(
                pseudoniem=k.pseudoniem or "",
                programma=k.programma or "",
                regiehouder=k.partner,
                traject=b.grootboek.naar,
                met_quarantaine=met_quarantaine,
            )
            return stand_na_verwijzing(nieuw, b)
        return stand_na_verwijzing(_na_beweging(stand, b), b)
    return stand_na_verwijzing(_na_melding(stand, b), b) if stand else None


def _na_beweging(stand: DeelnemerStand, b: Beslissing) -> DeelnemerStand:
    assert b.grootboek is not None
    if b.grootboek.baan is not None and stand.traject is not None:
        return replace(stand, traject=stand_na_baan(stand.traject, b))
    nieuw = b.grootboek.nieuw_traject  # a re-entry: the old episode's checkpoints stay behind
    return replace(stand, traject=b.grootboek.naar, ijkpunten=() if nieuw else stand.ijkpunten)


def _na_melding(stand: DeelnemerStand, b: Beslissing) -> DeelnemerStand:
    beantwoord = {g.checkin_id for g in b.gevolgen if isinstance(g, LegAntwoordVast)}
    gestart = any(isinstance(g, RegistreerStart) for g in b.gevolgen)
    traject = (
        replace(stand.traject, start_gemeld=True) if gestart and stand.traject else stand.traject
    )
    traject = stand_na_baan(traject, b) if traject else None
    basis = replace(
        stand,
        traject=traject,
        open_checkins=tuple(c for c in stand.open_checkins if c.id not in beantwoord),
    )
    return maatregelen.stand_na(na_plan(na_besluit(basis, b), b), b)


def beslis_reeks(
    kandidaten: Sequence[Kandidaat],
    standen: Mapping[str, DeelnemerStand],
    programmas: Mapping[str, Programma],
    *,
    nu: datetime,
    volgorde_wacht: timedelta = timedelta(0),
) -> list[tuple[Kandidaat, Beslissing]]:
    """Decide a batch in arrival order; returns each handoff once, in the order to write them.

    A move that waits for an earlier event is tried again as soon as another handoff of the same
    participant is accepted in this batch; what still waits at the end comes last, as WACHT.
    """
    stand = dict(standen)
    quarantaine: set[str] = {p for p, s in standen.items() if s.met_quarantaine}
    besloten: list[tuple[Kandidaat, Beslissing]] = []
    wachtend: dict[str, list[tuple[Kandidaat, Beslissing]]] = {}

    def pas(k: Kandidaat) -> Beslissing:
        p = k.pseudoniem or ""
        b = beslis(stand.get(p), k, programmas, nu=nu, volgorde_wacht=volgorde_wacht)
        if b.afhandeling == Afhandeling.QUARANTAINE and k.pseudoniem:
            quarantaine.add(p)
        nieuw = stand_na(stand.get(p), k, b, met_quarantaine=p in quarantaine)
        if nieuw is not None:
            stand[p] = nieuw
        return b

    for k in kandidaten:
        b = pas(k)
        if b.afhandeling == Afhandeling.WACHT and k.pseudoniem:
            wachtend.setdefault(k.pseudoniem, []).append((k, b))
            continue
        besloten.append((k, b))
        if b.afhandeling == Afhandeling.GEACCEPTEERD and k.pseudoniem in wachtend:
            besloten += _probeer_opnieuw(wachtend[k.pseudoniem], pas)
    return besloten + [paar for rij in wachtend.values() for paar in rij]


def _probeer_opnieuw(
    wachtend: list[tuple[Kandidaat, Beslissing]], pas: Callable[[Kandidaat], Beslissing]
) -> list[tuple[Kandidaat, Beslissing]]:
    """An earlier event just arrived: what waited for it is tried again, in order, until nothing
    moves; what still waits stays in `wachtend` with its latest decision."""
    klaar: list[tuple[Kandidaat, Beslissing]] = []
    voortgang = True
    while voortgang:
        voortgang, nog = False, []
        for k, _ in wachtend:
            b = pas(k)
            if b.afhandeling == Afhandeling.WACHT:
                nog.append((k, b))
            else:
                klaar.append((k, b))
                voortgang = True
        wachtend[:] = nog
    return klaar
