"""Schema migrations (Alembic, driven from code: no alembic.ini). `migreer` brings a database to
a revision, `schemaversie` says where it is, `hoofdversie` where the code expects it to be.

The revisions in `versions/` are frozen history; the models in persistence.tabellen must agree
with their result (tests/persistence/test_migraties.py compares them).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from persistence.migraties._alleen import MigratieFout, alleen

MAP = Path(__file__).resolve().parent
BASIS = "0001_basis"  # the schema create_all built before there were migrations

__all__ = ["BASIS", "MigratieFout", "hoofdversie", "migreer", "nieuwe_revisie", "schemaversie"]


def alembic_config(verbinding: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MAP))
    config.set_main_option("file_template", "%%(rev)s")
    config.attributes["connection"] = verbinding
    return config


@lru_cache(maxsize=1)
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def hoofdversie() -> str:
    """The revision this code expects (the newest in versions/)."""
    hoofd = _scripts().get_current_head()
    assert hoofd is not None, "versions/ holds at least the base revision"
    return hoofd


def schemaversie(engine: Engine) -> str | None:
    """The database's revision; None for an empty database (or one from before migrations)."""
    with engine.connect() as verbinding:
        return MigrationContext.configure(verbinding).get_current_revision()


def migreer(engine: Engine, doel: str = "head") -> None:
    """Upgrade to `doel`. At head this is one read; otherwise one process at a time migrates,
    in one transaction, and the others find the work done when their turn comes."""
    huidig = schemaversie(engine)
    if doel in ("head", hoofdversie()) and huidig == hoofdversie():
        return
    if huidig is not None and huidig not in {s.revision for s in _scripts().walk_revisions()}:
        raise MigratieFout(
            f"the database is at {huidig}, a revision this code does not know (a newer release migrated it)"
        )
    with engine.connect() as verbinding, alleen(verbinding):
        if _van_voor_migraties(verbinding):
            command.stamp(alembic_config(verbinding), BASIS)
        command.upgrade(alembic_config(verbinding), doel)


def _van_voor_migraties(verbinding: Connection) -> bool:
    """A database that create_all built (before this package): the tables of the base revision
    without alembic_version. It is adopted as `BASIS`, then upgraded like any other."""
    heeft = verbinding.dialect.has_table
    return heeft(verbinding, "overgang") and not heeft(verbinding, "alembic_version")


def nieuwe_revisie(engine: Engine, bericht: str) -> Path:
    """Write the next revision: what the models hold and `engine`'s database (at head) does not.
    Autogenerate misses some things (CHECK constraints, triggers): read and finish it by hand."""
    # the number after the highest, not the count: revisions made on parallel branches leave gaps
    nummer = max(int(r.revision[:4]) for r in _scripts().walk_revisions()) + 1
    naam = f"{nummer:04d}_{re.sub(r'[^a-z0-9]+', '_', bericht.lower()).strip('_')}"
    with engine.connect() as verbinding:
        script = command.revision(
            alembic_config(verbinding), message=bericht, autogenerate=True, rev_id=naam
        )
    _scripts.cache_clear()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)
