"""What the dashboard's pages cost over 100,000 participants, over real HTTP on loopback.

Run from the repository root: `.venv/bin/python bench/dashboard.py [--database-url URL]`.
Not a test: prints a table. A fresh database (SQLite in a temporary folder, or the PostgreSQL
database given, emptied first) gets the sweep bench's data set (bench/dataset.py) and one
follow-up sweep (so the flags are there); then uvicorn serves the dashboard on 127.0.0.1, a
coordinator signs in through the real form, and each page in PAGINAS is fetched after a warm-up
N times: median and p95 in ms, the median CPU ms of the process (server and database; on
SQLite the database runs in-process, on PostgreSQL its server's CPU is not counted), and the SQL
statements one request runs (counted with a
`before_cursor_execute` event). The issue's goal: ≤ 500 ms per page.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import MetaData, event, text
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on the path and its name would hide the
# dashboard package: the repository root goes first instead.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

from bench.dataset import AANTAL, NU, bench_instellingen, vul  # noqa: E402
from bench.sweep import sweep  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from persistence import gebruikers, kale_engine, maak_engine, sessie  # noqa: E402
from schemas.rollen import Rol  # noqa: E402
from settings import laad_catalogus  # noqa: E402

# (name, path): one line per page.
PAGINAS = [
    ("overzicht, alle programma's", "/"),
    ("overzicht, één programma", "/?programma=utrecht-bank-tot-baan"),
    ("overzicht, 365 dagen", "/?dagen=365"),
    ("werklijst", "/werklijst"),
    ("werklijst, pagina 20", "/werklijst?pagina=20"),
    ("gelijke kansen, 3 maanden (default)", "/gelijke-kansen?programma=utrecht-bank-tot-baan"),
    (
        "gelijke kansen, 12 maanden",
        f"/gelijke-kansen?programma=utrecht-bank-tot-baan&van={(NU - timedelta(days=365)).date()}",
    ),
]
# Intake attributes for every participant, spread by id (the data set has none of its own).
KENMERKEN = text(
    "INSERT INTO kenmerk (deelnemer_id, geslacht, leeftijdsband, doelgroep, regio) "
    "SELECT id, CASE id % 2 WHEN 0 THEN 'man' ELSE 'vrouw' END, "
    "CASE id % 5 WHEN 0 THEN '18-22' WHEN 1 THEN '23-26' WHEN 2 THEN '27-34' "
    "WHEN 3 THEN '35-49' ELSE '50+' END, "
    "CASE id % 3 WHEN 0 THEN 'participatiewet' WHEN 1 THEN 'inburgering' ELSE 'jongeren' END, "
    "'GM0344' FROM deelnemer"
)
NAAM, WACHTWOORD = "bench-regisseur", "een lang genoeg wachtwoord"


class Teller:
    """SQL statements the engine ran since the last reset."""

    def __init__(self, engine: Engine) -> None:
        self.n = 0
        event.listen(engine, "before_cursor_execute", self._tel)

    def _tel(self, *_: Any) -> None:
        self.n += 1


def leeg(url: str) -> None:
    """Drop every table of a PostgreSQL database given on the command line (a bench database)."""
    engine = kale_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    metadata.drop_all(engine)
    engine.dispose()


def aanmelden(basis: str) -> httpx.Client:
    client = httpx.Client(base_url=basis, timeout=60)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/aanmelden").text)
    assert token, "no CSRF token on the sign-in form"
    antwoord = client.post(
        "/aanmelden", data={"gebruikersnaam": NAAM, "wachtwoord": WACHTWOORD, "csrf": token[1]}
    )
    assert antwoord.status_code == 303, antwoord.text[:200]
    return client


def meet(
    client: httpx.Client, teller: Teller, pad: str, runs: int
) -> tuple[list[float], list[float], int]:
    """Warm-up, then `runs` timed requests: wall-clock ms, this process's CPU ms (server, SQLite
    and client together: what the page costs whatever else the machine runs), and the
    statements of the last one."""
    for _ in range(3):
        assert client.get(pad).status_code == 200, pad
    tijden, cpu = [], []
    for _ in range(runs):
        teller.n = 0
        begin, begin_cpu = time.perf_counter(), time.process_time()
        antwoord = client.get(pad)
        tijden.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
        assert antwoord.status_code == 200, (pad, antwoord.status_code)
    return tijden, cpu, teller.n


def p95(tijden: list[float]) -> float:
    return sorted(tijden)[max(0, -(-95 * len(tijden) // 100) - 1)]


def main() -> None:
    argumenten = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumenten.add_argument("--database-url", help="PostgreSQL (emptied first); default SQLite")
    argumenten.add_argument("--aantal", type=int, default=AANTAL)
    argumenten.add_argument("--runs", type=int, default=20)
    args = argumenten.parse_args()
    with tempfile.TemporaryDirectory() as map_:
        if args.database_url:
            leeg(args.database_url)
        instellingen = bench_instellingen(Path(map_), args.database_url)
        catalogus = laad_catalogus(instellingen)
        engine = maak_engine(instellingen.db_url)
        begin = time.perf_counter()
        vul(engine, catalogus.programmas, instellingen, args.aantal)
        sweep(engine, catalogus.programmas, instellingen, NU)
        with engine.begin() as verbinding:
            verbinding.execute(KENMERKEN)
        with sessie(engine) as s:
            gebruikers.voeg_toe(
                session=s,
                gebruikersnaam=NAAM,
                rol=Rol.KETENREGISSEUR,
                wachtwoord=WACHTWOORD,
                nu=datetime.now(UTC),
            )
        print(f"{args.aantal:,} participants and one sweep in {time.perf_counter() - begin:.0f} s")
        teller = Teller(engine)
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(instellingen, catalogus), host="127.0.0.1", port=0, log_level="warning"
            )
        )
        draad = threading.Thread(target=server.run, daemon=True)
        draad.start()
        while not server.started:
            time.sleep(0.05)
        basis = f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
        client = aanmelden(basis)
        db = "PostgreSQL" if args.database_url else "SQLite"
        last = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"database {db}; {args.runs} runs after 3 warm-up; load average {last}")
        print(
            f"{'page':<34} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} {'statements':>11} {'p95 ≤ 500':>10}"
        )
        for naam, pad in PAGINAS:
            tijden, cpu, statements = meet(client, teller, pad, args.runs)
            mediaan, goed = statistics.median(tijden), "yes" if p95(tijden) <= 500 else "NO"
            print(
                f"{naam:<34} {mediaan:>10.0f} {p95(tijden):>8.0f} {statistics.median(cpu):>7.0f}"
                f" {statements:>11} {goed:>10}"
            )
        print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
        server.should_exit = True
        draad.join(timeout=10)
        engine.dispose()


if __name__ == "__main__":
    main()
