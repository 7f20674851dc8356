"""Nudges the inbox-processing deployment after a webhook is stored, without ever waiting on it.

The inbox is the source of truth: when Prefect is down the nudge fails quietly and the
deployment's own schedule picks the events up once Prefect is back. A nudge is skipped when a run
is already waiting to start (it will see the new event); the deployment runs one at a time, so a
stream of webhooks is carried by one run and at most one waits behind it. The receiver's only
Prefect import is here, at start-up, so the first webhook does not pay for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    DeploymentFilter,
    DeploymentFilterId,
    FlowRunFilter,
    FlowRunFilterExpectedStartTime,
    FlowRunFilterState,
    FlowRunFilterStateType,
)
from prefect.client.schemas.objects import StateType

from settings import logboek

log = logboek(__name__)

Starter = Callable[[str, str], None]


def start_via_prefect(deployment: str, idempotency_key: str) -> None:
    """Create a flow run of `deployment` unless one is already waiting to start."""
    with get_client(sync_client=True) as client:
        gevonden = client.read_deployment_by_name(deployment)
        wachtend = client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[gevonden.id])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(
                    type=FlowRunFilterStateType(any_=[StateType.SCHEDULED, StateType.PENDING])
                ),
                expected_start_time=FlowRunFilterExpectedStartTime(before_=datetime.now(UTC)),
            ),
            limit=1,
        )
        if not wachtend:
            client.create_flow_run_from_deployment(gevonden.id, idempotency_key=idempotency_key)


class Aanstoter:
    """Starts at most one processing run per `interval_s`, in a background thread."""

    def __init__(
        self, deployment: str, *, interval_s: float = 1.0, starter: Starter = start_via_prefect
    ) -> None:
        self.deployment = deployment
        self.interval_s = interval_s
        self._starter = starter
        self._slot = threading.Lock()
        self._laatste = 0.0

    def stoot_aan(self) -> None:
        nu = time.monotonic()
        if nu - self._laatste < self.interval_s or not self._slot.acquire(blocking=False):
            return
        self._laatste = nu
        sleutel = f"inbox-{int(time.time() // max(self.interval_s, 1.0))}"
        threading.Thread(target=self._start, args=(sleutel,), daemon=True).start()

    def _start(self, sleutel: str) -> None:
        try:
            self._starter(self.deployment, sleutel)
        except Exception as exc:  # Prefect down or slow: the schedule will catch up
            log.warning(
                "aanstoten_mislukt", deployment=self.deployment, fout=exc.__class__.__name__
            )
        finally:
            self._slot.release()
