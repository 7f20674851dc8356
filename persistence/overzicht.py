"""What the overview page reads about the caseload: the funnel, time in phase, waits.

Set-based: each function is one GROUP BY statement whatever the number of participants, and
returns grouped rows for schemas.overzicht to bucket. Every count honours the selection: a
programme, and a partner (a partner's medewerker sees only rows where their organisation is the
partner concerned). Days are whole calendar days (UTC), computed in the database.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, Integer, and_, case, cast, func, literal, or_, select, type_coerce
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from persistence.dialect import op_postgresql
from persistence.tabellen import FaseStart, Overgang, Traject
from persistence.tabellen_banen import TrajectBaan
from persistence.tabellen_verwijzing import Verwijzing
from schemas.opvolging import FASE_INGANGEN
from schemas.overzicht import FaseTijdRij, Selectie

LOPEND = ("actief", "gepauzeerd")


def dagen_tussen(session: Session, later: Any, eerder: Any) -> ColumnElement[int]:
    """Whole days from `eerder` to `later` (columns, or a date), the same on both databases."""
    if op_postgresql(session):
        return type_coerce(cast(later, Date) - cast(eerder, Date), Integer)
    return cast(func.julianday(func.date(later)) - func.julianday(func.date(eerder)), Integer)


def vandaag(session: Session, s: Selectie) -> Any:
    """Today as a bound value both databases compare with a date."""
    if op_postgresql(session):
        return literal(s.vandaag, Date)
    return literal(s.vandaag.isoformat())


def waar(s: Selectie, programma: Any, partner: Any, *, via: bool = False) -> list[Any]:
    """The selection as conditions. `via`: the programme sits on a joined table; comparing it as
    an expression (`|| ''`) keeps SQLite, which has no statistics, from starting at the
    programme's trajectories instead of the narrower range the query itself is about."""
    voorwaarden = []
    if s.programma is not None:
        voorwaarden.append((programma + "" if via else programma) == s.programma)
    if s.partner is not None:
        voorwaarden.append(partner == s.partner)
    return voorwaarden


def trechter(*, session: Session, s: Selectie) -> list[tuple[str | None, str, str, int]]:
    """(lane, phase, status, count) now: the main lane (lane None) and every lane beside it."""
    hoofd = select(
        literal(None).label("baan"), col(Traject.fase), col(Traject.status), func.count()
    ).where(*waar(s, col(Traject.programma), col(Traject.partner)))
    hoofd = hoofd.group_by(col(Traject.fase), col(Traject.status))
    banen = (
        select(col(TrajectBaan.baan), col(TrajectBaan.fase), col(TrajectBaan.status), func.count())
        .join(Traject, col(Traject.id) == col(TrajectBaan.traject_id))
        .where(*waar(s, col(Traject.programma), col(TrajectBaan.partner)))
        .group_by(col(TrajectBaan.baan), col(TrajectBaan.fase), col(TrajectBaan.status))
    )
    rijen = session.execute(hoofd.union_all(banen)).all()
    return [(b, str(f), str(st), int(n)) for b, f, st, n in rijen]


def instroom(*, session: Session, s: Selectie) -> list[tuple[str | None, str, int]]:
    """(lane, phase, count) of moves into a phase in the period, from the ledger. The kind of
    move is counted, not filtered on, so the period's index on `tijdstip` does the narrowing."""
    ingang = func.sum(case((col(Overgang.beweging).in_(FASE_INGANGEN), 1), else_=0))
    query = select(col(Overgang.baan), col(Overgang.naar_fase), ingang).where(
        col(Overgang.tijdstip) >= s.vanaf,
        *waar(s, col(Traject.programma), col(Overgang.naar_partner), via=True),
    )
    if s.programma is not None:
        query = query.join(Traject, col(Traject.id) == col(Overgang.traject_id))
    query = query.group_by(col(Overgang.baan), col(Overgang.naar_fase))
    return [(b, str(f), int(n)) for b, f, n in session.execute(query) if n]


def fasetijd(*, session: Session, s: Selectie) -> list[FaseTijdRij]:
    """Running participants per (programme, lane, phase, partner, days in the phase)."""
    nu = vandaag(session, s)
    dagen_hoofd = dagen_tussen(session, nu, col(Traject.fase_sinds)).label("dagen")
    hoofd = (
        select(
            col(Traject.programma),
            literal(None).label("baan"),
            col(Traject.fase),
            col(Traject.partner),
            dagen_hoofd,
            func.count(),
        )
        .where(
            col(Traject.status).in_(LOPEND),
            *waar(s, col(Traject.programma), col(Traject.partner)),
        )
        .group_by(col(Traject.programma), col(Traject.fase), col(Traject.partner), dagen_hoofd)
    )
    dagen_baan = dagen_tussen(session, nu, col(TrajectBaan.fase_sinds)).label("dagen")
    banen = (
        select(
            col(Traject.programma),
            col(TrajectBaan.baan),
            col(TrajectBaan.fase),
            col(TrajectBaan.partner),
            dagen_baan,
            func.count(),
        )
        .join(Traject, col(Traject.id) == col(TrajectBaan.traject_id))
        .where(
            col(TrajectBaan.status).in_(LOPEND),
            *waar(s, col(Traject.programma), col(TrajectBaan.partner)),
        )
        .group_by(
            col(Traject.programma),
            col(TrajectBaan.baan),
            col(TrajectBaan.fase),
            col(TrajectBaan.partner),
            dagen_baan,
        )
    )
    return [
        FaseTijdRij(str(p), b, str(f), str(pa), int(d), int(n))
        for p, b, f, pa, d, n in session.execute(hoofd.union_all(banen))
    ]


def wachttijden(*, session: Session, s: Selectie) -> list[tuple[str, int, int]]:
    """(receiving partner, days from handoff to reported start, count) for starts in the period."""
    dagen = dagen_tussen(session, col(FaseStart.gestart_op), col(FaseStart.fase_sinds))
    query = (
        select(col(FaseStart.partner), dagen.label("dagen"), func.count())
        .join(Traject, col(Traject.id) == col(FaseStart.traject_id))
        .where(
            col(FaseStart.gestart_op) >= s.vanaf.date(),
            *waar(s, col(Traject.programma), col(FaseStart.partner), via=True),
        )
        .group_by(col(FaseStart.partner), dagen)
    )
    return [(str(p), int(d), int(n)) for p, d, n in session.execute(query)]


def wachtlijsten(*, session: Session, s: Selectie) -> list[tuple[str, bool, int, int]]:
    """(partner, still waiting, days on the list, count): waits that ended in the period or run
    on; a running one counts up to today."""
    nu = vandaag(session, s)
    open_ = col(Verwijzing.wachtlijst_tot).is_(None)
    tot = func.coalesce(func.date(col(Verwijzing.wachtlijst_tot)), nu)
    dagen = dagen_tussen(session, tot, col(Verwijzing.wachtlijst_sinds))
    query = (
        select(col(Verwijzing.partner), open_.label("open"), dagen.label("dagen"), func.count())
        .join(Traject, col(Traject.id) == col(Verwijzing.traject_id))
        .where(
            col(Verwijzing.wachtlijst_sinds).is_not(None),
            or_(open_, and_(col(Verwijzing.wachtlijst_tot) >= s.vanaf)),
            *waar(s, col(Traject.programma), col(Verwijzing.partner), via=True),
        )
        .group_by(col(Verwijzing.partner), open_, dagen)
    )
    return [(str(p), bool(o), int(d), int(n)) for p, o, d, n in session.execute(query)]
