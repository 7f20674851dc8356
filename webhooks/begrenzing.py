"""Per-partner rate and volume limits at the door: requests per minute, batch rows per hour.

A token bucket per partner and limit (pyrate-limiter's GCRA: a full bucket admits a burst of the
whole limit, then it refills evenly), kept in this process: behind a load balancer with N
receivers a partner may send up to N times the limit. Only signed requests spend a partner's
budget, so nobody can spend it for them by sending unsigned requests in their name; a partner
already over its limit is answered 429 before its body is read. Retry-After says when the
request would fit.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from pyrate_limiter import Decision, Duration, Rate, RateItem, StateBucket, TokenBucket

from settings import Instellingen, logboek
from webhooks.deur import Afgewezen

log = logboek(__name__)


class TeVeel(Afgewezen):
    """Over a limit (429): retry after `retry_after_s` seconds."""

    def __init__(self, reden: str, retry_after_s: int) -> None:
        super().__init__(429, reden, headers={"Retry-After": str(retry_after_s)})


class _Emmer:
    """One limit for every partner: a bucket each, made on first use."""

    def __init__(self, limiet: int, interval: Duration) -> None:
        self._limiet, self._interval = limiet, interval
        self._emmers: dict[str, StateBucket] = {}
        # A bucket records its last verdict on itself and reads it back: one put at a time.
        self._slot = threading.Lock()

    def neem(self, partner: str, aantal: int, nu_ms: int) -> int | None:
        """Spend `aantal`; None when it fitted, else the milliseconds until it would (-1: never)."""
        with self._slot:
            emmer = self._emmers.get(partner)
            if emmer is None:
                emmer = StateBucket([Rate(self._limiet, self._interval)], algorithm=TokenBucket())
                self._emmers[partner] = emmer
            besluit = emmer.put_decision(RateItem(partner, nu_ms, aantal))
        assert isinstance(besluit, Decision)  # an in-memory store answers at once
        if besluit.allowed:
            return None
        return -1 if besluit.retry_after_ms is None else besluit.retry_after_ms


class Begrenzer:
    """The limits of `instellingen`, per partner; `klok` (seconds, monotonic) is for tests."""

    def __init__(self, instellingen: Instellingen, klok: Callable[[], float] = time.monotonic):
        self._klok = klok
        self._verzoeken = _Emmer(instellingen.max_verzoeken_per_minuut, Duration.MINUTE)
        self._rijen = _Emmer(instellingen.max_rijen_per_uur, Duration.HOUR)
        self._dicht_tot: dict[str, float] = {}

    def _nu_ms(self) -> int:
        return int(self._klok() * 1000)

    def voor_de_body(self, partner: str) -> None:
        """429 at once for a partner whose last request went over its request limit, until it fits
        again: its body is then not read or verified (this spends nothing)."""
        tot = self._dicht_tot.get(partner)
        if tot is not None and (nog := tot - self._klok()) > 0:
            raise TeVeel("too many requests from this partner", math.ceil(nog))

    def verzoek(self, partner: str) -> None:
        """Spend one request of a signed request; 429 when the partner is over its limit."""
        wacht_ms = self._verzoeken.neem(partner, 1, self._nu_ms())
        if wacht_ms is None:
            return
        self._dicht_tot[partner] = self._klok() + wacht_ms / 1000
        log.info("webhook_begrensd", partner=partner, limiet="verzoeken", wacht_ms=wacht_ms)
        raise TeVeel("too many requests from this partner", max(1, math.ceil(wacht_ms / 1000)))

    def rijen(self, partner: str, aantal: int) -> None:
        """Spend the rows of a batch; 429 when they do not fit this hour, 413 when they never fit."""
        wacht_ms = self._rijen.neem(partner, aantal, self._nu_ms())
        if wacht_ms is None:
            return
        log.info(
            "webhook_begrensd", partner=partner, limiet="rijen", aantal=aantal, wacht_ms=wacht_ms
        )
        if wacht_ms < 0:
            raise Afgewezen(413, f"{aantal} rows; more than this partner may send in an hour")
        raise TeVeel(
            "too many batch rows from this partner this hour", max(1, math.ceil(wacht_ms / 1000))
        )
