"""The researcher export's reads: set-based, per block of participants, five queries a block.

A block is a range of participant ids; every query of a block selects on that range (no long IN
lists), so 100,000 participants are read in a fixed number of queries per block and memory holds
one block at a time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from persistence.tabellen import Deelnemer, Overgang, Traject, UitkomstRegel
from persistence.tabellen_banen import TrajectBaan
from persistence.tabellen_toestemming import Toestemming
from schemas.onderzoek_rijen import Stap, TrajectFeiten
from schemas.toestemming import ONDERZOEK, Grondslagsoort, Registratie


@dataclass(frozen=True)
class Selectie:
    """Which trajectories: a programme, and trajectories begun from `van` up to and with `tot`."""

    programma: str | None = None
    van: date | None = None
    tot: date | None = None


@dataclass(frozen=True)
class Wie:
    """A participant as the export's code may see them: the chain pseudonym stays inside."""

    deelnemer_id: int
    pseudoniem: str
    persoon_versleuteld: str
    aanmelder: str  # the partner that referred: a gemeente, or a school or coach
    programma: str
    aangemeld_op: datetime


@dataclass
class Blok:
    """What one block of participants holds, keyed for assembly."""

    deelnemers: dict[int, Wie] = field(default_factory=dict)
    trajecten: dict[int, list[tuple[int, TrajectFeiten]]] = field(default_factory=dict)
    registraties: dict[int, list[Registratie]] = field(default_factory=dict)
    stappen: dict[int, list[Stap]] = field(default_factory=dict)
    banen: dict[int, list[str]] = field(default_factory=dict)
    uitkomsten: dict[int, tuple[str, date]] = field(default_factory=dict)


def blokken(*, session: Session, grootte: int) -> Iterator[tuple[int, int]]:
    """Inclusive id ranges of `grootte` participants each (one query)."""
    ids = list(session.exec(select(Deelnemer.id).order_by(col(Deelnemer.id))))
    for i in range(0, len(ids), grootte):
        deel = ids[i : i + grootte]
        assert deel[0] is not None and deel[-1] is not None
        yield deel[0], deel[-1]


def _begin(dag: date) -> datetime:
    return datetime.combine(dag, time(0), UTC)


def lees_blok(*, session: Session, van_id: int, tot_id: int, selectie: Selectie) -> Blok:
    """The selected trajectories of participants `van_id`..`tot_id` with what the export needs."""
    blok = Blok()
    _trajecten(session, blok, van_id, tot_id, selectie)
    if not blok.deelnemers:
        return blok
    _registraties(session, blok, van_id, tot_id)
    _stappen(session, blok, van_id, tot_id)
    _banen(session, blok, van_id, tot_id)
    _uitkomsten(session, blok, van_id, tot_id)
    return blok


def _in_blok(kolom: Any, van_id: int, tot_id: int) -> Any:
    return col(kolom).between(van_id, tot_id)


def _trajecten(session: Session, blok: Blok, van_id: int, tot_id: int, s: Selectie) -> None:
    volg = (
        select(
            col(Traject.id).label("id"),
            func.row_number()
            .over(
                partition_by=col(Traject.deelnemer_id),
                order_by=(col(Traject.begonnen_op), col(Traject.id)),
            )
            .label("volgnummer"),
        )
        .where(_in_blok(Traject.deelnemer_id, van_id, tot_id))
        .subquery()
    )
    query = (
        sa_select(
            col(Traject.id),
            col(Traject.deelnemer_id),
            volg.c.volgnummer,
            col(Traject.programma),
            col(Traject.status),
            col(Traject.begonnen_op),
            col(Traject.beeindigd_op),
            col(Deelnemer.pseudoniem),
            col(Deelnemer.persoon_versleuteld),
            col(Deelnemer.gemeente_partner),
            col(Deelnemer.programma).label("aangemeld_in"),
            col(Deelnemer.aangemeld_op),
        )
        .join(volg, volg.c.id == Traject.id)
        .join(Deelnemer, col(Deelnemer.id) == Traject.deelnemer_id)
    )
    if s.programma:
        query = query.where(col(Traject.programma) == s.programma)
    if s.van:
        query = query.where(col(Traject.begonnen_op) >= _begin(s.van))
    if s.tot:
        query = query.where(col(Traject.begonnen_op) < _begin(s.tot + timedelta(days=1)))
    for r in session.execute(query.order_by(col(Traject.id))):
        if r.deelnemer_id not in blok.deelnemers:
            blok.deelnemers[r.deelnemer_id] = Wie(
                r.deelnemer_id,
                r.pseudoniem,
                r.persoon_versleuteld,
                r.gemeente_partner,
                r.aangemeld_in,
                r.aangemeld_op,
            )
        feiten = TrajectFeiten(
            int(r.volgnummer), r.programma, r.status, r.begonnen_op, r.beeindigd_op
        )
        blok.trajecten.setdefault(r.deelnemer_id, []).append((r.id, feiten))


def _registraties(session: Session, blok: Blok, van_id: int, tot_id: int) -> None:
    per: dict[int, list[Registratie]] = defaultdict(list)
    query = sa_select(
        col(Toestemming.deelnemer_id),
        col(Toestemming.ontvanger),
        col(Toestemming.soort),
        col(Toestemming.bron),
        col(Toestemming.van),
        col(Toestemming.tot),
        col(Toestemming.vastgelegd_door),
    ).where(
        _in_blok(Toestemming.deelnemer_id, van_id, tot_id), col(Toestemming.ontvanger) == ONDERZOEK
    )
    for deelnemer_id, ontvanger, soort, bron, van, tot, door in session.execute(query):
        per[deelnemer_id].append(
            Registratie(ontvanger, Grondslagsoort(soort), bron, van, tot, door)
        )
    blok.registraties = dict(per)


def _stappen(session: Session, blok: Blok, van_id: int, tot_id: int) -> None:
    per: dict[int, list[Stap]] = defaultdict(list)
    query = (
        sa_select(
            col(Overgang.traject_id),
            col(Overgang.baan),
            col(Overgang.beweging),
            col(Overgang.naar_fase),
            col(Overgang.naar_status),
            col(Overgang.tijdstip),
        )
        .where(_in_blok(Overgang.deelnemer_id, van_id, tot_id))
        .order_by(col(Overgang.tijdstip), col(Overgang.id))
    )
    for traject_id, baan, beweging, naar_fase, naar_status, tijdstip in session.execute(query):
        per[traject_id].append(Stap(baan, beweging, naar_fase, naar_status, tijdstip))
    blok.stappen = dict(per)


def _banen(session: Session, blok: Blok, van_id: int, tot_id: int) -> None:
    per: dict[int, list[str]] = defaultdict(list)
    query = (
        select(TrajectBaan.traject_id, TrajectBaan.baan)
        .join(Traject, col(Traject.id) == TrajectBaan.traject_id)
        .where(_in_blok(Traject.deelnemer_id, van_id, tot_id))
    )
    for traject_id, baan in session.exec(query):
        per[traject_id].append(baan)
    blok.banen = dict(per)


def _uitkomsten(session: Session, blok: Blok, van_id: int, tot_id: int) -> None:
    """The trajectory's final outcome (the latest, when several); interim outcomes stay out."""
    query = (
        select(col(UitkomstRegel.traject_id), col(UitkomstRegel.soort), col(UitkomstRegel.datum))
        .where(_in_blok(UitkomstRegel.deelnemer_id, van_id, tot_id))
        .where(col(UitkomstRegel.tussentijds).is_(False))
        .order_by(col(UitkomstRegel.datum), col(UitkomstRegel.id))
    )
    blok.uitkomsten = {t: (s, d) for t, s, d in session.exec(query)}
