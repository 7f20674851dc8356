"""A chain at rest leaves no runs, and a stop followed by a start leaves no crashed run.

verwerk-inbox and bezorg-outbox had a schedule (every minute, every two minutes) that created
about 2,160 empty runs a day; the receiver's safety net now starts a run only when work waits.
A stop used to kill the run in flight, which the next start then marked crashed.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import httpx
import pytest

from tests.fault.hulp import keten, wacht_tot, wacht_tot_rust

pytestmark = pytest.mark.fault


def _gestart_na(k, moment: datetime) -> list[str]:
    """Runs that started after `moment`: name, state and start time, for the failure message."""
    runs = httpx.post(f"{k.stapel.adres.prefect_api}/flow_runs/filter", json={}, timeout=10).json()
    return [
        f"{r['name']} {r['state_type']} {r['start_time']}"
        for r in runs
        if r["start_time"] and datetime.fromisoformat(r["start_time"]) > moment
    ]


def _rust_in_prefect(k) -> bool:
    """No run of the stream's deployments running, pending or scheduled at any time ahead: a
    nudge that waited for the one-at-a-time slot is rescheduled (AwaitingConcurrencySlot), on a
    loaded machine more than once and further ahead, and starts when its time comes; that is
    work the stream asked for, not a run an idle chain made. The follow-up's cron runs are
    other deployments."""
    filter_ = {
        "flow_runs": {"state": {"type": {"any_": ["SCHEDULED", "PENDING", "RUNNING"]}}},
        "deployments": {"name": {"any_": ["verwerk-inbox", "bezorg-outbox"]}},
    }
    api = k.stapel.adres.prefect_api
    return int(httpx.post(f"{api}/flow_runs/count", json=filter_, timeout=10).json()) == 0


def _stoot_aan(k) -> None:
    api = k.stapel.adres.prefect_api
    d = httpx.get(f"{api}/deployments/name/verwerk-inbox/verwerk-inbox", timeout=10).json()
    httpx.post(f"{api}/deployments/{d['id']}/create_flow_run", json={}, timeout=10)


def test_een_stille_keten_maakt_geen_runs_en_een_herstart_geen_crash(tmp_path):
    with keten(tmp_path, 4, vangnet_s=5) as k:
        assert k.runs_in_staat("CRASHED") == 0, "a normal first start crashes nothing"
        k.verwijs(slice(None, 4))
        wacht_tot_rust(k)
        wacht_tot(lambda: _rust_in_prefect(k), 120, "the last run ended, none waiting")
        stil_vanaf = datetime.now(UTC)
        time.sleep(65)
        assert _gestart_na(k, stil_vanaf) == [], "an idle minute starts no run"

        _stoot_aan(k)  # a run in flight when the operator stops the stack
        wacht_tot(lambda: k.runs_in_staat("RUNNING") == 1, 60, "a run in flight")
        k.stapel.stop_alles()
        for naam in ("prefect-server", "webhooks", "simulator", "deployments"):
            k.stapel.start(naam)
        # a run cut off by the stop would be running still, until the restarted worker crashes it
        wacht_tot(lambda: _rust_in_prefect(k), 60, "no run left running")
        assert k.runs_in_staat("CRASHED") == 0, "a stop and a start crash no run"
