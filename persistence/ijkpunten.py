"""Checkpoints and plan versions as rows: the follow-up writers, and set-based reads for the
decision (per batch), the daily watch (per sweep) and `keten status` (per participant)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from persistence.opvolging import blokken
from persistence.tabellen import Traject
from persistence.tabellen_ijkpunt import Ijkpunt, PlanVersie
from schemas.fase import Fase
from schemas.ijkpunten import BesluitIjkpunt, IjkpuntStand, PlanIjkpunt, Route
from schemas.plan import LegPlanVast

LOPEND = ("actief", "gepauzeerd")


def plan_ijkpunt(
    *, session: Session, gevolg: PlanIjkpunt, deelnemer_id: int, traject_id: int, nu: datetime
) -> None:
    """Schedule a checkpoint; an anchor that happens again in the same trajectory (a return to the
    phase) leaves the first one as it is."""
    bestaat = session.exec(
        select(Ijkpunt.id).where(Ijkpunt.traject_id == traject_id, Ijkpunt.naam == gevolg.naam)
    ).first()
    if bestaat is not None:
        return
    session.add(
        Ijkpunt(
            deelnemer_id=deelnemer_id,
            traject_id=traject_id,
            naam=gevolg.naam,
            eigenaar=gevolg.eigenaar,
            gepland_op=nu,
            vervalt_op=nu + timedelta(weeks=gevolg.na_weken),
        )
    )
    session.flush()


def besluit_ijkpunt(
    *, session: Session, gevolg: BesluitIjkpunt, traject_id: int, nu: datetime
) -> None:
    """Record the decision on the open checkpoint (the decision checked it is open)."""
    rij = session.exec(
        select(Ijkpunt).where(Ijkpunt.traject_id == traject_id, Ijkpunt.naam == gevolg.naam)
    ).one()
    assert rij.keuze is None, "a checkpoint is decided once"
    rij.keuze = gevolg.keuze
    rij.route_fase = gevolg.route.fase.value if gevolg.route else None
    rij.route_partner = gevolg.route.partner if gevolg.route else None
    rij.besloten_door = gevolg.partner
    rij.rol = gevolg.verantwoording.rol.value
    rij.persoon = gevolg.verantwoording.persoon
    rij.reden = gevolg.verantwoording.reden
    rij.besloten_op = nu
    session.add(rij)
    session.flush()


def leg_plan_vast(
    *, session: Session, gevolg: LegPlanVast, deelnemer_id: int, nu: datetime
) -> None:
    """A new version beside the earlier ones; the unique (participant, version) refuses an overwrite."""
    v = gevolg.verantwoording
    session.add(
        PlanVersie(
            deelnemer_id=deelnemer_id,
            versie=gevolg.versie,
            soort=gevolg.soort.value,
            vastgesteld_op=gevolg.vastgesteld_op,
            inhoud=gevolg.inhoud,
            partner=gevolg.partner,
            rol=v.rol.value,
            persoon=v.persoon,
            reden=v.reden,
            vastgelegd_op=nu,
        )
    )
    session.flush()


def _stand(rij: Ijkpunt) -> IjkpuntStand:
    route = (
        Route(fase=Fase(rij.route_fase), partner=rij.route_partner)
        if rij.route_fase and rij.route_partner
        else None
    )
    return IjkpuntStand(rij.naam, rij.eigenaar, rij.vervalt_op, rij.keuze, route)


def van_trajecten(
    *, session: Session, traject_ids: Collection[int]
) -> dict[int, tuple[IjkpuntStand, ...]]:
    """Per trajectory, its checkpoints in the order they were scheduled (one query per block)."""
    per: dict[int, list[IjkpuntStand]] = {}
    for blok in blokken(list(traject_ids)):
        rijen = session.exec(
            select(Ijkpunt).where(col(Ijkpunt.traject_id).in_(blok)).order_by(col(Ijkpunt.id))
        )
        for rij in rijen:
            per.setdefault(rij.traject_id, []).append(_stand(rij))
    return {t: tuple(i) for t, i in per.items()}


def plan_versies(*, session: Session, deelnemer_ids: Collection[int]) -> dict[int, int]:
    """Per participant, the latest plan version (absent: no plan)."""
    uit: dict[int, int] = {}
    for blok in blokken(list(deelnemer_ids)):
        query = (
            select(PlanVersie.deelnemer_id, func.max(PlanVersie.versie))
            .where(col(PlanVersie.deelnemer_id).in_(blok))
            .group_by(col(PlanVersie.deelnemer_id))
        )
        uit |= {int(d): int(v) for d, v in session.exec(query)}
    return uit


def open_ijkpunten(*, session: Session) -> dict[int, list[Ijkpunt]]:
    """The watch: per running trajectory, its undecided checkpoints."""
    query = (
        select(Ijkpunt)
        .join(Traject, col(Traject.id) == col(Ijkpunt.traject_id))
        .where(col(Ijkpunt.keuze).is_(None), col(Traject.status).in_(LOPEND))
        .order_by(col(Ijkpunt.id))
    )
    per: dict[int, list[Ijkpunt]] = {}
    for rij in session.exec(query):
        per.setdefault(rij.traject_id, []).append(rij)
    return per


def met_plan(*, session: Session) -> set[int]:
    """The watch: participants with a running trajectory and a plan (the PIP deadline met)."""
    lopend = select(Traject.deelnemer_id).where(col(Traject.status).in_(LOPEND)).scalar_subquery()
    query = (
        select(PlanVersie.deelnemer_id).distinct().where(col(PlanVersie.deelnemer_id).in_(lopend))
    )
    return {int(d) for d in session.exec(query)}


def van_deelnemer(*, session: Session, deelnemer_id: int) -> tuple[list[Ijkpunt], list[PlanVersie]]:
    """`keten status`: every checkpoint and every plan version of one participant, oldest first."""
    ijkpunten = session.exec(
        select(Ijkpunt).where(Ijkpunt.deelnemer_id == deelnemer_id).order_by(col(Ijkpunt.id))
    ).all()
    versies = session.exec(
        select(PlanVersie)
        .where(PlanVersie.deelnemer_id == deelnemer_id)
        .order_by(col(PlanVersie.versie))
    ).all()
    return list(ijkpunten), list(versies)
