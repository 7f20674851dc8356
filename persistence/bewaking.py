"""What the time-in-phase watch reads, set-based: one query per kind of fact, whatever the cohort size.

Only trajectories that are running (actief or gepauzeerd) are watched; a closed or dropped-out
trajectory has no phase clock. Every function returns plain values keyed by id, so the watch
combines them in memory (flows/_bewaking.py) without a query per participant.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from persistence.opvolging import blokken
from persistence.tabellen import (
    Deelnemer,
    FaseStart,
    InboxBericht,
    OutboxBericht,
    Overdracht,
    Overgang,
    Traject,
)
from schemas.opvolging import FASE_INGANGEN
from schemas.overdracht import Afhandeling

LOPEND = ("actief", "gepauzeerd")


@dataclass(frozen=True)
class Lopend:
    """A running trajectory and the participant facts the watch needs; no personal data."""

    traject_id: int
    deelnemer_id: int
    pseudoniem: str
    programma: str
    regiehouder: str
    fase: str
    partner: str
    status: str
    fase_sinds: datetime
    aangemeld_op: datetime
    baan: str | None = None  # a lane (persistence.banen.lopende_banen); None: the main lane


def _lopende_ids() -> Any:
    return select(Traject.id).where(col(Traject.status).in_(LOPEND)).scalar_subquery()


def lopende_trajecten(*, session: Session) -> list[Lopend]:
    kolommen = [
        col(Traject.id),
        col(Traject.deelnemer_id),
        col(Deelnemer.pseudoniem),
        col(Traject.programma),
        col(Deelnemer.gemeente_partner),
        col(Traject.fase),
        col(Traject.partner),
        col(Traject.status),
        col(Traject.fase_sinds),
        col(Deelnemer.aangemeld_op),
    ]
    query = (
        sa_select(*kolommen)
        .join(Deelnemer, col(Deelnemer.id) == col(Traject.deelnemer_id))
        .where(col(Traject.status).in_(LOPEND))
    )
    return [Lopend(*rij) for rij in session.execute(query)]


def fase_ingangen(*, session: Session) -> dict[int, datetime]:
    """Per running trajectory, when it entered its current phase (a track switch or pause does not count)."""
    query = (
        select(Overgang.traject_id, func.max(Overgang.tijdstip))
        .where(
            col(Overgang.traject_id).in_(_lopende_ids()),
            col(Overgang.beweging).in_(FASE_INGANGEN),
            col(Overgang.baan).is_(None),
        )
        .group_by(col(Overgang.traject_id))
    )
    return {int(t): moment for t, moment in session.exec(query)}


def pauzes(*, session: Session) -> dict[int, list[tuple[str, datetime]]]:
    """Per running trajectory, its pauzeren/hervatten moves in order (to stop the clocks while paused)."""
    query = (
        select(Overgang.traject_id, Overgang.beweging, Overgang.tijdstip)
        .where(
            col(Overgang.traject_id).in_(_lopende_ids()),
            col(Overgang.beweging).in_(["pauzeren", "hervatten"]),
            col(Overgang.baan).is_(None),
        )
        .order_by(col(Overgang.traject_id), col(Overgang.id))
    )
    per_traject: dict[int, list[tuple[str, datetime]]] = defaultdict(list)
    for traject_id, beweging, tijdstip in session.exec(query):
        per_traject[int(traject_id)].append((str(beweging), tijdstip))
    return per_traject


def gestart(*, session: Session) -> set[tuple[int, datetime]]:
    """(trajectory, fase_sinds) of every running trajectory whose current partner reported the start."""
    query = (
        select(FaseStart.traject_id, FaseStart.fase_sinds)
        .join(Traject, col(Traject.id) == col(FaseStart.traject_id))
        .where(
            col(Traject.status).in_(LOPEND),
            col(FaseStart.fase_sinds) == col(Traject.fase_sinds),
            col(FaseStart.baan).is_(None),
        )
    )
    return {(int(t), sinds) for t, sinds in session.exec(query)}


def ooit_in(*, session: Session, fasen: list[str]) -> set[int]:
    """Participants with a running trajectory who ever reached one of `fasen` (a deadline met)."""
    lopende_deelnemers = (
        select(Traject.deelnemer_id).where(col(Traject.status).in_(LOPEND)).scalar_subquery()
    )
    query = (
        select(Overgang.deelnemer_id)
        .distinct()
        .where(
            col(Overgang.naar_fase).in_(fasen),
            col(Overgang.deelnemer_id).in_(lopende_deelnemers),
            col(Overgang.baan).is_(
                None
            ),  # a lane reaching a phase meets no deadline of the main lane
        )
    )
    return {int(d) for d in session.exec(query)}


def doelgroepen(*, session: Session) -> dict[int, str]:
    """Target group per participant, from their accepted intake dossier (instroom→assessment)."""
    doelgroep = col(Overdracht.dossier)["doelgroep"].as_string()
    query = (
        select(Overdracht.deelnemer_id, doelgroep)
        .where(
            Overdracht.status == Afhandeling.GEACCEPTEERD,
            Overdracht.van_fase == "instroom",
            Overdracht.naar_fase == "assessment",
        )
        .order_by(col(Overdracht.id))
    )
    return {int(d): str(g) for d, g in session.exec(query) if d is not None and g is not None}


def versleutelde_personen(*, session: Session, deelnemer_ids: list[int]) -> dict[int, str]:
    """The encrypted identity of the given participants only (age clocks; decrypted by the caller, never stored)."""
    gevonden: dict[int, str] = {}
    for blok in blokken(deelnemer_ids):
        query = select(Deelnemer.id, Deelnemer.persoon_versleuteld).where(
            col(Deelnemer.id).in_(blok)
        )
        gevonden |= {int(d or 0): token for d, token in session.exec(query)}
    return gevonden


def onderweg(*, session: Session) -> tuple[set[tuple[str, str]], set[str]]:
    """What is still in flight, so reconciliation does not call it drift: (partner, pseudonym) with a
    message not yet delivered, and pseudonyms with a webhook not yet processed."""
    berichten = (
        select(OutboxBericht.partner, OutboxBericht.pseudoniem)
        .distinct()
        .where(col(OutboxBericht.status).in_(["wachtend", "mislukt"]))
    )
    webhooks = select(InboxBericht.pseudoniem).distinct().where(InboxBericht.status == "nieuw")
    return set(session.exec(berichten)), {p for p in session.exec(webhooks) if p}
