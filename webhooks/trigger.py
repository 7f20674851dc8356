"""Nudges the inbox-processing deployment after a webhook is stored, without ever waiting on it.

The inbox is the source of truth: when Prefect is down the nudge fails quietly and the
deployment's own schedule picks the events up once Prefect is back. Nudges are debounced in
process and deduplicated across replicas by an idempotency key per time bucket.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from prefect.logging import get_logger

logger = get_logger(__name__)

Starter = Callable[[str, str], None]


def start_via_prefect(deployment: str, idempotency_key: str) -> None:
    """Create a flow run of `deployment` by name; returns as soon as it is scheduled."""
    from prefect.deployments import run_deployment

    run_deployment(deployment, timeout=0, idempotency_key=idempotency_key, as_subflow=False)


class Aanstoter:
    """Starts at most one processing run per `interval_s`, in a background thread."""

    def __init__(self, deployment: str, *, interval_s: float = 2.0, starter: Starter = start_via_prefect) -> None:
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
            logger.warning("aanstoten_mislukt deployment=%s fout=%s", self.deployment, exc.__class__.__name__)
        finally:
            self._slot.release()
