"""One way to carry claimed inbox rows through gate and programme, used by the inbox flow, the
batch import and the coordinator's replay: read → shape → one gate pass → apply."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from flows._kandidaten import Kandidaat, keur, lees
from flows._toepassen import Uitslag, pas_toe
from persistence import InboxBericht, sessie, verloop
from quality import Poort
from settings import Catalogus


def beoordeel(session: Session, rijen: Sequence[InboxBericht], *, catalogus: Catalogus, poort: Poort, nu: datetime) -> list[Kandidaat]:
    """Shape-check every row and run the gate once per contract over all of them."""
    bekend = verloop.vind_deelnemers(session=session, pseudoniemen=[r.pseudoniem for r in rijen if r.pseudoniem])
    programma_van = {p: d.programma for p, d in bekend.items()}
    programma_van |= {r.pseudoniem: r.payload["programma"] for r in rijen if r.type == "deelnemer.aangemeld" and r.pseudoniem}
    kandidaten = [lees(r, programma_van) for r in rijen]
    keur(kandidaten, poort, catalogus, nu.date(), verloop.laatste_dossiers(session=session, pseudoniemen=list(bekend)))
    return kandidaten


def verwerk(
    rijen: Sequence[InboxBericht], *, engine: Engine, catalogus: Catalogus, poort: Poort, nu: datetime,
    flow_run_id: str | None, stuk: int | None = None, voortgang: Callable[[int], None] | None = None,
    volgorde_wacht: timedelta = timedelta(0),
) -> list[Uitslag]:
    """Gate all rows in one pass, then apply them: in one transaction, or per `stuk` rows for a
    large import (rows applied stay applied if a later part fails; the rest is claimed again).
    `volgorde_wacht`: how long a move not allowed yet may wait for an earlier event (the stream's webhooks)."""
    with sessie(engine) as s:
        kandidaten = beoordeel(s, rijen, catalogus=catalogus, poort=poort, nu=nu)
    stuk = stuk or max(len(kandidaten), 1)
    uitslagen: list[Uitslag] = []
    for begin in range(0, len(kandidaten), stuk):
        deel = kandidaten[begin : begin + stuk]
        with sessie(engine) as s:
            uitslagen += pas_toe(deel, session=s, catalogus=catalogus, nu=nu, flow_run_id=flow_run_id, volgorde_wacht=volgorde_wacht)
        if voortgang:
            voortgang(len(deel))
    return uitslagen
