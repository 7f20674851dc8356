"""Inbox: webhooks are durable here before they are acknowledged, and claimed in batches."""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime, timedelta
from typing import Any, cast
from uuid import uuid4

from sqlalchemy import Engine, and_, bindparam, exists, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import QueryableAttribute, defer
from sqlmodel import Session, col, func, select

from persistence import _lease as lease
from persistence.lijsten import een_van
from persistence.tabellen import InboxBericht, Overdracht

CLAIM_DUUR = timedelta(minutes=5)  # the default lease; the flows pass `inbox_claim_s`

_SQLITE_SCHRIJVER = threading.Lock()


def schrijfslot(engine: Engine) -> AbstractContextManager[object]:
    """SQLite lets one connection write at a time and puts the others to sleep in its busy handler
    (steps of milliseconds); the threads of one process wait their turn here instead."""
    return _SQLITE_SCHRIJVER if engine.dialect.name == "sqlite" else nullcontext()


def _schrijfbeurt(session: Session) -> AbstractContextManager[object]:
    return schrijfslot(session.get_bind().engine)


def ontvang(
    *,
    session: Session,
    partner: str,
    webhook_id: str,
    type: str,
    pseudoniem: str | None,
    payload: dict[str, Any],
    nu: datetime,
    persoon_versleuteld: str | None = None,
    bsn_hash: str | None = None,
    schrijf: Callable[[InboxBericht], int | None] | None = None,
) -> tuple[InboxBericht, bool]:
    """Store a webhook once; returns the row and whether it was new (False = a duplicate).

    `schrijf` stores it with other requests' rows in one commit (persistence.groepscommit) and
    gives its id, or None when it was stored before; without it this session commits it alone."""
    bericht = InboxBericht(
        partner=partner,
        webhook_id=webhook_id,
        type=type,
        pseudoniem=pseudoniem,
        payload=payload,
        persoon_versleuteld=persoon_versleuteld,
        bsn_hash=bsn_hash,
        ontvangen_op=nu,
    )
    if schrijf is not None:
        bericht.id = schrijf(bericht)
        if bericht.id is not None:
            return bericht, True
    else:
        with _schrijfbeurt(session):
            session.add(bericht)
            try:
                session.commit()
                return bericht, True
            except IntegrityError:
                session.rollback()  # inside the turn: the failed transaction still holds SQLite's write lock
    bestaand = vind(session=session, partner=partner, webhook_id=webhook_id)
    assert bestaand is not None, "the unique constraint fired, so the row exists"
    return bestaand, False


def _claimbaar(nu: datetime) -> Any:
    return and_(
        col(InboxBericht.status) == "nieuw",
        or_(col(InboxBericht.geclaimd_tot).is_(None), col(InboxBericht.geclaimd_tot) < nu),
    )


def _geclaimd(session: Session, token: str) -> list[int]:
    """The ids a claim took, in arrival order; no payload is read (a payload may be what fails)."""
    return [
        i
        for i in session.exec(
            select(InboxBericht.id)
            .where(InboxBericht.claim == token)
            .order_by(col(InboxBericht.id))
        )
        if i is not None
    ]


def claim_import(
    *, session: Session, nu: datetime, batch: str | None = None, duur: timedelta = CLAIM_DUUR
) -> list[int]:
    """Claim every open row of one import (the oldest open one unless `batch` names it) at once,
    so it passes the gate in one go; returns their ids."""
    oudste = (
        batch
        or session.exec(
            select(InboxBericht.batch)
            .where(_claimbaar(nu), col(InboxBericht.batch).is_not(None))
            .order_by(col(InboxBericht.id))
            .limit(1)
        ).first()
    )
    if oudste is None:
        return []
    kandidaten = select(InboxBericht.id).where(col(InboxBericht.batch) == oudste, _claimbaar(nu))
    return _geclaimd(session, _neem(session, kandidaten, nu, duur))


def batch_bekend(*, session: Session, partner: str, batch: str) -> bool:
    """Whether this partner's import `batch` was stored before (any of its rows)."""
    return (
        session.exec(
            select(InboxBericht.id)
            .where(InboxBericht.partner == partner, InboxBericht.batch == batch)
            .limit(1)
        ).first()
        is not None
    )


def neem_import_op(
    *,
    session: Session,
    partner: str,
    batch: str,
    rijen: list[tuple[str, str | None, dict[str, Any]]],
    nu: datetime,
    nummers: list[int] | None = None,
) -> bool:
    """Store an import's rows (type, pseudonym, payload) under `batch`, row n as `{batch}#{n}`.

    `nummers` gives each row's number in the export when not every row is stored (rows refused at
    the door keep their gap); by default 1, 2, 3, ... False when nothing was stored: the batch was
    stored before, or (racing or legacy) one of its row ids is taken; the caller tells a repeat
    from a conflict with `import_rijen`.
    """
    if batch_bekend(session=session, partner=partner, batch=batch):
        return False
    with _schrijfbeurt(session):
        session.add_all(
            InboxBericht(
                partner=partner,
                webhook_id=f"{batch}#{nummer}",
                type=type_,
                pseudoniem=pseudoniem,
                payload=payload,
                batch=batch,
                ontvangen_op=nu,
            )
            for nummer, (type_, pseudoniem, payload) in zip(
                nummers or range(1, len(rijen) + 1), rijen, strict=True
            )
        )
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # inside the turn: the failed transaction still holds SQLite's write lock
            return False
    return True


def import_rijen(
    *, session: Session, partner: str, batch: str
) -> dict[int, tuple[str, str | None, dict[str, Any]]]:
    """The rows stored under `batch` as `neem_import_op` took them, by their number in the export:
    (type, pseudonym, payload). Rows refused at the door were never stored, so numbers may skip."""
    return {
        int(webhook_id.rsplit("#", 1)[1]): (type_, pseudoniem, dict(payload))
        for webhook_id, type_, pseudoniem, payload in session.exec(
            select(
                InboxBericht.webhook_id,
                InboxBericht.type,
                InboxBericht.pseudoniem,
                InboxBericht.payload,
            )
            .where(InboxBericht.partner == partner, InboxBericht.batch == batch)
            .order_by(col(InboxBericht.id))
        )
    }


# Built once: under load, building and keying the statement cost the door five times running it.
_HOUDER = select(
    select(InboxBericht.id)
    .where(InboxBericht.partner == bindparam("partner"), InboxBericht.webhook_id == bindparam("id"))
    .scalar_subquery()
    .label("enkel"),
    exists()
    .where(
        col(InboxBericht.batch) == bindparam("id"),
        col(InboxBericht.partner) == bindparam("partner"),
    )
    .label("batch"),
)


def houder_van(
    *, session: Session, partner: str, webhook_id: str
) -> tuple[InboxBericht | None, bool]:
    """What a partner's webhook-id names already: (the single webhook, whether a batch).

    One statement of two indexed lookups: the webhook-id itself, and the batch column (an
    export's first stored row need not be `X#1` when the door refused row 1); no partner's id
    holds '#'. Written as two subqueries, not `webhook_id = ? OR batch = ?`: both databases
    turned that into a scan of all the partner's rows, one per webhook, growing with the inbox.
    The row itself is read only when there is one (a retry).
    """
    gevonden, is_batch = session.exec(_HOUDER, params={"partner": partner, "id": webhook_id}).one()
    rij = session.get(InboxBericht, gevonden) if gevonden is not None else None
    return rij, bool(is_batch)


def _neem(session: Session, kandidaten: Any, nu: datetime, duur: timedelta) -> str:
    return lease.neem(
        session,
        tabel=InboxBericht,
        kandidaten=kandidaten,
        vrij=_claimbaar(nu),
        tot=nu + duur,
    )


def _eerder_bezet(nu: datetime) -> Any:
    """An earlier open stream event of the same participant is leased (to another worker, or
    waiting for one still on its way): its successors wait, so a participant's events apply in
    order whatever the number of workers. An import's rows hold no one up: it is claimed as a
    whole, and one poison row in it must not stall its participants' stream.

    The leased rows are gathered once (a materialised CTE) and each candidate is compared with
    them: left to a correlated subquery, PostgreSQL without fresh statistics (a burst into a quiet
    inbox) rescanned every open row for every candidate, quadratic in the backlog."""
    bezet = (
        select(InboxBericht.id, InboxBericht.pseudoniem)
        .where(
            InboxBericht.status == "nieuw",
            col(InboxBericht.geclaimd_tot) >= nu,
            col(InboxBericht.batch).is_(None),  # an import is claimed whole, beside the stream
        )
        .cte("bezet")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return (
        select(bezet.c.id)
        .where(bezet.c.pseudoniem == InboxBericht.pseudoniem, bezet.c.id < InboxBericht.id)
        .exists()
    )


def _claim_stroom(*, session: Session, maximum: int, nu: datetime, duur: timedelta) -> str:
    kandidaten = (
        select(InboxBericht.id)
        .where(_claimbaar(nu), col(InboxBericht.batch).is_(None), ~_eerder_bezet(nu))
        .order_by(col(InboxBericht.id))
        .limit(maximum)
    )
    return _neem(session, kandidaten, nu, duur)


def claim_batch(
    *, session: Session, maximum: int, nu: datetime, duur: timedelta = CLAIM_DUUR
) -> list[InboxBericht]:
    """Claim up to `maximum` unprocessed events in arrival order, with a lease of `duur`.

    A worker that dies mid-batch loses its lease after `duur` and the events are claimed again;
    processing is idempotent per inbox row, so nothing happens twice.
    """
    token = _claim_stroom(session=session, maximum=maximum, nu=nu, duur=duur)
    return list(
        session.exec(
            select(InboxBericht).where(InboxBericht.claim == token).order_by(col(InboxBericht.id))
        )
    )


def claim_volgende(
    *, session: Session, maximum: int, nu: datetime, duur: timedelta = CLAIM_DUUR
) -> list[int]:
    """The next work, by id: the oldest open import as a whole, else up to `maximum` events of the
    stream. Ids only: the rows are read where they are processed, so a row that cannot even be
    read fails there, alone, and never in the claim."""
    return claim_import(session=session, nu=nu, duur=duur) or _geclaimd(
        session, _claim_stroom(session=session, maximum=maximum, nu=nu, duur=duur)
    )


def markeer(*, session: Session, bericht: InboxBericht, status: str, nu: datetime) -> None:
    bericht.status = status
    bericht.verwerkt_op = nu
    bericht.geclaimd_tot = None
    session.add(bericht)


def neem_herhaling_op(
    *, session: Session, origineel: InboxBericht, payload: dict[str, Any], nu: datetime
) -> InboxBericht:
    """A replay of a quarantined event: a new inbox row, claimed at once so no flow run takes it.

    Its id `herhaling#{id}#{n}` holds '#', which no partner's webhook-id may: it cannot collide.
    """
    eerder = session.exec(
        select(func.count())
        .select_from(InboxBericht)
        .where(col(InboxBericht.webhook_id).startswith(f"herhaling#{origineel.id}#"))
    ).one()
    rij = InboxBericht(
        partner=origineel.partner,
        webhook_id=f"herhaling#{origineel.id}#{eerder + 1}",
        type=origineel.type,
        pseudoniem=origineel.pseudoniem,
        payload=payload,
        ontvangen_op=nu,
        claim=f"herhaling-{uuid4().hex}",
        geclaimd_tot=nu + CLAIM_DUUR,
    )
    session.add(rij)
    session.flush()
    return rij


def vind(*, session: Session, partner: str, webhook_id: str) -> InboxBericht | None:
    """One partner's webhook by its id (ids are unique per sender)."""
    return session.exec(
        select(InboxBericht).where(
            InboxBericht.partner == partner, InboxBericht.webhook_id == webhook_id
        )
    ).first()


def instroom_wacht(*, session: Session, partner: str, pseudoniem: str) -> bool:
    """Whether this partner's referral, or re-referral into instroom, of the participant is still unprocessed."""
    rijen = session.exec(
        select(InboxBericht.type, InboxBericht.payload).where(
            InboxBericht.partner == partner,
            InboxBericht.pseudoniem == pseudoniem,
            InboxBericht.status == "nieuw",
            col(InboxBericht.type).in_(("deelnemer.aangemeld", "deelnemer.herinstroom")),
        )
    )
    return any(
        type_ == "deelnemer.aangemeld" or payload.get("naar") == "instroom"
        for type_, payload in rijen
    )


def instroom_wachtend(*, session: Session, partner: str, pseudoniemen: Collection[str]) -> set[str]:
    """`instroom_wacht` for many participants at once (a batch's rows): one query."""
    if not pseudoniemen:
        return set()
    rijen = session.exec(
        select(InboxBericht.pseudoniem, InboxBericht.type, InboxBericht.payload).where(
            InboxBericht.partner == partner,
            col(InboxBericht.pseudoniem).in_(list(pseudoniemen)),
            InboxBericht.status == "nieuw",
            col(InboxBericht.type).in_(("deelnemer.aangemeld", "deelnemer.herinstroom")),
        )
    )
    return {
        p
        for p, type_, payload in rijen
        if p and (type_ == "deelnemer.aangemeld" or payload.get("naar") == "instroom")
    }


def laad(*, session: Session, ids: list[int]) -> dict[int, InboxBericht]:
    """These rows at once, by id; the caller keeps them referenced, so the session needs no query per row."""
    rijen: dict[int, InboxBericht] = {}
    for begin in range(0, len(ids), 10_000):
        rijen |= {
            r.id or 0: r
            for r in session.exec(
                select(InboxBericht).where(
                    een_van(session, col(InboxBericht.id), ids[begin : begin + 10_000])
                )
            )
        }
    return rijen


def stel_uit(*, session: Session, bericht: InboxBericht, tot: datetime) -> None:
    """Leave the row open but unclaimable until `tot`: it waits for an earlier event still on its way."""
    bericht.geclaimd_tot = tot
    session.add(bericht)


def met_overdracht(
    *, session: Session, partner: str, webhook_id: str
) -> tuple[InboxBericht, Overdracht | None] | None:
    """One partner's own webhook and what became of it (None when that partner never sent it).
    The payload is not read (deferred): the status of a row that cannot be read back is still told."""
    rij = session.exec(
        select(InboxBericht)
        .options(defer(cast(QueryableAttribute[Any], InboxBericht.payload)))
        .where(InboxBericht.partner == partner, InboxBericht.webhook_id == webhook_id)
    ).first()
    if rij is None:
        return None
    return rij, session.exec(select(Overdracht).where(Overdracht.inbox_id == rij.id)).first()


def aantal_claimbaar(*, session: Session, nu: datetime) -> int:
    """Open rows a run could claim now (not leased, not waiting for an earlier event, not behind
    a leased earlier event of the same participant)."""
    vrij = or_(col(InboxBericht.batch).is_not(None), ~_eerder_bezet(nu))
    return session.exec(
        select(func.count()).select_from(InboxBericht).where(_claimbaar(nu), vrij)
    ).one()


def aantal_open(*, session: Session) -> int:
    return session.exec(
        select(func.count()).select_from(InboxBericht).where(InboxBericht.status == "nieuw")
    ).one()
