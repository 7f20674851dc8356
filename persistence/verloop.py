"""Participants, trajectories, the ledger, handoffs and outcomes: keyword-only functions."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from persistence import banen
from persistence.lijsten import een_van
from persistence.tabellen import Checkin, Deelnemer, Overdracht, Overgang, Traject, UitkomstRegel
from schemas.overdracht import Afhandeling
from schemas.toegang import Betrokkenheid
from schemas.uitkomst import Uitkomst


def vind_deelnemer(*, session: Session, pseudoniem: str) -> Deelnemer | None:
    return session.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).first()


def vind_deelnemers(*, session: Session, pseudoniemen: list[str]) -> dict[str, Deelnemer]:
    """Many at once, for a batch: one query instead of one per handoff."""
    rijen = session.exec(
        select(Deelnemer).where(een_van(session, col(Deelnemer.pseudoniem), pseudoniemen))
    )
    return {d.pseudoniem: d for d in rijen}


def huidige_trajecten(*, session: Session, deelnemer_ids: list[int]) -> dict[int, Traject]:
    """Each participant's latest episode, for a whole batch at once."""
    laatste = (
        select(func.max(Traject.id))
        .where(een_van(session, col(Traject.deelnemer_id), deelnemer_ids))
        .group_by(col(Traject.deelnemer_id))
    )
    return {
        t.deelnemer_id: t
        for t in session.exec(select(Traject).where(col(Traject.id).in_(laatste.scalar_subquery())))
    }


def met_quarantaine(*, session: Session, pseudoniemen: list[str]) -> set[str]:
    """Which of these participants have a handoff waiting in quarantine."""
    rijen = session.exec(
        select(Overdracht.pseudoniem)
        .where(
            een_van(session, col(Overdracht.pseudoniem), pseudoniemen),
            Overdracht.status == Afhandeling.QUARANTAINE,
        )
        .distinct()
    )
    return {p for p in rijen if p}


def maak_deelnemer(
    *,
    session: Session,
    pseudoniem: str,
    bsn_hash: str,
    persoon_versleuteld: str,
    programma: str,
    gemeente_partner: str,
    verwijzing_id: str,
    nu: datetime,
    regiehouder_persoon: str | None = None,
) -> Deelnemer:
    deelnemer = Deelnemer(
        pseudoniem=pseudoniem,
        bsn_hash=bsn_hash,
        persoon_versleuteld=persoon_versleuteld,
        programma=programma,
        gemeente_partner=gemeente_partner,
        regiehouder_persoon=regiehouder_persoon,
        verwijzing_id=verwijzing_id,
        aangemeld_op=nu,
    )
    session.add(deelnemer)
    session.flush()
    return deelnemer


# The door's statements, built once: each webhook runs them, and building them cost more than running them.
_BETROKKEN = (
    select(Deelnemer.id, Deelnemer.gemeente_partner, Traject)
    .join(Traject, col(Traject.deelnemer_id) == col(Deelnemer.id))
    .where(Deelnemer.pseudoniem == bindparam("pseudoniem"))
    .order_by(col(Traject.id).desc())
    .limit(1)
)
_GEVRAAGD = select(Checkin.partner).where(Checkin.deelnemer_id == bindparam("id")).distinct()
_VERLATEN = select(Overgang.van_partner, Overgang.van_fase).where(
    Overgang.traject_id == bindparam("id")
)


def betrokkenheid(
    *, session: Session, pseudoniem: str, met_checkins: bool = False, met_afgerond: bool = False
) -> Betrokkenheid | None:
    """Who acts for this participant now (the door's 403 check); None for an unknown pseudonym."""
    rij = session.exec(_BETROKKEN, params={"pseudoniem": pseudoniem}).first()
    # An unknown pseudonym costs the same statements as a known one (with ids that match nothing),
    # so the time of the 403 does not tell the two apart either.
    deelnemer_id, traject_id = (rij[0], rij[2].id) if rij is not None else (-1, -1)
    gevraagd = session.exec(_GEVRAAGD, params={"id": deelnemer_id}).all() if met_checkins else []
    verlaten = session.exec(_VERLATEN, params={"id": traject_id}).all() if met_afgerond else []
    plekken = banen.plekken_van(session=session, traject_id=traject_id or -1)
    if rij is None:
        return None
    _, regiehouder, traject = rij
    return Betrokkenheid(
        regiehouder=regiehouder,
        fase=traject.fase,
        partner=traject.partner,
        checkin_partners=frozenset(gevraagd),
        afgerond=frozenset((p, f) for p, f in verlaten if p and f),
        banen=plekken,
    )


def betrokkenheden(
    *,
    session: Session,
    pseudoniemen: Collection[str],
    met_checkins: Collection[str] = (),
    met_afgerond: Collection[str] = (),
) -> dict[str, Betrokkenheid]:
    """`betrokkenheid` for a whole batch at once: a query per kind of fact, whatever the rows.

    `met_checkins` and `met_afgerond` name the participants whose check-in partners or left
    phases are needed (those with a check-in answer or a start report in the batch).
    """
    # Columns, not ORM objects: for an export of 20,000 rows building the objects cost more than the query.
    ouder = aliased(Traject)
    laatste = select(func.max(ouder.id)).where(ouder.deelnemer_id == Deelnemer.id).scalar_subquery()
    rijen = session.execute(
        sa_select(
            col(Deelnemer.pseudoniem),
            col(Deelnemer.id),
            col(Deelnemer.gemeente_partner),
            col(Traject.id),
            col(Traject.fase),
            col(Traject.partner),
        )
        .join(Traject, col(Traject.id) == laatste)
        .where(col(Deelnemer.pseudoniem).in_(sorted(set(pseudoniemen))))
    ).all()
    met_checkins, met_afgerond = set(met_checkins), set(met_afgerond)
    checkins: dict[int, set[str]] = {}
    for deelnemer_id, partner in session.exec(
        select(Checkin.deelnemer_id, Checkin.partner)
        .where(col(Checkin.deelnemer_id).in_([r[1] for r in rijen if r[0] in met_checkins]))
        .distinct()
    ):
        checkins.setdefault(deelnemer_id, set()).add(partner)
    verlaten: dict[int, set[tuple[str, str]]] = {}
    for traject_id, van_partner, van_fase in session.exec(
        select(Overgang.traject_id, Overgang.van_partner, Overgang.van_fase).where(
            col(Overgang.traject_id).in_([r[3] for r in rijen if r[0] in met_afgerond])
        )
    ):
        if van_partner and van_fase:
            verlaten.setdefault(traject_id, set()).add((van_partner, van_fase))
    plekken = banen.plekken(session=session, traject_ids=[r[3] for r in rijen if r[3]])
    return {
        pseudoniem: Betrokkenheid(
            regiehouder=regiehouder,
            fase=fase,
            partner=partner,
            checkin_partners=frozenset(checkins.get(deelnemer_id or 0, ())),
            afgerond=frozenset(verlaten.get(traject_id or 0, ())),
            banen=plekken.get(traject_id or 0, frozenset()),
        )
        for pseudoniem, deelnemer_id, regiehouder, traject_id, fase, partner in rijen
    }


def huidig_traject(*, session: Session, deelnemer_id: int) -> Traject | None:
    """The latest episode; earlier ones stay as history."""
    return session.exec(
        select(Traject).where(Traject.deelnemer_id == deelnemer_id).order_by(col(Traject.id).desc())
    ).first()


def start_traject(
    *, session: Session, deelnemer_id: int, programma: str, fase: str, partner: str, nu: datetime
) -> Traject:
    traject = Traject(
        deelnemer_id=deelnemer_id,
        programma=programma,
        fase=fase,
        partner=partner,
        status="actief",
        fase_sinds=nu,
        begonnen_op=nu,
    )
    session.add(traject)
    session.flush()
    return traject


def werk_traject_bij(
    *, session: Session, traject: Traject, fase: str, status: str, partner: str, nu: datetime
) -> None:
    if fase != traject.fase or partner != traject.partner:
        traject.fase_sinds = nu
    traject.fase, traject.status, traject.partner = fase, status, partner
    if status in ("uitgevallen", "afgesloten"):
        traject.beeindigd_op = nu
    session.add(traject)


def leg_overgang_vast(*, session: Session, overgang: Overgang) -> Overgang:
    """Append to the ledger; the database refuses updates and deletes of this table."""
    session.add(overgang)
    return overgang


def leg_overgangen_vast(*, session: Session, rijen: list[dict[str, Any]]) -> None:
    """Append a batch's ledger rows (all columns but the id, the same keys in each) in one
    statement, in the order given: no ORM object per row, which cost more than the row itself."""
    if rijen:
        session.execute(insert(Overgang), rijen)


def leg_overdracht_vast(*, session: Session, overdracht: Overdracht) -> Overdracht:
    """Record a handoff; its id arrives with the session's next flush."""
    session.add(overdracht)
    return overdracht


def vervang_quarantaine(*, session: Session, pseudoniem: str, van_fase: str, door: str) -> int:
    """A later accepted handoff from the same phase settles earlier quarantined ones."""
    open_ = session.exec(
        select(Overdracht).where(
            Overdracht.pseudoniem == pseudoniem,
            Overdracht.van_fase == van_fase,
            Overdracht.status == Afhandeling.QUARANTAINE,
        )
    ).all()
    for overdracht in open_:
        overdracht.status, overdracht.reden = (
            Afhandeling.VERVANGEN,
            f"{overdracht.reden}; settled by handoff {door}",
        )
        session.add(overdracht)
    return len(open_)


def laatste_dossiers(*, session: Session, pseudoniemen: list[str]) -> dict[str, dict[str, Any]]:
    """Per participant the dossier of their latest accepted handoff: context for cross-handoff rules."""
    laatste = (
        select(func.max(Overdracht.id))
        .where(
            een_van(session, col(Overdracht.pseudoniem), pseudoniemen),
            Overdracht.status == Afhandeling.GEACCEPTEERD,
            col(Overdracht.dossier).is_not(None),
        )
        .group_by(col(Overdracht.pseudoniem))
    )
    rijen = session.exec(
        select(Overdracht).where(col(Overdracht.id).in_(laatste.scalar_subquery()))
    )
    return {r.pseudoniem: r.dossier for r in rijen if r.pseudoniem and r.dossier}


def leg_uitkomst_vast(
    *, session: Session, deelnemer_id: int, traject_id: int, uitkomst: Uitkomst, nu: datetime
) -> None:
    session.add(
        UitkomstRegel(
            deelnemer_id=deelnemer_id,
            traject_id=traject_id,
            soort=uitkomst.soort.value,
            datum=uitkomst.datum,
            mbo_niveau=uitkomst.mbo_niveau,
            reden=uitkomst.reden.value if uitkomst.reden else None,
            vastgelegd_op=nu,
        )
    )


def geschiedenis(*, session: Session, deelnemer_id: int) -> list[Overgang]:
    return list(
        session.exec(
            select(Overgang).where(Overgang.deelnemer_id == deelnemer_id).order_by(col(Overgang.id))
        )
    )


def overdrachten(
    *, session: Session, pseudoniem: str, status: str | None = None
) -> list[Overdracht]:
    query = select(Overdracht).where(Overdracht.pseudoniem == pseudoniem)
    if status is not None:
        query = query.where(Overdracht.status == status)
    return list(session.exec(query.order_by(col(Overdracht.id))))


def uitkomsten(*, session: Session, deelnemer_id: int) -> list[UitkomstRegel]:
    return list(
        session.exec(select(UitkomstRegel).where(UitkomstRegel.deelnemer_id == deelnemer_id))
    )
