"""One migrator at a time, in one transaction, and the ledger's guard checked before commit.

PostgreSQL: a transaction-scoped advisory lock (two processes running DDL at once failed with
"tuple concurrently updated"); it ends with the transaction, also when a process dies.
SQLite: BEGIN EXCLUSIVE serialises the writers and makes the whole upgrade atomic; foreign
keys are switched off before it (a batch operation drops and renames tables that other tables
reference; SQLite ignores the switch inside a transaction) and every reference is checked after.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection

SLOT = 0x6B6574656E  # "keten": the advisory lock key of the migrations

_GROOTBOEK_TRIGGERS = {
    "sqlite": "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'overgang'",
    "postgresql": "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = to_regclass('overgang')",
}
_GROOTBOEK_NODIG = {
    "sqlite": 2,
    "postgresql": 1,
}  # SQLite: one per refused action; PostgreSQL: one for both


class MigratieFout(RuntimeError):
    """A migration left the database in a state we refuse to commit."""


@contextmanager
def alleen(verbinding: Connection) -> Iterator[None]:
    """Hold the database for one migrator; commit if the result is sound, else roll back."""
    if verbinding.dialect.name == "sqlite":
        with _sqlite_zonder_sleutels(verbinding):
            yield
    else:
        verbinding.execute(text("SELECT pg_advisory_xact_lock(:slot)"), {"slot": SLOT})
        yield
        _controleer(verbinding)
        verbinding.commit()


@contextmanager
def _sqlite_zonder_sleutels(verbinding: Connection) -> Iterator[None]:
    aan = verbinding.exec_driver_sql("PRAGMA foreign_keys").scalar_one()
    verbinding.exec_driver_sql("PRAGMA foreign_keys=OFF")
    try:
        verbinding.exec_driver_sql("BEGIN EXCLUSIVE")
        yield
        _controleer(verbinding)
        verbinding.commit()
    except BaseException:
        verbinding.rollback()
        raise
    finally:
        verbinding.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if aan else 'OFF'}")
        verbinding.commit()


def _controleer(verbinding: Connection) -> None:
    """The ledger stays append-only and, on SQLite, every reference still resolves."""
    if not verbinding.dialect.has_table(verbinding, "overgang"):
        return
    dialect = verbinding.dialect.name
    if (
        dialect in _GROOTBOEK_TRIGGERS
        and verbinding.exec_driver_sql(_GROOTBOEK_TRIGGERS[dialect]).scalar_one()
        < _GROOTBOEK_NODIG[dialect]
    ):
        raise MigratieFout(
            "table overgang lost its append-only trigger: re-create it in the revision that rebuilt the table"
        )
    if dialect == "sqlite" and (
        kapot := verbinding.exec_driver_sql("PRAGMA foreign_key_check").all()
    ):
        raise MigratieFout(f"foreign keys broken after migration: {kapot[:5]}")
