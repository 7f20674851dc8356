"""What one handoff costs on the hot path, by batch size: shape + gate + programme + ledger + outbox.

Run from the repository root: `.venv/bin/python bench/verwerking.py [--groottes 1 10 500] [--herhalingen 3]
[--database-url postgresql+psycopg://…]` (with a URL, each batch size is measured on SQLite and on
that PostgreSQL side by side; the PostgreSQL database is emptied each run).
Not a test: prints a table, with the machine's load at the start.
Each row processes the same kind of handoff (instroom→assessment for registered participants) on a
fresh SQLite database, without Prefect, so the figures show what batching buys before a flow run's
own cost (STACK.md: 0.3–1 s a run) is added. One run per webhook would pay that per handoff.
"""

from __future__ import annotations

import argparse
import base64
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from connectors.simulator.voorbeelden import GELDIG  # noqa: E402
from flows.verwerking import keur, pas_toe  # noqa: E402
from persistence import inbox, kale_engine, maak_engine, migreer, sessie, verloop  # noqa: E402
from quality import get_poort  # noqa: E402
from schemas.contracten import InstroomNaarAssessment  # noqa: E402
from settings import Instellingen, laad_catalogus  # noqa: E402

GROOTTES = (1, 10, 100, 500, 10_000)
HERHALINGEN = 3
NU = datetime.now(UTC)


def vul(engine: Engine, aantal: int) -> None:
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


def nieuwe_database(map_: str, url: str | None = None) -> tuple[Instellingen, Engine]:
    """A fresh SQLite file in `map_`, or the PostgreSQL database at `url` emptied and migrated."""
    url = url or f"sqlite:///{map_}/bench.db"
    if not url.startswith("sqlite"):
        kaal = kale_engine(url)
        with kaal.begin() as verbinding:
            verbinding.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        kaal.dispose()
    engine = maak_engine(url)
    migreer(engine)  # maak_engine migrates once per process; the schema is new each time
    return Instellingen(data_map=Path(map_), database_url=url), engine


@contextmanager
def tel_statements(engine: Engine) -> Iterator[list[int]]:
    """Count the statements `engine` sends inside the block (an executemany counts once)."""
    teller = [0]

    def tel(*_: object) -> None:
        teller[0] += 1

    event.listen(engine, "before_cursor_execute", tel)
    try:
        yield teller
    finally:
        event.remove(engine, "before_cursor_execute", tel)


def _meet(grootte: int, url: str | None) -> tuple[float, float, float]:
    """Wall and CPU seconds to carry one batch of `grootte` handoffs from inbox to outbox, and the
    statements it sent per handoff. CPU time counts this process only, so it holds still on a
    shared machine where wall time does not."""
    with tempfile.TemporaryDirectory() as map_:
        instellingen, engine = nieuwe_database(map_, url)
        catalogus = laad_catalogus(instellingen)
        vul(engine, grootte)
        gc.collect()  # the fill's garbage is not the batch's: collected now, not mid-measurement
        begin, cpu = time.perf_counter(), time.process_time()
        with tel_statements(engine) as teller, sessie(engine) as s:
            batch = inbox.claim_batch(session=s, maximum=grootte, nu=NU)
            kandidaten = keur(s, batch, catalogus=catalogus, poort=get_poort(), nu=NU)
            uitslagen = pas_toe(s, kandidaten, catalogus=catalogus, nu=NU, flow_run_id=None)
        duur, cpu = time.perf_counter() - begin, time.process_time() - cpu
        assert all(u.status == "geaccepteerd" for u in uitslagen), uitslagen[:1]
        return duur, cpu, teller[0] / grootte


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--groottes", type=int, nargs="+", default=GROOTTES)
    parser.add_argument("--herhalingen", type=int, default=HERHALINGEN)
    parser.add_argument(
        "--database-url", help="PostgreSQL to measure on (emptied each run); default SQLite files"
    )
    args = parser.parse_args()
    get_poort().keur(InstroomNaarAssessment, [])  # import GX before timing
    _meet(5, args.database_url)  # warm the gate's suite for this contract
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(
        f"median of {args.herhalingen} runs per batch size; handoff = inbox claim → read → gate → decide → write (ledger, outbox)"
    )
    databases = [("SQLite", None)] + (
        [("PostgreSQL", args.database_url)] if args.database_url else []
    )
    print(
        f"{'batch':>6} {'database':>10} {'ms/handoff':>11} {'CPU ms/handoff':>15} {'stmts/handoff':>14} {'handoffs/s':>11} {'vs SQLite':>10}"
    )
    for grootte in args.groottes:
        # side by side and interleaved (SQLite, PostgreSQL, SQLite, …): drift on a shared
        # machine falls on both alike
        metingen: dict[str, list[tuple[float, float, float]]] = {naam: [] for naam, _ in databases}
        for _ in range(args.herhalingen):
            for naam, url in databases:
                metingen[naam].append(_meet(grootte, url))
        sqlite = None
        for naam, _ in databases:
            per = statistics.median(m[0] for m in metingen[naam]) / grootte
            cpu = statistics.median(m[1] for m in metingen[naam]) / grootte
            statements = statistics.median(m[2] for m in metingen[naam])
            sqlite = sqlite or per
            print(
                f"{grootte:>6} {naam:>10} {per * 1000:>11.2f} {cpu * 1000:>15.2f} {statements:>14.2f} {1 / per:>11.0f} {sqlite / per:>9.2f}x"
            )


if __name__ == "__main__":
    main()
