"""The time-in-phase watch on real Prefect and a real database (DOMAIN §4 flags; §8 scenarios 6b,
11, 13): a portaal stay past a year, a handoff nobody started, a paused participant, a youth
nearing 18, the PIP deadline of a statushouder. Each flag appears once, at risk before breached."""

from __future__ import annotations

from datetime import timedelta

import pytest

from flows import signalen
from flows.opvolging import opvolging
from flows.verwerk_inbox import verwerk_inbox
from schemas.fase import Fase
from schemas.opvolging import plus_jaren
from tests.flows.opvolging.hulp import alleen_sqlite, bsn, soorten

PORTAAL, UTRECHT, UP = "instroomportaal-test", "utrecht-bank-tot-baan", "roermond-up-test"


def weken(n: float) -> timedelta:
    return timedelta(weeks=n)


def gestart(keten, pseudoniem, programma, fase):
    keten.stuur(
        keten.partner(programma, fase),
        {
            "type": "fase.gestart",
            "deelnemer": pseudoniem,
            "fase": fase.value,
            "gestart_op": keten.vandaag().isoformat(),
        },
    )
    verwerk_inbox(stil_na_s=0)


def van_soort(keten, pseudoniem, soort):
    return {niveau for s, niveau in soorten(keten.signalen(pseudoniem)) if s == soort}


def in_het_portaal(keten, n):
    """A participant started in the portaal today: (pseudonym, the day they started)."""
    pseudoniem = keten.meld_aan(PORTAAL, bsn(n))
    keten.loop(pseudoniem, PORTAAL, Fase.ONTWIKKELING)
    gestart(keten, pseudoniem, PORTAAL, Fase.ONTWIKKELING)
    return pseudoniem, keten.vandaag()


@alleen_sqlite
def test_een_verblijf_in_het_portaal_van_meer_dan_een_jaar_wordt_gesignaleerd(keten):
    pseudoniem, begin = in_het_portaal(keten, 10)
    keten.naar(begin + weken(40))
    opvolging()
    assert van_soort(keten, pseudoniem, "fase_te_lang") == set(), "40 of 52 weeks: still fine"
    keten.naar(begin + weken(43))
    opvolging()
    assert van_soort(keten, pseudoniem, "fase_te_lang") == {"risico"}
    keten.naar(begin + weken(53))
    opvolging()
    [signaal] = [s for s in keten.signalen(pseudoniem) if s.soort == "fase_te_lang"]
    assert (signaal.niveau, signaal.partner, signaal.termijn) == (
        "overschreden",
        "ontwikkeling-horeca-utrecht",
        begin + weken(52),
    )
    assert soorten(keten.signalen(pseudoniem)) == {("fase_te_lang", "overschreden")}, (
        "no wait: the portaal reported the start"
    )


@alleen_sqlite
def test_een_overdracht_zonder_start_wordt_na_de_wachttermijn_gesignaleerd(keten):
    wacht, begonnen = keten.meld_aan(UTRECHT, bsn(20)), keten.meld_aan(UTRECHT, bsn(21))
    keten.loop(
        [wacht, begonnen], UTRECHT, Fase.VAKOPLEIDING
    )  # ontwikkeling ended, handed to the vakopleiding
    gestart(keten, begonnen, UTRECHT, Fase.VAKOPLEIDING)
    overgedragen = keten.vandaag()
    keten.naar(overgedragen + timedelta(days=10))
    opvolging()
    assert van_soort(keten, wacht, "wachten") == set()
    keten.naar(overgedragen + timedelta(days=15))
    opvolging()
    [signaal] = [s for s in keten.signalen(wacht) if s.soort == "wachten"]
    assert (signaal.niveau, signaal.partner, signaal.termijn) == (
        "overschreden",
        "vakopleiding-utrecht",
        overgedragen + timedelta(days=14),
    )
    assert van_soort(keten, begonnen, "wachten") == set(), "the vakopleiding reported the start"
    gestart(keten, wacht, UTRECHT, Fase.VAKOPLEIDING)
    assert van_soort(keten, wacht, "wachten") == set(), "a late start settles the flag"


@alleen_sqlite
def test_wie_gepauzeerd_is_wordt_niet_gesignaleerd_zolang_de_pauze_duurt(keten):
    pseudoniem, begin = in_het_portaal(keten, 30)
    keten.naar(begin + weken(2))
    keten.stuur(
        "ontwikkeling-horeca-utrecht",
        {
            "type": "traject.gepauzeerd",
            "deelnemer": pseudoniem,
            "fase": "ontwikkeling",
            "reden": "ziekte",
        },
    )
    verwerk_inbox(stil_na_s=0)
    keten.naar(begin + weken(60))
    opvolging()
    assert keten.signalen(pseudoniem) == [], "60 weeks on the calendar, 2 in the portaal"
    keten.stuur(
        "ontwikkeling-horeca-utrecht",
        {"type": "traject.hervat", "deelnemer": pseudoniem, "fase": "ontwikkeling"},
    )
    verwerk_inbox(stil_na_s=0)
    keten.naar(begin + weken(60 + 41))
    opvolging()
    assert soorten(keten.signalen(pseudoniem)) == {("fase_te_lang", "risico")}, (
        "43 weeks counted: the clock ran on after the pause"
    )


@pytest.fixture
def opgevangen(monkeypatch):
    """What the flags tell Prefect (events and the artifact), to look for personal data in it."""
    gezien: list[str] = []
    monkeypatch.setattr(signalen, "emit_event", lambda **kw: gezien.append(str(kw)))
    monkeypatch.setattr(signalen, "create_markdown_artifact", lambda **kw: gezien.append(str(kw)))
    return gezien


@alleen_sqlite
def test_een_jongere_die_bijna_18_wordt_wordt_op_tijd_gesignaleerd_zonder_geboortedatum(
    keten, opgevangen
):
    achttien = keten.vandaag() + weken(20)
    geboren = plus_jaren(achttien, -18)
    jongere = keten.meld_aan(UP, bsn(40), geboortedatum=geboren.isoformat())
    op_tijd = keten.meld_aan(UP, bsn(41), geboortedatum=geboren.isoformat())
    keten.loop(op_tijd, UP, Fase.ONTWIKKELING)  # intake and PIP done before the birthday
    opvolging()
    assert van_soort(keten, jongere, "achttien") == set()
    keten.naar(achttien - weken(11))
    opvolging()
    assert van_soort(keten, jongere, "achttien") == {"risico"}, (
        "flagged eleven weeks before the 18th birthday"
    )
    keten.naar(achttien + timedelta(days=1))
    opvolging()
    assert van_soort(keten, jongere, "achttien") == {"overschreden"}
    assert van_soort(keten, op_tijd, "achttien") == set()
    rijen = [str(s.model_dump()) for s in keten.signalen(status=None)]
    assert opgevangen and any("ketenregie.signaal.achttien" in x for x in opgevangen)
    for verboden in (
        geboren.isoformat(),
        geboren.strftime("%d-%m-%Y"),
        achttien.isoformat(),
        "Test Deelnemer",
    ):
        assert not any(verboden in x for x in rijen + opgevangen), verboden


def test_de_pip_termijn_geldt_voor_statushouders_niet_voor_wie_in_de_bijstand_zit(keten):
    statushouder, bijstand = keten.meld_aan(UTRECHT, bsn(50)), keten.meld_aan(UTRECHT, bsn(51))
    keten.rond_af(statushouder, UTRECHT, Fase.INSTROOM, doelgroep="statushouder")
    keten.rond_af(bijstand, UTRECHT, Fase.INSTROOM, doelgroep="bijstand")
    aangemeld = keten.vandaag()
    keten.naar(aangemeld + weken(8) + timedelta(days=1))
    opvolging()
    assert van_soort(keten, statushouder, "pip") == {"risico"}
    keten.naar(aangemeld + weken(10) + timedelta(days=1))
    opvolging()
    [pip] = [s for s in keten.signalen(statushouder) if s.soort == "pip"]
    assert (pip.niveau, pip.partner, pip.termijn) == (
        "overschreden",
        "gemeente-utrecht",
        aangemeld + weken(10),
    )
    assert van_soort(keten, bijstand, "pip") == set()
    assert van_soort(keten, bijstand, "fase_te_lang") == {"overschreden"}, (
        "both sit in assessment too long"
    )
