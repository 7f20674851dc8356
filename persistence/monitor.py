"""The equal-chances monitor's counts: three set-based queries for one programme and cohort
(referred in [van, tot)), grouped by every intake attribute at once, whatever the size.

Indexes they use: `ix_deelnemer_programma_aangemeld_op` (the cohort, revision 0013),
`kenmerk`'s primary key, `ix_overgang_deelnemer_id`, `ix_uitkomstregel_deelnemer_id` and
`ix_traject_deelnemer_id`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, literal, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from persistence.dialect import op_postgresql
from persistence.tabellen import Deelnemer, Overgang, Traject, UitkomstRegel, UTCDatum
from persistence.tabellen_kenmerk import Kenmerk
from schemas.fase import Fase, TrajectStatus
from schemas.monitor import Gegevens, Telrij, Uitkomstrij, Verblijfrij

_GEEINDIGD = (TrajectStatus.UITGEVALLEN.value, TrajectStatus.AFGESLOTEN.value)
_NAMEN = ("geslacht", "leeftijdsband", "doelgroep", "herkomst")  # schemas.monitor's order
_KENMERKEN = (
    col(Kenmerk.geslacht),
    col(Kenmerk.leeftijdsband),
    col(Kenmerk.doelgroep),
    col(Kenmerk.herkomst),
)


def _cohort(programma: str, van: datetime, tot: datetime) -> Any:
    """The participants referred into `programma` in the period, with their attributes."""
    return (
        select(col(Deelnemer.id).label("deelnemer_id"), *_KENMERKEN)
        .select_from(Deelnemer)
        .outerjoin(Kenmerk, col(Kenmerk.deelnemer_id) == col(Deelnemer.id))
        .where(
            col(Deelnemer.programma) == programma,
            col(Deelnemer.aangemeld_op) >= van,
            col(Deelnemer.aangemeld_op) < tot,
        )
        .subquery("cohort")
    )


def _volgnummer(kolom: Any) -> ColumnElement[int]:
    return case({f.value: f.volgnummer for f in Fase}, value=kolom, else_=-1)


def _dagen(session: Session, van: Any, tot: Any) -> ColumnElement[int]:
    """Whole days between two timestamps, in either dialect."""
    if op_postgresql(session):
        return cast(func.floor(func.extract("epoch", tot - van) / 86400), Integer)
    return cast(func.julianday(tot) - func.julianday(van), Integer)


def _voortgang(session: Session, cohort: Any) -> list[Telrij]:
    """Per attribute combination: the furthest phase reached and whether the latest episode
    ended in dropout (one pass over the cohort's ledger, then a grouping)."""
    kenmerken = [cohort.c[k] for k in _NAMEN]
    laatste_status = (
        select(col(Traject.status))
        .where(col(Traject.deelnemer_id) == cohort.c.deelnemer_id)
        .order_by(col(Traject.id).desc())
        .limit(1)
        .correlate(cohort)
        .scalar_subquery()
    )
    per_deelnemer = (
        select(
            *kenmerken,
            func.max(_volgnummer(col(Overgang.naar_fase))).label("verste"),
            case((laatste_status == TrajectStatus.UITGEVALLEN.value, 1), else_=0).label("uit"),
        )
        .select_from(cohort)
        .outerjoin(
            Overgang,
            and_(col(Overgang.deelnemer_id) == cohort.c.deelnemer_id, col(Overgang.baan).is_(None)),
        )
        .group_by(cohort.c.deelnemer_id, *kenmerken)
        .subquery("per_deelnemer")
    )
    groep = [per_deelnemer.c[k] for k in _NAMEN]
    rijen = session.execute(
        select(*groep, per_deelnemer.c.verste, per_deelnemer.c.uit, func.count()).group_by(
            *groep, per_deelnemer.c.verste, per_deelnemer.c.uit
        )
    ).all()
    fasen = list(Fase)
    return [
        Telrij(
            kenmerken=(r[0], r[1], r[2], r[3]),
            verste=fasen[r[4]].value if r[4] is not None and r[4] >= 0 else None,
            uitgevallen=bool(r[5]),
            aantal=int(r[6]),
        )
        for r in rijen
    ]


def _uitkomsten(session: Session, cohort: Any) -> list[Uitkomstrij]:
    """Per attribute combination and outcome kind: how many participants have it."""
    kenmerken = [cohort.c[k] for k in _NAMEN]
    rijen = session.execute(
        select(
            *kenmerken,
            col(UitkomstRegel.soort),
            func.count(func.distinct(col(UitkomstRegel.deelnemer_id))),
        )
        .select_from(cohort)
        .join(UitkomstRegel, col(UitkomstRegel.deelnemer_id) == cohort.c.deelnemer_id)
        .group_by(*kenmerken, col(UitkomstRegel.soort))
    ).all()
    return [Uitkomstrij((r[0], r[1], r[2], r[3]), r[4], int(r[5])) for r in rijen]


def _verblijf(session: Session, cohort: Any, nu: datetime) -> list[Verblijfrij]:
    """Per attribute combination, phase and whole days: how many participants spent that long
    in the phase (all their stays in it summed; a stay still running counts up to `nu`, the
    row that ends an episode starts no stay)."""
    kenmerken = [cohort.c[k] for k in _NAMEN]
    volgende = func.lead(col(Overgang.tijdstip)).over(
        partition_by=col(Overgang.traject_id), order_by=(col(Overgang.tijdstip), col(Overgang.id))
    )
    einde = case(
        (col(Overgang.naar_status).in_(_GEEINDIGD), col(Overgang.tijdstip)),
        else_=literal(nu, UTCDatum()),
    )
    stappen = (
        select(
            *kenmerken,
            col(Overgang.deelnemer_id).label("deelnemer_id"),
            col(Overgang.naar_fase).label("fase"),
            col(Overgang.tijdstip).label("van"),
            func.coalesce(volgende, einde).label("tot"),
        )
        .select_from(cohort)
        .join(Overgang, col(Overgang.deelnemer_id) == cohort.c.deelnemer_id)
        .where(col(Overgang.baan).is_(None))
        .subquery("stappen")
    )
    groep = [stappen.c[k] for k in _NAMEN]
    per_deelnemer = (
        select(
            *groep,
            stappen.c.fase,
            func.sum(_dagen(session, stappen.c.van, stappen.c.tot)).label("dagen"),
        )
        .group_by(stappen.c.deelnemer_id, *groep, stappen.c.fase)
        .subquery("per_deelnemer")
    )
    groep = [per_deelnemer.c[k] for k in _NAMEN]
    rijen = session.execute(
        select(*groep, per_deelnemer.c.fase, per_deelnemer.c.dagen, func.count()).group_by(
            *groep, per_deelnemer.c.fase, per_deelnemer.c.dagen
        )
    ).all()
    return [Verblijfrij((r[0], r[1], r[2], r[3]), r[4], int(r[5] or 0), int(r[6])) for r in rijen]


def gegevens(
    *,
    session: Session,
    programma: str,
    fasen: tuple[str, ...],
    van: datetime,
    tot: datetime,
    nu: datetime,
) -> Gegevens:
    """The cohort's counts for the monitor: three statements."""
    cohort = _cohort(programma, van, tot)
    return Gegevens(
        fasen=fasen,
        voortgang=tuple(_voortgang(session, cohort)),
        uitkomsten=tuple(_uitkomsten(session, cohort)),
        verblijf=tuple(_verblijf(session, cohort, nu)),
    )
