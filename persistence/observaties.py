"""Observations and the basis to share them: written from a decision's follow-up, read set-based
into the participant's state for the events that need them (schemas.observatie)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from persistence.tabellen import Deelnemer, Traject
from persistence.tabellen_besluit import besluit_kolommen
from persistence.tabellen_jeugd import Grondslag, Observatie
from schemas.fase import Fase
from schemas.observatie import (
    DeelObservaties,
    LegGrondslagVast,
    LegObservatieVast,
    ObservatieSoort,
    ObservatieStand,
)
from schemas.overdracht import DeelnemerStand, Kandidaat

AANGEHOUDEN, GEDEELD = "aangehouden", "gedeeld"
_LEZERS = ("observatie.gemeld", "grondslag.vastgelegd")


def leg_observatie_vast(
    *, session: Session, g: LegObservatieVast, deelnemer: Deelnemer, traject: Traject, nu: datetime
) -> None:
    session.add(
        Observatie(
            deelnemer_id=deelnemer.id or 0,
            traject_id=traject.id or 0,
            pseudoniem=deelnemer.pseudoniem,
            partner=g.partner,
            fase=g.fase.value,
            soort=g.soort.value,
            code=g.code,
            ontvangers=",".join(g.ontvangers),
            status=GEDEELD if g.gedeeld else AANGEHOUDEN,
            gemeld_op=nu,
            gedeeld_op=nu if g.gedeeld else None,
        )
    )


def leg_grondslag_vast(
    *, session: Session, g: LegGrondslagVast, deelnemer: Deelnemer, nu: datetime
) -> None:
    session.add(
        Grondslag(
            deelnemer_id=deelnemer.id or 0,
            pseudoniem=deelnemer.pseudoniem,
            grondslag=g.grondslag.value,
            vastgelegd_door=g.partner,
            vastgelegd_op=nu,
            **besluit_kolommen(g.besluit),
        )
    )


def deel(*, session: Session, g: DeelObservaties, nu: datetime) -> None:
    session.execute(
        update(Observatie)
        .where(col(Observatie.id).in_(g.ids), col(Observatie.status) == AANGEHOUDEN)
        .values(status=GEDEELD, gedeeld_op=nu)
    )


def met_observaties(
    *, session: Session, kandidaten: Sequence[Kandidaat], standen: dict[str, DeelnemerStand]
) -> None:
    """The basis on record and the held observations, in two queries, for those that need them."""
    nodig = {
        s.deelnemer_id: p
        for k in kandidaten
        if k.type in _LEZERS and k.pseudoniem and (s := standen.get(k.pseudoniem)) is not None
        for p in [k.pseudoniem]
        if s.deelnemer_id
    }
    if not nodig:
        return
    grondslag: dict[int, str] = {}
    for r in session.exec(
        select(Grondslag)
        .where(col(Grondslag.deelnemer_id).in_(list(nodig)))
        .order_by(col(Grondslag.id))
    ):
        grondslag[r.deelnemer_id] = r.grondslag  # the latest wins
    held: dict[int, list[ObservatieStand]] = {}
    for o in session.exec(
        select(Observatie)
        .where(col(Observatie.deelnemer_id).in_(list(nodig)), Observatie.status == AANGEHOUDEN)
        .order_by(col(Observatie.id))
    ):
        held.setdefault(o.deelnemer_id, []).append(
            ObservatieStand(
                id=o.id or 0,
                partner=o.partner,
                fase=Fase(o.fase),
                soort=ObservatieSoort(o.soort),
                code=o.code,
                ontvangers=tuple(o.ontvangers.split(",")),
            )
        )
    for deelnemer_id, p in nodig.items():
        standen[p] = replace(
            standen[p],
            grondslag=grondslag.get(deelnemer_id),
            observaties=tuple(held.get(deelnemer_id, ())),
        )
