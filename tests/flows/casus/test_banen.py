"""Parallel lanes through the real path: signed webhooks into the receiver, the inbox, the
processing flow, then the ledger, the lane rows, the outbox and the watch's flags.

The lanes run in a test programme (tests/fixtures/programmas/duaal-test.yaml, the shape of a duaal
traject of seed 004); the part-time limit in the shipped Harderwijk programme (seed 001)."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from connectors.simulator.voorbeelden import GELDIG
from flows import onderdelen
from flows.opvolging import opvolging
from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie
from persistence.tabellen import Deelnemer, Overgang, Traject
from persistence.tabellen_banen import TrajectBaan
from schemas.contracten import OntwikkelingNaarVakopleiding, Trackwissel
from schemas.fase import Fase
from settings import get_settings, laad_catalogus
from tests.beslisser import TRAJECTBEGELEIDER
from tests.flows.opvolging.hulp import PROJECT, Keten, bsn
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

DUAAL, HARDERWIJK = "duaal-test", "harderwijk-voltijd-klantreis"
GEMEENTE = "meerinzicht-klantmanager"
alleen_sqlite = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def keten(tmp_path, monkeypatch, db_url):
    """The receiver and the flows on the shipped catalogue plus the lanes' test programme."""
    config = tmp_path / "config"
    shutil.copytree(PROJECT / "config", config)
    shutil.copy(PROJECT / "tests/fixtures/programmas/duaal-test.yaml", config / "programmas")
    monkeypatch.setenv("KETEN_DATA_MAP", str(tmp_path))
    monkeypatch.setenv("KETEN_DATABASE_URL", db_url)
    monkeypatch.setenv("KETEN_CONFIG_MAP", str(config))
    monkeypatch.setenv("KETEN_SIMULATOR_BASIS_URL", "http://127.0.0.1:9")
    onderdelen.vergeet()
    instellingen = get_settings()
    catalogus = laad_catalogus(instellingen)
    app = create_app(instellingen, catalogus, Aanstoter("x", starter=lambda d, k: None))
    with TestClient(app) as client:
        yield Keten(instellingen, catalogus, client)
    onderdelen.vergeet()


def _grootboek(keten: Keten, pseudoniem: str) -> list[tuple[str | None, str, str, str]]:
    """(lane, move, to phase, to partner) of every ledger entry, in order."""
    with sessie(keten.engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).one()
        rijen = s.exec(
            select(Overgang).where(Overgang.deelnemer_id == d.id).order_by(col(Overgang.id))
        )
        return [(o.baan, o.beweging, o.naar_fase, o.naar_partner) for o in rijen]


def _plek(keten: Keten, pseudoniem: str) -> tuple[tuple[str, str], dict[str, tuple[str, str, str]]]:
    """The main lane's (phase, partner) and per lane its (phase, partner, status)."""
    with sessie(keten.engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).one()
        t = s.exec(select(Traject).where(Traject.deelnemer_id == d.id)).one()
        lanes = s.exec(select(TrajectBaan).where(TrajectBaan.traject_id == t.id))
        return (t.fase, t.partner), {b.baan: (b.fase, b.partner, b.status) for b in lanes}


def _start(keten: Keten, pseudoniem: str, partner: str, fase: Fase, baan: str | None = None):
    keten.stuur(
        partner,
        {
            "type": "fase.gestart",
            "deelnemer": pseudoniem,
            "fase": fase.value,
            "gestart_op": keten.vandaag().isoformat(),
        }
        | ({"baan": baan} if baan else {}),
    )
    verwerk_inbox(stil_na_s=0)


@alleen_sqlite
def test_two_lanes_advance_independently_each_with_its_own_handoffs(keten):
    p = keten.meld_aan(DUAAL, bsn(301))
    keten.rond_af(p, DUAAL, Fase.INSTROOM)  # entering assessment starts the language lane
    assert _plek(keten, p) == (
        ("assessment", "participatiehuis-competensys"),
        {"taal": ("ontwikkeling", "taalaanbieder-voltijd", "actief")},
    )
    start = [m for m in keten.berichten("traject.start") if m.partner == "taalaanbieder-voltijd"]
    assert [m.bericht["inhoud"] for m in start] == [{"baan": "taal"}]

    # the language lane hands over to its next phase; the main lane does not move
    keten.stuur(
        "taalaanbieder-voltijd",
        {
            "type": "fase.afgerond",
            "baan": "taal",
            "deelnemer": p,
            "fase": "ontwikkeling",
            "naar": "vakopleiding",
            "dossier": GELDIG[OntwikkelingNaarVakopleiding],
        },
    )
    verwerk_inbox(stil_na_s=0)
    assert _plek(keten, p) == (
        ("assessment", "participatiehuis-competensys"),
        {"taal": ("vakopleiding", "mbo-via-duo", "actief")},
    )
    # the main lane moves on; the language lane stays where it is
    keten.rond_af(p, DUAAL, Fase.ASSESSMENT)
    assert _plek(keten, p) == (
        ("ontwikkeling", "job-taalcoach"),
        {"taal": ("vakopleiding", "mbo-via-duo", "actief")},
    )
    # the regiehouder starts the participation lane on request
    keten.stuur(GEMEENTE, {"type": "baan.gestart", "deelnemer": p, "baan": "participatie"})
    verwerk_inbox(stil_na_s=0)
    assert _grootboek(keten, p) == [
        (None, "aanmelden", "instroom", GEMEENTE),
        (None, "doorstromen", "assessment", "participatiehuis-competensys"),
        ("taal", "aanmelden", "ontwikkeling", "taalaanbieder-voltijd"),
        ("taal", "doorstromen", "vakopleiding", "mbo-via-duo"),
        (None, "doorstromen", "ontwikkeling", "job-taalcoach"),
        ("participatie", "aanmelden", "ontwikkeling", "job-taalcoach"),
    ]
    assert {m.partner for m in keten.berichten("traject.start")} >= {"mbo-via-duo"}


@alleen_sqlite
def test_a_lane_partner_is_refused_on_the_other_lane_and_the_main_partner_on_the_lane(keten):
    p = keten.meld_aan(DUAAL, bsn(302))
    keten.rond_af(p, DUAAL, Fase.INSTROOM)
    pauze = {"type": "traject.gepauzeerd", "deelnemer": p, "reden": "ziek gemeld"}
    fout = keten.stuur("taalaanbieder-voltijd", pauze | {"fase": "assessment"}, verwacht=(403,))
    assert fout["detail"] == f"taalaanbieder-voltijd does not run {p}'s current phase"
    fout = keten.stuur(
        "participatiehuis-competensys",
        pauze | {"fase": "ontwikkeling", "baan": "taal"},
        verwacht=(403,),
    )
    assert fout["detail"] == f"participatiehuis-competensys does not run {p}'s lane taal"
    fout = keten.stuur(
        "taalaanbieder-voltijd",
        pauze | {"fase": "ontwikkeling", "baan": "participatie"},
        verwacht=(403,),
    )
    assert fout["detail"] == f"{p} has no lane participatie"
    # its own lane it may pause, and only that lane pauses
    keten.stuur("taalaanbieder-voltijd", pauze | {"fase": "ontwikkeling", "baan": "taal"})
    verwerk_inbox(stil_na_s=0)
    assert _plek(keten, p) == (
        ("assessment", "participatiehuis-competensys"),
        {"taal": ("ontwikkeling", "taalaanbieder-voltijd", "gepauzeerd")},
    )


@alleen_sqlite
def test_a_part_timer_is_not_flagged_at_41_weeks_but_a_full_timer_is(keten):
    voltijd, deeltijd = keten.meld_aan(HARDERWIJK, bsn(303)), keten.meld_aan(HARDERWIJK, bsn(304))
    keten.loop([voltijd, deeltijd], HARDERWIJK, Fase.ONTWIKKELING)
    keten.stuur(
        "taalaanbieder-voltijd",
        {
            "type": "traject.gewisseld",
            "besluit": TRAJECTBEGELEIDER,
            "deelnemer": deeltijd,
            "fase": "ontwikkeling",
            "naar_partner": "taalaanbieder-deeltijd",
            "dossier": GELDIG[Trackwissel],
        },
    )
    verwerk_inbox(stil_na_s=0)
    _start(keten, voltijd, "taalaanbieder-voltijd", Fase.ONTWIKKELING)
    _start(keten, deeltijd, "taalaanbieder-deeltijd", Fase.ONTWIKKELING)
    begin = keten.vandaag()
    keten.naar(begin + timedelta(weeks=41))
    opvolging()
    te_lang = {(s.pseudoniem, s.niveau) for s in keten.signalen() if s.soort == "fase_te_lang"}
    assert te_lang == {(voltijd, "overschreden")}
    keten.naar(begin + timedelta(weeks=157))
    opvolging()
    te_lang = {(s.pseudoniem, s.niveau) for s in keten.signalen() if s.soort == "fase_te_lang"}
    assert (deeltijd, "overschreden") in te_lang, "three years is the part-timer's limit"


@alleen_sqlite
def test_the_watch_flags_a_lanes_own_overrun_and_its_unstarted_handoff(keten):
    p = keten.meld_aan(DUAAL, bsn(305))
    keten.rond_af(p, DUAAL, Fase.INSTROOM)
    begin = keten.vandaag()
    keten.naar(begin + timedelta(days=15))
    opvolging()
    wachten = [s for s in keten.signalen(p) if s.soort == "wachten"]
    assert {(s.partner, s.niveau) for s in wachten} >= {("taalaanbieder-voltijd", "overschreden")}
    assert any("in baan taal" in s.onderwerp for s in wachten)
    _start(keten, p, "taalaanbieder-voltijd", Fase.ONTWIKKELING, baan="taal")
    wachten = [s for s in keten.signalen(p) if s.soort == "wachten"]
    assert {s.partner for s in wachten} == {"participatiehuis-competensys"}, (
        "the lane's start settles the lane's wait only"
    )
    _start(keten, p, "participatiehuis-competensys", Fase.ASSESSMENT)
    keten.naar(begin + timedelta(weeks=41))
    opvolging()
    eigen = [
        s
        for s in keten.signalen(p)
        if s.soort == "fase_te_lang" and s.partner == "taalaanbieder-voltijd"
    ]
    assert [(s.niveau, s.onderwerp.split(" (")[0]) for s in eigen] == [
        ("overschreden", "ontwikkeling in baan taal")
    ]
    assert not [s for s in keten.signalen(p) if s.soort == "wachten"], "both starts reported"


@alleen_sqlite
def test_closing_with_a_lane_that_must_finish_is_refused_with_its_reason(keten):
    p = keten.meld_aan(DUAAL, bsn(306))
    keten.loop(p, DUAAL, Fase.NAZORG)
    keten.stuur(GEMEENTE, {"type": "baan.gestart", "deelnemer": p, "baan": "participatie"})
    verwerk_inbox(stil_na_s=0)
    afgesloten = {
        "type": "traject.afgesloten",
        "deelnemer": p,
        "fase": "nazorg",
        "dossier": {"uitkomst": {"soort": "regulier_werk", "datum": keten.vandaag().isoformat()}},
    }
    keten.stuur("meerinzicht-nazorg", afgesloten)
    verwerk_inbox(stil_na_s=0)
    [geweigerd] = keten.berichten("overdracht.geweigerd")
    assert geweigerd.bericht["inhoud"]["reden"] == (
        "lane participatie must finish before the trajectory closes"
    )
    # the lane ends; then the trajectory closes and the language lane closes with it
    keten.stuur(
        "job-taalcoach",
        {
            "type": "traject.afgesloten",
            "baan": "participatie",
            "deelnemer": p,
            "fase": "ontwikkeling",
            "dossier": {},
        },
    )
    verwerk_inbox(stil_na_s=0)
    keten.stuur("meerinzicht-nazorg", afgesloten, webhook_id="tweede")
    verwerk_inbox(stil_na_s=0)
    hoofd, lanes = _plek(keten, p)
    assert lanes == {
        "taal": ("ontwikkeling", "taalaanbieder-voltijd", "afgesloten"),
        "participatie": ("ontwikkeling", "job-taalcoach", "afgesloten"),
    }
    assert _grootboek(keten, p)[-1] == (
        "taal",
        "afsluiten",
        "ontwikkeling",
        "taalaanbieder-voltijd",
    )


def test_the_fixture_programme_is_a_test_programme():
    assert not (PROJECT / "config/programmas/duaal-test.yaml").exists()
    assert Path(PROJECT / "tests/fixtures/programmas/duaal-test.yaml").exists()


def test_reconciliation_compares_a_lane_with_its_own_partner():
    from datetime import UTC, datetime

    from flows.afstemming import afwijkingen
    from persistence.bewaking import Lopend
    from schemas.berichten import PartnerDeelnemer

    nu = datetime.now(UTC)
    lane = Lopend(
        1,
        1,
        "KT-AAAAAAAAAA",
        DUAAL,
        GEMEENTE,
        "ontwikkeling",
        "taalaanbieder-voltijd",
        "actief",
        nu,
        nu,
        "taal",
    )
    [drift] = afwijkingen([lane], {"taalaanbieder-voltijd": []}, set(), set())
    assert (drift.soort, drift.partner) == ("afwijking_onbekend", "taalaanbieder-voltijd")
    assert drift.onderwerp.startswith("ontwikkeling in baan taal bij taalaanbieder-voltijd")
    daar = PartnerDeelnemer(deelnemer="KT-AAAAAAAAAA", fase="ontwikkeling", status="actief")
    assert afwijkingen([lane], {"taalaanbieder-voltijd": [daar]}, set(), set()) == []


@alleen_sqlite
def test_status_shows_each_lane_and_its_ledger_entries(keten):
    from rich.console import Console

    from cli.status import toon_status

    p = keten.meld_aan(DUAAL, bsn(307))
    keten.rond_af(p, DUAAL, Fase.INSTROOM)
    console = Console(record=True, width=250)
    assert toon_status(p, keten.instellingen, console)
    tekst = console.export_text()
    assert "lane taal: ontwikkeling at taalaanbieder-voltijd, actief since" in tekst
    assert "taal: aanmelden" in tekst  # the lane's ledger entry in the history
    from persistence import rapportage

    with sessie(keten.engine) as s:  # the cohort report counts the route, not the lane's start
        assert rapportage.bewegingen(session=s) == {"aanmelden": 1, "doorstromen": 1}
        assert rapportage.fasen_bereikt(session=s) == {"instroom": 1, "assessment": 1}
