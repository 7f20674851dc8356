"""One handoff path for the stream, a batch import and the coordinator's replay:
read → gate → decide → write. (Telling the UI and delivering the outbox follow in the flow.)

`keur` reads stored inbox rows into candidates and runs the gate once per contract over all of
them; `pas_toe` reads the participants' state, lets `schemas.beslissen` decide every handoff, and
has persistence write the decisions, all in the caller's transaction. No Prefect here: the flow
wraps these in tasks, and the import command and the replay call them directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session

from persistence import InboxBericht, sessie, verloop
from persistence.stand import lees_standen
from persistence.vastleggen import leg_beslissingen_vast
from quality import Poort, keur_kandidaten
from schemas.beslissen import beslis_reeks
from schemas.inlezen import lees_kandidaat
from schemas.overdracht import Kandidaat, Uitslag, uitslag
from settings import Catalogus


def keur(
    session: Session,
    rijen: Sequence[InboxBericht],
    *,
    catalogus: Catalogus,
    poort: Poort,
    nu: datetime,
) -> list[Kandidaat]:
    """Read every row (event, programme, dossier shape), then run the gate once per contract."""
    bekend = verloop.vind_deelnemers(
        session=session, pseudoniemen=[r.pseudoniem for r in rijen if r.pseudoniem]
    )
    programma_van = {p: d.programma for p, d in bekend.items()}
    programma_van |= {
        r.pseudoniem: str(r.payload.get("programma"))
        for r in rijen
        if r.type == "deelnemer.aangemeld" and r.pseudoniem
    }
    kandidaten = [
        lees_kandidaat(
            inbox_id=r.id or 0,
            partner=r.partner,
            webhook_id=r.webhook_id,
            type=r.type,
            pseudoniem=r.pseudoniem,
            payload=r.payload,
            ontvangen_op=r.ontvangen_op,
            programma_van=programma_van,
            persoon_versleuteld=r.persoon_versleuteld,
            bsn_hash=r.bsn_hash,
        )
        for r in rijen
    ]
    vorige = verloop.laatste_dossiers(session=session, pseudoniemen=list(bekend))
    return keur_kandidaten(kandidaten, poort, catalogus.programmas, nu.date(), vorige)


def pas_toe(
    session: Session,
    kandidaten: Sequence[Kandidaat],
    *,
    catalogus: Catalogus,
    nu: datetime,
    flow_run_id: str | None,
    volgorde_wacht: timedelta = timedelta(0),
) -> list[Uitslag]:
    """Decide the gated candidates in order and write the decisions; results in the candidates' order.

    `volgorde_wacht`: how long a move not allowed yet may wait for an earlier event (0: refused at once).
    """
    gelezen = lees_standen(session=session, kandidaten=kandidaten)
    besloten = beslis_reeks(
        kandidaten, gelezen.standen, catalogus.programmas, nu=nu, volgorde_wacht=volgorde_wacht
    )
    leg_beslissingen_vast(
        session=session, besloten=besloten, gelezen=gelezen, nu=nu, flow_run_id=flow_run_id
    )
    per_rij = {k.inbox_id: uitslag(k, b) for k, b in besloten}
    return [per_rij[k.inbox_id] for k in kandidaten]


def verwerk_rijen(
    rijen: Sequence[InboxBericht],
    *,
    engine: Engine,
    catalogus: Catalogus,
    poort: Poort,
    nu: datetime,
    flow_run_id: str | None,
    stuk: int | None = None,
    voortgang: Callable[[int], None] | None = None,
    volgorde_wacht: timedelta = timedelta(0),
) -> list[Uitslag]:
    """Gate all rows in one pass, then decide and write them: in one transaction, or per `stuk` rows
    for a large import (parts written stay written if a later part fails; the rest is claimed again)."""
    with sessie(engine) as s:
        kandidaten = keur(s, rijen, catalogus=catalogus, poort=poort, nu=nu)
    stuk = stuk or max(len(kandidaten), 1)
    uitslagen: list[Uitslag] = []
    for begin in range(0, len(kandidaten), stuk):
        deel = kandidaten[begin : begin + stuk]
        with sessie(engine) as s:
            uitslagen += pas_toe(
                s,
                deel,
                catalogus=catalogus,
                nu=nu,
                flow_run_id=flow_run_id,
                volgorde_wacht=volgorde_wacht,
            )
        if voortgang:
            voortgang(len(deel))
    return uitslagen
