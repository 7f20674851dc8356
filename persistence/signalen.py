"""Flags: raised idempotently, announced once, resolved when their cause is gone.

A sweep hands over every flag it wants to exist; the unique `sleutel` (participant, kind,
subject, level) makes a second sweep a no-op. `gemeld_op` is the announcement outbox: the flows
emit one Prefect event per flag that has none yet, after the flag is committed.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from persistence.opvolging import blokken, plaats_berichten
from persistence.tabellen import SignaalRegel
from schemas.opvolging import NAAR_REGIEHOUDER, Signaal, SignaalSoort, signaal_bericht

OPEN, OPGELOST = "open", "opgelost"


def _rij(signaal: Signaal, nu: datetime) -> dict[str, object]:
    return signaal.model_dump(mode="python") | {
        "sleutel": signaal.sleutel,
        "status": OPEN,
        "ontstaan_op": nu,
    }


def leg_vast(*, session: Session, signalen: Sequence[Signaal], nu: datetime) -> list[Signaal]:
    """Store the flags not stored yet, reopen resolved ones; returns those that are new (or open again)."""
    gewenst = {s.sleutel: s for s in signalen}
    bestaand: dict[str, tuple[int, str]] = {}
    for blok in blokken(list(gewenst)):
        query = select(SignaalRegel.sleutel, SignaalRegel.id, SignaalRegel.status).where(
            col(SignaalRegel.sleutel).in_(blok)
        )
        bestaand |= {sleutel: (id_ or 0, status) for sleutel, id_, status in session.exec(query)}
    nieuw = [s for sleutel, s in gewenst.items() if sleutel not in bestaand]
    if nieuw:
        session.execute(insert(SignaalRegel), [_rij(s, nu) for s in nieuw])
    heropend = [id_ for id_, status in bestaand.values() if status == OPGELOST]
    for ids in blokken(heropend):
        session.execute(
            update(SignaalRegel)
            .where(col(SignaalRegel.id).in_(ids))
            .values(status=OPEN, opgelost_op=None, gemeld_op=None, ontstaan_op=nu)
        )
    return nieuw + [gewenst[k] for k, (_, status) in bestaand.items() if status == OPGELOST]


def los_op(
    *,
    session: Session,
    soorten: Collection[SignaalSoort],
    actueel: Collection[str],
    nu: datetime,
    partners: Collection[str] | None = None,
    deelnemer_id: int | None = None,
    onderwerp: str | None = None,
) -> int:
    """Resolve the open flags of `soorten` (optionally of some partners, one participant or one subject)
    whose key is not in `actueel`: the sweep no longer finds their cause."""
    query = select(SignaalRegel.id, SignaalRegel.sleutel).where(
        SignaalRegel.status == OPEN, col(SignaalRegel.soort).in_([s.value for s in soorten])
    )
    if partners is not None:
        query = query.where(col(SignaalRegel.partner).in_(list(partners)))
    if deelnemer_id is not None:
        query = query.where(SignaalRegel.deelnemer_id == deelnemer_id)
    if onderwerp is not None:
        query = query.where(SignaalRegel.onderwerp == onderwerp)
    actueel_set = set(actueel)
    weg = [id_ for id_, sleutel in session.exec(query) if sleutel not in actueel_set]
    for blok in blokken(weg):
        session.execute(
            update(SignaalRegel)
            .where(col(SignaalRegel.id).in_(blok))
            .values(status=OPGELOST, opgelost_op=nu)
        )
    return len(weg)


def onaangekondigd(*, session: Session, maximum: int = 5000) -> list[SignaalRegel]:
    """Open flags no event has announced yet (oldest first)."""
    return list(
        session.exec(
            select(SignaalRegel)
            .where(SignaalRegel.status == OPEN, col(SignaalRegel.gemeld_op).is_(None))
            .order_by(col(SignaalRegel.id))
            .limit(maximum)
        )
    )


def markeer_gemeld(*, session: Session, ids: Sequence[int], nu: datetime) -> None:
    for blok in blokken(ids):
        session.execute(
            update(SignaalRegel).where(col(SignaalRegel.id).in_(blok)).values(gemeld_op=nu)
        )


def open_signalen(
    *,
    session: Session,
    programma: str | None = None,
    partner: str | None = None,
    limiet: int | None = None,
    pseudoniem: str | None = None,
) -> list[SignaalRegel]:
    """Open flags, breached before at-risk, oldest first: what `keten flags`, `keten status` and the artifact list."""
    query = select(SignaalRegel).where(SignaalRegel.status == OPEN)
    if pseudoniem is not None:
        query = query.where(SignaalRegel.pseudoniem == pseudoniem)
    if programma is not None:
        query = query.where(SignaalRegel.programma == programma)
    if partner is not None:
        query = query.where(SignaalRegel.partner == partner)
    query = query.order_by(
        col(SignaalRegel.niveau), col(SignaalRegel.ontstaan_op), col(SignaalRegel.id)
    )
    return list(session.exec(query.limit(limiet) if limiet else query))


def telling(*, session: Session, status: str = OPEN) -> list[tuple[str, str, str, str, int]]:
    """(programme, partner, kind, level, count) of the flags in `status`."""
    kolommen = [
        col(SignaalRegel.programma),
        col(SignaalRegel.partner),
        col(SignaalRegel.soort),
        col(SignaalRegel.niveau),
    ]
    query = (
        sa_select(*kolommen, func.count())
        .where(col(SignaalRegel.status) == status)
        .group_by(*kolommen)
    )
    return [(str(a), str(b), str(c), str(d), int(n)) for a, b, c, d, n in session.execute(query)]


def meld_regiehouder(
    *, session: Session, nieuw: Sequence[tuple[str, Signaal]], nu: datetime
) -> int:
    """Tell the regiehouder directly of the new flags they must act on (NAAR_REGIEHOUDER), through the outbox."""
    berichten = [
        (regiehouder, signaal_bericht(s)) for regiehouder, s in nieuw if s.soort in NAAR_REGIEHOUDER
    ]
    return plaats_berichten(session=session, berichten=berichten, nu=nu)
