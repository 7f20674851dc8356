"""`keten pool` (`python -m deployments.pool`): the production runtime, a work pool of workers.

Creates the process work pool that deployments/prefect.yaml names and deploys that file to it
with `prefect deploy`, with the limits the settings give (how many processing runs at once:
KETEN_VERWERK_WERKERS, one on SQLite). Workers then start anywhere with a checkout of this
repository: `KETEN_CODE_MAP=<checkout> prefect worker start --pool ketenregie`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import yaml
from prefect.automations import Automation
from prefect.client.schemas.objects import StateType
from prefect.events.actions import ChangeFlowRunState
from prefect.events.schemas.automations import EventTrigger, Posture
from prefect.events.schemas.events import ResourceSpecification
from prefect.settings import PREFECT_API_URL, temporary_settings

from deployments.serve import PREFECT_YAML, limiet
from settings import Instellingen, get_settings

BIN = Path(sys.executable).parent
PROJECT_MAP = PREFECT_YAML.parent.parent
POOL = "ketenregie"


def met_limieten(inhoud: dict[str, Any], werkers: int) -> dict[str, Any]:
    """prefect.yaml's content with each deployment's concurrency limit as configured."""
    deployments = []
    for definitie in inhoud["deployments"]:
        waarde = limiet(definitie, werkers)
        deployments.append(definitie | ({"concurrency_limit": waarde} if waarde else {}))
    return inhoud | {"deployments": deployments}


def deploy_omgeving(instellingen: Instellingen, basis: dict[str, str]) -> dict[str, str]:
    """The environment for `prefect`: the API from the settings.

    KETEN_CODE_MAP is left out on purpose: the pull step reads it when a run starts, on the
    worker's machine, so it must not be baked in here."""
    omgeving = {k: v for k, v in basis.items() if k != "KETEN_CODE_MAP"}
    return omgeving | {"PREFECT_API_URL": instellingen.prefect_api_url}


def opdrachten(prefect_yaml: Path, pool: str = POOL) -> list[list[str]]:
    """Create (or update) the process pool, then deploy every deployment of the file to it."""
    prefect = str(BIN / "prefect")
    return [
        [prefect, "work-pool", "create", pool, "--type", "process", "--overwrite"],
        [prefect, "--no-prompt", "deploy", "--prefect-file", str(prefect_yaml), "--all"],
    ]


def richt_in(instellingen: Instellingen, pool: str = POOL, *, zombie_na_s: int = 90) -> int:
    """Run the commands in the project's directory and install the zombie watch; the exit code
    of the first command that fails."""
    inhoud = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    omgeving = deploy_omgeving(instellingen, dict(os.environ))
    with tempfile.TemporaryDirectory(prefix="keten-pool-") as map_:
        bestand = Path(map_) / "prefect.yaml"
        bestand.write_text(yaml.safe_dump(met_limieten(inhoud, instellingen.werkers)), "utf-8")
        for opdracht in opdrachten(bestand, pool):
            code = subprocess.run(opdracht, cwd=PROJECT_MAP, env=omgeving, check=False).returncode
            if code:
                return code
    richt_zombiebewaking_in(instellingen.prefect_api_url, zombie_na_s)
    return 0


ZOMBIEBEWAKING = "ketenregie: runs zonder hartslag crashen"


def zombiebewaking(stil_na_s: int) -> Automation:
    """An automation that marks a flow run crashed when its heartbeat stops for `stil_na_s`.

    A worker killed with its runs (a machine gone) leaves them Running for ever: they would hold
    verwerk-inbox's concurrency slots, and the receiver's safety net starts no run while one is
    running. Prefect's own recipe for self-hosted servers (docs: "detect zombie flows")."""
    return Automation(
        name=ZOMBIEBEWAKING,
        description="Marks a flow run crashed once it stops reporting heartbeats.",
        trigger=EventTrigger(
            after={"prefect.flow-run.heartbeat"},
            expect={
                "prefect.flow-run.heartbeat",
                "prefect.flow-run.Completed",
                "prefect.flow-run.Failed",
                "prefect.flow-run.Cancelled",
                "prefect.flow-run.Crashed",
            },
            match=ResourceSpecification({"prefect.resource.id": ["prefect.flow-run.*"]}),
            for_each={"prefect.resource.id"},
            posture=Posture.Proactive,
            threshold=1,
            within=timedelta(seconds=stil_na_s),
        ),
        actions=[
            ChangeFlowRunState(
                state=StateType.CRASHED,
                message=f"No heartbeat for {stil_na_s} s: its worker is gone.",
            )
        ],
    )


def richt_zombiebewaking_in(api_url: str, stil_na_s: int) -> None:
    """Install the automation, replacing an earlier one of the same name (so reruns keep one)."""
    with temporary_settings({PREFECT_API_URL: api_url}):
        with suppress(ValueError):  # not there yet
            cast(Automation, Automation.read(name=ZOMBIEBEWAKING)).delete()
        zombiebewaking(stil_na_s).create()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="keten pool", description=__doc__)
    parser.add_argument("--zombie-na", type=int, default=90, help="seconds without a heartbeat")
    args = parser.parse_args(argv)
    return richt_in(get_settings(), zombie_na_s=max(args.zombie_na, 45))


if __name__ == "__main__":
    raise SystemExit(main())
