"""Engine and sessions: SQLite under the data folder by default, PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from persistence import bulkflush  # noqa: F401  (registers the per-batch flush for PostgreSQL)
from persistence.migraties import migreer
from settings import get_settings


def _sqlite_pragmas(synchronous: str) -> Callable[[Any, Any], None]:
    """WAL lets readers (status, demo progress) run while a batch writes; busy_timeout waits for
    the writer instead of failing. synchronous: NORMAL keeps every commit through a process crash
    (WAL), FULL also through a power cut (the WAL is synced at each commit)."""

    def zet(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return zet


def maak_engine(url: str, synchronous: Literal["NORMAL", "FULL"] | None = None) -> Engine:
    """One engine per URL per process; brings the database to the schema head on first use.

    `synchronous` (SQLite only) defaults to the `sqlite_synchronous` setting (KETEN_SQLITE_SYNCHRONOUS).
    """
    if url.startswith("sqlite:///"):
        return _engine(url, synchronous or get_settings().sqlite_synchronous)
    return _engine(url, None)


@lru_cache(maxsize=8)
def _engine(url: str, synchronous: str | None) -> Engine:
    engine = kale_engine(url, synchronous)
    migreer(engine)
    return engine


def kale_engine(url: str, synchronous: str | None = None) -> Engine:
    """An engine as maak_engine makes it, but new and leaving the schema alone: for `keten db`,
    which chooses the revision itself, and for tests that build an older one."""
    groot = get_settings().database_pool
    if not url.startswith("sqlite:///"):
        # No ping per checkout (a round trip each time); a connection the server dropped fails
        # its one statement, SQLAlchemy then empties the pool, and the caller's retry reconnects.
        return create_engine(url, pool_size=groot, max_overflow=groot // 2, pool_recycle=1800)
    Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    # Sized like PostgreSQL's: SQLAlchemy's default of 5 (+10 overflow, closed on return) made the
    # receiver's threads open a new connection, pragmas and all, for most webhooks under load.
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=groot,
        max_overflow=groot // 2,
    )
    event.listen(
        engine, "connect", _sqlite_pragmas(synchronous or get_settings().sqlite_synchronous)
    )
    return engine


@contextmanager
def sessie(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine, expire_on_commit=False) as s:
        try:
            yield s
            s.commit()
        except Exception:
            s.rollback()
            raise
