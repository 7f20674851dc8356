"""Processing throughput with 1, 2 and 4 workers side by side over one backlog, on PostgreSQL.

Run from the repository root:
`.venv/bin/python bench/werkers.py --database-url postgresql+psycopg://keten:keten@127.0.0.1:5432/keten_bench
[--aantal 10000] [--werkers 1 2 4]` (the database is emptied first; `scripts/postgres-test-url` makes
one on this machine). Not a test: prints a table, with the machine's load at the start.

Each worker is its own process running the flow's real path without Prefect's run overhead: claim
the next batch (`inbox.claim_volgende`, leased, SKIP LOCKED), then `flows.verwerking.verwerk`
(read, gate, decide, ledger and outbox in one transaction). The backlog is the same for each row of
the table: instroom→assessment handoffs of registered participants. After each row the ledger is
counted: one move per handoff, none twice. SQLite is not in the table: it keeps one worker.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import col, func, select  # noqa: E402

from bench.verwerking import nieuwe_database, tel_statements, vul  # noqa: E402
from flows.verwerking import verwerk  # noqa: E402
from persistence import Overgang, inbox, maak_engine, sessie  # noqa: E402
from quality import Poort, get_poort  # noqa: E402
from schemas.contracten import InstroomNaarAssessment  # noqa: E402
from settings import Catalogus, Instellingen, laad_catalogus  # noqa: E402

BATCH = 500


@dataclass(frozen=True)
class Meting:
    gedaan: int
    duur: float
    cpu: list[float]
    statements: float
    zetten: int
    dubbel: int

    @property
    def per_s(self) -> float:
        return self.gedaan / self.duur


def _werker(url: str, start: Any, uit: Any) -> None:
    """Carry batches until nothing is left to claim; report handoffs, CPU seconds, statements."""
    instellingen = Instellingen(database_url=url)
    engine, catalogus, poort = maak_engine(url), laad_catalogus(instellingen), get_poort()
    poort.keur(InstroomNaarAssessment, [])  # import and build the gate before the clock starts
    uit.put("klaar")
    start.wait()
    cpu, gedaan = time.process_time(), 0
    with tel_statements(engine) as statements:
        gedaan = _draag(engine, catalogus, poort)
    uit.put((gedaan, time.process_time() - cpu, statements[0]))


def _draag(engine: Engine, catalogus: Catalogus, poort: Poort) -> int:
    gedaan = 0
    while True:
        nu = datetime.now(UTC)
        with sessie(engine) as s:
            ids = inbox.claim_volgende(session=s, maximum=BATCH, nu=nu, duur=timedelta(minutes=5))
        if not ids:
            break
        gedaan += len(
            verwerk(ids, engine=engine, catalogus=catalogus, poort=poort, nu=nu, flow_run_id=None)
        )
    return gedaan


def _meet(url: str, aantal: int, werkers: int) -> Meting:
    _, engine = nieuwe_database("", url)
    vul(engine, aantal)
    ctx = multiprocessing.get_context("spawn")
    start, uit = ctx.Event(), ctx.Queue()
    processen = [ctx.Process(target=_werker, args=(url, start, uit)) for _ in range(werkers)]
    for p in processen:
        p.start()
    for _ in processen:  # every worker imported and warmed up before the clock starts
        assert uit.get() == "klaar"
    begin = time.perf_counter()
    start.set()
    resultaten = [uit.get() for _ in processen]
    duur = time.perf_counter() - begin
    for p in processen:
        p.join()
    with sessie(engine) as s:
        zetten = s.exec(select(func.count()).select_from(Overgang)).one()
        per_overdracht = (
            select(col(Overgang.overdracht_id))
            .group_by(col(Overgang.overdracht_id))
            .having(func.count() > 1)
            .subquery()
        )
        dubbel = s.exec(select(func.count()).select_from(per_overdracht)).one()
    gedaan = sum(r[0] for r in resultaten)
    return Meting(
        gedaan=gedaan,
        duur=duur,
        cpu=[r[1] for r in resultaten],
        statements=sum(r[2] for r in resultaten) / max(gedaan, 1),
        zetten=zetten,
        dubbel=dubbel,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--aantal", type=int, default=10_000)
    parser.add_argument("--werkers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    print(
        f"backlog {args.aantal} handoffs, batches of {BATCH}, PostgreSQL at {args.database_url.split('@')[-1]}"
    )
    print(
        f"{'workers':>7} {'s':>7} {'handoffs/s':>11} {'vs 1':>6} {'CPU s per worker':>24} {'stmts/handoff':>14} {'ledger':>7} {'doubles':>8}"
    )
    basis = None
    for werkers in args.werkers:
        m = _meet(args.database_url, args.aantal, werkers)
        basis = basis or m.per_s
        cpu = " ".join(f"{c:.1f}" for c in m.cpu)
        print(
            f"{werkers:>7} {m.duur:>7.1f} {m.per_s:>11.0f} {m.per_s / basis:>5.2f}x {cpu:>24} {m.statements:>14.1f} {m.zetten:>7} {m.dubbel:>8}"
        )
    print(f"own CPU of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_utime:.1f} s")


if __name__ == "__main__":
    main()
