"""Nudges the inbox-processing deployment after a webhook is stored, without ever waiting on it.

The inbox is the source of truth: when Prefect is down the nudge fails quietly and the safety
net (`Vangnet`, a thread of the receiver) picks the events up once Prefect is back: every
`KETEN_VANGNET_S` seconds it looks in the database and starts a run only when work waits and no
run of that deployment is waiting or running, so an idle chain creates no runs at all. A nudge is skipped when a run
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


def start_via_prefect(deployment: str, idempotency_key: str, *, ook_lopend: bool = False) -> None:
    """Create a flow run of `deployment` unless one is already waiting to start (or, with
    `ook_lopend`, running: the safety net's work is then carried by that run)."""
    staten = [StateType.SCHEDULED, StateType.PENDING]
    with get_client(sync_client=True) as client:
        gevonden = client.read_deployment_by_name(deployment)
        wachtend = client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[gevonden.id])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(
                    type=FlowRunFilterStateType(
                        any_=[*staten, StateType.RUNNING] if ook_lopend else staten
                    )
                ),
                expected_start_time=None
                if ook_lopend
                else FlowRunFilterExpectedStartTime(before_=datetime.now(UTC)),
            ),
            limit=1,
        )
        if not wachtend:
            client.create_flow_run_from_deployment(gevonden.id, idempotency_key=idempotency_key)


def start_als_stil(deployment: str, idempotency_key: str) -> None:
    start_via_prefect(deployment, idempotency_key, ook_lopend=True)


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


class Vangnet:
    """The safety net in place of a schedule: every `interval_s` it asks `werk()` which deployments
    have work waiting (inbox rows no run has claimed, outbox messages overdue) and starts a run of
    those with no run waiting or running. No work, no run: an idle chain leaves no empty runs."""

    def __init__(
        self,
        werk: Callable[[], list[str]],
        *,
        interval_s: float = 30.0,
        starter: Starter = start_als_stil,
    ) -> None:
        self._werk = werk
        self.interval_s = interval_s
        self._starter = starter
        self._stop = threading.Event()
        self._draad: threading.Thread | None = None

    def ronde(self) -> list[str]:
        """One look: the deployments it tried to start (a failure is logged, the next round retries)."""
        try:
            wachtend = self._werk()
        except Exception as exc:  # the database is away: the next round looks again
            log.warning("vangnet_mislukt", fout=exc.__class__.__name__)
            return []
        for deployment in wachtend:
            sleutel = f"vangnet-{deployment}-{int(time.time() // max(self.interval_s, 1.0))}"
            try:
                self._starter(deployment, sleutel)
            except Exception as exc:  # Prefect down: the next round tries again
                log.warning(
                    "vangnet_aanstoten_mislukt", deployment=deployment, fout=exc.__class__.__name__
                )
        return wachtend

    def start(self) -> None:
        self._draad = threading.Thread(target=self._loop, name="vangnet", daemon=True)
        self._draad.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.ronde()

    def stop(self) -> None:
        self._stop.set()
        if self._draad is not None:
            self._draad.join(timeout=5)
