"""Closed-loop referrals, a new regiehouder without closing, and other referrers, through the real
path: signed webhook → receiver → inbox → verwerk_inbox flow → ledger, outbox, flags, tables."""

from __future__ import annotations

from datetime import date, timedelta

from rich.console import Console
from sqlmodel import col, select

from cli.status import toon_status
from connectors.simulator.voorbeelden import GELDIG
from flows.verwerk_inbox import verwerk_inbox
from persistence import InboxBericht, OutboxBericht, maak_engine, sessie, signalen, verloop
from persistence.tabellen_verwijzing import Aanmelder, RegiehouderPeriode, Verwijzing
from schemas.contracten import AssessmentNaarOntwikkeling, Trackwissel
from tests.beslisser import REGIEHOUDER
from tests.flows.hulp import instroom_afgerond, meld_aan, stuur, toestand

HORECA, TECHNIEK = "ontwikkeling-horeca-utrecht", "ontwikkeling-techniek-utrecht"
GEMEENTE, PW = "gemeente-utrecht", "gemeente-utrecht-participatiewet"
BESLUIT = {"reden": "vrijstelling inburgering", "rol": "regiehouder", "persoon": "MW-10423"}


def _naar_ontwikkeling(omgeving):
    """Referred, through instroom and assessment: a referral to the horeca partner is open."""
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, GEMEENTE, instroom_afgerond(pseudoniem), webhook_id="instroom-1")
    verwerk_inbox(stil_na_s=0)
    naar = {
        "type": "fase.afgerond",
        "deelnemer": pseudoniem,
        "fase": "assessment",
        "naar": "ontwikkeling",
        "dossier": GELDIG[AssessmentNaarOntwikkeling],
    }
    stuur(omgeving, "assessment-utrecht", naar)
    verwerk_inbox(stil_na_s=0)
    return pseudoniem


def _antwoord(pseudoniem, antwoord, **velden):
    return {
        "type": "verwijzing.beantwoord",
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "antwoord": antwoord,
        **velden,
    }


def _verwijzingen(instellingen, pseudoniem):
    with sessie(maak_engine(instellingen.db_url)) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        rijen = s.exec(select(Verwijzing).where(Verwijzing.deelnemer_id == d.id)).all()
        return [(v.partner, v.status, v.reden) for v in sorted(rijen, key=lambda v: v.id)]


def _berichten(instellingen, pseudoniem, soort):
    with sessie(maak_engine(instellingen.db_url)) as s:
        rijen = s.exec(
            select(OutboxBericht)
            .where(OutboxBericht.pseudoniem == pseudoniem, OutboxBericht.soort == soort)
            .order_by(
                col(OutboxBericht.id)
            )  # in the order written: PostgreSQL keeps no order by itself
        ).all()
        return [(m.partner, m.bericht["inhoud"]) for m in rijen]


def _inbox_status(instellingen, partner, webhook_id):
    with sessie(maak_engine(instellingen.db_url)) as s:
        return s.exec(
            select(InboxBericht.status).where(
                InboxBericht.partner == partner, InboxBericht.webhook_id == webhook_id
            )
        ).one()


def test_afwijzing_gaat_terug_naar_de_regiehouder_die_een_tweede_partner_kiest(omgeving):
    instellingen = omgeving[0]
    pseudoniem = _naar_ontwikkeling(omgeving)
    assert _verwijzingen(instellingen, pseudoniem) == [
        ("assessment-utrecht", "afgerond", None),  # it handed on: it ran the phase
        (HORECA, "aangevraagd", None),
    ]

    stuur(omgeving, HORECA, _antwoord(pseudoniem, "afgewezen", reden="geen_capaciteit"))
    verwerk_inbox(stil_na_s=0)
    assert _verwijzingen(instellingen, pseudoniem)[1:] == [(HORECA, "afgewezen", "geen_capaciteit")]
    [(ontvanger, inhoud)] = _berichten(instellingen, pseudoniem, "verwijzing.antwoord")
    assert ontvanger == GEMEENTE and inhoud["reden"] == "geen_capaciteit"
    assert inhoud["kies_uit"] == [TECHNIEK, "ontwikkeling-facilitair-utrecht"]
    with sessie(maak_engine(instellingen.db_url)) as s:
        vlaggen = signalen.open_signalen(session=s, pseudoniem=pseudoniem)
        assert [(v.soort, v.partner) for v in vlaggen] == [("verwijzing_afgewezen", GEMEENTE)]

    # Answering twice is refused with its reason; the declining partner is not picked again.
    stuur(omgeving, HORECA, _antwoord(pseudoniem, "geaccepteerd"), webhook_id="nogmaals")
    wissel = {
        "type": "traject.gewisseld",
        "besluit": REGIEHOUDER,
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "naar_partner": HORECA,
        "dossier": GELDIG[Trackwissel],
    }
    verwerk_inbox(stil_na_s=0)
    stuur(omgeving, GEMEENTE, wissel, webhook_id="kies-weer-horeca")
    verwerk_inbox(stil_na_s=0)  # one handoff per participant per batch (the gate's rule)
    stuur(omgeving, GEMEENTE, wissel | {"naar_partner": "vakopleiding-utrecht"}, webhook_id="vak")
    verwerk_inbox(stil_na_s=0)
    geweigerd = {
        m["webhook_id"]: m["reden"]
        for _, m in _berichten(instellingen, pseudoniem, "overdracht.geweigerd")
    }
    assert "not open" in geweigerd["nogmaals"]
    assert f"{HORECA} declined" in geweigerd["kies-weer-horeca"]
    assert "runs no ontwikkeling" in geweigerd["vak"]

    stuur(omgeving, GEMEENTE, wissel | {"naar_partner": TECHNIEK}, webhook_id="kies-techniek")
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem)[2][-1] == "wisselen"
    with sessie(maak_engine(instellingen.db_url)) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert verloop.huidig_traject(session=s, deelnemer_id=d.id).partner == TECHNIEK
        assert signalen.open_signalen(session=s, pseudoniem=pseudoniem) == []
    starts = [p for p, _ in _berichten(instellingen, pseudoniem, "traject.start")]
    assert starts[-1] == TECHNIEK
    assert _verwijzingen(instellingen, pseudoniem)[-1] == (TECHNIEK, "aangevraagd", None)
    # The declining partner no longer runs the phase: its answer is refused at the door.
    stuur(omgeving, HORECA, _antwoord(pseudoniem, "geaccepteerd"), verwacht=(403,))


def test_wachtlijst_dan_start_meet_de_wachttijd(omgeving):
    instellingen = omgeving[0]
    pseudoniem = _naar_ontwikkeling(omgeving)
    verwacht = (date.today() + timedelta(days=30)).isoformat()
    stuur(omgeving, HORECA, _antwoord(pseudoniem, "wachtlijst", verwachte_start=verwacht))
    verwerk_inbox(stil_na_s=0)
    [(ontvanger, inhoud)] = _berichten(instellingen, pseudoniem, "verwijzing.antwoord")
    assert (ontvanger, inhoud["verwachte_start"]) == (GEMEENTE, verwacht)
    # Started: fase.gestart implies acceptance and ends the time on the waiting list.
    gestart = {
        "type": "fase.gestart",
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "gestart_op": date.today().isoformat(),
    }
    stuur(omgeving, HORECA, gestart)
    verwerk_inbox(stil_na_s=0)
    with sessie(maak_engine(instellingen.db_url)) as s:
        v = s.exec(select(Verwijzing).where(Verwijzing.partner == HORECA)).one()
    assert v.status == "gestart" and v.wachtlijst_sinds is not None
    assert v.wachtlijst_tot is not None and v.wachtlijst_tot >= v.wachtlijst_sinds
    console = Console(record=True, width=200)
    toon_status(pseudoniem, instellingen, console)
    uit = console.export_text()
    assert "referrals" in uit and "gestart" in uit and "0 d" in uit


def test_wachtlijst_dan_acceptatie_sluit_de_wachttijd(omgeving):
    instellingen = omgeving[0]
    pseudoniem = _naar_ontwikkeling(omgeving)
    morgen = (date.today() + timedelta(days=1)).isoformat()
    stuur(omgeving, HORECA, _antwoord(pseudoniem, "wachtlijst", verwachte_start=morgen))
    verwerk_inbox(stil_na_s=0)
    stuur(omgeving, HORECA, _antwoord(pseudoniem, "geaccepteerd"), webhook_id="ja")
    verwerk_inbox(stil_na_s=0)
    with sessie(maak_engine(instellingen.db_url)) as s:
        v = s.exec(select(Verwijzing).where(Verwijzing.partner == HORECA)).one()
    assert (v.status, v.verwachte_start.isoformat()) == ("geaccepteerd", morgen)
    assert v.wachtlijst_tot is not None and v.wachtlijst_tot >= v.wachtlijst_sinds
    assert _inbox_status(instellingen, HORECA, "ja") == "geaccepteerd"


def test_een_antwoord_van_een_andere_partner_is_403(omgeving):
    pseudoniem = _naar_ontwikkeling(omgeving)
    fout = stuur(
        omgeving,
        TECHNIEK,
        _antwoord(pseudoniem, "afgewezen", reden="niet_passend"),
        verwacht=(403,),
    )
    assert "detail" in fout
    # and the regiehouder cannot pick another partner while nothing was declined
    wissel = {
        "type": "traject.gewisseld",
        "besluit": REGIEHOUDER,
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "naar_partner": TECHNIEK,
        "dossier": GELDIG[Trackwissel],
    }
    stuur(omgeving, GEMEENTE, wissel, webhook_id="te-vroeg")
    verwerk_inbox(stil_na_s=0)
    [reden] = [m["reden"] for _, m in _berichten(omgeving[0], pseudoniem, "overdracht.geweigerd")]
    assert "only after a decline" in reden


def test_regimewissel_houdt_het_traject_en_de_geschiedenis(omgeving):
    instellingen = omgeving[0]
    pseudoniem = _naar_ontwikkeling(omgeving)
    voor = toestand(instellingen, pseudoniem)
    wissel = {
        "type": "regiehouder.gewisseld",
        "deelnemer": pseudoniem,
        "naar_regiehouder": PW,
        "soort": "regimewissel",
    }
    fout = stuur(omgeving, GEMEENTE, wissel, verwacht=(422,))
    assert "besluit" in str(fout["detail"])
    stuur(omgeving, HORECA, wissel | {"besluit": BESLUIT}, verwacht=(403,))
    stuur(omgeving, GEMEENTE, wissel | {"besluit": BESLUIT})
    verwerk_inbox(stil_na_s=0)

    assert toestand(instellingen, pseudoniem) == voor, "the trajectory runs on, history kept"
    with sessie(maak_engine(instellingen.db_url)) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d.gemeente_partner == PW
        perioden = s.exec(
            select(RegiehouderPeriode).where(RegiehouderPeriode.deelnemer_id == d.id)
        ).all()
    assert [(p.regiehouder, p.soort, p.tot is None) for p in perioden] == [
        (GEMEENTE, "aanmelding", False),
        (PW, "regimewissel", True),
    ]
    assert (perioden[1].besluit_rol, perioden[1].besluit_persoon) == ("regiehouder", "MW-10423")
    [(ontvanger, inhoud)] = _berichten(instellingen, pseudoniem, "regiehouder.overdracht")
    assert ontvanger == PW and inhoud["fase"] == "ontwikkeling" and inhoud["partner"] == HORECA

    console = Console(record=True, width=200)
    toon_status(pseudoniem, instellingen, console)
    uit = console.export_text()
    assert f"regiehouder {PW}" in uit and "regiehouder periods" in uit
    assert "regimewissel: vrijstelling inburgering" in uit and "regiehouder MW-10423" in uit
    # The old gemeente keeps reading its own history: what became of the handoffs it sent.
    _, catalogus, client = omgeving
    sleutel = catalogus.partner(GEMEENTE).api_sleutel.get_secret_value()
    status = client.get(
        f"/webhooks/{GEMEENTE}/status/instroom-1", headers={"authorization": f"Bearer {sleutel}"}
    )
    assert status.status_code == 200 and status.json()["status"] == "geaccepteerd"
    # From now on the old gemeente is refused and the new one is obeyed.
    herinstroom = {"type": "regiehouder.gewisseld", "deelnemer": pseudoniem, "besluit": BESLUIT}
    terug = herinstroom | {"naar_regiehouder": GEMEENTE, "soort": "regimewissel"}
    stuur(omgeving, GEMEENTE, terug, verwacht=(403,))
    stuur(omgeving, HORECA, _antwoord(pseudoniem, "afgewezen", reden="niet_passend"))
    verwerk_inbox(stil_na_s=0)
    [(ontvanger, _)] = _berichten(instellingen, pseudoniem, "verwijzing.antwoord")
    assert ontvanger == PW, "the decline goes to the new regiehouder"
    verhuizing = terug | {"naar_regiehouder": "gemeente-amersfoort", "soort": "verhuizing"}
    stuur(omgeving, PW, verhuizing, webhook_id="verhuist")
    verwerk_inbox(stil_na_s=0)
    assert _inbox_status(instellingen, PW, "verhuist") == "geaccepteerd"
    # and a regiehouder the programme does not list is refused with its reason
    stuur(
        omgeving, "gemeente-amersfoort", verhuizing | {"naar_regiehouder": HORECA}, webhook_id="x"
    )
    verwerk_inbox(stil_na_s=0)
    [(_, m)] = [
        (p, m)
        for p, m in _berichten(instellingen, pseudoniem, "overdracht.geweigerd")
        if m["webhook_id"] == "x"
    ]
    assert "is not a regiehouder of utrecht-bank-tot-baan" in m["reden"]


def _aanmelding(bsn="123456782"):
    return {
        "type": "deelnemer.aangemeld",
        "verwijzing_id": "PRO-7",
        "programma": "utrecht-bank-tot-baan",
        "persoon": {"naam": "Sara Tesfay", "bsn": bsn, "geboortedatum": "2008-05-06"},
    }


def test_een_school_meldt_aan_en_de_gemeente_blijft_regiehouder(omgeving):
    instellingen = omgeving[0]
    bewijs = stuur(omgeving, "praktijkschool-utrecht", _aanmelding())
    verwerk_inbox(stil_na_s=0)
    pseudoniem = bewijs["deelnemer"]
    assert toestand(instellingen, pseudoniem) == ("instroom", "actief", ["aanmelden"])
    with sessie(maak_engine(instellingen.db_url)) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        aanmelder = s.exec(select(Aanmelder).where(Aanmelder.deelnemer_id == d.id)).one()
    assert d.gemeente_partner == GEMEENTE
    assert (aanmelder.verwijzer, aanmelder.regiehouder) == ("praktijkschool-utrecht", GEMEENTE)
    console = Console(record=True, width=200)
    toon_status(pseudoniem, instellingen, console)
    assert "referred by praktijkschool-utrecht" in console.export_text()
    [(ontvanger, inhoud)] = _berichten(instellingen, pseudoniem, "verwijzing.uitkomst")
    assert ontvanger == "praktijkschool-utrecht" and inhoud["uitkomst"] == "aangemeld"
    # the gemeente runs the case: it hands instroom on; the school does not
    stuur(omgeving, "praktijkschool-utrecht", instroom_afgerond(pseudoniem), verwacht=(403,))
    stuur(omgeving, GEMEENTE, instroom_afgerond(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem)[0] == "assessment"


def test_een_niet_geconfigureerde_verwijzer_wordt_geweigerd(omgeving):
    fout = stuur(omgeving, "vakopleiding-utrecht", _aanmelding(), verwacht=(403,))
    assert "verwijzing.verwijzers" in fout["detail"]
    # a configured referrer of one programme does not refer into another
    anders = _aanmelding() | {"programma": "harderwijk-voltijd-klantreis"}
    stuur(omgeving, "praktijkschool-utrecht", anders, verwacht=(403,))
    assert meld_aan(omgeving).startswith("KT-"), "the gemeente's own referral still works"
