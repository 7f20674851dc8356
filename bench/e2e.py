"""End-to-end handoff throughput of two designs, side by side in one run, on the real stack.

Run from the repository root (serialised with other heavy work on this machine):
`flock /tmp/bench.lock .venv/bin/python bench/e2e.py [--aantal 400] [--venster-s 120] [--seed 11]`.
Not a test: prints a table, with the machine's load at the start.

(a) **stream**, the shipped design: the stack as `keten serve` runs it (Prefect server, webhook
    receiver, dashboard, partner simulator, and the deployments of deployments/prefect.yaml served
    by `python -m deployments.serve`); the receiver nudges `verwerk-inbox`, one run carries the
    stream in batches.
(b) **one run per handoff**: the same stack, with `python -m bench.e2e_een` as its served
    deployments (flow `verwerk-een`: claim one inbox row, process it, deliver the outbox, end;
    served by `prefect.serve` the same way) and a dispatcher in this process that creates one flow
    run per new inbox row through the Prefect API. The receiver's nudge and safety net still ask
    for `verwerk-inbox`, which this stack does not serve: Prefect answers that it has no such
    deployment and the receiver logs a warning (counted in the table's notes). The dispatcher
    also keeps a safety net of its own: a row that waited for an earlier event of its
    participant gets a run when it can be claimed and no run is waiting or running.

Each design gets a fresh data folder, a fresh SQLite database and a fresh Prefect server (4260,
then 4261), the same cohort (`maak_cohort` with the same seed, referred with `verwijs`) and the
simulated partners answering at once (no delay). The clock runs from the first referral sent
until nothing is in flight (`cli.demo.stand`: no open inbox row, no outbox message waiting, the
simulator idle) or until the window closes, whichever comes first; (a) has the long window
(`--max-s`), (b) the short one (`--venster-s`). Handoffs carried = rows in the `overdracht`
table with status geaccepteerd (each also a ledger move); handoffs processed counts every
status (refused, quarantined, waiting too).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy.engine import Engine  # noqa: E402
from sqlmodel import col, func, select  # noqa: E402

from bench.e2e_een import NAAM as EEN  # noqa: E402
from cli.demo import stand  # noqa: E402
from cli.stapel import (  # noqa: E402
    BIN,
    Adressen,
    Onderdeel,
    Stapel,
    adressen,
    beheerde_stack,
)
from connectors.simulator.cohort import maak_cohort, verwijs  # noqa: E402
from persistence import InboxBericht, Overdracht, inbox, maak_engine, sessie  # noqa: E402
from settings import Instellingen, laad_catalogus  # noqa: E402

PREFECT_POORTEN = {"stroom": 4260, "een": 4261}
WEBHOOK_POORT, SIMULATOR_POORT, DASHBOARD_POORT = 8170, 8171, 8172
POLL_S = 0.5
GEACCEPTEERD = "geaccepteerd"


@dataclass
class Meting:
    ontwerp: str
    gedragen: int = 0  # overdracht rows with status geaccepteerd
    verwerkt: int = 0  # overdracht rows, any status
    duur: float = 0.0
    eerste: float | None = None  # first referral sent -> first handoff accepted
    runs: int = 0  # flow runs of the handoff deployments created by the end of the window
    runs_gestart: int = 0  # of which started
    run_s: float | None = None  # median seconds a completed run's flow body took
    runs_klaar: int = 0  # of which completed
    rust: bool = False  # nothing in flight before the window closed
    verwezen_s: float = 0.0  # how long sending the referrals took
    open_inbox: int = 0  # inbox rows still open at the end
    aangestoten_mislukt: int = 0  # receiver nudges / safety-net starts refused (its log)
    nalopers: int = 0  # (b) runs the dispatcher's own safety net made
    gemaakt: int = 0  # (b) runs the dispatcher created
    herhaald: int = 0  # (b) create calls answered busy and asked again
    fout: str | None = None  # (b) why the dispatcher stopped early

    @property
    def per_s(self) -> float:
        return self.gedragen / self.duur if self.duur else 0.0


def instellingen_voor(data: Path, prefect_poort: int) -> Instellingen:
    return Instellingen(
        data_map=data,
        database_url=f"sqlite:///{data / 'keten.db'}",
        prefect_api_url=f"http://127.0.0.1:{prefect_poort}/api",
        webhook_poort=WEBHOOK_POORT,
        webhook_basis_url=f"http://127.0.0.1:{WEBHOOK_POORT}",
        simulator_poort=SIMULATOR_POORT,
        simulator_basis_url=f"http://127.0.0.1:{SIMULATOR_POORT}",
        dashboard_poort=DASHBOARD_POORT,
        simulator_vertraging_min_s=0,
        simulator_vertraging_max_s=0,
    )


@contextmanager
def stapel_een(instellingen: Instellingen, prefect_poort: int) -> Iterator[Stapel]:
    """`cli.stapel.beheerde_stack` with `python -m bench.e2e_een` as the served deployments."""
    api = adressen(instellingen, prefect_poort).prefect_api
    een = Onderdeel(
        "deployments",
        [str(BIN / "python"), "-m", "bench.e2e_een"],
        f"{api}/deployments/name/{EEN}/{EEN}",
    )
    with beheerde_stack(
        instellingen, prefect_poort=prefect_poort, vervang={"deployments": een}
    ) as stapel:
        try:
            yield stapel
        finally:
            stapel.stop("deployments")  # the runs still queued need not start: the window is over


def _open_runs(client: httpx.Client, deployment_id: str) -> int:
    """Runs of the deployment waiting, starting or running."""
    staten = ["SCHEDULED", "PENDING", "RUNNING"]
    antwoord = client.post(
        "/flow_runs/count",
        json={
            "deployments": {"id": {"any_": [deployment_id]}},
            "flow_runs": {"state": {"type": {"any_": staten}}},
        },
    )
    return int(antwoord.json())


class Dispatcher:
    """One `verwerk-een` run per new inbox row, created through the Prefect API as soon as this
    thread sees the row (it looks every 0.2 s); plus a run when rows can be claimed and no run
    waits or runs (a row that waited for an earlier event of its participant)."""

    def __init__(self, engine: Engine, adres: Adressen) -> None:
        self._engine = engine
        self._client = httpx.Client(base_url=adres.prefect_api, timeout=30)
        self._deployment = str(self._client.get(f"/deployments/name/{EEN}/{EEN}").json()["id"])
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._loop, name="dispatcher", daemon=True)
        self.gemaakt = 0
        self.nalopers = 0
        self.herhaald = 0  # create calls Prefect answered busy and were asked again
        self.fout: str | None = None

    def start(self) -> None:
        self._draad.start()

    def stop(self) -> None:
        self._stop.set()
        self._draad.join(timeout=30)
        self._client.close()

    def _maak(self, inbox_id: int) -> None:
        """Create the run; a busy server (503, 429) or a dropped connection is asked again, as
        Prefect's own client would (it retries those too)."""
        for poging in range(1, 11):
            try:
                antwoord = self._client.post(
                    f"/deployments/{self._deployment}/create_flow_run",
                    json={"parameters": {"inbox_id": inbox_id}},
                )
                if antwoord.status_code not in (429, 502, 503):
                    antwoord.raise_for_status()
                    self.gemaakt += 1
                    return
            except httpx.TransportError:
                pass
            self.herhaald += 1
            time.sleep(0.5 * poging)
        raise RuntimeError(f"Prefect created no run for inbox row {inbox_id} in 10 attempts")

    def _loop(self) -> None:
        try:
            self._draai()
        except Exception as exc:  # reported in the table's notes instead of a silent thread
            self.fout = f"{exc.__class__.__name__}: {exc}"

    def _draai(self) -> None:
        laatste, net = 0, time.monotonic()
        while not self._stop.wait(0.2):
            with sessie(self._engine) as s:
                nieuw = list(
                    s.exec(
                        select(InboxBericht.id)
                        .where(col(InboxBericht.id) > laatste)
                        .order_by(col(InboxBericht.id))
                    )
                )
            for inbox_id in nieuw:
                if self._stop.is_set():
                    return
                self._maak(inbox_id or 0)
                laatste = inbox_id or laatste
            if time.monotonic() - net >= 5:
                net = time.monotonic()
                with sessie(self._engine) as s:
                    claimbaar = inbox.aantal_claimbaar(session=s, nu=datetime.now(UTC))
                if claimbaar and not _open_runs(self._client, self._deployment):
                    self._maak(laatste)
                    self.nalopers += 1


def _tel(engine: Engine) -> tuple[int, int]:
    with sessie(engine) as s:
        gedragen = s.exec(
            select(func.count()).select_from(Overdracht).where(Overdracht.status == GEACCEPTEERD)
        ).one()
        verwerkt = s.exec(select(func.count()).select_from(Overdracht)).one()
    return gedragen, verwerkt


# The deployments that carry handoffs in each design (the daily ones' cron runs are left out).
DRAGERS = {
    "stroom": ["verwerk-inbox", "bezorg-outbox", "herhaal-quarantaine"],
    "een": [EEN],
}


def _prefect_runs(adres: Adressen, deployments: list[str]) -> tuple[int, int, int, float | None]:
    """Runs of these deployments: created, started, completed, and the median seconds a completed
    one ran (its flow body: the process it runs in starts before that)."""
    runs: list[dict[str, Any]] = []
    with httpx.Client(base_url=adres.prefect_api, timeout=60) as client:
        while True:
            pagina = client.post(
                "/flow_runs/filter",
                json={
                    "deployments": {"name": {"any_": deployments}},
                    "limit": 200,
                    "offset": len(runs),
                },
            ).json()
            runs += pagina
            if len(pagina) < 200:
                break
    gestart = sum(1 for r in runs if r.get("start_time"))
    klaar = [r for r in runs if r.get("state_type") == "COMPLETED"]
    duren = [
        (
            datetime.fromisoformat(r["end_time"]) - datetime.fromisoformat(r["start_time"])
        ).total_seconds()
        for r in klaar
        if r.get("start_time") and r.get("end_time")
    ]
    return len(runs), gestart, len(klaar), statistics.median(duren) if duren else None


def _geweigerde_aanstoten(instellingen: Instellingen) -> int:
    log = instellingen.data_map / "logs" / "webhooks.log"
    tekst = log.read_text(errors="replace") if log.exists() else ""
    return tekst.count("aanstoten_mislukt")  # the nudge's and the safety net's warnings


def meet(
    ontwerp: str,
    instellingen: Instellingen,
    adres: Adressen,
    aantal: int,
    seed: int,
    venster: float,
) -> Meting:
    """Refer the cohort, then poll until nothing is in flight or the window closes."""
    catalogus = laad_catalogus(instellingen)
    engine = maak_engine(instellingen.db_url)
    cohort = maak_cohort(aantal, seed, list(catalogus.programmas.values()))
    m = Meting(ontwerp)
    dispatcher = Dispatcher(engine, adres) if ontwerp == "een" else None
    if dispatcher:
        dispatcher.start()
    begin = time.monotonic()
    verwijzing = threading.Thread(target=verwijs, args=(cohort, catalogus, instellingen))
    verwijzing.start()
    stil_sinds: float | None = None
    stil = 0
    while True:
        time.sleep(POLL_S)
        nu = time.monotonic()
        m.gedragen, m.verwerkt = _tel(engine)
        if m.eerste is None and m.gedragen:
            m.eerste = nu - begin
        if not verwijzing.is_alive() and not m.verwezen_s:
            m.verwezen_s = nu - begin
        if nu - begin >= venster:
            m.duur = venster
            break
        rustig = not verwijzing.is_alive() and stand(instellingen, adres).open_werk == 0
        stil_sinds = (stil_sinds or nu) if rustig else None
        stil = stil + 1 if rustig else 0
        if stil >= 3 and stil_sinds is not None:
            m.duur, m.rust = stil_sinds - begin, True
            break
    m.gedragen, m.verwerkt = _tel(engine)  # what was carried by the end of the window
    if dispatcher:
        dispatcher.stop()
        m.nalopers, m.gemaakt = dispatcher.nalopers, dispatcher.gemaakt
        m.herhaald, m.fout = dispatcher.herhaald, dispatcher.fout
    verwijzing.join()
    m.runs, m.runs_gestart, m.runs_klaar, m.run_s = _prefect_runs(adres, DRAGERS[ontwerp])
    with sessie(engine) as s:
        m.open_inbox = inbox.aantal_open(session=s)
    m.aangestoten_mislukt = _geweigerde_aanstoten(instellingen)
    engine.dispose()
    return m


def draai(ontwerp: str, aantal: int, seed: int, venster: float, basis: Path) -> Meting:
    poort = PREFECT_POORTEN[ontwerp]
    data = basis / ontwerp
    data.mkdir()
    instellingen = instellingen_voor(data, poort)
    print(f"{ontwerp}: starting the stack in {data} (Prefect on {poort})", flush=True)
    stapel = (
        beheerde_stack(instellingen, prefect_poort=poort)
        if ontwerp == "stroom"
        else stapel_een(instellingen, poort)
    )
    with stapel as s:
        print(f"{ontwerp}: stack up; referring {aantal} participants", flush=True)
        m = meet(ontwerp, instellingen, s.adres, aantal, seed, venster)
        print(f"{ontwerp}: done after {m.duur:.1f} s; stopping the stack", flush=True)
    return m


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--aantal", type=int, default=400, help="cohort size (both designs)")
    parser.add_argument(
        "--aantal-een", type=int, default=None, help="cohort of (b) if not --aantal"
    )
    parser.add_argument("--venster-s", type=float, default=120.0, help="window of (b)")
    parser.add_argument("--max-s", type=float, default=600.0, help="window of (a)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--alleen", choices=["stroom", "een"], default=None, help="one design only")
    parser.add_argument("--bewaar", action="store_true", help="keep the data folders and logs")
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    metingen: list[Meting] = []
    tmp = Path(tempfile.mkdtemp(prefix="keten-e2e-"))
    try:
        if args.alleen in (None, "stroom"):
            metingen.append(draai("stroom", args.aantal, args.seed, args.max_s, tmp))
        if args.alleen in (None, "een"):
            aantal = args.aantal_een or args.aantal
            metingen.append(draai("een", aantal, args.seed, args.venster_s, tmp))
    finally:
        if args.bewaar:
            print(f"data folders and logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average at the end {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"cohort {args.aantal} (seed {args.seed}), partners without delay; handoffs = overdracht "
        "rows with status geaccepteerd; seconds from the first referral sent until nothing is in "
        "flight or the window closes"
    )
    kop = (
        f"{'design':<22} {'handoffs':>8} {'processed':>9} {'s':>7} {'handoffs/s':>10} "
        f"{'runs created':>12} {'started':>7} {'completed':>9} {'run s':>6} {'1st handoff s':>13} "
        f"{'at rest':>7}"
    )
    print(kop)
    namen = {"stroom": "(a) stream (shipped)", "een": "(b) one run per handoff"}
    for m in metingen:
        eerste = f"{m.eerste:.1f}" if m.eerste is not None else "-"
        run_s = f"{m.run_s:.1f}" if m.run_s is not None else "-"
        print(
            f"{namen[m.ontwerp]:<22} {m.gedragen:>8} {m.verwerkt:>9} {m.duur:>7.1f} "
            f"{m.per_s:>10.2f} {m.runs:>12} {m.runs_gestart:>7} {m.runs_klaar:>9} {run_s:>6} {eerste:>13} "
            f"{'yes' if m.rust else 'no':>7}"
        )
    if len(metingen) == 2 and metingen[1].per_s:
        print(f"(a)/(b) handoffs/s: {metingen[0].per_s / metingen[1].per_s:.1f}x")
    for m in metingen:
        print(
            f"{namen[m.ontwerp]}: referrals sent in {m.verwezen_s:.1f} s; inbox rows still open "
            f"{m.open_inbox}; receiver nudges refused {m.aangestoten_mislukt}"
            + (
                f"; dispatcher created {m.gemaakt} runs ({m.nalopers} by its safety net), "
                f"{m.herhaald} creates asked again (Prefect busy)"
                + (f"; DISPATCHER STOPPED: {m.fout}" if m.fout else "")
                if m.ontwerp == "een"
                else ""
            )
        )


if __name__ == "__main__":
    main()
