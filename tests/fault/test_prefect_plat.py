"""Fault: the Prefect API (the server process) stops while partners keep sending webhooks.

The receiver never waits on Prefect: every webhook is still answered 2xx and stored in the inbox.
When the server is back, processing resumes by itself (the nudges of new webhooks and the
verwerk-inbox schedule), with nobody doing anything.
"""

from __future__ import annotations

import time

import pytest
from sqlmodel import func, select

from persistence import InboxBericht, maak_engine, sessie
from tests.fault.hulp import controleer, keten, wacht_tot, wacht_tot_rust

pytestmark = pytest.mark.fault

PLAT_S = 30


def _inbox(k) -> int:
    with sessie(maak_engine(k.instellingen.db_url)) as s:
        return int(s.exec(select(func.count()).select_from(InboxBericht)).one())


def test_prefect_plat_terwijl_webhooks_binnenkomen(tmp_path):
    with keten(tmp_path, 2, inbox_claim_s=15) as k:
        helft = len(k.cohort) // 2
        k.verwijs(slice(None, helft))
        wacht_tot(lambda: _inbox(k) >= 2 * helft, 120, "the first half under way")
        k.stapel.stop("prefect-server")
        voor, begin = _inbox(k), time.monotonic()
        k.verwijs(slice(helft, None))  # every referral gets its receipt (2xx) with Prefect down
        time.sleep(max(0.0, PLAT_S - (time.monotonic() - begin)))
        tijdens, open_tijdens, status = _inbox(k) - voor, k.open_inbox(), k.sim_status()
        assert (status["mislukt"], status["geweigerd"]) == (0, 0), (
            "every webhook answered 2xx while Prefect was down"
        )
        k.stapel.start("prefect-server")
        wacht_tot_rust(k)
        telling = controleer(k, "prefect-plat")
    print(
        f"[fault:prefect-plat] webhooks accepted while Prefect was down: {tijdens}, open in the inbox then: {open_tijdens}"
    )
    assert tijdens >= len(k.cohort) - helft and open_tijdens > 0
    assert telling["inbox_geaccepteerd"] >= voor + tijdens - telling.get(
        "inbox_geweigerd", 0
    ) - telling.get("inbox_quarantaine", 0)
