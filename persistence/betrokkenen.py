"""Who is involved with one participant: what the dashboard's view rules (schemas.rollen) ask."""

from __future__ import annotations

from sqlalchemy import union
from sqlmodel import Session, col, select

from persistence.tabellen import Deelnemer, Overgang, Traject
from persistence.tabellen_banen import TrajectBaan
from schemas.rollen import DeelnemerBetrokkenen


def betrokkenen(*, session: Session, deelnemer: Deelnemer) -> DeelnemerBetrokkenen:
    """The klantmanager holding the case now (a staff code, kept current on the participant by the
    referral and every handover; None when none was named) and every partner that ran or runs a
    phase or lane of theirs: one query."""
    trajecten = select(Traject.id).where(Traject.deelnemer_id == deelnemer.id)
    partners = union(
        select(Traject.partner).where(Traject.deelnemer_id == deelnemer.id),
        select(Overgang.naar_partner).where(Overgang.deelnemer_id == deelnemer.id),
        select(TrajectBaan.partner).where(col(TrajectBaan.traject_id).in_(trajecten)),
    )
    return DeelnemerBetrokkenen(
        regiehouder=deelnemer.regiehouder_persoon,
        partners=frozenset(session.execute(partners).scalars()),
    )


def deelnemer_met(*, session: Session, pseudoniem: str) -> Deelnemer | None:
    return session.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).first()
