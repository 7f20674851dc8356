"""What the overview page reads about what needs attention: flags, overdue checkpoints,
quarantined handoffs, dead outbox messages and nazorg check-ins.

One GROUP BY statement per kind (persistence.overzicht's rules: the selection's programme and
partner filter every count); the quarantined handoffs' findings come back as stored for
schemas.overzicht to tally, at most `MAX_QUARANTAINE` of the newest.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from persistence.overzicht import LOPEND, dagen_tussen, vandaag, waar
from persistence.tabellen import (
    Checkin,
    Deelnemer,
    OutboxBericht,
    Overdracht,
    SignaalRegel,
    Traject,
)
from persistence.tabellen_ijkpunt import Ijkpunt
from schemas.overzicht import Selectie

MAX_QUARANTAINE = 2000


def signalen(*, session: Session, s: Selectie) -> list[tuple[str, str, str, int, int]]:
    """(kind, level, partner, age in days, count) of the open flags."""
    dagen = dagen_tussen(session, vandaag(session, s), col(SignaalRegel.ontstaan_op))
    kolommen = [col(SignaalRegel.soort), col(SignaalRegel.niveau), col(SignaalRegel.partner)]
    query = (
        select(*kolommen, dagen.label("dagen"), func.count())
        .where(
            col(SignaalRegel.status) == "open",
            *waar(s, col(SignaalRegel.programma), col(SignaalRegel.partner)),
        )
        .group_by(*kolommen, dagen)
    )
    return [(str(a), str(b), str(c), int(d), int(n)) for a, b, c, d, n in session.execute(query)]


def verlopen_ijkpunten(*, session: Session, s: Selectie) -> list[tuple[str, str, str, int]]:
    """(programme, checkpoint, owner, count) undecided past their due date, of running trajectories."""
    kolommen = [col(Traject.programma), col(Ijkpunt.naam), col(Ijkpunt.eigenaar)]
    query = (
        select(*kolommen, func.count())
        .join(Traject, col(Traject.id) == col(Ijkpunt.traject_id))
        .where(
            col(Ijkpunt.keuze).is_(None),
            col(Ijkpunt.vervalt_op) < s.nu,
            col(Traject.status).in_(LOPEND),
            *waar(s, col(Traject.programma), col(Ijkpunt.eigenaar), via=True),
        )
        .group_by(*kolommen)
    )
    return [(str(a), str(b), str(c), int(n)) for a, b, c, n in session.execute(query)]


def quarantaine(*, session: Session, s: Selectie) -> list[tuple[str, list[dict[str, Any]] | None]]:
    """(partner, findings) of the handoffs in quarantine, newest first."""
    query = (
        select(col(Overdracht.partner), col(Overdracht.bevindingen))
        .outerjoin(Deelnemer, col(Deelnemer.id) == col(Overdracht.deelnemer_id))
        .where(
            col(Overdracht.status) == "quarantaine",
            *waar(s, col(Deelnemer.programma), col(Overdracht.partner)),
        )
        .order_by(col(Overdracht.id).desc())
        .limit(MAX_QUARANTAINE)
    )
    return [(str(p), b) for p, b in session.execute(query)]


def dode_berichten(*, session: Session, s: Selectie) -> list[tuple[str, str, int]]:
    """(partner, kind of message, count) of outbox messages given up on."""
    kolommen = [col(OutboxBericht.partner), col(OutboxBericht.soort)]
    query = select(*kolommen, func.count()).where(col(OutboxBericht.status) == "dood")
    if s.programma is not None:
        query = query.join(Deelnemer, col(Deelnemer.pseudoniem) == col(OutboxBericht.pseudoniem))
    query = query.where(*waar(s, col(Deelnemer.programma), col(OutboxBericht.partner)))
    return [(str(p), str(k), int(n)) for p, k, n in session.execute(query.group_by(*kolommen))]


def checkins(*, session: Session, s: Selectie) -> list[tuple[str, str, int]]:
    """(nazorg partner, status, count) of the check-ins asked in the period."""
    kolommen = [col(Checkin.partner), col(Checkin.status)]
    query = (
        select(*kolommen, func.count())
        .where(
            col(Checkin.gevraagd_op) >= s.vanaf,
            *waar(s, col(Checkin.programma), col(Checkin.partner)),
        )
        .group_by(*kolommen)
    )
    return [(str(p), str(st), int(n)) for p, st, n in session.execute(query)]
