"""What one handoff costs on the hot path, by batch size: shape + gate + programme + ledger + outbox.

Run from the repository root: `.venv/bin/python bench/verwerking.py [--groottes 1 10 500] [--herhalingen 3]`.
Not a test: prints a table, with the machine's load at the start.
Each row processes the same kind of handoff (instroom→assessment for registered participants) on a
fresh SQLite database, without Prefect, so the figures show what batching buys before a flow run's
own cost (STACK.md: 0.3–1 s a run) is added. One run per webhook would pay that per handoff.
"""

from __future__ import annotations

import argparse
import base64
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from connectors.simulator.voorbeelden import GELDIG  # noqa: E402
from flows.verwerking import keur, pas_toe  # noqa: E402
from persistence import inbox, maak_engine, sessie, verloop  # noqa: E402
from quality import get_poort  # noqa: E402
from schemas.contracten import InstroomNaarAssessment  # noqa: E402
from settings import Instellingen, laad_catalogus  # noqa: E402

GROOTTES = (1, 10, 100, 500, 10_000)
HERHALINGEN = 3
NU = datetime.now(UTC)


def _vul(engine: Engine, aantal: int) -> None:
    """Registered participants in instroom, each with one instroom→assessment handoff waiting."""
    with sessie(engine) as s:
        for i in range(aantal):
            pseudoniem = "KT-" + base64.b32encode(i.to_bytes(10, "big")).decode()[-10:]
            d = verloop.maak_deelnemer(
                session=s,
                pseudoniem=pseudoniem,
                bsn_hash=f"h{i}",
                persoon_versleuteld="x",
                programma="utrecht-bank-tot-baan",
                gemeente_partner="gemeente-utrecht",
                verwijzing_id=str(i),
                nu=NU,
            )
            verloop.start_traject(
                session=s,
                deelnemer_id=d.id or 0,
                programma=d.programma,
                fase="instroom",
                partner="gemeente-utrecht",
                nu=NU,
            )
            payload = {
                "type": "fase.afgerond",
                "gemeld_op": NU.isoformat(),
                "deelnemer": pseudoniem,
                "fase": "instroom",
                "naar": "assessment",
                "dossier": GELDIG[InstroomNaarAssessment],
            }
            inbox.ontvang(
                session=s,
                partner="gemeente-utrecht",
                webhook_id=f"w{i}",
                type="fase.afgerond",
                pseudoniem=pseudoniem,
                payload=payload,
                nu=NU,
            )


def _meet(grootte: int) -> tuple[float, float]:
    """Wall and CPU seconds to carry one batch of `grootte` handoffs from inbox to outbox. CPU time
    counts this process only, so it holds still on a shared machine where wall time does not."""
    with tempfile.TemporaryDirectory() as map_:
        instellingen = Instellingen(data_map=Path(map_), database_url=f"sqlite:///{map_}/bench.db")
        catalogus, engine = laad_catalogus(instellingen), maak_engine(instellingen.db_url)
        _vul(engine, grootte)
        begin, cpu = time.perf_counter(), time.process_time()
        with sessie(engine) as s:
            batch = inbox.claim_batch(session=s, maximum=grootte, nu=NU)
            kandidaten = keur(s, batch, catalogus=catalogus, poort=get_poort(), nu=NU)
            uitslagen = pas_toe(s, kandidaten, catalogus=catalogus, nu=NU, flow_run_id=None)
        duur, cpu = time.perf_counter() - begin, time.process_time() - cpu
        assert all(u.status == "geaccepteerd" for u in uitslagen), uitslagen[:1]
        return duur, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groottes", type=int, nargs="+", default=GROOTTES)
    parser.add_argument("--herhalingen", type=int, default=HERHALINGEN)
    args = parser.parse_args()
    get_poort().keur(InstroomNaarAssessment, [])  # import GX before timing
    _meet(5)  # warm the gate's suite for this contract
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(
        f"median of {args.herhalingen} runs per batch size; handoff = inbox claim → read → gate → decide → write (ledger, outbox)"
    )
    print(
        f"{'batch':>6} {'ms/batch':>10} {'ms/handoff':>11} {'CPU ms/handoff':>15} {'handoffs/s':>11} {'vs batch of 1':>14}"
    )
    basis = None
    for grootte in args.groottes:
        metingen = [_meet(grootte) for _ in range(args.herhalingen)]
        duur = statistics.median(m[0] for m in metingen)
        cpu = statistics.median(m[1] for m in metingen)
        per = duur / grootte
        basis = basis or per
        print(
            f"{grootte:>6} {duur * 1000:>10.1f} {per * 1000:>11.2f} {cpu / grootte * 1000:>15.2f} {1 / per:>11.0f} {basis / per:>13.1f}x"
        )


if __name__ == "__main__":
    main()
