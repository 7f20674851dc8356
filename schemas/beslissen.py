"""Deciding handoffs: a pure function from the participant's state, the programme and the checked
event to a decision (status and reason, the new state, the ledger entry, the messages, the follow-up).

`beslis` decides one handoff; `schemas.reeks.beslis_reeks` decides a batch in order, carrying each participant's
state from one handoff to the next, and lets a move that may have overtaken an earlier event wait
for it. No session, no Prefect, no HTTP: the flows read the state, persistence writes the result.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from schemas import maatregelen
from schemas._baanbeslissing import (
    banen_na,
    beslis_baan,
    beslis_baan_start,
    hoofd_weigering,
)
from schemas._beweging_gevolgen import berichten_na, opvolging_na
from schemas._meldingen import beslis_melding, weiger
from schemas.banen import baan_van
from schemas.beeld_overdragen import beeld_berichten
from schemas.fase import Beweging, TrajectStatus
from schemas.gebeurtenissen import (
    AanmeldingKern,
    FaseAfgerond,
    TrackGewisseld,
    beweging_van,
    fase_van,
    naar_van,
)
from schemas.ijkpunt_beslissen import (
    beslis_ijkpunt,
    plan_ijkpunten,
    route_partner,
    route_weigering,
)
from schemas.observatie_beslissen import beslis_grondslag, beslis_observatie
from schemas.overdracht import (
    Afhandeling,
    Beslissing,
    DeelnemerStand,
    Gevolg,
    Grootboekregel,
    Kandidaat,
    TrajectStand,
    VervangQuarantaine,
)
from schemas.plan_beslissen import beslis_plan, plan_weigering
from schemas.programma import Besluit, Programma, Toestand
from schemas.regiehouder import beslis_wissel
from schemas.toegang import Betrokkenheid, weigering
from schemas.toestemming_beslissen import beslis_toestemming
from schemas.trackwissel import met_rapport
from schemas.uitstroom import (
    beoordeel_afsluiting,
    beslis_uitkomst,
)
from schemas.verwijzing_beslissen import (
    beslis_antwoord,
    gestart,
    herverwijs,
    is_herverwijzing,
    na_verwijzer,
    open_verwijzingen,
    regiehouder_van,
)

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
    "observatie.gemeld": beslis_observatie,
    "grondslag.vastgelegd": beslis_grondslag,
    "toestemming.vastgelegd": beslis_toestemming,
    "toestemming.ingetrokken": beslis_toestemming,
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
        return met_rapport(stand, k, programma, herverwijs(stand, k, programma))
    beslisser = BESLISSERS.get(k.type)
    if beslisser is not None:
        return beslisser(stand, k, programma, nu)
    b = _beweeg(stand, k, programma, nu=nu, volgorde_wacht=volgorde_wacht)
    return met_rapport(stand, k, programma, b)  # a track switch hands on the assessment report


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
    if tegen := route_weigering(stand, beweging, besluit):
        return weiger(k, Afhandeling.GEWEIGERD, tegen)
    if tegen := plan_weigering(stand, p, beweging, t.fase, besluit):
        # the plan may be on its way from the same partner (webhooks carry no order): wait for it
        zonder_plan = Besluit(toegestaan=False, reden=tegen, later_mogelijk=True)
        return _wacht_of_weiger(k, zonder_plan, nu=nu, volgorde_wacht=volgorde_wacht)
    return _voer_uit(stand, k, p, besluit)


def _wacht_of_weiger(
    k: Kandidaat, besluit: Besluit, *, nu: datetime, volgorde_wacht: timedelta
) -> Beslissing:
    """A move refused only for the trajectory's status, or for a plan not yet recorded, may have
    overtaken an earlier event of the same partner (webhooks carry no order): it waits, with growing pauses, until `volgorde_wacht`
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
    gevolgen += opvolging_na(beweging, naar, k, p)
    regiehouder = regiehouder_van(stand, k, p)
    gevolgen += plan_ijkpunten(p, regiehouder, van, naar, beweging, nieuw_traject)
    berichten = berichten_na(k, stand, naar, beweging) + baanberichten
    berichten += beeld_berichten(p, van, k, beweging)  # the beeld van iemand to the school
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
