"""Alembic's environment: runs on the connection `persistence.migraties` hands in, inside the
transaction it holds (so the lock, SQLite's foreign-key switch and the commit stay there)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import TypeDecorator
from sqlmodel import SQLModel

from persistence import tabellen  # noqa: F401  (registers the tables on SQLModel.metadata)


def _bevroren_type(soort: str, waarde: Any, _context: AutogenContext) -> str | Literal[False]:
    """Autogenerate writes plain SQLAlchemy types: a revision must not import model code
    (sqlmodel's AutoString, our UTCDatum), or editing the model would rewrite history."""
    if soort == "type" and isinstance(waarde, TypeDecorator):
        return f"sa.{type(waarde.impl_instance).__name__}()"
    return False


verbinding = context.config.attributes["connection"]
context.configure(
    connection=verbinding,
    target_metadata=SQLModel.metadata,
    render_as_batch=verbinding.dialect.name == "sqlite",
    render_item=_bevroren_type,
)
with context.begin_transaction():
    context.run_migrations()
