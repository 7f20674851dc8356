"""Who needs action: participants with an open flag, an overdue checkpoint, a quarantined
handoff or a dead outbox message, oldest reason first.

Three statements per page whatever the caseload: the reasons as one UNION ALL grouped per
participant (how many in all, then one page of them, sorted and cut in the database), and the
reasons of that page's participants. Filters: programme, partner, kind of reason.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, literal, select, union_all
from sqlmodel import Session, col

from persistence.overzicht import LOPEND
from persistence.tabellen import Deelnemer, OutboxBericht, Overdracht, SignaalRegel, Traject
from persistence.tabellen_ijkpunt import Ijkpunt
from schemas.overzicht import Selectie
from schemas.werklijst import (
    DOOD_BERICHT,
    IJKPUNT_VERLOPEN,
    PER_PAGINA,
    QUARANTAINE,
    Reden,
)


def _tak(
    query: Any, soort: Any, programma: Any, partner: Any, s: Selectie, gekozen: str | None
) -> Any:
    if s.programma is not None:
        query = query.where(programma == s.programma)
    if s.partner is not None:
        query = query.where(partner == s.partner)
    if gekozen is not None:
        query = query.where(soort == gekozen)
    return query


def _redenen(s: Selectie, soort: str | None) -> Any:
    """Every reason as (participant, kind, partner, since, programme), one UNION ALL."""
    sig = SignaalRegel
    signalen: Any = select(
        col(sig.deelnemer_id).label("deelnemer_id"),
        col(sig.soort).label("soort"),
        col(sig.partner).label("partner"),
        col(sig.ontstaan_op).label("sinds"),
    ).where(col(sig.status) == "open")
    signalen = _tak(signalen, col(sig.soort), col(sig.programma), col(sig.partner), s, soort)
    ijk_soort = literal(IJKPUNT_VERLOPEN)
    ijkpunten = (
        select(col(Ijkpunt.deelnemer_id), ijk_soort, col(Ijkpunt.eigenaar), col(Ijkpunt.vervalt_op))
        .join(Traject, col(Traject.id) == col(Ijkpunt.traject_id))
        .where(
            col(Ijkpunt.keuze).is_(None),
            col(Ijkpunt.vervalt_op) < s.nu,
            col(Traject.status).in_(LOPEND),
        )
    )
    ijkpunten = _tak(ijkpunten, ijk_soort, col(Traject.programma), col(Ijkpunt.eigenaar), s, soort)
    q_soort = literal(QUARANTAINE)
    quarantaine = (
        select(col(Deelnemer.id), q_soort, col(Overdracht.partner), col(Overdracht.verwerkt_op))
        .join(Deelnemer, col(Deelnemer.id) == col(Overdracht.deelnemer_id))
        .where(col(Overdracht.status) == "quarantaine")
    )
    quarantaine = _tak(
        quarantaine, q_soort, col(Deelnemer.programma), col(Overdracht.partner), s, soort
    )
    d_soort = literal(DOOD_BERICHT)
    dood = (
        select(
            col(Deelnemer.id), d_soort, col(OutboxBericht.partner), col(OutboxBericht.aangemaakt_op)
        )
        .join(Deelnemer, col(Deelnemer.pseudoniem) == col(OutboxBericht.pseudoniem))
        .where(col(OutboxBericht.status) == "dood")
    )
    dood = _tak(dood, d_soort, col(Deelnemer.programma), col(OutboxBericht.partner), s, soort)
    return union_all(signalen, ijkpunten, quarantaine, dood).subquery("reden")


def pagina(
    *, session: Session, s: Selectie, soort: str | None, offset: int
) -> tuple[int, list[tuple[int, str, str, Any]], list[tuple[int, Reden]]]:
    """(participants in all, one page of (id, pseudonym, programme, oldest), their reasons)."""
    redenen = _redenen(s, soort)
    per_deelnemer = (
        select(redenen.c.deelnemer_id, func.min(redenen.c.sinds).label("sinds"))
        .group_by(redenen.c.deelnemer_id)
        .subquery("per_deelnemer")
    )
    totaal = session.execute(select(func.count()).select_from(per_deelnemer)).scalar_one()
    rijen = session.execute(
        select(
            per_deelnemer.c.deelnemer_id,
            col(Deelnemer.pseudoniem),
            col(Deelnemer.programma),
            per_deelnemer.c.sinds,
        )
        .join(Deelnemer, col(Deelnemer.id) == per_deelnemer.c.deelnemer_id)
        .order_by(per_deelnemer.c.sinds, per_deelnemer.c.deelnemer_id)
        .limit(PER_PAGINA)
        .offset(offset)
    ).all()
    ids = [int(r[0]) for r in rijen]
    if not ids:
        return int(totaal), [], []
    details = session.execute(select(redenen).where(redenen.c.deelnemer_id.in_(ids))).all()
    return (
        int(totaal),
        [(int(d), str(p), str(prog), sinds) for d, p, prog, sinds in rijen],
        [(int(d), Reden(str(k), str(pa), sinds)) for d, k, pa, sinds in details],
    )
