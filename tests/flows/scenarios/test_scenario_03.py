"""Scenario 3 — Missing report (seed 001; DOMAIN §1.3 steps 3-6, §8).

The diagnosegesprek is due but the Competensys report from the Participatiehuis has not arrived:
the klantmanager cannot hold the diagnosegesprek ("Voordat Belgharbi een ondersteuningsplan gaat
opstellen is er een diagnosegesprek") nor draw up the ondersteuningsplan; once the report comes,
the chain goes on.
Expect: plan creation is blocked; an overdue alert fires.
"""

from __future__ import annotations

from datetime import timedelta

from flows.opvolging import opvolging
from schemas.fase import Fase
from tests.flows.opvolging.hulp import alleen_sqlite, bsn
from tests.flows.scenarios._hwut import (
    COMPETENSYS,
    PARTICIPATIEHUIS,
    REGIE,
    H,
    besluit,
    ijkpunten,
    laatste,
    ledger,
    ondersteuningsplan,
    planversies,
    stuur,
)


def _ijkpunt_vlaggen(keten, pseudoniem: str) -> set[tuple[str, str, str]]:
    return {
        (s.onderwerp, s.niveau, s.partner)
        for s in keten.signalen(pseudoniem)
        if s.soort == "ijkpunt"
    }


@alleen_sqlite
def test_scenario_03_without_the_competensys_report_the_plan_is_blocked_and_flagged(keten):
    pseudoniem = keten.meld_aan(H, bsn(301))
    stuur(keten, REGIE, besluit(pseudoniem, "taaltoets", "a2", "taaltoets afgenomen"))
    keten.rond_af(pseudoniem, H, Fase.INSTROOM)
    in_assessment = keten.vandaag()

    keten.naar(in_assessment + timedelta(weeks=6, days=1))  # the diagnosegesprek is overdue
    stuur(keten, REGIE, besluit(pseudoniem, "diagnosegesprek", "voltijd", "gesprek gepland"))
    assert laatste(keten, pseudoniem) == (
        "geweigerd",
        "checkpoint diagnosegesprek waits for competensys, huisbezoek: not decided yet",
    )
    stuur(keten, REGIE, ondersteuningsplan(pseudoniem, keten.vandaag().isoformat()))
    assert laatste(keten, pseudoniem) == (
        "geweigerd",
        "the plan waits for diagnosegesprek: not decided yet",
    ), "plan creation is blocked"
    geweigerd = [m for m in keten.berichten("overdracht.geweigerd") if m.partner == REGIE]
    assert "the plan waits for diagnosegesprek" in geweigerd[-1].bericht["inhoud"]["reden"]
    assert ijkpunten(keten, pseudoniem)["diagnosegesprek"].keuze is None, "nothing half-applied"
    assert planversies(keten, pseudoniem) == []

    opvolging()
    vlaggen = _ijkpunt_vlaggen(keten, pseudoniem)
    assert ("ijkpunt competensys", "overschreden", COMPETENSYS) in vlaggen, "the missing report"
    assert ("ijkpunt diagnosegesprek", "overschreden", REGIE) in vlaggen
    assert {
        m.partner
        for m in keten.berichten("melding.signaal")
        if m.pseudoniem == pseudoniem and m.bericht["inhoud"]["soort"] == "ijkpunt"
    } >= {COMPETENSYS, REGIE}, "the Participatiehuis and the klantmanager are told"

    # The report arrives: the steps follow in order, the plan and the handoff go through.
    stuur(
        keten,
        COMPETENSYS,
        besluit(pseudoniem, "competensys", "gerapporteerd", "rapport na", PARTICIPATIEHUIS),
    )
    stuur(keten, REGIE, besluit(pseudoniem, "huisbezoek", "besproken", "taaltoets besproken"))
    stuur(keten, REGIE, besluit(pseudoniem, "diagnosegesprek", "voltijd", "gesprek gevoerd"))
    stuur(keten, REGIE, ondersteuningsplan(pseudoniem, keten.vandaag().isoformat()))
    assert planversies(keten, pseudoniem) == [1], "the plan, drawn up after the diagnosegesprek"
    keten.rond_af(pseudoniem, H, Fase.ASSESSMENT)
    assert (ledger(keten, pseudoniem)[-1].naar_fase, laatste(keten, pseudoniem)[0]) == (
        "ontwikkeling",
        "geaccepteerd",
    )
    opvolging()
    assert not {
        v for v in _ijkpunt_vlaggen(keten, pseudoniem) if v[0] != "ijkpunt evaluatie-week-40"
    }, "decided: the overdue flags are resolved"
