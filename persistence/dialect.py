"""Which database a session talks to, for the few statements the two dialects write differently."""

from __future__ import annotations

from sqlmodel import Session


def op_postgresql(session: Session) -> bool:
    """True on PostgreSQL, False on SQLite (the embedded default)."""
    return session.get_bind().dialect.name == "postgresql"
