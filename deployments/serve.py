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

PREFECT_YAML = Path(__file__).with_name("prefect.yaml")
PROJECT_MAP = PREFECT_YAML.parent.parent


def lees_deployments(pad: Path = PREFECT_YAML) -> list[dict[str, Any]]:
    with pad.open(encoding="utf-8") as bestand:
        return list(yaml.safe_load(bestand)["deployments"])


def schedules(definitie: dict[str, Any]) -> list[Any]:
    return [Cron(s["cron"], timezone=s["timezone"], slug=s.get("slug")) for s in definitie.get("schedules", [])]


def bouw(definitie: dict[str, Any]) -> Any:
    flow: Any = load_flow_from_entrypoint(str(PROJECT_MAP / definitie["entrypoint"]))
    return flow.to_deployment(
        name=definitie["name"],
        description=definitie.get("description"),
        tags=definitie.get("tags"),
        parameters=definitie.get("parameters"),
        schedules=schedules(definitie),
        concurrency_limit=_concurrency(definitie.get("concurrency_limit")),
    )


def _concurrency(waarde: dict[str, Any] | None) -> ConcurrencyLimitConfig | None:
    return ConcurrencyLimitConfig(**waarde) if waarde else None


def main() -> None:
    serve(*(bouw(d) for d in lees_deployments()), limit=4, pause_on_shutdown=False)


if __name__ == "__main__":
    main()
