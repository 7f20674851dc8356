"""Webhook ingest under load, next to a bare FastAPI endpoint that does nothing, in one run.

Run from the repository root: `.venv/bin/python bench/ingest.py` (`--stappen` adds two bare
variants that show where the gap goes; `--help` for the rest). Not a test: prints a table.
Each server is its own uvicorn process on loopback with the flags `keten serve` uses (one process,
`--log-level warning`) and its own fresh SQLite data folder, seeded with participants in their
assessment phase. This process is the load generator: it signs distinct `fase.afgerond` webhooks
(Standard Webhooks, the assessment partner's secret from the real catalogue) just before each
turn and sends them over raw keep-alive HTTP/1.1, so the client costs little next to the server.
The servers are loaded one at a time, taking turns, so a busy spell on the shared machine falls
on all of them. Per server:

- max throughput: a closed loop, K connections each sending its next request on the answer;
- latency at a fixed rate (open loop): request i is due at t0 + i/rate and its latency runs
  from that due time, so a stalled server cannot hide its backlog (no coordinated omission).

The receiver runs as in production while the Prefect API is down: PREFECT_API_URL points at a
loopback port nothing listens on. A nudge starts at most once a second and only when none is in
flight, in a background thread; the connection is refused (Prefect's client retries the connect
for ≈1.5 s, asleep, ≈20 ms of CPU), so the answer path never waits on it. The script counts the
refused nudges in the server's log.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.kaal import PARTNER

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


@dataclass(frozen=True)
class Server:
    """One server of the run: the bare app (`stap` = how much of the door it does) or the receiver."""

    naam: str
    poort: int
    stap: int | None = (
        None  # bare app: 0 nothing, 1 + read body and check the signature, 2 + a threadpool hop
    )
    synchronous: str = "NORMAL"  # the receiver's SQLite durability
    groepscommit: bool = True  # webhooks that arrive together share one commit
    processen: int = 1  # uvicorn --workers: receiver replicas on one port
    postgres: bool = False  # on the --database-url given, else its own SQLite


BARE, NORMAL, FULL, EENZAAM = (
    Server("bare", 8140, stap=0),
    Server("ingest NORMAL", 8141),
    Server("ingest FULL", 8142, synchronous="FULL"),
    Server("ingest NORMAL, a commit each", 8145, groepscommit=False),
)
TWEE = Server("ingest NORMAL, 2 processes", 8146, processen=2)
PG, PG_TWEE = (
    Server("ingest PostgreSQL", 8147, postgres=True),
    Server("ingest PostgreSQL, 2 processes", 8148, processen=2, postgres=True),
)
STAPPEN = (Server("bare + signature", 8143, stap=1), Server("bare + sig + hop", 8144, stap=2))
PREFECT_WEG = 8149  # nothing listens here: the Prefect API is "down"
PROGRAMMA = "utrecht-bank-tot-baan"
DEELNEMERS = 2_000


# --- the load generator -------------------------------------------------------------------------


def _pseudoniem(i: int) -> str:
    return "KT-" + "".join(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[(i >> (5 * k)) & 31] for k in range(9, -1, -1)
    )


def _zaai(data_map: Path, database_url: str | None = None) -> str:
    """Participants in their assessment phase with the assessment partner; returns its secret.

    Seeded for every server alike, so each starts on the same kind of database (a PostgreSQL
    database is emptied first; its servers share it, each sending webhook-ids of its own)."""
    from persistence import kale_engine, maak_engine, sessie, verloop
    from settings import Instellingen, laad_catalogus

    instellingen = Instellingen(data_map=data_map, database_url=database_url)
    if database_url:
        kaal = kale_engine(database_url)
        with kaal.begin() as verbinding:
            verbinding.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        kaal.dispose()
    engine = maak_engine(instellingen.db_url, "NORMAL")
    nu = datetime.now(UTC)
    with sessie(engine) as s:
        for i in range(DEELNEMERS):
            d = verloop.maak_deelnemer(
                session=s,
                pseudoniem=_pseudoniem(i),
                bsn_hash=f"bench-{i}",
                persoon_versleuteld="-",
                programma=PROGRAMMA,
                gemeente_partner="gemeente-utrecht",
                verwijzing_id=f"B{i}",
                nu=nu,
            )
            verloop.start_traject(
                session=s,
                deelnemer_id=d.id or 0,
                programma=PROGRAMMA,
                fase="assessment",
                partner=PARTNER,
                nu=nu,
            )
    engine.dispose()
    return laad_catalogus(instellingen).partner(PARTNER).webhook_geheimen[0].get_secret_value()


def _verzoeken(geheim: str, poort: int, begin: int, aantal: int) -> list[bytes]:
    """`aantal` distinct signed webhooks as raw HTTP/1.1 requests, signed now (±5 min window)."""
    from connectors.ondertekening import onderteken
    from connectors.simulator.voorbeelden import GELDIG
    from schemas.contracten import AssessmentNaarOntwikkeling

    dossier, nu = GELDIG[AssessmentNaarOntwikkeling], datetime.now(UTC)
    uit = []
    for i in range(begin, begin + aantal):
        body = json.dumps(
            {
                "type": "fase.afgerond",
                "gemeld_op": nu.isoformat(),
                "deelnemer": _pseudoniem(i % DEELNEMERS),
                "fase": "assessment",
                "naar": "ontwikkeling",
                "naar_partner": "ontwikkeling-horeca-utrecht",
                "dossier": dossier,
                # naming the partner is a route choice: it says who decided (issue 10 e)
                "besluit": {
                    "reden": "route gekozen na assessment",
                    "rol": "trajectbegeleider",
                    "persoon": "MW-10001",
                },
            }
        ).encode()
        koppen = onderteken(geheim, body, webhook_id=f"msg_bench_{poort}_{i:08d}", tijdstip=nu)
        regels = [
            f"POST /webhooks/{PARTNER} HTTP/1.1",
            f"host: {HOST}:{poort}",
            f"content-length: {len(body)}",
        ]
        regels += [f"{k}: {v}" for k, v in koppen.items()]
        uit.append(("\r\n".join(regels) + "\r\n\r\n").encode() + body)
    return uit


class Verbinding:
    """One keep-alive connection; `vraag` sends a prepared request and returns the status code."""

    def __init__(self, lezer: asyncio.StreamReader, schrijver: asyncio.StreamWriter) -> None:
        self.lezer, self.schrijver = lezer, schrijver

    @classmethod
    async def open(cls, poort: int) -> Verbinding:
        return cls(*await asyncio.open_connection(HOST, poort))

    async def vraag(self, verzoek: bytes) -> int:
        self.schrijver.write(verzoek)
        kop = await self.lezer.readuntil(b"\r\n\r\n")
        lengte = next(
            int(r.split(b":", 1)[1])
            for r in kop.split(b"\r\n")
            if r.lower().startswith(b"content-length:")
        )
        await self.lezer.readexactly(lengte)
        return int(kop[9:12])

    def sluit(self) -> None:
        self.schrijver.close()


@dataclass
class Meting:
    """Answers and latencies of one server in one kind of loop, summed over the rounds."""

    statussen: dict[int, int] = field(default_factory=dict)
    latenties: list[float] = field(default_factory=list)
    duur: float = 0.0
    verbindingen: int = 0

    def tel(self, status: int, latentie: float) -> None:
        self.statussen[status] = self.statussen.get(status, 0) + 1
        self.latenties.append(latentie)

    def kwantiel(self, q: float) -> float:
        return statistics.quantiles(self.latenties, n=1000)[round(q * 1000) - 1] * 1000


async def gesloten_lus(
    poort: int, verzoeken: list[bytes], verbindingen: int, duur: float, meting: Meting
) -> None:
    """K connections, each sending its next request as soon as the answer is in, for `duur` s."""
    volgende = iter(verzoeken)
    open_ = [await Verbinding.open(poort) for _ in range(verbindingen)]
    einde = time.perf_counter() + duur

    async def werker(v: Verbinding) -> None:
        for verzoek in volgende:
            begin = time.perf_counter()
            if begin >= einde:
                return
            meting.tel(await v.vraag(verzoek), time.perf_counter() - begin)

    begin = time.perf_counter()
    await asyncio.gather(*(werker(v) for v in open_))
    meting.duur += time.perf_counter() - begin
    for v in open_:
        v.sluit()


async def open_lus(poort: int, verzoeken: list[bytes], tempo: float, meting: Meting) -> None:
    """Request i is due at t0 + i/tempo, whatever came back; latency counts from the due time."""
    vrij = asyncio.Queue[Verbinding]()
    for _ in range(8):
        vrij.put_nowait(await Verbinding.open(poort))
    alle = vrij.qsize()

    async def stuur(verzoek: bytes, gepland: float) -> None:
        nonlocal alle
        if vrij.empty():
            alle += 1
            v = await Verbinding.open(poort)
        else:
            v = vrij.get_nowait()
        status = await v.vraag(verzoek)
        meting.tel(status, time.perf_counter() - gepland)
        vrij.put_nowait(v)

    taken, t0 = [], time.perf_counter() + 0.05
    for i, verzoek in enumerate(verzoeken):
        gepland = t0 + i / tempo
        await asyncio.sleep(max(0.0, gepland - time.perf_counter()))
        taken.append(asyncio.create_task(stuur(verzoek, gepland)))
    await asyncio.gather(*taken)
    meting.duur += time.perf_counter() - t0
    meting.verbindingen = max(meting.verbindingen, alle)
    while not vrij.empty():
        vrij.get_nowait().sluit()


# --- the servers --------------------------------------------------------------------------------


def _wacht_op(poort: int, proces: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(600):
        if proces.poll() is not None:
            raise SystemExit(f"server on :{poort} stopped; see {log}:\n{log.read_text()[-2000:]}")
        try:
            with socket.create_connection((HOST, poort), timeout=0.2) as s:
                s.sendall(b"GET /health HTTP/1.1\r\nhost: x\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on :{poort} did not come up; see {log}")


def _start(
    server: Server, data_map: Path, database_url: str | None = None
) -> tuple[subprocess.Popen[bytes], Path]:
    """The server as its own uvicorn process; the same flags for every app."""
    log = data_map / "server.log"
    app = (
        ["webhooks.app:create_app"]
        if server.stap is None
        else ["--app-dir", str(ROOT / "bench"), "kaal:kaal"]
    )
    opdracht = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "--host",
        HOST,
        "--port",
        str(server.poort),
        "--log-level",
        "warning",
        *(["--workers", str(server.processen)] if server.processen > 1 else []),
        *app,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KETEN_", "PREFECT_"))} | {
        "KETEN_DATA_MAP": str(data_map),
        **({"KETEN_DATABASE_URL": database_url} if database_url else {}),
        "KETEN_SQLITE_SYNCHRONOUS": server.synchronous,
        "KETEN_GROEPSCOMMIT": str(server.groepscommit).lower(),
        # the load is one partner far above any real partner's rate: measure the path, not the limit
        "KETEN_MAX_VERZOEKEN_PER_MINUUT": str(10**9),
        "BENCH_STAP": str(server.stap or 0),
        "PREFECT_API_URL": f"http://{HOST}:{PREFECT_WEG}/api",
        "KETEN_PREFECT_API_URL": f"http://{HOST}:{PREFECT_WEG}/api",
        "PREFECT_HOME": str(data_map / "prefect"),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    proces = subprocess.Popen(
        opdracht, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    _wacht_op(server.poort, proces, log)
    return proces, log


@dataclass
class Doel:
    """A running server, its own fresh data folder, and the webhooks signed for it so far."""

    server: Server
    geheim: str
    gesloten: Meting = field(default_factory=Meting)
    open_: Meting = field(default_factory=Meting)
    aanstoten: int = 0
    n: int = 0

    def reeks(self, aantal: int) -> list[bytes]:
        """The next `aantal` distinct webhooks, signed now (±5 minutes)."""
        self.n += aantal
        return _verzoeken(self.geheim, self.server.poort, self.n - aantal, aantal)

    @property
    def per_s(self) -> float:
        return len(self.gesloten.latenties) / self.gesloten.duur

    @property
    def antwoorden(self) -> dict[int, int]:
        return {
            k: self.gesloten.statussen.get(k, 0) + self.open_.statussen.get(k, 0)
            for k in self.gesloten.statussen | self.open_.statussen
        }


def meet(servers: list[Server], args: argparse.Namespace) -> list[Doel]:
    """Start every server, warm each up, then take turns in rounds, so a busy spell on the
    shared machine falls on all of them rather than on one."""
    (ROOT / ".keten").mkdir(exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="bench-ingest-", dir=ROOT / ".keten") as map_,
        ExitStack() as stapel,
    ):
        doelen, logs, pg_geheim = [], [], None
        for server in servers:
            data_map = Path(map_) / str(server.poort)
            data_map.mkdir()
            if server.postgres:
                pg_geheim = pg_geheim or _zaai(data_map, args.database_url)
                doelen.append(Doel(server, pg_geheim))
            else:
                doelen.append(Doel(server, _zaai(data_map)))
            proces, log = _start(server, data_map, args.database_url if server.postgres else None)
            stapel.callback(proces.wait, 30)
            stapel.callback(proces.terminate)
            logs.append(log)
        for d in doelen:
            asyncio.run(gesloten_lus(d.server.poort, d.reeks(500), args.verbindingen, 60, Meting()))
        for _ in range(args.rondes):
            for d in doelen:
                verzoeken = d.reeks(int(args.duur / args.rondes * args.plafond))
                asyncio.run(
                    gesloten_lus(
                        d.server.poort,
                        verzoeken,
                        args.verbindingen,
                        args.duur / args.rondes,
                        d.gesloten,
                    )
                )
        for _ in range(args.rondes):
            for d in doelen:
                verzoeken = d.reeks(int(args.open_duur / args.rondes * args.tempo))
                asyncio.run(open_lus(d.server.poort, verzoeken, args.tempo, d.open_))
        for d, log in zip(doelen, logs, strict=True):
            d.aanstoten = log.read_text(errors="replace").count("aanstoten_mislukt")
    return doelen


def _toon(uitslagen: list[Doel], args: argparse.Namespace) -> None:
    kaal_, last = uitslagen[0], os.getloadavg()
    print(
        f"closed loop: {args.verbindingen} connections for {args.duur:.0f} s; open loop: {args.tempo:.0f} req/s for "
        f"{args.open_duur:.0f} s, latency from each request's due time; each in {args.rondes} turns per server"
    )
    print(
        f"one uvicorn process per server, loaded one at a time; {os.cpu_count()} cores shared with this client; "
        f"load average after the run {last[0]:.1f}"
    )
    print(
        f"{'server':<17} {'max req/s':>10} {'vs bare':>8} {'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'conns':>6}  answers"
    )
    for u in uitslagen:
        antwoorden = ", ".join(f"{k}×{v}" for k, v in sorted(u.antwoorden.items()))
        print(
            f"{u.server.naam:<17} {u.per_s:>10.0f} {u.per_s / kaal_.per_s:>7.0%} {u.open_.kwantiel(0.5):>7.1f} "
            f"{u.open_.kwantiel(0.99):>7.1f} {max(u.open_.latenties) * 1000:>7.1f} {u.open_.verbindingen:>6}  {antwoorden}"
        )
    print(
        "conns: connections the open loop needed (8 to start; more when answers lag behind the rate)"
    )
    for u in uitslagen:
        if set(u.antwoorden) != {202}:
            print(
                f"WARNING {u.server.naam}: answers other than 202; its figures do not measure acceptance"
            )
        if u.server.stap is None:
            print(
                f"{u.server.naam}: {u.aanstoten} nudges to the Prefect API (down: {HOST}:{PREFECT_WEG}), each refused in a background thread"
            )
    print(
        "durability (SQLite WAL): NORMAL keeps every acknowledged webhook through a process crash; "
        "FULL also through a power cut or OS crash (the WAL is synced at each commit)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duur", type=float, default=8.0, help="seconds of the closed loop (max throughput)"
    )
    parser.add_argument(
        "--verbindingen", type=int, default=16, help="K: connections in the closed loop"
    )
    parser.add_argument("--tempo", type=float, default=200.0, help="requests/s of the open loop")
    parser.add_argument("--open-duur", type=float, default=15.0, help="seconds of the open loop")
    parser.add_argument("--rondes", type=int, default=3, help="turns each server gets in each loop")
    parser.add_argument(
        "--plafond", type=int, default=6_000, help="requests/s pre-signed for the closed loop"
    )
    parser.add_argument(
        "--database-url",
        help="also the receiver on this PostgreSQL database, one process and two (emptied first)",
    )
    parser.add_argument(
        "--stappen",
        action="store_true",
        help="also the bare app with the signature check, then a threadpool hop",
    )
    args = parser.parse_args()
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    servers = [BARE, *(STAPPEN if args.stappen else ()), NORMAL, FULL, EENZAAM, TWEE]
    servers += [PG, PG_TWEE] if args.database_url else []
    _toon(meet(servers, args), args)


if __name__ == "__main__":
    main()
