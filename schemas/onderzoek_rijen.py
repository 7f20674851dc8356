"""From the ledger to the researcher's rows: stays in phases, moves counted, months not days.

The ledger (`Overgang`) says what moved when; a stay in a phase starts with the move into it and
ends with the move out of it, or with the trajectory's end. A stay still running is cut at the
export's reference time and marked `fase_lopend` (right-censored). Pure: values in, rows out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from schemas.fase import TrajectStatus
from schemas.onderzoek import GETELDE_BEWEGINGEN, HOOFDBAAN, maand

_EINDSTATUS = {TrajectStatus.UITGEVALLEN.value, TrajectStatus.AFGESLOTEN.value}


@dataclass(frozen=True)
class Stap:
    """One ledger row of a trajectory, reduced to what the export needs."""

    baan: str | None
    beweging: str
    naar_fase: str
    naar_status: str
    tijdstip: datetime


@dataclass(frozen=True)
class TrajectFeiten:
    volgnummer: int  # the participant's how-manieth episode
    programma: str
    status: str
    begonnen_op: datetime
    beeindigd_op: datetime | None


@dataclass(frozen=True)
class Kenmerken:
    """The participant, generalised: what every row of theirs carries."""

    studie: str
    studiepseudoniem: str
    regio: str
    leeftijdsband: str
    aanmeldmaand: str


@dataclass(frozen=True)
class Verblijf:
    baan: str
    fase: str
    in_op: datetime
    uit_op: datetime | None


def verblijven(stappen: Sequence[Stap], beeindigd_op: datetime | None) -> list[Verblijf]:
    """The stays in phases per lane, in the order they began (stable for equal times)."""
    open_: dict[str, Verblijf] = {}
    klaar: list[Verblijf] = []
    for stap in sorted(stappen, key=lambda s: s.tijdstip):
        baan = stap.baan or HOOFDBAAN
        huidig = open_.get(baan)
        if huidig is not None and huidig.fase != stap.naar_fase:
            klaar.append(_sluit(huidig, stap.tijdstip))
            huidig = None
        if huidig is None:
            huidig = open_[baan] = Verblijf(baan, stap.naar_fase, stap.tijdstip, None)
        if stap.naar_status in _EINDSTATUS:
            klaar.append(_sluit(open_.pop(baan), stap.tijdstip))
    klaar += [_sluit(v, beeindigd_op) if beeindigd_op else v for v in open_.values()]
    return sorted(klaar, key=lambda v: (v.in_op, v.baan != HOOFDBAAN))


def _sluit(v: Verblijf, op: datetime) -> Verblijf:
    return Verblijf(v.baan, v.fase, v.in_op, op)


def bewegingen(stappen: Sequence[Stap]) -> dict[str, int]:
    """The main lane's moves by kind (a lane's own moves are in its stays)."""
    geteld = Counter(s.beweging for s in stappen if s.baan is None)
    return {f"bewegingen_{b.value}": geteld.get(b.value, 0) for b in GETELDE_BEWEGINGEN}


def rijen(
    *,
    wie: Kenmerken,
    traject: TrajectFeiten,
    stappen: Sequence[Stap],
    banen: Sequence[str],
    uitkomst: tuple[str, date] | None,
    peil: datetime,
) -> list[dict[str, object]]:
    """One row per stay of this trajectory, the trajectory's columns on each (schemas.onderzoek.KOLOMMEN)."""
    gemeen: dict[str, object] = {
        "studie": wie.studie,
        "studiepseudoniem": wie.studiepseudoniem,
        "traject_volgnummer": traject.volgnummer,
        "programma": traject.programma,
        "regio": wie.regio,
        "leeftijdsband": wie.leeftijdsband,
        "aanmeldmaand": wie.aanmeldmaand,
        "traject_startmaand": maand(traject.begonnen_op),
        "traject_eindmaand": maand(traject.beeindigd_op),
        "traject_status": traject.status,
        "banen": ";".join(sorted(set(banen))),
        **bewegingen(stappen),
        "uitkomst": uitkomst[0] if uitkomst else None,
        "uitkomstmaand": maand(uitkomst[1]) if uitkomst else None,
    }
    return [
        gemeen
        | {
            "fase_volgnummer": i,
            "fase_baan": v.baan,
            "fase": v.fase,
            "fase_in_maand": maand(v.in_op),
            "fase_uit_maand": maand(v.uit_op),
            "fase_duur_dagen": max(0, ((v.uit_op or peil) - v.in_op).days),
            "fase_lopend": v.uit_op is None,
        }
        for i, v in enumerate(verblijven(stappen, traject.beeindigd_op), start=1)
    ]
