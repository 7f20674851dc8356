"""Track switches (seed 003): the assessment report a switch hands on, read set-based from the
ledger, and the measured wait from each switch to the new partner's reported start."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from persistence.tabellen import FaseStart, Overdracht, Overgang, Traject
from schemas.fase import Beweging, Fase
from schemas.overdracht import Afhandeling, DeelnemerStand, Kandidaat
from schemas.programma import Programma
from schemas.trackwissel import rapport_uit, wachttijd_dagen


def met_rapport(
    *,
    session: Session,
    kandidaten: Sequence[Kandidaat],
    standen: dict[str, DeelnemerStand],
    programmas: Mapping[str, Programma] | None,
) -> None:
    """The latest assessment report of each participant a track switch in this batch is about, in
    a programme that hands it on: one query for the batch."""
    lezen = sorted(
        {
            k.pseudoniem
            for k in kandidaten
            if k.type == "traject.gewisseld"
            and k.pseudoniem in standen
            and (programmas is None or _geeft_mee(programmas.get(k.programma or "")))
        }
    )
    for pseudoniem, rapport in assessmentrapporten(session=session, pseudoniemen=lezen).items():
        standen[pseudoniem] = replace(standen[pseudoniem], rapport=rapport)


def _geeft_mee(p: Programma | None) -> bool:
    return p is not None and p.wissel.rapport_mee


def assessmentrapporten(
    *, session: Session, pseudoniemen: Collection[str]
) -> dict[str, dict[str, Any]]:
    """Per participant the report of their latest accepted handoff out of assessment."""
    if not pseudoniemen:
        return {}
    laatste = (
        select(func.max(Overdracht.id))
        .where(
            col(Overdracht.pseudoniem).in_(list(pseudoniemen)),
            Overdracht.status == Afhandeling.GEACCEPTEERD,
            Overdracht.van_fase == Fase.ASSESSMENT.value,
            col(Overdracht.dossier).is_not(None),
        )
        .group_by(col(Overdracht.pseudoniem))
    )
    rijen = session.exec(
        select(Overdracht).where(col(Overdracht.id).in_(laatste.scalar_subquery()))
    )
    return {
        r.pseudoniem: dict(rapport)
        for r in rijen
        if r.pseudoniem and (rapport := rapport_uit(r.dossier)) is not None
    }


@dataclass(frozen=True)
class WisselWacht:
    """One track switch and the wait until the new partner reported the start (None: not yet)."""

    fase: str
    van_partner: str | None
    naar_partner: str
    gewisseld_op: datetime
    gestart_op: date | None
    wachttijd_dagen: int | None


def wachttijden(*, session: Session, traject_ids: Collection[int]) -> list[WisselWacht]:
    """The switches of these trajectories, oldest first, each with its measured wait."""
    if not traject_ids:
        return []
    wissels = session.exec(
        select(Overgang)
        .where(
            col(Overgang.traject_id).in_(list(traject_ids)),
            Overgang.beweging == Beweging.WISSELEN.value,
            col(Overgang.baan).is_(None),
        )
        .order_by(col(Overgang.id))
    ).all()
    starts = {
        (s.traject_id, s.fase, s.partner, s.fase_sinds): s.gestart_op
        for s in session.exec(
            select(FaseStart).where(
                col(FaseStart.traject_id).in_(list(traject_ids)), col(FaseStart.baan).is_(None)
            )
        )
    }
    uitkomst = []
    for w in wissels:
        gestart = starts.get((w.traject_id, w.naar_fase, w.naar_partner, w.tijdstip))
        uitkomst.append(
            WisselWacht(
                w.naar_fase,
                w.van_partner,
                w.naar_partner,
                w.tijdstip,
                gestart,
                wachttijd_dagen(w.tijdstip, gestart) if gestart else None,
            )
        )
    return uitkomst


def wachttijden_van(*, session: Session, deelnemer_id: int) -> list[WisselWacht]:
    """The switches of all of one participant's trajectories, with their waits."""
    ids = session.exec(select(Traject.id).where(Traject.deelnemer_id == deelnemer_id)).all()
    return wachttijden(session=session, traject_ids=[i for i in ids if i is not None])
