"""Lanes as rows (schemas.banen): writing a lane's moves, reading lanes set-based for a batch, and
the lane facts the watch and reconciliation read. One query per kind of fact, never per lane."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from persistence.bewaking import LOPEND, Lopend
from persistence.lijsten import een_van
from persistence.tabellen import Deelnemer, FaseStart, Overgang, Traject
from persistence.tabellen_banen import TrajectBaan
from schemas.banen import BaanStand
from schemas.fase import Fase, TrajectStatus
from schemas.opvolging import FASE_INGANGEN
from schemas.overdracht import Grootboekregel

_BEEINDIGD = ("uitgevallen", "afgesloten")


def _laatste(session: Session, traject_ids: Collection[int]) -> Any:
    """The latest run of each lane of these episodes."""
    return (
        select(func.max(TrajectBaan.id))
        .where(een_van(session, col(TrajectBaan.traject_id), traject_ids))
        .group_by(col(TrajectBaan.traject_id), col(TrajectBaan.baan))
        .scalar_subquery()
    )


def volg(*, session: Session, traject: Traject, regel: Grootboekregel, nu: datetime) -> None:
    """A lane's ledger entry into its row: a start opens a new run, any other move updates it."""
    assert regel.baan is not None
    naar = regel.naar
    if regel.van is None:
        session.add(
            TrajectBaan(
                traject_id=traject.id or 0,
                baan=regel.baan,
                fase=naar.fase.value,
                partner=naar.partner,
                status=naar.status.value,
                fase_sinds=nu,
                begonnen_op=nu,
            )
        )
        session.flush()
        return
    rij = session.exec(
        select(TrajectBaan)
        .where(TrajectBaan.traject_id == traject.id, TrajectBaan.baan == regel.baan)
        .order_by(col(TrajectBaan.id).desc())
    ).first()
    assert rij is not None, "a lane moves only once it started"
    if (rij.fase, rij.partner) != (naar.fase.value, naar.partner):
        rij.fase_sinds = nu
    rij.fase, rij.partner, rij.status = naar.fase.value, naar.partner, naar.status.value
    if rij.status in _BEEINDIGD:
        rij.beeindigd_op = nu
    session.add(rij)


def registreer_start(
    *, session: Session, traject: Traject, baan: str, gestart_op: date, nu: datetime
) -> None:
    """The lane's partner reported the start of the lane's current phase."""
    rij = session.exec(
        select(TrajectBaan)
        .where(TrajectBaan.traject_id == traject.id, TrajectBaan.baan == baan)
        .order_by(col(TrajectBaan.id).desc())
    ).first()
    if rij is None:
        return
    session.add(
        FaseStart(
            traject_id=traject.id or 0,
            fase=rij.fase,
            partner=rij.partner,
            fase_sinds=rij.fase_sinds,
            gestart_op=gestart_op,
            ontvangen_op=nu,
            baan=baan,
        )
    )


def lees_banen(
    *, session: Session, traject_ids: Collection[int], met_start: Collection[int] = ()
) -> dict[int, tuple[BaanStand, ...]]:
    """Per episode, the latest run of each lane; for the episodes in `met_start` (a start report in
    the batch) also the (partner, phase) each lane left and whether its start is known."""
    if not traject_ids:
        return {}
    rijen = list(
        session.exec(
            select(TrajectBaan).where(col(TrajectBaan.id).in_(_laatste(session, traject_ids)))
        )
    )
    if not rijen:
        return {}
    verlaten: dict[tuple[int, str], set[tuple[str, str]]] = defaultdict(set)
    gemeld: set[tuple[int, str, str, str, datetime]] = set()
    start_ids = [t for t in met_start if t in {r.traject_id for r in rijen}]
    if start_ids:
        for t, baan, partner, fase in session.exec(
            select(
                Overgang.traject_id, Overgang.baan, Overgang.van_partner, Overgang.van_fase
            ).where(col(Overgang.traject_id).in_(start_ids), col(Overgang.baan).is_not(None))
        ):
            if partner and fase and baan:
                verlaten[(t, baan)].add((partner, fase))
        for t, baan, fase, partner, sinds in session.execute(
            sa_select(
                col(FaseStart.traject_id),
                col(FaseStart.baan),
                col(FaseStart.fase),
                col(FaseStart.partner),
                col(FaseStart.fase_sinds),
            ).where(col(FaseStart.traject_id).in_(start_ids), col(FaseStart.baan).is_not(None))
        ):
            gemeld.add((t, baan or "", fase, partner, sinds))
    per: dict[int, list[BaanStand]] = defaultdict(list)
    for r in sorted(rijen, key=lambda r: r.id or 0):
        per[r.traject_id].append(
            BaanStand(
                r.baan,
                Fase(r.fase),
                TrajectStatus(r.status),
                r.partner,
                afgerond=frozenset(verlaten.get((r.traject_id, r.baan), ())),
                start_gemeld=(r.traject_id, r.baan, r.fase, r.partner, r.fase_sinds) in gemeld,
            )
        )
    return {t: tuple(b) for t, b in per.items()}


# The door asks this for one episode per webhook: built once (see persistence.inbox._HOUDER).
_PLEKKEN_VAN_EEN = select(TrajectBaan.baan, TrajectBaan.fase, TrajectBaan.partner).where(
    col(TrajectBaan.id).in_(
        select(func.max(TrajectBaan.id))
        .where(TrajectBaan.traject_id == bindparam("traject_id"))
        .group_by(col(TrajectBaan.baan))
        .scalar_subquery()
    )
)


def plekken_van(*, session: Session, traject_id: int) -> frozenset[tuple[str, str, str]]:
    """`plekken` of one episode."""
    return frozenset(
        (baan, fase, partner)
        for baan, fase, partner in session.exec(_PLEKKEN_VAN_EEN, params={"traject_id": traject_id})
    )


def plekken(
    *, session: Session, traject_ids: Collection[int]
) -> dict[int, frozenset[tuple[str, str, str]]]:
    """Per episode, (lane, phase, partner) of the latest run of each lane: who acts on which lane."""
    if not traject_ids:
        return {}
    per: dict[int, set[tuple[str, str, str]]] = defaultdict(set)
    for t, baan, fase, partner in session.exec(
        select(
            TrajectBaan.traject_id, TrajectBaan.baan, TrajectBaan.fase, TrajectBaan.partner
        ).where(col(TrajectBaan.id).in_(_laatste(session, traject_ids)))
    ):
        per[t].add((baan, fase, partner))
    return {t: frozenset(p) for t, p in per.items()}


def van_traject(*, session: Session, traject_id: int) -> list[TrajectBaan]:
    """Every run of every lane of one episode, oldest first (keten status)."""
    return list(
        session.exec(
            select(TrajectBaan)
            .where(TrajectBaan.traject_id == traject_id)
            .order_by(col(TrajectBaan.id))
        )
    )


def lopende_banen(*, session: Session) -> list[Lopend]:
    """Every running lane of a running trajectory, shaped as the watch's `Lopend` with its lane."""
    query = (
        sa_select(
            col(Traject.id),
            col(Traject.deelnemer_id),
            col(Deelnemer.pseudoniem),
            col(Traject.programma),
            col(Deelnemer.gemeente_partner),
            col(TrajectBaan.fase),
            col(TrajectBaan.partner),
            col(TrajectBaan.status),
            col(TrajectBaan.fase_sinds),
            col(Deelnemer.aangemeld_op),
            col(TrajectBaan.baan),
        )
        .join(Traject, col(Traject.id) == col(TrajectBaan.traject_id))
        .join(Deelnemer, col(Deelnemer.id) == col(Traject.deelnemer_id))
        .where(col(TrajectBaan.status).in_(LOPEND), col(Traject.status).in_(LOPEND))
    )
    return [Lopend(*rij) for rij in session.execute(query)]


def baan_ingangen(*, session: Session) -> dict[tuple[int, str], datetime]:
    """Per running lane, when it entered its current phase (a switch or pause does not count)."""
    query = (
        select(Overgang.traject_id, Overgang.baan, func.max(Overgang.tijdstip))
        .where(col(Overgang.baan).is_not(None), col(Overgang.beweging).in_(FASE_INGANGEN))
        .where(col(Overgang.traject_id).in_(_lopende_baan_trajecten()))
        .group_by(col(Overgang.traject_id), col(Overgang.baan))
    )
    return {(int(t), str(b)): moment for t, b, moment in session.exec(query)}


def baan_pauzes(*, session: Session) -> dict[tuple[int, str], list[tuple[str, datetime]]]:
    """Per running lane, its pauzeren/hervatten moves in order."""
    query = (
        select(Overgang.traject_id, Overgang.baan, Overgang.beweging, Overgang.tijdstip)
        .where(
            col(Overgang.baan).is_not(None),
            col(Overgang.beweging).in_(["pauzeren", "hervatten"]),
            col(Overgang.traject_id).in_(_lopende_baan_trajecten()),
        )
        .order_by(col(Overgang.id))
    )
    per: dict[tuple[int, str], list[tuple[str, datetime]]] = defaultdict(list)
    for t, b, beweging, tijdstip in session.exec(query):
        per[(int(t), str(b))].append((str(beweging), tijdstip))
    return per


def baan_gestart(*, session: Session) -> set[tuple[int, str, datetime]]:
    """(trajectory, lane, fase_sinds) of every running lane whose partner reported the start."""
    query = (
        select(FaseStart.traject_id, FaseStart.baan, FaseStart.fase_sinds)
        .join(
            TrajectBaan,
            (col(TrajectBaan.traject_id) == col(FaseStart.traject_id))
            & (col(TrajectBaan.baan) == col(FaseStart.baan))
            & (col(TrajectBaan.fase_sinds) == col(FaseStart.fase_sinds)),
        )
        .where(col(TrajectBaan.status).in_(LOPEND))
    )
    return {(int(t), str(b), sinds) for t, b, sinds in session.exec(query)}


def _lopende_baan_trajecten() -> Any:
    return (
        select(TrajectBaan.traject_id).where(col(TrajectBaan.status).in_(LOPEND)).scalar_subquery()
    )
