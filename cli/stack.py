"""The embedded runtime: a local Prefect server with its UI, the webhook API, the partner
simulator and the served deployments, each a child process on loopback with its own log file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from settings import Instellingen

BIN = Path(sys.executable).parent
PROJECT_MAP = Path(__file__).resolve().parent.parent


class StackFout(RuntimeError):
    """A part of the stack did not come up; the message names it and its log file."""


@dataclass(frozen=True)
class Adressen:
    prefect_api: str
    prefect_ui: str
    webhooks: str
    simulator: str


def adressen(instellingen: Instellingen, prefect_poort: int = 4200) -> Adressen:
    return Adressen(
        prefect_api=f"http://127.0.0.1:{prefect_poort}/api",
        prefect_ui=f"http://127.0.0.1:{prefect_poort}",
        webhooks=instellingen.webhook_basis_url,
        simulator=f"http://127.0.0.1:{instellingen.simulator_poort}",
    )


def omgeving(instellingen: Instellingen, adres: Adressen) -> dict[str, str]:
    """Environment for every child: one Prefect home and API, quiet, offline."""
    return os.environ | {
        "PREFECT_API_URL": adres.prefect_api,
        "PREFECT_HOME": str(instellingen.data_map / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        # A run queued behind the one-at-a-time verwerk-inbox retries for its slot after this long
        # (Prefect's default 30 s would leave a webhook that lands as a run ends waiting that long).
        "PREFECT_SERVER_DEPLOYMENTS_CONCURRENCY_SLOT_WAIT_SECONDS": "2",
        "PREFECT_UI_API_URL": adres.prefect_api,
        "KETEN_DATA_MAP": str(instellingen.data_map),
        "KETEN_PREFECT_API_URL": adres.prefect_api,
        "KETEN_DATABASE_URL": instellingen.db_url,
        "KETEN_CONFIG_MAP": str(instellingen.config_map),
        "KETEN_WEBHOOK_POORT": str(instellingen.webhook_poort),
        "KETEN_WEBHOOK_BASIS_URL": instellingen.webhook_basis_url,
        "KETEN_SIMULATOR_POORT": str(instellingen.simulator_poort),
        "KETEN_SIMULATOR_BASIS_URL": instellingen.simulator_basis_url,
    }


@contextmanager
def _proces(naam: str, opdracht: list[str], env: dict[str, str], logmap: Path) -> Iterator[subprocess.Popen[bytes]]:
    logmap.mkdir(parents=True, exist_ok=True)
    with (logmap / f"{naam}.log").open("ab") as log:
        proces = subprocess.Popen(opdracht, cwd=PROJECT_MAP, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            yield proces
        finally:
            proces.terminate()
            try:
                proces.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait()


def wacht_op(naam: str, url: str, proces: subprocess.Popen[bytes], logmap: Path, timeout_s: float = 180) -> None:
    """Poll `url` until it answers 2xx; fail early if the process died."""
    einde = time.monotonic() + timeout_s
    while time.monotonic() < einde:
        if proces.poll() is not None:
            raise StackFout(f"{naam} stopped (exit {proces.returncode}); see {logmap / (naam + '.log')}")
        try:
            if httpx.get(url, timeout=2).is_success:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise StackFout(f"{naam} not ready after {timeout_s:.0f} s at {url}; see {logmap / (naam + '.log')}")


@contextmanager
def stack(instellingen: Instellingen, *, prefect_poort: int | None = None, simulator: bool = True) -> Iterator[Adressen]:
    """Start everything, wait until each part answers, stop it all on exit (Prefect on the port of
    KETEN_PREFECT_API_URL unless `prefect_poort` says otherwise)."""
    prefect_poort = prefect_poort or urlsplit(instellingen.prefect_api_url).port or 4200
    adres = adressen(instellingen, prefect_poort)
    env = omgeving(instellingen, adres)
    logmap = instellingen.data_map / "logs"
    uvicorn = [str(BIN / "python"), "-m", "uvicorn", "--factory", "--host", "127.0.0.1", "--log-level", "warning"]
    with ExitStack() as stapel:
        server = stapel.enter_context(_proces("prefect-server", [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(prefect_poort)], env, logmap))
        wacht_op("prefect-server", f"{adres.prefect_api}/health", server, logmap)
        api = stapel.enter_context(_proces("webhooks", [*uvicorn, "--port", str(instellingen.webhook_poort), "webhooks.app:create_app"], env, logmap))
        wacht_op("webhooks", f"{adres.webhooks}/health", api, logmap)
        if simulator:
            sim = stapel.enter_context(_proces("simulator", [*uvicorn, "--port", str(instellingen.simulator_poort), "cli.simulator:app"], env, logmap))
            wacht_op("simulator", f"{adres.simulator}/_sim/status", sim, logmap)
        flows = stapel.enter_context(_proces("deployments", [str(BIN / "python"), "-m", "deployments.serve"], env, logmap))
        wacht_op("deployments", f"{adres.prefect_api}/deployments/name/verwerk-inbox/verwerk-inbox", flows, logmap)
        yield adres
