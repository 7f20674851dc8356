"""Fault: an import with one poison row among valid ones, beside a stream of ordinary webhooks.

The poison row is a JSON document nested 3,000 levels deep, stored as an older receiver stored it
(it cannot even be read back). Before poison isolation, every run that claimed it crashed and the
import never finished. Now: every valid row of the import is processed once, the poison row is
tried `inbox_max_pogingen` (3) times and quarantined with `verwerking:fout`, no run fails, and the
stream's latency (inbox receipt → processed) is about what it is without the poison import.
"""

from __future__ import annotations

import json
import statistics
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlmodel import Session, col, select

from persistence import Deelnemer, InboxBericht, Overdracht, inbox, maak_engine
from tests.fault.hulp import Keten, controleer, keten, wacht_tot_rust
from tests.flows.gif_hulp import genest_json, sla_ruw_op

pytestmark = pytest.mark.fault

IMPORT = "export-gif-1"
GELDIGE_RIJEN = 200
AFZENDER = "werkgevers-utrecht"


def _latenties(k: Keten, sinds: datetime, tot: datetime) -> list[float]:
    """Seconds from receipt to processed of the stream's rows (no import) received in [sinds, tot)."""
    with Session(maak_engine(k.instellingen.db_url)) as s:
        rijen = s.exec(
            select(InboxBericht.ontvangen_op, InboxBericht.verwerkt_op).where(
                col(InboxBericht.batch).is_(None),
                col(InboxBericht.ontvangen_op) >= sinds,
                col(InboxBericht.ontvangen_op) < tot,
                col(InboxBericht.verwerkt_op).is_not(None),
            )
        ).all()
    return sorted(
        (verwerkt - ontvangen).total_seconds() for ontvangen, verwerkt in rijen if verwerkt
    )


def _p(latenties: list[float], q: int) -> float:
    return statistics.quantiles(latenties, n=100, method="inclusive")[q - 1]


def _antwoord(pseudoniem: str, i: int) -> dict[str, Any]:
    """A check-in answer nobody asked for: processed and refused, with a reason sent back."""
    return {
        "type": "nazorg.checkin",
        "gemeld_op": datetime.now(UTC).isoformat(),
        "deelnemer": pseudoniem,
        "maand": 100 + i,
        "nog_in_dienst": True,
    }


def _zet_gif_import(k: Keten, pseudoniemen: list[str]) -> None:
    """The valid rows, then the poison row under the same import, straight into the inbox."""
    engine = maak_engine(k.instellingen.db_url)
    rijen: list[tuple[str, str | None, dict[str, Any]]] = [
        ("nazorg.checkin", p, _antwoord(p, i))
        for i, p in enumerate(pseudoniemen[i % len(pseudoniemen)] for i in range(GELDIGE_RIJEN))
    ]
    with Session(engine) as s:
        assert inbox.neem_import_op(
            session=s, partner=AFZENDER, batch=IMPORT, rijen=rijen, nu=datetime.now(UTC)
        )
    gif = {"type": "fase.afgerond", "deelnemer": pseudoniemen[0], "fase": "plaatsing"}
    sla_ruw_op(
        engine,
        pseudoniem=pseudoniemen[0],
        payload_json=json.dumps(gif)[:-1] + ', "x": ' + genest_json(3_000) + "}",
        webhook_id=f"{IMPORT}#gif",
        batch=IMPORT,
        partner=AFZENDER,
    )


def test_een_gifrij_in_een_import_naast_de_stroom(tmp_path):
    with keten(tmp_path, 9) as k:  # ports 4239, 8148, 8149: no other scenario's
        helft = len(k.cohort) // 2
        k.verwijs(slice(None, 2))  # warm-up: the first served run pays Prefect's start-up
        wacht_tot_rust(k)
        begin_a = datetime.now(UTC)
        k.verwijs(slice(2, helft))
        wacht_tot_rust(k)
        begin_b = datetime.now(UTC)
        zonder = _latenties(k, begin_a, begin_b)
        with Session(maak_engine(k.instellingen.db_url)) as s:
            eerste_helft = list(s.exec(select(Deelnemer.pseudoniem)))

        _zet_gif_import(k, eerste_helft)
        k.verwijs(slice(helft, None))
        wacht_tot_rust(k, timeout_s=360)  # the poison row is open until its last attempt

        met = _latenties(k, begin_b, datetime.now(UTC))
        telling = controleer(k, "gif")
        mislukt = k.runs_in_staat("FAILED") + k.runs_in_staat("CRASHED")
        runs = k.runs_in_staat("COMPLETED")
        with Session(maak_engine(k.instellingen.db_url)) as s:
            import_rijen = list(
                s.exec(
                    select(
                        InboxBericht.webhook_id, InboxBericht.status, InboxBericht.pogingen
                    ).where(InboxBericht.batch == IMPORT)
                )
            )
            per_rij = {
                o.inbox_id: o
                for o in s.exec(
                    select(Overdracht)
                    .join(InboxBericht, InboxBericht.id == Overdracht.inbox_id)
                    .where(InboxBericht.batch == IMPORT)
                )
            }
            gif_rij = s.exec(
                select(InboxBericht.id, InboxBericht.laatste_fout).where(
                    InboxBericht.webhook_id == f"{IMPORT}#gif"
                )
            ).one()
    print(
        f"[fault:gif] webhook → processed, without the poison import: n={len(zonder)} "
        f"p50={_p(zonder, 50):.2f} s p95={_p(zonder, 95):.2f} s; beside it: n={len(met)} "
        f"p50={_p(met, 50):.2f} s p95={_p(met, 95):.2f} s; import rows: "
        f"{sorted((s, p) for _, s, p in import_rijen).count(('geweigerd', 0))} valid refused once, "
        f"poison: {[(s, p) for w, s, p in import_rijen if w.endswith('#gif')]} "
        f"({gif_rij.laatste_fout}); runs completed {runs}, failed or crashed {mislukt}"
    )
    geldig = [(w, s, p) for w, s, p in import_rijen if not w.endswith("#gif")]
    assert len(geldig) == GELDIGE_RIJEN and all((s, p) == ("geweigerd", 0) for _, s, p in geldig), (
        "every valid row processed once, at its first attempt"
    )
    assert len(per_rij) == GELDIGE_RIJEN + 1, "one handoff record per import row"
    assert [(s, p) for w, s, p in import_rijen if w.endswith("#gif")] == [("quarantaine", 3)]
    assert [b["regel"] for b in per_rij[gif_rij.id].bevindingen] == ["verwerking:fout"]
    assert mislukt == 0, "no run failed on the poison row"
    assert telling["inbox_quarantaine"] >= 1
    assert _p(met, 95) <= _p(zonder, 95) + 5.0, "the stream is not held back by the poison import"
