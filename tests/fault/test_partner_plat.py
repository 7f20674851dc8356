"""Fault: one partner's system is down for two minutes and comes back.

While it is down every request is 503 with Retry-After and it sends no webhooks; the outbox (on a
compressed retry schedule) tries again no earlier than the partner asked; when it is back it
catches up on the webhooks it held, and every message is delivered once.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from persistence import OutboxBericht, maak_engine, sessie
from tests.fault.hulp import controleer, keten, wacht_tot, wacht_tot_rust

pytestmark = pytest.mark.fault

PARTNER = "assessment-utrecht"
PLAT_S = 120


def _naar_partner(k) -> list[OutboxBericht]:
    with sessie(maak_engine(k.instellingen.db_url)) as s:
        return list(s.exec(select(OutboxBericht).where(OutboxBericht.partner == PARTNER)))


def test_partner_twee_minuten_plat_en_terug(tmp_path):
    # Everyone goes through the partner that will be down (Utrecht's assessment), so the second
    # half meets it down whatever the number of programmes shipped.
    with keten(
        tmp_path,
        1,
        mee=lambda p: any(PARTNER in f.partners for f in p.fasen),
        outbox_herhaalschema_s=[2, 5, 10, 20, 30, 60, 60],
    ) as k:
        helft = len(k.cohort) // 2
        k.verwijs(slice(None, helft))
        wacht_tot(
            lambda: sum(r.status == "afgeleverd" for r in _naar_partner(k)) >= 2,
            120,
            f"work reached {PARTNER}",
        )
        k.storing(PARTNER, plat_s=PLAT_S)
        k.verwijs(slice(helft, None))  # their way leads to the partner that is down
        wacht_tot_rust(k, timeout_s=PLAT_S + 150)
        telling = controleer(k, "partner-plat")
        herhaald = [r for r in _naar_partner(k) if r.pogingen > 1]
    print(
        f"[fault:partner-plat] messages to {PARTNER}: {len(_naar_partner(k))}, delivered after a retry: {len(herhaald)}, "
        f"attempts on them: {sum(r.pogingen for r in herhaald)}"
    )
    assert herhaald, "some message met the partner down and was retried"
    assert telling["sim_plat_geweigerd"] >= len(herhaald)
    assert telling["sim_vastgehouden"] > 0, (
        "the partner held webhooks while down and sent them afterwards"
    )
