"""The simulator's per-partner fault modes, seen through the real connector client on loopback.

Each mode is switched on at runtime with `PUT /_sim/storing/{partner_id}` and observed the way the
chain observes it: as the connector's outcome (PartnerUnavailable with its Retry-After,
PartnerContractViolation, a `dubbel` on the retry) or as the webhooks that reach the receiver.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import httpx
import pytest

from connectors import PartnerContractViolation, PartnerUnavailable
from connectors.errors import herhaalbaar
from schemas.berichten import PartnerBericht
from tests.connectors.simulator_hulp import LopendeSimulator, Ontvanger, SimulatorFabriek, wacht_tot

UTRECHT = "utrecht-bank-tot-baan"
PARTNER = "assessment-utrecht"


def _start(nummer: int = 0) -> PartnerBericht:
    pseudoniem = (
        "KT-ABCDEFGH"
        + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[nummer // 32]
        + "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[nummer % 32]
    )
    return PartnerBericht(
        sleutel=f"uitbox-{nummer}",
        soort="traject.start",
        deelnemer=pseudoniem,
        programma=UTRECHT,
        fase="assessment",
    )


def _storing(sim: LopendeSimulator, partner_id: str = PARTNER, **storing: Any) -> dict[str, Any]:
    antwoord = httpx.put(f"{sim.url}/_sim/storing/{partner_id}", json=storing)
    antwoord.raise_for_status()
    return dict(antwoord.json())


def _tellers(sim: LopendeSimulator, partner_id: str = PARTNER) -> dict[str, Any]:
    return dict(sim.status()["storingen"].get(partner_id, {}))


def test_latency_slows_every_answer_but_the_message_arrives(
    start_simulator: SimulatorFabriek,
) -> None:
    sim = start_simulator()
    _storing(sim, vertraging_s=0.2)
    assert sim.client(PARTNER).lever(_start()).status == "ontvangen"
    assert _tellers(sim)["vertraagd"] == 1
    assert _tellers(sim)["storing"] == {"vertraging_s": 0.2}


def test_5xx_with_and_without_retry_after_are_unavailable_and_nothing_is_taken_in(
    start_simulator: SimulatorFabriek,
) -> None:
    sim = start_simulator()
    _storing(sim, fout_kans=1, retry_after_kans=1, retry_after_s=7)
    with pytest.raises(PartnerUnavailable) as met:
        sim.client(PARTNER).lever(_start())
    assert (met.value.status, met.value.retry_after_s, herhaalbaar(met.value)) == (503, 7.0, True)
    _storing(sim, fout_kans=1, retry_after_kans=0)
    with pytest.raises(PartnerUnavailable) as zonder:
        sim.client(PARTNER).lever(_start())
    assert (zonder.value.status, zonder.value.retry_after_s) == (500, None)
    assert sim.status()["ontvangen"] == 0
    assert (_tellers(sim)["fout_503"], _tellers(sim)["fout_500"]) == (1, 1)


def test_a_timeout_is_unavailable_and_the_retry_is_dubbel_so_one_effect(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator()
    _storing(sim, timeout_kans=1, hangen_s=3)
    with pytest.raises(PartnerUnavailable) as fout:
        sim.client(PARTNER, timeout_s=0.3).lever(_start())
    assert fout.value.status is None and "Timeout" in str(fout.value)
    _storing(sim)  # healthy again: the chain's retry of the same message
    assert sim.client(PARTNER).lever(_start()).status == "dubbel"
    status = sim.status()
    assert (status["ontvangen"], status["dubbel"], status["storingen"][PARTNER]["traag"]) == (
        1,
        1,
        1,
    )
    wacht_tot(lambda: ontvanger[0].ontvangen)
    sim.wacht_tot_stil()
    assert len(ontvanger[0].ontvangen) == 1


def test_a_malformed_2xx_is_a_contract_violation_not_worth_a_retry(
    start_simulator: SimulatorFabriek,
) -> None:
    sim = start_simulator()
    _storing(sim, kapot_kans=1)
    with pytest.raises(PartnerContractViolation) as fout:
        sim.client(PARTNER).lever(_start())
    assert fout.value.status == 202 and not herhaalbaar(fout.value)
    assert (sim.status()["ontvangen"], _tellers(sim)["kapot"]) == (1, 1)


def test_duplicate_webhooks_go_twice_under_one_webhook_id(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator()
    _storing(sim, dubbel=True)
    for nummer in range(3):
        sim.client(PARTNER).lever(_start(nummer))
    wacht_tot(lambda: len(ontvanger[0].ontvangen) == 3)
    sim.wacht_tot_stil()
    pogingen = ontvanger[0].pogingen
    assert len(pogingen) == 6 and all(pogingen.count(w) == 2 for w in pogingen)
    assert {o.webhook_id for o in ontvanger[0].ontvangen} == set(pogingen)
    assert _tellers(sim)["dubbel_verzonden"] == 3


def test_shuffled_webhooks_overtake_each_other_but_the_partner_knows_the_real_order(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator(pauzeren=1.0)  # every participant: gepauzeerd, hervat, afgerond
    _storing(sim, husselen_s=1.5)
    for nummer in range(8):
        sim.client(PARTNER).lever(_start(nummer))
    wacht_tot(lambda: len(ontvanger[0].ontvangen) == 24, timeout=20)
    sim.wacht_tot_stil()
    volgorde: dict[str, list[str]] = defaultdict(list)
    for o in ontvanger[0].ontvangen:
        volgorde[o.gebeurtenis.deelnemer].append(o.gebeurtenis.type)
    in_orde = ["traject.gepauzeerd", "traject.hervat", "fase.afgerond"]
    assert all(sorted(v) == sorted(in_orde) for v in volgorde.values())
    assert any(v != in_orde for v in volgorde.values()), "no participant's events were reordered"
    assert _tellers(sim)["gehusseld"] == 24
    bestand = sim.client(PARTNER).deelnemers()
    assert {d.status for d in bestand} == {"afgerond"}


def test_down_for_a_period_refuses_everything_holds_webhooks_and_catches_up(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator(vertraging=(0.5, 0.5))
    assert sim.client(PARTNER).lever(_start(0)).status == "ontvangen"
    _storing(sim, plat_s=600)
    with pytest.raises(PartnerUnavailable) as fout:
        sim.client(PARTNER).lever(_start(1))
    assert (
        fout.value.status == 503
        and fout.value.retry_after_s is not None
        and 590 <= fout.value.retry_after_s <= 600
    )
    with pytest.raises(PartnerUnavailable):
        sim.client(PARTNER).deelnemers()
    wacht_tot(lambda: _tellers(sim).get("vastgehouden") == 1)
    assert ontvanger[0].pogingen == [] and sim.status()["openstaand"] == 1
    _storing(sim, plat_s=0)  # back
    wacht_tot(lambda: len(ontvanger[0].ontvangen) == 1)
    assert sim.client(PARTNER).lever(_start(1)).status == "ontvangen"
    assert (sim.status()["ontvangen"], _tellers(sim)["plat_geweigerd"]) == (2, 2)


def test_faults_are_per_partner_and_an_unknown_partner_is_404(
    start_simulator: SimulatorFabriek,
) -> None:
    sim = start_simulator()
    _storing(sim, fout_kans=1)
    ander = PartnerBericht(
        sleutel="x-1",
        soort="traject.start",
        deelnemer="KT-ABCDEFGHAA",
        programma=UTRECHT,
        fase="instroom",
    )
    assert sim.client("gemeente-utrecht").lever(ander).status == "ontvangen"
    assert httpx.put(f"{sim.url}/_sim/storing/bestaat-niet", json={}).status_code == 404
    assert httpx.put(f"{sim.url}/_sim/storing/{PARTNER}", json={"fout_kans": 2}).status_code == 422
