"""Scenario 4 — Track switch (seed 003; DOMAIN §1.2, §1.8, §8).

A candidate developing in horeca at The Colour Kitchen turns out to fit techniek better; the
coalition's "brug" takes them there "zonder dat het voor de deelnemers wachttijden of onzekerheid
betekent". The techniek partner gets the assessment report with the switch and starts the same day.
Expect: same phase, new partner, assessment data carried over, waiting time 0.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rich.console import Console

from cli.status import toon_status
from connectors.simulator.voorbeelden import GELDIG, RAPPORT
from flows.opvolging import opvolging
from persistence import sessie, verloop, wissels
from schemas.contracten import Trackwissel
from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten, alleen_sqlite, bsn
from tests.flows.scenarios._hwut import U, ledger, stuur

HORECA, TECHNIEK = "ontwikkeling-horeca-utrecht", "ontwikkeling-techniek-utrecht"
WISSEL = {"reden": "past beter bij techniek", "rol": "trajectbegeleider", "persoon": "E-40022"}


def _gestart(keten: Keten, partner: str, pseudoniem: str, op: str) -> None:
    stuur(
        keten,
        partner,
        {"type": "fase.gestart", "deelnemer": pseudoniem, "fase": "ontwikkeling", "gestart_op": op},
    )


def _wissel(pseudoniem: str) -> dict[str, Any]:
    return {
        "type": "traject.gewisseld",
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "naar_partner": TECHNIEK,
        "dossier": GELDIG[Trackwissel],
        "besluit": WISSEL,
    }


def _wachttijden(keten: Keten, pseudoniem: str) -> list[wissels.WisselWacht]:
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None and d.id is not None
        return wissels.wachttijden_van(session=s, deelnemer_id=d.id)


def _status(keten: Keten, pseudoniem: str) -> str:
    console = Console(record=True, width=300)
    assert toon_status(pseudoniem, keten.instellingen, console)
    return console.export_text()


@alleen_sqlite
def test_scenario_04_track_switch_same_phase_new_partner_report_carried_no_wait(keten):
    direct, later = keten.meld_aan(U, bsn(401)), keten.meld_aan(U, bsn(402))
    keten.loop([direct, later], U, Fase.ONTWIKKELING)  # the assessment report goes to horeca
    for p in (direct, later):
        _gestart(keten, HORECA, p, keten.vandaag().isoformat())
    keten.naar(keten.vandaag() + timedelta(weeks=6))
    gewisseld_op = keten.vandaag()
    for p in (direct, later):
        stuur(keten, HORECA, _wissel(p))

    wissel = ledger(keten, direct)[-1]
    assert (wissel.beweging, wissel.van_fase, wissel.naar_fase) == (
        "wisselen",
        "ontwikkeling",
        "ontwikkeling",
    ), "same phase"
    assert (wissel.van_partner, wissel.naar_partner) == (HORECA, TECHNIEK), "new partner"
    assert (wissel.besluit_rol, wissel.besluit_persoon) == ("trajectbegeleider", "E-40022")

    [start] = [
        m
        for m in keten.berichten("traject.start")
        if (m.pseudoniem, m.partner) == (direct, TECHNIEK)
    ]
    inhoud = start.bericht["inhoud"]
    assert inhoud["assessmentrapport"] == RAPPORT, "the assessment report is carried over"
    assert inhoud["leerdoelen"] == GELDIG[Trackwissel]["leerdoelen"], "and the learning goals"

    _gestart(keten, TECHNIEK, direct, gewisseld_op.isoformat())  # the same day: no wait
    keten.naar(gewisseld_op + timedelta(days=3))
    _gestart(keten, TECHNIEK, later, keten.vandaag().isoformat())  # three days without a place

    [gemeten] = _wachttijden(keten, direct)
    assert (gemeten.naar_partner, gemeten.gestart_op, gemeten.wachttijd_dagen) == (
        TECHNIEK,
        gewisseld_op,
        0,
    ), "waiting time 0, measured"
    assert [w.wachttijd_dagen for w in _wachttijden(keten, later)] == [3], "a wait is measured too"
    assert f"to {TECHNIEK}; started {gewisseld_op}, wait 0 days (aim 0)" in _status(keten, direct)
    assert "wait 3 days (aim 0) — over the aim" in _status(keten, later)

    opvolging()
    assert not [s for s in keten.signalen(direct) if s.soort == "wachten"], "nobody waits"
