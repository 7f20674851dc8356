"""What an operator's monitoring asks of the chain's tables (the receiver's /metrics): how deep the
inbox is and how old its oldest open row, how far processing lags, what is dead or quarantined."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, select

from persistence.tabellen import InboxBericht, OutboxBericht, Overdracht

VENSTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Peiling:
    inbox_open: int
    inbox_oudste_s: float  # age of the oldest open inbox row; 0 when none is open
    vertraging_s: float  # the longest receipt → processed among rows processed in the window
    outbox_dood: int
    quarantaine: int


def _aantal(session: Session, tabel: type, *voorwaarden: object) -> int:
    query = select(func.count()).select_from(tabel)
    for voorwaarde in voorwaarden:
        query = query.where(voorwaarde)  # type: ignore[arg-type]
    return int(session.exec(query).one())


def peil(*, session: Session, nu: datetime, venster: timedelta = VENSTER) -> Peiling:
    """Five cheap reads (counts, a minimum, the rows processed in the window)."""
    oudste = session.exec(
        select(func.min(InboxBericht.ontvangen_op)).where(InboxBericht.status == "nieuw")
    ).one()
    recent = session.exec(
        select(InboxBericht.ontvangen_op, InboxBericht.verwerkt_op)
        .where(col(InboxBericht.verwerkt_op) >= nu - venster)
        .limit(10_000)
    ).all()
    return Peiling(
        inbox_open=_aantal(session, InboxBericht, InboxBericht.status == "nieuw"),
        inbox_oudste_s=max(0.0, (nu - oudste).total_seconds()) if oudste else 0.0,
        vertraging_s=max(
            ((verwerkt - ontvangen).total_seconds() for ontvangen, verwerkt in recent if verwerkt),
            default=0.0,
        ),
        outbox_dood=_aantal(session, OutboxBericht, OutboxBericht.status == "dood"),
        quarantaine=_aantal(session, Overdracht, Overdracht.status == "quarantaine"),
    )
