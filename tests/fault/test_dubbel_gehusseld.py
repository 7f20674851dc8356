"""Fault: every partner sends each webhook twice and out of order; nothing may double or go astray."""

from __future__ import annotations

import pytest

from tests.fault.hulp import controleer, keten, wacht_tot_rust, zonder_volgorde

pytestmark = pytest.mark.fault


def test_elke_webhook_dubbel_en_gehusseld(tmp_path):
    with keten(tmp_path, 3, mee=zonder_volgorde) as k:
        for partner_id in k.catalogus.partners:
            k.storing(partner_id, dubbel=True, husselen_s=2.0)
        k.verwijs()
        wacht_tot_rust(k)
        telling = controleer(k, "dubbel-gehusseld")
    dubbel, gehusseld = telling["sim_dubbel_verzonden"], telling["sim_gehusseld"]
    assert dubbel > 0 and dubbel == gehusseld, "every partner webhook went twice and shuffled"
    inbox = sum(v for naam, v in telling.items() if naam.startswith("inbox_"))
    # Every webhook the door let in makes one row, not one per copy; both copies of one the door
    # refused (a case-model event from a partner not entitled to it any more) make none.
    door_geweigerd = telling["sim_webhooks_geweigerd"] // 2
    assert inbox == len(k.cohort) + dubbel - door_geweigerd, (
        "one inbox row per webhook, not per copy"
    )
    assert telling["sim_webhooks_verzonden"] + telling["sim_webhooks_geweigerd"] == 2 * dubbel
