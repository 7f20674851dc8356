"""Serve the deployments of prefect.yaml in this process (the embedded runtime of `keten serve`).

Production deploys the same file to a work pool with `prefect deploy`; reading it here keeps one
source of truth for entrypoints, parameters and schedules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from prefect import serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig
from prefect.flows import load_flow_from_entrypoint
from prefect.schedules import Cron

from settings import get_settings, logboek

PREFECT_YAML = Path(__file__).with_name("prefect.yaml")
PROJECT_MAP = PREFECT_YAML.parent.parent


def lees_deployments(pad: Path = PREFECT_YAML) -> list[dict[str, Any]]:
    with pad.open(encoding="utf-8") as bestand:
        return list(yaml.safe_load(bestand)["deployments"])


def schedules(definitie: dict[str, Any]) -> list[Any]:
    return [
        Cron(s["cron"], timezone=s["timezone"], slug=s.get("slug"))
        for s in definitie.get("schedules", [])
    ]


def bouw(definitie: dict[str, Any]) -> Any:
    flow: Any = load_flow_from_entrypoint(str(PROJECT_MAP / definitie["entrypoint"]))
    return flow.to_deployment(
        name=definitie["name"],
        description=definitie.get("description"),
        tags=definitie.get("tags"),
        parameters=definitie.get("parameters"),
        schedules=schedules(definitie),
        concurrency_limit=_concurrency(definitie),
    )


# Deployments whose runs share out the work by leases (persistence/_lease.py): as many may run at
# once as the settings allow (KETEN_VERWERK_WERKERS, one on SQLite), whatever prefect.yaml says.
SCHAALBAAR = frozenset({"verwerk-inbox"})


def limiet(definitie: dict[str, Any], werkers: int) -> dict[str, Any] | None:
    """A deployment's concurrency limit as configured: `werkers` for the ones that scale."""
    waarde = definitie.get("concurrency_limit")
    if waarde and definitie["name"] in SCHAALBAAR:
        return dict(waarde) | {"limit": werkers}
    return waarde


def _concurrency(definitie: dict[str, Any]) -> ConcurrencyLimitConfig | None:
    waarde = limiet(definitie, get_settings().werkers)
    return ConcurrencyLimitConfig(**waarde) if waarde else None


def ruim_achtergelaten_runs_op(namen: list[str]) -> int:
    """Mark runs of these deployments that are still running or pending as crashed.

    Only this process serves them, and it has started nothing yet: such a run belongs to a serving
    process that died (killed, power cut). Left alone it would hold the one-at-a-time slot of
    verwerk-inbox until its lease runs out (minutes) and every new run would queue behind it; the
    rows it had claimed come back through the inbox lease, so crashing it loses nothing.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.states import Crashed

    with get_client(sync_client=True) as client:
        achtergelaten = client.read_flow_runs(
            deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=namen)),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(
                    type=FlowRunFilterStateType(any_=[StateType.RUNNING, StateType.PENDING])
                )
            ),
        )
        for run in achtergelaten:
            client.set_flow_run_state(
                run.id,
                Crashed(message="the process serving this run stopped without finishing it"),
                force=True,
            )
    return len(achtergelaten)


def main() -> None:
    definities = lees_deployments()
    if gecrasht := ruim_achtergelaten_runs_op([d["name"] for d in definities]):
        logboek(__name__).warning("achtergelaten_runs_gecrasht", aantal=gecrasht)
    serve(*(bouw(d) for d in definities), limit=4, pause_on_shutdown=False)


if __name__ == "__main__":
    main()
