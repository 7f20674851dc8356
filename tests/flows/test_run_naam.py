"""Runs the coordinator can find: a `verwerk-inbox` run is named after what it carried and tagged
with the phases and partners involved, read back from the Prefect API."""

from __future__ import annotations

from prefect.client.orchestration import get_client

from flows.verwerk_inbox import verwerk_inbox
from tests.flows.hulp import BSN, instroom_afgerond, meld_aan, stuur


def _run(state):
    with get_client(sync_client=True) as client:
        return client.read_flow_run(state.state_details.flow_run_id)


def test_een_run_heet_naar_wat_hij_droeg_en_draagt_tags_per_fase_en_partner(omgeving):
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem))
    run = _run(verwerk_inbox(stil_na_s=0, return_state=True))
    assert run.name == f"inbox 2 overdrachten: {pseudoniem}"
    assert {"fase:instroom", "fase:assessment", "partner:gemeente-utrecht"} <= set(run.tags)
    assert "Yonas" not in run.name + " ".join(run.tags) and BSN not in run.name


def test_een_run_die_niets_vond_zegt_dat(omgeving):
    run = _run(verwerk_inbox(stil_na_s=0, return_state=True))
    assert run.name == "inbox: nog niets" and not any(t.startswith("fase:") for t in run.tags)
