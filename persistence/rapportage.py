"""Aggregates for coordinators: where the cohort is, which moves happened, which outcomes."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from persistence.tabellen import (
    Deelnemer,
    InboxBericht,
    Overdracht,
    Overgang,
    Traject,
    UitkomstRegel,
)


def _telling(session: Session, kolom: Any, tabel: type, *voorwaarden: Any) -> dict[str, int]:
    query = select(kolom, func.count()).select_from(tabel)
    for voorwaarde in voorwaarden:
        query = query.where(voorwaarde)
    return {str(k): int(n) for k, n in session.exec(query.group_by(kolom)).all()}


def fasen_bereikt(*, session: Session) -> dict[str, int]:
    """How many participants ever reached each phase (from the ledger's main lane: a language
    lane reaching ontwikkeling is not the route reaching it)."""
    query = (
        select(Overgang.naar_fase, func.count(func.distinct(Overgang.deelnemer_id)))
        .where(col(Overgang.baan).is_(None))
        .group_by(col(Overgang.naar_fase))
    )
    return {str(f): int(n) for f, n in session.exec(query).all()}


def bewegingen(*, session: Session) -> dict[str, int]:
    """The main lane's moves (a lane's start is no referral)."""
    return _telling(session, Overgang.beweging, Overgang, col(Overgang.baan).is_(None))


def uitkomsten(*, session: Session) -> dict[str, int]:
    return _telling(session, UitkomstRegel.soort, UitkomstRegel)


def trajectstatus(*, session: Session) -> dict[str, int]:
    """Status of each participant's latest trajectory."""
    laatste = select(func.max(Traject.id)).group_by(col(Traject.deelnemer_id)).scalar_subquery()
    return _telling(session, Traject.status, Traject, col(Traject.id).in_(laatste))


def overdrachten(*, session: Session) -> dict[str, int]:
    return _telling(session, Overdracht.status, Overdracht)


def inbox(*, session: Session) -> dict[str, int]:
    return _telling(session, InboxBericht.status, InboxBericht)


def aantal_deelnemers(*, session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Deelnemer)).one())
