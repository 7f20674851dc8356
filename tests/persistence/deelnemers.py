"""A registered participant with an episode in a given phase: the starting point of many tests."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from persistence import verloop
from persistence.tabellen import Deelnemer, Traject


def in_fase(
    s: Session,
    pseudoniem: str,
    *,
    nu: datetime,
    fase: str = "instroom",
    partner: str = "gemeente-utrecht",
    programma: str = "utrecht-bank-tot-baan",
) -> tuple[Deelnemer, Traject]:
    d = verloop.maak_deelnemer(
        session=s,
        pseudoniem=pseudoniem,
        bsn_hash=f"h-{pseudoniem}",
        persoon_versleuteld="v",
        programma=programma,
        gemeente_partner="gemeente-utrecht",
        verwijzing_id=f"r-{pseudoniem}",
        nu=nu,
    )
    t = verloop.start_traject(
        session=s, deelnemer_id=d.id or 0, programma=programma, fase=fase, partner=partner, nu=nu
    )
    s.flush()
    return d, t
