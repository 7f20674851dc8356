"""The watch for lanes (schemas.banen): each running lane has its own phase clock and waiting
clock, against its own phase's limit, and a part-time partner against its own limit
(`FaseInrichting.max_weken_per_partner`). Read set-based (persistence.banen), decided in memory
by the same checks as the main lane (flows._bewaking)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from persistence import banen
from persistence.bewaking import Lopend
from schemas.fase import Fase
from schemas.programma import FaseInrichting, Programma

Sleutel = tuple[int, str]


@dataclass(frozen=True)
class BaanFeiten:
    """The running lanes and their clocks, keyed by (trajectory, lane)."""

    lopend: list[Lopend]
    ingang: dict[Sleutel, datetime]
    pauzes: dict[Sleutel, list[tuple[str, datetime]]]
    gestart: set[tuple[int, str, datetime]]


def lees_baanfeiten(session: Session) -> BaanFeiten:
    return BaanFeiten(
        lopend=banen.lopende_banen(session=session),
        ingang=banen.baan_ingangen(session=session),
        pauzes=banen.baan_pauzes(session=session),
        gestart=banen.baan_gestart(session=session),
    )


def _sleutel(lo: Lopend) -> Sleutel:
    return (lo.traject_id, lo.baan or "")


def ingang(b: BaanFeiten | None, lo: Lopend) -> datetime:
    return b.ingang.get(_sleutel(lo), lo.fase_sinds) if b else lo.fase_sinds


def pauzes(b: BaanFeiten | None, lo: Lopend) -> list[tuple[str, datetime]]:
    return b.pauzes.get(_sleutel(lo), []) if b else []


def gestart(b: BaanFeiten | None, lo: Lopend) -> bool:
    return b is not None and (lo.traject_id, lo.baan or "", lo.fase_sinds) in b.gestart


def inrichting(p: Programma, lo: Lopend) -> FaseInrichting | None:
    """The phase configuration that watches `lo`: the lane's own phase, or the main lane's."""
    fasen = (
        p.baan(lo.baan).fasen if lo.baan and any(b.naam == lo.baan for b in p.banen) else p.fasen
    )
    return next((f for f in fasen if f.fase == Fase(lo.fase)), None)


def max_weken(p: Programma, lo: Lopend) -> int | None:
    """The phase's limit, or the partner's own (a part-time track runs longer)."""
    f = inrichting(p, lo)
    return f.max_weken_voor(lo.partner) if f else None


def plek(lo: Lopend) -> str:
    """The phase a flag is about, naming its lane, so a lane's flag never merges with the main one."""
    return f"{lo.fase} in baan {lo.baan}" if lo.baan else lo.fase
