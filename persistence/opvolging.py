"""Nazorg check-ins and reported phase starts: keyword-only functions, set-based where a sweep calls them.

A check-in is planned when a placement starts (one row per month of the programme's cadence),
asked when due, and answered, missed or cancelled. The sweep reads and writes them in bulk: one
query for everything due, one bulk insert for the outbox, one update per state change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import insert, update
from sqlmodel import Session, col, func, select

from persistence.tabellen import Checkin, Deelnemer, FaseStart, OutboxBericht, Traject
from schemas.berichten import PartnerBericht
from schemas.opvolging import CheckinStatus, plus_maanden

BLOK = 500  # ids per IN (...) clause: well under every database's parameter limit

T = TypeVar("T")


def blokken(waarden: Sequence[T], grootte: int = BLOK) -> Iterator[Sequence[T]]:
    for begin in range(0, len(waarden), grootte):
        yield waarden[begin : begin + grootte]


def plan_checkins(
    *,
    session: Session,
    deelnemer: Deelnemer,
    traject_id: int,
    partner: str,
    startdatum: date,
    maanden: Iterable[int],
) -> int:
    """One check-in per month of the cadence after `startdatum`; a replayed placement plans nothing twice."""
    bekend = set(session.exec(select(Checkin.maand).where(Checkin.traject_id == traject_id)))
    nieuw = [
        Checkin(
            deelnemer_id=deelnemer.id or 0,
            traject_id=traject_id,
            pseudoniem=deelnemer.pseudoniem,
            programma=deelnemer.programma,
            partner=partner,
            regiehouder=deelnemer.gemeente_partner,
            maand=maand,
            startdatum=startdatum,
            vervaldatum=plus_maanden(startdatum, maand),
        )
        for maand in maanden
        if maand not in bekend
    ]
    session.add_all(nieuw)
    return len(nieuw)


def laat_vervallen(*, session: Session, deelnemer_id: int) -> int:
    """A re-entry cancels the check-ins still to come: a new placement brings its own."""
    resultaat = session.execute(
        update(Checkin)
        .where(
            col(Checkin.deelnemer_id) == deelnemer_id,
            col(Checkin.status).in_([CheckinStatus.GEPLAND, CheckinStatus.GEVRAAGD]),
        )
        .values(status=CheckinStatus.VERVALLEN)
    )
    return int(getattr(resultaat, "rowcount", 0) or 0)


def te_vragen(*, session: Session, vandaag: date) -> list[Checkin]:
    """Every planned check-in that is due: one query, whatever the number of participants."""
    return list(
        session.exec(
            select(Checkin)
            .where(Checkin.status == CheckinStatus.GEPLAND, Checkin.vervaldatum <= vandaag)
            .order_by(col(Checkin.id))
        )
    )


def onbeantwoord(*, session: Session, programma: str, gevraagd_voor: datetime) -> list[Checkin]:
    """Check-ins of `programma` asked before `gevraagd_voor` and still unanswered."""
    return list(
        session.exec(
            select(Checkin)
            .where(
                Checkin.programma == programma,
                Checkin.status == CheckinStatus.GEVRAAGD,
                col(Checkin.gevraagd_op) < gevraagd_voor,
            )
            .order_by(col(Checkin.id))
        )
    )


def zet_status(
    *, session: Session, ids: Sequence[int], status: CheckinStatus, nu: datetime | None = None
) -> None:
    """Bulk state change; `nu` stamps gevraagd_op when asking."""
    waarden: dict[str, Any] = {"status": status}
    if status == CheckinStatus.GEVRAAGD:
        waarden["gevraagd_op"] = nu
    for blok in blokken(ids):
        session.execute(update(Checkin).where(col(Checkin.id).in_(blok)).values(**waarden))


def open_checkin(*, session: Session, deelnemer_id: int, maand: int) -> Checkin | None:
    """The latest asked (or already missed) check-in of this month: the one an answer belongs to."""
    return session.exec(
        select(Checkin)
        .where(
            Checkin.deelnemer_id == deelnemer_id,
            Checkin.maand == maand,
            col(Checkin.status).in_([CheckinStatus.GEVRAAGD, CheckinStatus.GEMIST]),
        )
        .order_by(col(Checkin.id).desc())
    ).first()


def van_deelnemer(*, session: Session, deelnemer_id: int) -> list[Checkin]:
    """A participant's check-ins, every placement, in due order."""
    query = (
        select(Checkin)
        .where(Checkin.deelnemer_id == deelnemer_id)
        .order_by(col(Checkin.vervaldatum), col(Checkin.id))
    )
    return list(session.exec(query))


def leg_antwoord_vast(
    *, session: Session, checkin: Checkin, antwoord: dict[str, Any], nu: datetime
) -> None:
    checkin.status, checkin.antwoord, checkin.beantwoord_op = CheckinStatus.BEANTWOORD, antwoord, nu
    session.add(checkin)


def plaats_berichten(
    *, session: Session, berichten: Sequence[tuple[str, PartnerBericht]], nu: datetime
) -> int:
    """Queue many outbox messages at once; a key already queued is skipped (a second sweep sends nothing)."""
    gezien: set[str] = set()
    for blok in blokken([b.sleutel for _, b in berichten]):
        gezien |= set(
            session.exec(select(OutboxBericht.sleutel).where(col(OutboxBericht.sleutel).in_(blok)))
        )
    rijen = []
    for partner, bericht in berichten:
        if bericht.sleutel in gezien:
            continue
        gezien.add(bericht.sleutel)
        rijen.append(
            {
                "sleutel": bericht.sleutel,
                "partner": partner,
                "soort": bericht.soort,
                "pseudoniem": bericht.deelnemer,
                "bericht": bericht.model_dump(mode="json"),
                "status": "wachtend",
                "pogingen": 0,
                "aangemaakt_op": nu,
                "volgende_poging_op": nu,
            }
        )
    if rijen:
        session.execute(insert(OutboxBericht), rijen)
    return len(rijen)


def registreer_start(*, session: Session, traject: Traject, gestart_op: date, nu: datetime) -> bool:
    """Record that the partner started the participant's current phase; False when already known."""
    bekend = session.exec(
        select(FaseStart.id).where(
            FaseStart.traject_id == traject.id,
            FaseStart.fase == traject.fase,
            FaseStart.partner == traject.partner,
            FaseStart.fase_sinds == traject.fase_sinds,
        )
    ).first()
    if bekend is not None:
        return False
    session.add(
        FaseStart(
            traject_id=traject.id or 0,
            fase=traject.fase,
            partner=traject.partner,
            fase_sinds=traject.fase_sinds,
            gestart_op=gestart_op,
            ontvangen_op=nu,
        )
    )
    return True


def telling(*, session: Session) -> list[tuple[str, str, str, int]]:
    """(programme, partner, status, count) of every check-in: what `keten followups` summarises."""
    query = select(Checkin.programma, Checkin.partner, Checkin.status, func.count()).group_by(
        col(Checkin.programma), col(Checkin.partner), col(Checkin.status)
    )
    return [(str(p), str(n), str(s), int(c)) for p, n, s, c in session.exec(query)]


def volgende(*, session: Session, statussen: Sequence[str], limiet: int) -> list[Checkin]:
    """The earliest check-ins in `statussen`, by due date: what is due next or still open."""
    return list(
        session.exec(
            select(Checkin)
            .where(col(Checkin.status).in_(statussen))
            .order_by(col(Checkin.vervaldatum), col(Checkin.id))
            .limit(limiet)
        )
    )
