"""One handoff path for the stream, a batch import and the coordinator's replay:
read → gate → decide → write. (Telling the UI and delivering the outbox follow in the flow.)

`keur` reads stored inbox rows into candidates and runs the gate once per contract over all of
them; `pas_toe` reads the participants' state, lets `schemas.beslissen` decide every handoff, and
has persistence write the decisions, all in the caller's transaction. No Prefect here: the flow
wraps these in tasks, and the import command and the replay call them directly.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, DisconnectionError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session

from persistence import InboxBericht, inbox, sessie, verloop
from persistence.pogingen import Mislukt, noteer_fout
from persistence.stand import lees_standen
from persistence.vastleggen import VERWERKINGSFOUT, leg_beslissingen_vast, leg_verwerkingsfout_vast
from quality import Poort, keur_kandidaten
from schemas.gebeurtenissen import fase_van, naar_van
from schemas.inlezen import lees_kandidaat
from schemas.overdracht import Afhandeling, Kandidaat, Uitslag, uitslag
from schemas.reeks import beslis_reeks
from settings import Catalogus, Logboek, logboek


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
    gelezen = lees_standen(session=session, kandidaten=kandidaten, programmas=catalogus.programmas)
    besloten = beslis_reeks(
        kandidaten, gelezen.standen, catalogus.programmas, nu=nu, volgorde_wacht=volgorde_wacht
    )
    leg_beslissingen_vast(
        session=session, besloten=besloten, gelezen=gelezen, nu=nu, flow_run_id=flow_run_id
    )
    per_rij = {k.inbox_id: uitslag(k, b) for k, b in besloten}
    return [per_rij[k.inbox_id] for k in kandidaten]


@dataclass(frozen=True)
class Herkansing:
    """How often a row that fails processing (an exception, not its content's rules) is tried,
    and how long it waits between tries (`wacht` × the attempts so far)."""

    pogingen: int = 3
    wacht: timedelta = timedelta(seconds=10)


def verwerk(
    inbox_ids: Sequence[int],
    *,
    engine: Engine,
    catalogus: Catalogus,
    poort: Poort,
    nu: datetime,
    flow_run_id: str | None,
    stuk: int | None = None,
    voortgang: Callable[[int], None] | None = None,
    volgorde_wacht: timedelta = timedelta(0),
    herkansing: Herkansing = Herkansing(),
    log: Logboek | None = None,
) -> list[Uitslag]:
    """Read and gate all rows in one pass, then decide and write them: in one transaction, or per
    `stuk` rows for a large import (parts written stay written if a later part fails).

    A step that raises is tried again on each half of its rows, down to the row that fails
    alone: that row counts an attempt (`Herkansing`; quarantined with `verwerking:fout` after
    the last), and every other row is processed as if it had not been there. Results come in the
    order of `inbox_ids`; a row that is no longer open has none.
    """
    verwerking = _Verwerking(
        engine=engine,
        catalogus=catalogus,
        poort=poort,
        nu=nu,
        flow_run_id=flow_run_id,
        volgorde_wacht=volgorde_wacht,
        herkansing=herkansing,
        log=log or logboek(__name__),
    )
    kandidaten = verwerking.keur(list(inbox_ids))
    if voortgang and len(inbox_ids) > len(kandidaten):
        voortgang(len(inbox_ids) - len(kandidaten))
    stuk = stuk or max(len(kandidaten), 1)
    for begin in range(0, len(kandidaten), stuk):
        deel = kandidaten[begin : begin + stuk]
        verwerking.pas_toe(deel)
        if voortgang:
            voortgang(len(deel))
    return [verwerking.uitslagen[i] for i in inbox_ids if i in verwerking.uitslagen]


@dataclass
class _Verwerking:
    """One call of `verwerk`: its settings, and the results per inbox id as they come."""

    engine: Engine
    catalogus: Catalogus
    poort: Poort
    nu: datetime
    flow_run_id: str | None
    volgorde_wacht: timedelta
    herkansing: Herkansing
    log: Logboek
    uitslagen: dict[int, Uitslag] = field(default_factory=dict)

    def keur(self, ids: list[int]) -> list[Kandidaat]:
        """Read and gate these rows; on an exception, each half again."""
        try:
            with sessie(self.engine) as s:
                rijen = inbox.laad(session=s, ids=ids)
                return keur(
                    s,
                    [rijen[i] for i in ids if i in rijen],
                    catalogus=self.catalogus,
                    poort=self.poort,
                    nu=self.nu,
                )
        except Exception as exc:
            _buiten_de_rij(exc)
            if len(ids) == 1:
                self._mislukt(ids[0], None, "lezen", exc)
                return []
            midden = len(ids) // 2
            return self.keur(ids[:midden]) + self.keur(ids[midden:])

    def pas_toe(self, kandidaten: Sequence[Kandidaat]) -> None:
        """Decide and write these candidates in one transaction; on an exception, each half again
        (the first half is written before the second is decided, so the order holds)."""
        try:
            with sessie(self.engine) as s:
                uitslagen = pas_toe(
                    s,
                    kandidaten,
                    catalogus=self.catalogus,
                    nu=self.nu,
                    flow_run_id=self.flow_run_id,
                    volgorde_wacht=self.volgorde_wacht,
                )
        except Exception as exc:
            _buiten_de_rij(exc)
            if len(kandidaten) == 1:
                self._mislukt(kandidaten[0].inbox_id, kandidaten[0], "beslissen", exc)
                return
            midden = len(kandidaten) // 2
            self.pas_toe(kandidaten[:midden])
            self.pas_toe(kandidaten[midden:])
            return
        self.uitslagen |= {k.inbox_id: u for k, u in zip(kandidaten, uitslagen, strict=True)}

    def _mislukt(self, inbox_id: int, k: Kandidaat | None, stap: str, exc: Exception) -> None:
        """The row that failed alone: count the attempt (quarantine it after the last), log where."""
        soort = foutsoort(exc)
        with sessie(self.engine) as s:
            m = noteer_fout(
                session=s,
                inbox_id=inbox_id,
                fout=f"{stap}: {soort}",
                nu=self.nu,
                max_pogingen=self.herkansing.pogingen,
                wacht=self.herkansing.wacht,
            )
            if m is not None and m.opgegeven:
                leg_verwerkingsfout_vast(
                    session=s,
                    mislukt=m,
                    kandidaat=k,
                    nu=self.nu,
                    flow_run_id=self.flow_run_id,
                    foutsoort=soort,
                )
        if m is None:
            return
        plek = traceback.extract_tb(exc.__traceback__, limit=-1)
        self.log.warning(
            "verwerking_mislukt",
            inbox=inbox_id,
            partner=m.partner,
            deelnemer=m.pseudoniem,
            stap=stap,
            fout=soort,
            waar=f"{'/'.join(Path(plek[0].filename).parts[-2:])}:{plek[0].lineno}" if plek else "",
            poging=m.pogingen,
            van=self.herkansing.pogingen,
            quarantaine=m.opgegeven,
        )
        self.uitslagen[inbox_id] = _uitslag(m, k, soort, self.herkansing)


def foutsoort(exc: BaseException) -> str:
    """The exception's class, and the driver's beneath a SQLAlchemy wrapper: never its message,
    which may quote the values that broke it."""
    onder = getattr(exc, "orig", None)
    naam = type(exc).__name__
    return f"{naam}({type(onder).__name__})" if isinstance(onder, BaseException) else naam


def _buiten_de_rij(exc: Exception) -> None:
    """Re-raise what says the database went away, not that a row is bad: the run fails, its lease
    runs out, and the rows are claimed again without an attempt counted against any of them."""
    if isinstance(exc, DisconnectionError | PoolTimeout) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    ):
        raise exc


def _uitslag(m: Mislukt, k: Kandidaat | None, soort: str, herkansing: Herkansing) -> Uitslag:
    g = k.gebeurtenis if k else None
    van, naar = fase_van(g), naar_van(g)
    if m.opgegeven:
        status, reden = Afhandeling.QUARANTAINE, f"processing failed {m.pogingen} times ({soort})"
    else:
        status = Afhandeling.WACHT
        reden = f"processing failed ({soort}), attempt {m.pogingen} of {herkansing.pogingen}; tried again later"
    return Uitslag(
        m.pseudoniem,
        m.partner,
        g.type if g else m.type,
        k.soort if k and g else m.type,
        van.value if van else None,
        naar.value if naar else None,
        status,
        reden,
        k.contract_id if k else None,
        (VERWERKINGSFOUT,) if m.opgegeven else (),
    )
