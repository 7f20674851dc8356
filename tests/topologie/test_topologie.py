"""The production topology on one machine, with a worker and a receiver killed mid-stream.

PostgreSQL holds the chain and the Prefect server's own database; `keten pool` creates the
process work pool and deploys deployments/prefect.yaml to it (two processing runs at a time);
two `prefect worker` processes take the runs; the receiver runs as two uvicorn processes on one
port. A cohort is referred; while a batch is claimed one worker is SIGKILLed with its runs, and
one receiver process is SIGKILLed while partners send webhooks (uvicorn starts a new one; the
partners retry what it dropped). At rest every participant is where the ledger says, each outbox
message was delivered once with one disclosure row, and nothing is left in inbox or outbox.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import select

from cli.databank import breng_bij
from cli.stapel import BIN, PROJECT_MAP, Onderdeel, Stapel, adressen, nakomelingen, omgeving
from cli.stapel import onderdelen as stapel_onderdelen
from connectors.simulator.cohort import maak_cohort
from persistence import OutboxBericht, Verstrekking, kale_engine, maak_engine, sessie
from settings import Instellingen, laad_catalogus
from tests.conftest import leeg_schema
from tests.fault.hulp import (
    AANTAL,
    Keten,
    controleer,
    instellingen_voor,
    wacht_tot,
    wacht_tot_rust,
)

pytestmark = pytest.mark.topologie

PREFECT, WEBHOOKS, DASHBOARD = 4250, 8150, 8152  # the simulator takes 8151
WERKER_POORTEN = {"werker-1": 8153, "werker-2": 8154}


def _prefect_database(keten_url: str) -> str:
    """The Prefect server's own database beside the chain's: <name>_prefect, made by
    scripts/postgres-test-url; emptied here so each run starts clean."""
    url = make_url(keten_url)
    eigen = url.set(database=f"{url.database}_prefect")
    try:
        engine = create_engine(eigen)
        leeg_schema(engine)
        engine.dispose()
    except OperationalError:
        pytest.skip(f"no database {eigen.database} for the Prefect server (make test makes it)")
    return eigen.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def _werker(naam: str, poort: int) -> Onderdeel:
    return Onderdeel(
        naam,
        [
            "env",
            f"PREFECT_WORKER_WEBSERVER_PORT={poort}",
            str(BIN / "prefect"),
            "worker",
            "start",
            "--pool",
            "ketenregie",
            "--name",
            naam,
            "--with-healthcheck",
        ],
        f"http://127.0.0.1:{poort}/health",
    )


def _onderdelen(inst: Instellingen, adres) -> list[Onderdeel]:
    """The embedded stack's parts with the receiver doubled and the served deployments
    replaced by workers; the dashboard is left out (it plays no part here)."""
    delen = {o.naam: o for o in stapel_onderdelen(inst, adres)}
    webhooks = delen["webhooks"]
    return [
        delen["prefect-server"],
        replace(
            webhooks,
            opdracht=[*webhooks.opdracht[:-1], "--workers", "2", "webhooks.app:create_app"],
        ),
        delen["simulator"],
        *(_werker(naam, poort) for naam, poort in WERKER_POORTEN.items()),
    ]


@contextmanager
def topologie(data: Path, keten_url: str) -> Iterator[Keten]:
    inst = instellingen_voor(
        data,
        webhook=WEBHOOKS,
        dashboard=DASHBOARD,
        database_url=keten_url,
        prefect_api_url=f"http://127.0.0.1:{PREFECT}/api",
        inbox_claim_s=10,
        vangnet_s=5,
    )
    kaal = kale_engine(keten_url)
    leeg_schema(kaal)
    kaal.dispose()
    breng_bij(keten_url)
    adres = adressen(inst, PREFECT)
    env = omgeving(inst, adres) | {
        "PREFECT_API_DATABASE_CONNECTION_URL": _prefect_database(keten_url),
        "PREFECT_WORKER_WEBSERVER_HOST": "127.0.0.1",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        "KETEN_CODE_MAP": str(PROJECT_MAP),
        "KETEN_VERWERK_WERKERS": "2",
    }
    delen = _onderdelen(inst, adres)
    stapel = Stapel(adres, env, data / "logs", delen)
    catalogus = laad_catalogus(inst)
    cohort = maak_cohort(AANTAL, 41, list(catalogus.programmas.values()))
    try:
        stapel.start("prefect-server")
        pool = subprocess.run(
            [str(BIN / "keten"), "pool", "--zombie-na", "60"],
            cwd=PROJECT_MAP,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert pool.returncode == 0, pool.stdout[-2000:] + pool.stderr[-2000:]
        for onderdeel in delen[1:]:
            stapel.start(onderdeel.naam)
        yield Keten(inst, catalogus, stapel, cohort)
    finally:
        stapel.stop_alles()


def _receivers(stapel: Stapel) -> list[int]:
    """The receiver's worker processes: uvicorn's spawned children, not its supervisor nor
    multiprocessing's resource tracker."""
    return [
        pid
        for pid in nakomelingen(stapel.processen["webhooks"].pid)
        if b"spawn_main" in _opdracht(pid)
    ]


def _werker_met_een_run(stapel: Stapel) -> str | None:
    """A worker with a flow run in its process tree (a process worker runs each as a child)."""
    for naam in WERKER_POORTEN:
        proces = stapel.processen.get(naam)
        if proces and any(b"prefect.engine" in _opdracht(p) for p in nakomelingen(proces.pid)):
            return naam
    return None


def _opdracht(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_topologie_verliest_niets_bij_een_gedode_worker_en_receiver(tmp_path):
    url = os.environ.get("KETEN_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL: set KETEN_TEST_POSTGRES_URL (make test does)")
    with topologie(tmp_path, url) as k:
        api = k.stapel.adres.prefect_api
        limiet = httpx.get(f"{api}/deployments/name/verwerk-inbox/verwerk-inbox", timeout=10)
        assert limiet.json()["global_concurrency_limit"]["limit"] == 2
        assert len(_receivers(k.stapel)) == 2
        k.verwijs(slice(0, AANTAL // 2))
        wacht_tot(
            lambda: k.geclaimd_open() > 0 and _werker_met_een_run(k.stapel) is not None,
            180,
            "a worker's run in the middle of a batch",
            stap_s=0.05,
        )
        k.stapel.stop(_werker_met_een_run(k.stapel) or "werker-1", signaal=signal.SIGKILL)
        gestrand = k.geclaimd_open()
        gedood = _receivers(k.stapel)[0]
        os.kill(gedood, signal.SIGKILL)
        k.verwijs(slice(AANTAL // 2, None))
        wacht_tot(
            lambda: len([p for p in _receivers(k.stapel) if p != gedood]) == 2,
            60,
            "uvicorn starting a new receiver process",
        )
        wacht_tot_rust(k, 600)
        telling = controleer(k, "topologie")
        wacht_tot(lambda: k.runs_in_staat("CRASHED") >= 1, 180, "the killed run marked crashed")
        with sessie(maak_engine(url)) as s:
            afgeleverd = set(
                s.exec(select(OutboxBericht.sleutel).where(OutboxBericht.status == "afgeleverd"))
            )
            verstrekt = Counter(s.exec(select(Verstrekking.bericht_sleutel)))
        gecrasht = k.runs_in_staat("CRASHED")
    dubbel = {sleutel: n for sleutel, n in verstrekt.items() if n > 1}
    print(
        f"[topologie] claimed and unfinished at the kill: {gestrand}, runs crashed: {gecrasht}, "
        f"disclosures: {sum(verstrekt.values())}, "
        f"resent after a cut-off delivery and recognised by its key: {telling['sim_dubbel']}"
    )
    assert not dubbel, f"a message disclosed twice: {dubbel}"
    assert set(verstrekt) == afgeleverd, "one disclosure row for each delivered message, no other"
