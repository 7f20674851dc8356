"""The program's one clock: real time plus an offset kept in the database.

Every process of the stack (webhook API, served flow runs, simulator, CLI) reads the same row,
so a test or the demo moves months forward in seconds (`keten klok vooruit 30d`) and everyone
agrees on the date. The offset is cached for a second per database: a domain timestamp costs no
query. HTTP time stays real: Standard Webhooks signatures are checked against the real clock.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from persistence.tabellen import KlokStand

GELDIG_S = 1.0

_slot = threading.Lock()
_cache: dict[str, tuple[float, timedelta]] = {}


def _lees(engine: Engine) -> timedelta:
    with Session(engine) as s:
        rij = s.get(KlokStand, 1)
        return timedelta(seconds=rij.verschuiving_s if rij else 0.0)


def verschuiving(*, engine: Engine) -> timedelta:
    """The offset from real time, at most GELDIG_S seconds old."""
    sleutel = str(engine.url)
    with _slot:
        bekend = _cache.get(sleutel)
    if bekend is not None and time.monotonic() - bekend[0] < GELDIG_S:
        return bekend[1]
    waarde = _lees(engine)
    with _slot:
        _cache[sleutel] = (time.monotonic(), waarde)
    return waarde


def nu(*, engine: Engine) -> datetime:
    """Domain time: when things happen in the chain (ledger, inbox, deadlines)."""
    return datetime.now(UTC) + verschuiving(engine=engine)


def zet(*, engine: Engine, verschuiving_van: timedelta) -> timedelta:
    """Set the offset from real time (0 = real time again); every process sees it within GELDIG_S."""
    with Session(engine) as s:
        rij = s.get(KlokStand, 1) or KlokStand(id=1)
        rij.verschuiving_s, rij.gewijzigd_op = verschuiving_van.total_seconds(), datetime.now(UTC)
        s.add(rij)
        s.commit()
    with _slot:
        _cache[str(engine.url)] = (time.monotonic(), verschuiving_van)
    return verschuiving_van


def vooruit(*, engine: Engine, met: timedelta) -> timedelta:
    """Move the clock forward by `met`; returns the new offset."""
    if met < timedelta():
        raise ValueError(
            "the clock only moves forward; use zet(verschuiving_van=0) to return to real time"
        )
    return zet(engine=engine, verschuiving_van=_lees(engine) + met)


def vergeet() -> None:
    """Drop the cached offsets (tests that rebuild their database)."""
    with _slot:
        _cache.clear()
