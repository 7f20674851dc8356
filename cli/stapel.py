"""The embedded runtime: a local Prefect server with its UI, the webhook API, the partner
simulator and the served deployments, each a child process on loopback with its own log file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from cli import voorcontrole
from cli.databank import breng_bij, meld
from settings import Instellingen, laad_catalogus

BIN = Path(sys.executable).parent
PROJECT_MAP = Path(__file__).resolve().parent.parent


class StapelFout(RuntimeError):
    """A part of the stack did not come up; the message names it and its log file."""


@dataclass(frozen=True)
class Adressen:
    prefect_api: str
    prefect_ui: str
    webhooks: str
    simulator: str
    dashboard: str


def adressen(instellingen: Instellingen, prefect_poort: int = 4200) -> Adressen:
    return Adressen(
        prefect_api=f"http://127.0.0.1:{prefect_poort}/api",
        prefect_ui=f"http://127.0.0.1:{prefect_poort}",
        webhooks=instellingen.webhook_basis_url,
        simulator=f"http://127.0.0.1:{instellingen.simulator_poort}",
        dashboard=f"http://127.0.0.1:{instellingen.dashboard_poort}",
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
        "KETEN_DASHBOARD_POORT": str(instellingen.dashboard_poort),
        "KETEN_SIMULATOR_BASIS_URL": instellingen.simulator_basis_url,
        "KETEN_SIMULATOR_VERTRAGING_MIN_S": str(instellingen.simulator_vertraging_min_s),
        "KETEN_SIMULATOR_VERTRAGING_MAX_S": str(instellingen.simulator_vertraging_max_s),
        "KETEN_INBOX_CLAIM_S": str(instellingen.inbox_claim_s),
        "KETEN_VANGNET_S": str(instellingen.vangnet_s),
        "KETEN_OUTBOX_HERHAALSCHEMA_S": json.dumps(instellingen.outbox_herhaalschema_s),
    }


@dataclass(frozen=True)
class Onderdeel:
    """One part of the stack: how to start it and where it answers once it is up."""

    naam: str
    opdracht: list[str]
    gereed_url: str


class Stapel:
    """The running stack, part by part, so a test can stop, kill and start one part again.

    Each part runs in its own process group: stopping a part also stops what it started (the
    served deployments run each flow in a child process).
    """

    def __init__(
        self, adres: Adressen, env: dict[str, str], logmap: Path, onderdelen: list[Onderdeel]
    ) -> None:
        self.adres = adres
        self._env = env
        self._logmap = logmap
        self._onderdelen = {o.naam: o for o in onderdelen}
        self.processen: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, naam: str) -> None:
        """Start one part and wait until it answers."""
        onderdeel = self._onderdelen[naam]
        self._logmap.mkdir(parents=True, exist_ok=True)
        with (self._logmap / f"{naam}.log").open("ab") as log:
            proces = subprocess.Popen(
                onderdeel.opdracht,
                cwd=PROJECT_MAP,
                env=self._env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.processen[naam] = proces
        wacht_op(naam, onderdeel.gereed_url, proces, self._logmap)

    def stop(self, naam: str, *, signaal: signal.Signals = signal.SIGTERM) -> None:
        """Stop one part: SIGTERM waits for a clean exit; SIGKILL is a crash of the part and of
        everything it started (a flow run may sit in a session of its own)."""
        proces = self.processen.pop(naam, None)
        if proces is None or proces.poll() is not None:
            return
        kinderen = nakomelingen(proces.pid)
        geraakt = [proces.pid, *kinderen] if signaal == signal.SIGKILL else [proces.pid]
        for pid in geraakt:
            with suppress(ProcessLookupError):
                os.killpg(pid, signaal) if pid == proces.pid else os.kill(pid, signaal)
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proces.pid, signal.SIGKILL)
            proces.wait()
        for pid in kinderen:  # a child in a session of its own outlives its parent: not here
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def stop_alles(self, *, runs_af_s: float = 30.0) -> None:
        """Stop the parts that bring work first (receiver, simulator), let the runs in flight end
        (a `verwerk-inbox` run ends after 5 quiet seconds) so none is cut off and left to be marked
        crashed at the next start, then the served deployments and Prefect."""
        laatst = ("deployments", "prefect-server")
        for naam in reversed(list(self.processen)):
            if naam not in laatst:
                self.stop(naam)
        if all(naam in self.processen for naam in laatst):
            self.wacht_tot_runs_af(runs_af_s)
        for naam in laatst:
            self.stop(naam)

    def wacht_tot_runs_af(self, timeout_s: float) -> int:
        """Wait until no flow run is pending, running or cancelling; the number still going then."""
        filter_ = {"flow_runs": {"state": {"type": {"any_": ["PENDING", "RUNNING", "CANCELLING"]}}}}
        einde, bezig = time.monotonic() + timeout_s, -1
        while time.monotonic() < einde:
            try:
                bezig = int(
                    httpx.post(
                        f"{self.adres.prefect_api}/flow_runs/count", json=filter_, timeout=5
                    ).json()
                )
            except (httpx.HTTPError, ValueError):
                return -1  # Prefect does not answer: nothing to wait for
            if bezig == 0:
                return 0
            time.sleep(0.5)
        return bezig


def nakomelingen(pid: int) -> list[int]:
    """Every process below `pid` (Linux /proc), children before their own children."""
    ouder_van: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, ValueError, IndexError):
            ouder_van[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    gevonden, rand = [], [pid]
    while rand:
        kinderen = [kind for kind, ouder in ouder_van.items() if ouder in rand]
        gevonden += kinderen
        rand = kinderen
    return gevonden


def _laatste_regel(log: Path) -> str:
    with suppress(OSError):
        regels = [r for r in log.read_text(errors="replace").splitlines() if r.strip()]
        return regels[-1].strip()[:200] if regels else ""
    return ""


def wacht_op(
    naam: str, url: str, proces: subprocess.Popen[bytes], logmap: Path, timeout_s: float = 180
) -> None:
    """Poll `url` until it answers 2xx; fail early if the process died, with its last log line."""
    einde = time.monotonic() + timeout_s
    while time.monotonic() < einde:
        if proces.poll() is not None:
            log = logmap / (naam + ".log")
            raise StapelFout(
                f"{naam} stopped (exit {proces.returncode}): {_laatste_regel(log)}; see {log}"
            )
        try:
            if httpx.get(url, timeout=2).is_success:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise StapelFout(
        f"{naam} not ready after {timeout_s:.0f} s at {url}; see {logmap / (naam + '.log')}"
    )


def onderdelen(
    instellingen: Instellingen, adres: Adressen, *, simulator: bool = True
) -> list[Onderdeel]:
    """The parts in start order: Prefect first (the others register with it), deployments last."""
    poort = urlsplit(adres.prefect_api).port
    uvicorn = [
        str(BIN / "python"),
        "-m",
        "uvicorn",
        "--factory",
        "--host",
        "127.0.0.1",
        "--log-level",
        "warning",
        "--no-access-log",  # the receiver writes its own (webhooks.beheer), as JSON lines
    ]
    delen = [
        Onderdeel(
            "prefect-server",
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(poort)],
            f"{adres.prefect_api}/health",
        ),
        Onderdeel(
            "webhooks",
            [*uvicorn, "--port", str(instellingen.webhook_poort), "webhooks.app:create_app"],
            f"{adres.webhooks}/health/ready",
        ),
        Onderdeel(
            "dashboard",
            [*uvicorn, "--port", str(instellingen.dashboard_poort), "dashboard.app:create_app"],
            f"{adres.dashboard}/health/live",
        ),
        Onderdeel(
            "simulator",
            [*uvicorn, "--port", str(instellingen.simulator_poort), "cli.simulator:app"],
            f"{adres.simulator}/_sim/status",
        ),
        Onderdeel(
            "deployments",
            [str(BIN / "python"), "-m", "deployments.serve"],
            f"{adres.prefect_api}/deployments/name/verwerk-inbox/verwerk-inbox",
        ),
    ]
    return [d for d in delen if simulator or d.naam != "simulator"]


@contextmanager
def beheerde_stack(
    instellingen: Instellingen,
    *,
    prefect_poort: int | None = None,
    simulator: bool = True,
    vervang: Mapping[str, Onderdeel] | None = None,
) -> Iterator[Stapel]:
    """Upgrade the database, then start every part and wait until each answers; stop it all on
    exit. The parts stay in reach. Upgrading first means no part starts on an old schema and the
    parts do not race to migrate (each would find the work done: persistence.migraties).
    `vervang` puts another process in a part's place by name (a bench serves other deployments)."""
    prefect_poort = prefect_poort or urlsplit(instellingen.prefect_api_url).port or 4200
    adres = adressen(instellingen, prefect_poort)
    poorten = {
        "Prefect (KETEN_PREFECT_API_URL)": prefect_poort,
        "webhook API (KETEN_WEBHOOK_POORT)": instellingen.webhook_poort,
        "dashboard (KETEN_DASHBOARD_POORT)": instellingen.dashboard_poort,
    } | ({"simulator (KETEN_SIMULATOR_POORT)": instellingen.simulator_poort} if simulator else {})
    if bezwaar := voorcontrole.bezwaar(poorten, adres.prefect_api):
        raise StapelFout(bezwaar)
    laad_catalogus(instellingen)  # a mistake in the configuration: one line, before anything starts
    meld(breng_bij(instellingen.db_url))
    delen = [
        (vervang or {}).get(d.naam, d) for d in onderdelen(instellingen, adres, simulator=simulator)
    ]
    stapel = Stapel(adres, omgeving(instellingen, adres), instellingen.data_map / "logs", delen)
    try:
        for onderdeel in delen:
            stapel.start(onderdeel.naam)
        yield stapel
    finally:
        stapel.stop_alles()


@contextmanager
def stack(
    instellingen: Instellingen, *, prefect_poort: int | None = None, simulator: bool = True
) -> Iterator[Adressen]:
    """Start everything, wait until each part answers, stop it all on exit (Prefect on the port of
    KETEN_PREFECT_API_URL unless `prefect_poort` says otherwise)."""
    with beheerde_stack(instellingen, prefect_poort=prefect_poort, simulator=simulator) as stapel:
        yield stapel.adres
