"""Outbox: what we owe partners is written before it is sent; delivery state lives here."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, func, select

from persistence.tabellen import OutboxBericht, OutboxHerhaling, Verstrekking
from schemas.berichten import PartnerBericht

TE_BEZORGEN = ("wachtend", "mislukt")
HERHAALBAAR = ("dood",)


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


def te_bezorgen(*, session: Session, nu: datetime, maximum: int) -> list[OutboxBericht]:
    return list(
        session.exec(
            select(OutboxBericht)
            .where(
                col(OutboxBericht.status).in_(TE_BEZORGEN), OutboxBericht.volgende_poging_op <= nu
            )
            .order_by(col(OutboxBericht.id))
            .limit(maximum)
        )
    )


def markeer_afgeleverd(
    *, session: Session, bericht_id: int, nu: datetime, velden: list[str], grondslag: str
) -> None:
    """Delivered: record it, and log the disclosure (which fields went to whom, on what basis)."""
    rij = session.get_one(OutboxBericht, bericht_id)
    rij.status, rij.afgeleverd_op, rij.pogingen = "afgeleverd", nu, rij.pogingen + 1
    session.add(rij)
    session.add(
        Verstrekking(
            partner=rij.partner,
            pseudoniem=rij.pseudoniem,
            velden=sorted(velden),
            grondslag=grondslag,
            bericht_sleutel=rij.sleutel,
            tijdstip=nu,
        )
    )


def markeer_mislukt(
    *, session: Session, bericht_id: int, fout: str, volgende_poging: datetime | None
) -> None:
    """A failed attempt: retry at `volgende_poging`, or dead when there is none."""
    rij = session.get_one(OutboxBericht, bericht_id)
    rij.pogingen += 1
    rij.laatste_fout = fout[:500]
    if volgende_poging is None:
        rij.status = "dood"
    else:
        rij.status, rij.volgende_poging_op = "mislukt", volgende_poging
    session.add(rij)


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
