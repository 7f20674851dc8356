"""Scenario 2 — Skip (seed 001; DOMAIN §1.3 step 8, §1.8, §8).

A statushouder who knows exactly what he wants skips the Intervens job-taalcoach step: from the
taalroute straight to an "Inburgeren werkt" employer ("Er zijn ook statushouders die heel goed
weten wat ze willen en deze stap over kunnen slaan").
Expect: the skip is logged with reason and decider.
"""

from __future__ import annotations

from connectors.simulator.voorbeelden import GELDIG
from schemas.contracten import DirectNaarPlaatsing
from schemas.fase import Fase
from tests.flows.opvolging.hulp import alleen_sqlite, bsn
from tests.flows.scenarios._hwut import VOLTIJD, H, ledger, overdrachten, stuur

WERKGEVER = "werkgevers-inburgeren-werkt"
REDEN = "weet precies wat hij wil: werk bij een Inburgeren werkt-werkgever"


def _sprong(pseudoniem: str, **extra: object) -> dict[str, object]:
    return {
        "type": "fase.afgerond",
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "beweging": "overslaan",
        "naar": "plaatsing",
        "dossier": GELDIG[DirectNaarPlaatsing],
    } | extra


@alleen_sqlite
def test_scenario_02_skipping_the_job_taalcoach_is_logged_with_reason_and_decider(keten):
    pseudoniem = keten.meld_aan(H, bsn(201))
    keten.loop(pseudoniem, H, Fase.ONTWIKKELING)  # assessment steps decided, plan recorded

    fout = keten.stuur(VOLTIJD, _sprong(pseudoniem), verwacht=(422,))
    assert any(f["loc"][-1] == "besluit" for f in fout["detail"]), "a skip without its decider"
    assert [o.beweging for o in ledger(keten, pseudoniem)][-1] == "doorstromen", "nothing stored"

    besluit = {"reden": REDEN, "rol": "docent", "persoon": "E-30117"}
    stuur(keten, VOLTIJD, _sprong(pseudoniem, besluit=besluit))

    sprong = ledger(keten, pseudoniem)[-1]
    assert (sprong.beweging, sprong.van_fase, sprong.naar_fase, sprong.naar_partner) == (
        "overslaan",
        "ontwikkeling",
        "plaatsing",
        WERKGEVER,
    )
    assert (sprong.besloten_door, sprong.besluit_rol, sprong.besluit_persoon) == (
        VOLTIJD,
        "docent",
        "E-30117",
    ), "the decider: the partner, the role and a person reference"
    assert sprong.besluit_reden == REDEN
    assert "vakopleiding" not in {o.naar_fase for o in ledger(keten, pseudoniem)}
    assert overdrachten(keten, pseudoniem)[-1].status == "geaccepteerd"
    assert [m.partner for m in keten.berichten("traject.start") if m.pseudoniem == pseudoniem][
        -1
    ] == WERKGEVER, "the employer hears of the participant at once"
