"""Outbox: what we owe partners is written before it is sent; delivery state lives here."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, update
from sqlmodel import Session, col, func, select

from persistence import _lease as lease
from persistence.tabellen import OutboxBericht, OutboxHerhaling, Verstrekking
from schemas.berichten import PartnerBericht

TE_BEZORGEN = ("wachtend", "mislukt")
HERHAALBAAR = ("dood",)
# Longer than a batch's sends take (timeouts included), so a live run never loses its messages.
CLAIM_DUUR = timedelta(minutes=5)


class NietHerhaalbaar(ValueError):
    """Only a dead message goes back in the queue; anything else is still on its way or delivered."""


def plaats(
    *,
    session: Session,
    partner: str,
    bericht: PartnerBericht,
    nu: datetime,
    controleer_dubbel: bool = True,
) -> OutboxBericht:
    """Queue a message once per idempotency key (a replayed handoff queues nothing new).

    `controleer_dubbel=False` skips the look-up for callers that know the key is new.
    """
    bestaand = (
        session.exec(select(OutboxBericht).where(OutboxBericht.sleutel == bericht.sleutel)).first()
        if controleer_dubbel
        else None
    )
    if bestaand is not None:
        return bestaand
    rij = OutboxBericht(
        sleutel=bericht.sleutel,
        partner=partner,
        soort=bericht.soort,
        pseudoniem=bericht.deelnemer,
        bericht=bericht.model_dump(mode="json"),
        aangemaakt_op=nu,
        volgende_poging_op=nu,
    )
    session.add(rij)
    return rij


def _te_bezorgen(nu: datetime) -> Any:
    return and_(
        col(OutboxBericht.status).in_(TE_BEZORGEN),
        col(OutboxBericht.volgende_poging_op) <= nu,
        or_(col(OutboxBericht.geclaimd_tot).is_(None), col(OutboxBericht.geclaimd_tot) < nu),
    )


def te_bezorgen(*, session: Session, nu: datetime, maximum: int) -> list[OutboxBericht]:
    """Due messages no delivery run holds now (a look: nothing is leased)."""
    return list(
        session.exec(
            select(OutboxBericht)
            .where(_te_bezorgen(nu))
            .order_by(col(OutboxBericht.id))
            .limit(maximum)
        )
    )


def claim(
    *, session: Session, nu: datetime, maximum: int, duur: timedelta = CLAIM_DUUR
) -> tuple[str, list[OutboxBericht]]:
    """Lease up to `maximum` due messages, oldest first, for one delivery run: two runs never hold
    the same message, and a run that dies gives its messages back when the lease ends."""
    kandidaten = (
        select(OutboxBericht.id)
        .where(_te_bezorgen(nu))
        .order_by(col(OutboxBericht.id))
        .limit(maximum)
    )
    token = lease.neem(
        session,
        tabel=OutboxBericht,
        kandidaten=kandidaten,
        vrij=_te_bezorgen(nu),
        tot=nu + duur,
    )
    rijen = session.exec(
        select(OutboxBericht).where(OutboxBericht.claim == token).order_by(col(OutboxBericht.id))
    )
    return token, list(rijen)


def _einde_poging(bericht_id: int, claim: str | None) -> Any:
    """The end of one attempt, as every marking writes it: counted and the lease let go, on a
    message not yet delivered and, with `claim`, only while that lease still holds it."""
    bewaking = [col(OutboxBericht.id) == bericht_id, col(OutboxBericht.status) != "afgeleverd"]
    if claim is not None:
        bewaking.append(col(OutboxBericht.claim) == claim)
    return (
        update(OutboxBericht)
        .where(*bewaking)
        .values(pogingen=OutboxBericht.pogingen + 1, claim=None, geclaimd_tot=None)
    )


def markeer_afgeleverd(
    *,
    session: Session,
    bericht_id: int,
    claim: str,
    nu: datetime,
    velden: list[str],
    grondslag: str,
) -> bool:
    """Delivered: record it, and log the disclosure (which fields went to whom, on what basis).

    Guarded by the lease: only the run that still holds the message records it, so a message
    delivered by two runs (the first one's lease ran out mid-send; the partner answers the second
    `dubbel` by its idempotency key) has one delivery and one disclosure row. False when the lease
    was lost."""
    geraakt = session.execute(
        _einde_poging(bericht_id, claim)
        .values(status="afgeleverd", afgeleverd_op=nu)
        .returning(
            col(OutboxBericht.partner), col(OutboxBericht.pseudoniem), col(OutboxBericht.sleutel)
        )
    ).first()
    if geraakt is None:
        return False
    partner, pseudoniem, sleutel = geraakt
    session.add(
        Verstrekking(
            partner=partner,
            pseudoniem=pseudoniem,
            velden=sorted(velden),
            grondslag=grondslag,
            bericht_sleutel=sleutel,
            tijdstip=nu,
        )
    )
    return True


def markeer_mislukt(
    *,
    session: Session,
    bericht_id: int,
    fout: str,
    volgende_poging: datetime | None,
    claim: str | None = None,
) -> OutboxBericht | None:
    """A failed attempt: retry at `volgende_poging`, or dead when there is none; the row as written.

    One guarded `UPDATE … RETURNING`, like `markeer_afgeleverd`: with `claim`, only while that
    lease still holds the message (None, and nothing written, when it does not); without, the
    operator's own marking of any message not yet delivered."""
    status = "dood" if volgende_poging is None else "mislukt"
    geraakt = session.execute(
        _einde_poging(bericht_id, claim)
        .values(
            status=status,
            laatste_fout=fout[:500],
            **({} if volgende_poging is None else {"volgende_poging_op": volgende_poging}),
        )
        .returning(OutboxBericht)
    )
    return geraakt.scalars().first()


def aantal_per_status(*, session: Session) -> dict[str, int]:
    rijen = session.exec(select(OutboxBericht.status, func.count()).group_by(OutboxBericht.status))
    return dict(rijen.all())


def lijst(
    *, session: Session, status: str | None = None, partner: str | None = None
) -> list[OutboxBericht]:
    """Outbox messages, oldest first, optionally of one status and one partner."""
    vraag = select(OutboxBericht).order_by(col(OutboxBericht.id))
    if status is not None:
        vraag = vraag.where(OutboxBericht.status == status)
    if partner is not None:
        vraag = vraag.where(OutboxBericht.partner == partner)
    return list(session.exec(vraag))


def herhaal(*, session: Session, bericht_id: int, door: str, nu: datetime) -> OutboxBericht:
    """Put a dead message back in the queue with a fresh schedule and the same idempotency key,
    so a partner that did receive it answers `dubbel`; the replay is recorded."""
    rij = session.get(OutboxBericht, bericht_id)
    if rij is None:
        raise NietHerhaalbaar(f"no outbox message {bericht_id}")
    if rij.status not in HERHAALBAAR:
        raise NietHerhaalbaar(
            f"outbox message {bericht_id} is {rij.status}, only a dead message can be replayed"
        )
    session.add(
        OutboxHerhaling(
            bericht_id=bericht_id,
            door=door,
            op=nu,
            vorige_status=rij.status,
            vorige_pogingen=rij.pogingen,
            vorige_fout=rij.laatste_fout,
        )
    )
    rij.status, rij.pogingen, rij.volgende_poging_op, rij.laatste_fout = "wachtend", 0, nu, None
    session.add(rij)
    return rij


def herhalingen(*, session: Session, bericht_id: int) -> list[OutboxHerhaling]:
    return list(
        session.exec(
            select(OutboxHerhaling)
            .where(OutboxHerhaling.bericht_id == bericht_id)
            .order_by(col(OutboxHerhaling.id))
        )
    )
