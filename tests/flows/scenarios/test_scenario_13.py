"""Scenario 13, stage ends, nothing next (DOMAIN §8 and §4 "momentum loss at phase end"; seed 004).

Vijfheerenlanden saw it: a stage ends with no next step, "dagbesteding weg … taalvaardigheid gaat
weer snel achteruit". Played on the UP youth route of the same seed: Fase 2's (taal)stage at
Westrom ends and is handed to Fase 3, but no employer starts; another youth's Fase 2 runs out with
nothing reported at all. Expect: a "phase ended, no next phase" alert within days (the watch's
`wachten` flag, seven days in this programme, at risk from the sixth), none for the youth whose
employer did start, and the alert gone once someone starts.
"""

from __future__ import annotations

from datetime import timedelta

from flows.opvolging import opvolging
from schemas.fase import Fase
from tests.flows.opvolging.hulp import alleen_sqlite, bsn
from tests.flows.scenarios._jeugd import UP, WERKGEVER, WESTROM, gestart, traject, vlaggen


def dagen(n: int) -> timedelta:
    return timedelta(days=n)


@alleen_sqlite
def test_scenario_13_a_phase_that_ends_with_nothing_next_is_flagged_within_days(keten):
    zonder, met, stil = (keten.meld_aan(UP, bsn(1300 + i), "2006-02-03") for i in range(3))
    keten.loop([zonder, met, stil], UP, Fase.VAKOPLEIDING)
    fase2 = keten.vandaag()
    for jongere in (zonder, met, stil):
        gestart(keten, WESTROM, jongere, Fase.VAKOPLEIDING)

    # Five months on the stage ends: Westrom hands two of them on; one employer starts, one not.
    einde = fase2 + timedelta(weeks=22)
    keten.naar(einde)
    keten.rond_af([zonder, met], UP, Fase.VAKOPLEIDING)
    assert traject(keten, zonder)[:3] == ("plaatsing", "actief", WERKGEVER)
    keten.naar(einde + dagen(2))
    gestart(keten, WERKGEVER, met, Fase.PLAATSING)

    keten.naar(einde + dagen(5))
    opvolging()
    assert vlaggen(keten, zonder, "wachten") == set(), "five of seven days: not yet"
    keten.naar(einde + dagen(6))
    opvolging()
    assert vlaggen(keten, zonder, "wachten") == {("risico", WERKGEVER)}
    [alarm] = [s for s in keten.signalen(zonder) if s.soort == "wachten"]
    assert "plaatsing" in alarm.onderwerp and alarm.termijn == einde + dagen(7)
    assert vlaggen(keten, met, "wachten") == set(), "his employer started: no alert"
    keten.naar(einde + dagen(8))
    opvolging()
    assert vlaggen(keten, zonder, "wachten") == {("overschreden", WERKGEVER)}

    # The third never got a next step at all: Fase 2's five months ran out with nothing reported.
    assert traject(keten, stil)[:3] == ("vakopleiding", "actief", WESTROM)
    assert vlaggen(keten, stil, "fase_te_lang") == {("overschreden", WESTROM)}

    # An employer starts: the alert is resolved, the flag closes.
    gestart(keten, WERKGEVER, zonder, Fase.PLAATSING)
    opvolging()
    assert vlaggen(keten, zonder, "wachten") == set()
