"""Leases: a claimer marks rows as its own for a while, so two claimers never take the same row.

Inbox and outbox claim the same way: one UPDATE stamps a fresh token and an expiry on the oldest
free rows, and the claimer then reads back what carries its token. On PostgreSQL the candidates are
read `FOR UPDATE SKIP LOCKED`, so a second worker passes rows another is claiming instead of
waiting for them and coming back empty; the claims themselves are serialised by a transaction
advisory lock (a claim takes milliseconds), so a claim sees every lease committed before it and the
inbox can keep one participant's events on one worker. SQLite has one writer at a time: its claims
are serial already and it renders neither clause.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import Select, select, text, update
from sqlmodel import Session

from persistence.dialect import op_postgresql

# One key for every claim of this schema: claims are short and rare next to the work they hand out.
_CLAIMSLOT = 0x6B6574656E  # "keten"


def neem(session: Session, *, tabel: Any, kandidaten: Select[Any], vrij: Any, tot: datetime) -> str:
    """Lease until `tot` the rows `kandidaten` selects (ids, oldest first, limited) that are still
    `vrij`; commits, and returns the token they now carry."""
    if op_postgresql(session):
        session.execute(text("SELECT pg_advisory_xact_lock(:slot)"), {"slot": _CLAIMSLOT})
    token = uuid4().hex
    # A CTE, not `IN (subquery)`: PostgreSQL may rescan an IN-subquery, and a rescan re-reads the
    # rows this UPDATE just leased (no longer free) and takes the next ones: the LIMIT would not hold.
    vrije = kandidaten.with_for_update(skip_locked=True).cte("vrije")
    session.execute(
        update(tabel)
        .where(tabel.id.in_(select(vrije.c.id)), vrij)
        .values(claim=token, geclaimd_tot=tot)
    )
    session.commit()
    return token
