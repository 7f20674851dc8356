"""Fault: the worker (the process serving the deployments) is SIGKILLed in the middle of a batch.

The rows it had claimed stay in the inbox under a lease; when it is started again it crashes the
run it left behind (freeing the one-at-a-time slot) and, once the lease ran out, a new run takes
the rows again. Nothing is applied twice: a row's status changes in the same transaction as its
effects, and the killed transaction never committed.
"""

from __future__ import annotations

import signal

import pytest

from tests.fault.hulp import controleer, keten, wacht_tot, wacht_tot_rust

pytestmark = pytest.mark.fault


def test_worker_gedood_midden_in_een_batch_en_herstart(tmp_path):
    with keten(tmp_path, 0, inbox_claim_s=10) as k:
        k.verwijs()
        wacht_tot(lambda: k.geclaimd_open() > 0, 120, "a run in the middle of a batch", stap_s=0.02)
        k.stapel.stop("deployments", signaal=signal.SIGKILL)
        gestrand = k.geclaimd_open()
        open_bij_dood = k.open_inbox()
        k.stapel.start("deployments")
        wacht_tot_rust(k)
        telling = controleer(k, "worker-gedood")
        gecrasht = k.runs_in_staat("CRASHED")
    print(
        f"[fault:worker-gedood] claimed and unfinished when killed: {gestrand}, open then: {open_bij_dood}, runs crashed on restart: {gecrasht}"
    )
    assert gecrasht == 1, "the restarted worker crashes the run it left behind"
    assert gestrand > 0, "the kill must land while a batch is claimed and not yet applied"
    assert telling["overdracht_geaccepteerd"] >= len(k.cohort)
