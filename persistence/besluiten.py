"""Writing and reading breaches, measures and incidents (issue 10 h, i).

The writers turn the follow-up effects of `schemas.maatregelen` into rows in the batch's
transaction; `met_schendingen` adds, set-based, the breaches of the current trajectory to the
state of the participants a breach or measure in the batch is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from persistence.tabellen import Deelnemer, Traject
from persistence.tabellen_besluit import Incident, Maatregel, Schending, besluit_kolommen
from schemas.overdracht import DeelnemerStand, Kandidaat
from schemas.schending import (
    LegIncidentVast,
    LegMaatregelVast,
    LegSchendingVast,
    SchendingSoort,
    SchendingStand,
)

_LEZERS = ("schending.gemeld", "maatregel.genomen")


def leg_schending_vast(
    *, session: Session, g: LegSchendingVast, deelnemer: Deelnemer, traject: Traject, nu: datetime
) -> None:
    session.add(
        Schending(
            deelnemer_id=deelnemer.id or 0,
            traject_id=traject.id or 0,
            pseudoniem=deelnemer.pseudoniem,
            partner=g.partner,
            soort=g.soort.value,
            datum=g.datum,
            code=g.code,
            gemeld_op=nu,
        )
    )
    session.flush()  # a measure later in this batch answers it


def leg_maatregel_vast(
    *, session: Session, g: LegMaatregelVast, deelnemer: Deelnemer, traject: Traject, nu: datetime
) -> None:
    """The measure, and the trajectory's open breaches linked to it (they are answered now)."""
    kolommen = besluit_kolommen(g.besluit)
    maatregel = Maatregel(
        deelnemer_id=deelnemer.id or 0,
        traject_id=traject.id or 0,
        pseudoniem=deelnemer.pseudoniem,
        soort=g.soort.value,
        datum=g.datum,
        besloten_door=g.besloten_door,
        besluit_rol=kolommen["besluit_rol"] or "",
        besluit_persoon=kolommen["besluit_persoon"] or "",
        besluit_reden=kolommen["besluit_reden"] or "",
        vastgelegd_op=nu,
    )
    session.add(maatregel)
    session.flush()
    session.execute(
        update(Schending)
        .where(
            col(Schending.traject_id) == traject.id,
            col(Schending.maatregel_id).is_(None),
        )
        .values(maatregel_id=maatregel.id)
    )


def leg_incident_vast(
    *, session: Session, g: LegIncidentVast, deelnemer: Deelnemer, traject: Traject, nu: datetime
) -> None:
    session.add(
        Incident(
            deelnemer_id=deelnemer.id or 0,
            traject_id=traject.id or 0,
            pseudoniem=deelnemer.pseudoniem,
            partner=g.partner,
            fase=g.fase.value,
            soort=g.soort.value,
            datum=g.datum,
            gemeld_op=nu,
        )
    )


def met_schendingen(
    *,
    session: Session,
    kandidaten: Sequence[Kandidaat],
    standen: dict[str, DeelnemerStand],
    trajecten: dict[int, Traject],
) -> dict[str, DeelnemerStand]:
    """`standen` with the current trajectory's breaches, read in one query for those that need them."""
    nodig = {k.pseudoniem for k in kandidaten if k.type in _LEZERS}
    per_traject = {
        t.id: p
        for p, s in standen.items()
        if p in nodig and (t := trajecten.get(s.deelnemer_id or 0)) is not None and t.id
    }
    if not per_traject:
        return standen
    rijen = session.exec(
        select(Schending)
        .where(col(Schending.traject_id).in_(list(per_traject)))
        .order_by(col(Schending.id))
    )
    gelezen: dict[str, list[SchendingStand]] = {}
    for r in rijen:
        gelezen.setdefault(per_traject[r.traject_id], []).append(
            SchendingStand(
                id=r.id or 0,
                partner=r.partner,
                soort=SchendingSoort(r.soort),
                datum=r.datum,
                maatregel_id=r.maatregel_id,
            )
        )
    return standen | {p: replace(standen[p], schendingen=tuple(s)) for p, s in gelezen.items()}
