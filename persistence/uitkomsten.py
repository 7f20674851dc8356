"""Writing outcomes with their details (issue 10 b, j): interim or not, reporter, destination."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from persistence.tabellen import UitkomstRegel
from schemas.tussenuitkomst import RegistreerUitkomst


def registreer_uitkomst(
    *,
    session: Session,
    deelnemer_id: int,
    traject_id: int,
    gevolg: RegistreerUitkomst,
    nu: datetime,
) -> None:
    u = gevolg.uitkomst
    session.add(
        UitkomstRegel(
            deelnemer_id=deelnemer_id,
            traject_id=traject_id,
            soort=u.soort.value,
            datum=u.datum,
            mbo_niveau=u.mbo_niveau,
            reden=u.reden.value if u.reden else None,
            vastgelegd_op=nu,
            tussentijds=gevolg.tussentijds,
            gemeld_door=gevolg.gemeld_door,
            bestemming=gevolg.bestemming,
            bevestigd=gevolg.bevestigd,
        )
    )
