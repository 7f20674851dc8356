"""Successes per track (issue 10 k): each track counts the outcomes its programme calls success."""

from __future__ import annotations

from collections.abc import Mapping

from sqlmodel import Session, col, func, select

from persistence.tabellen import Traject, UitkomstRegel
from schemas.programma import Programma
from schemas.sporen import spoor_van


def successen_per_spoor(*, session: Session, programmas: Mapping[str, Programma]) -> dict[str, int]:
    """'programme/track' → participants with a success on it; a participant counts for the track
    of their latest episode's current partner (one query)."""
    laatste = select(func.max(Traject.id)).group_by(col(Traject.deelnemer_id)).scalar_subquery()
    rijen = session.exec(
        select(Traject.programma, Traject.partner, Traject.deelnemer_id, UitkomstRegel.soort)
        .join(UitkomstRegel, col(UitkomstRegel.traject_id) == col(Traject.id))
        .where(col(Traject.id).in_(laatste))
    )
    geteld: dict[str, set[int]] = {
        f"{p.id}/{s.naam}": set() for p in programmas.values() for s in p.sporen
    }
    for programma, partner, deelnemer_id, soort in rijen:
        p = programmas.get(programma)
        spoor = spoor_van(p.sporen, partner) if p else None
        if spoor is not None and soort in {u.value for u in spoor.succes}:
            geteld[f"{programma}/{spoor.naam}"].add(deelnemer_id)
    return {sleutel: len(d) for sleutel, d in geteld.items()}
