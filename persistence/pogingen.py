"""Failed processing attempts: an inbox row that raises is tried a bounded number of times, then
quarantined (see flows.verwerking.verwerk). Reads and writes the row's header only, never its
payload, which may be what fails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlmodel import Session, col

from persistence.tabellen import InboxBericht


@dataclass(frozen=True)
class Mislukt:
    """A row whose processing failed, as far as it is known without reading its payload."""

    id: int
    partner: str
    webhook_id: str
    type: str
    pseudoniem: str | None
    pogingen: int
    opgegeven: bool  # that was the last attempt: the row is quarantined


def noteer_fout(
    *,
    session: Session,
    inbox_id: int,
    fout: str,
    nu: datetime,
    max_pogingen: int,
    wacht: timedelta,
) -> Mislukt | None:
    """Count a failed processing attempt on an open row: it waits `wacht` × the attempts so far
    before it is claimed again, or after `max_pogingen` it is quarantined (status `quarantaine`,
    no longer claimed). None when the row is no longer open. `fout` names the step and the
    exception class, never a value."""
    kop = session.execute(
        sa_select(
            col(InboxBericht.partner),
            col(InboxBericht.webhook_id),
            col(InboxBericht.type),
            col(InboxBericht.pseudoniem),
            col(InboxBericht.pogingen),
        ).where(col(InboxBericht.id) == inbox_id, col(InboxBericht.status) == "nieuw")
    ).first()
    if kop is None:
        return None
    partner, webhook_id, type_, pseudoniem, eerder = kop
    pogingen = eerder + 1
    opgegeven = pogingen >= max_pogingen
    session.execute(
        update(InboxBericht)
        .where(col(InboxBericht.id) == inbox_id)
        .values(
            pogingen=pogingen,
            laatste_fout=fout[:200],
            **(
                {"status": "quarantaine", "verwerkt_op": nu, "geclaimd_tot": None}
                if opgegeven
                else {"geclaimd_tot": nu + wacht * pogingen}
            ),
        )
    )
    return Mislukt(inbox_id, partner, webhook_id, type_, pseudoniem, pogingen, opgegeven)
