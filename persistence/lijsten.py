"""`kolom IN (…)` for a batch's ids or pseudonyms, as one array parameter on PostgreSQL.

SQLAlchemy expands `IN` into a placeholder per value. For a batch of 500 that is a 16 KB statement
which psycopg converts anew on every batch (it caches only short ones) and PostgreSQL plans anew;
`= ANY(:array)` is one short statement whatever the batch. SQLite has no arrays and binds its
placeholders in C, so it keeps `IN`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session

from persistence.dialect import op_postgresql


def een_van(session: Session, kolom: Any, waarden: Collection[Any]) -> ColumnElement[bool]:
    """`kolom` is one of `waarden`, in the form the session's database answers fastest."""
    if op_postgresql(session):
        return kolom == any_(bindparam(None, list(waarden), type_=ARRAY(kolom.type)))  # type: ignore[no-any-return]
    return kolom.in_(list(waarden))  # type: ignore[no-any-return]
