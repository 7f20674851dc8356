"""The hot path: one flow run carries many handoffs (STACK.md: a run costs 0.3–1 s, and a served
run spends 3–6 s more importing Prefect and building the gate).

claim a batch → shape (pydantic) → rules (great-expectations, once per contract) → apply the moves
through the programme → ledger and outbox in one transaction → tell the UI → deliver the outbox.
The run stays while work keeps arriving and ends after `stil_na_s` quiet seconds, so a stream of
webhooks is carried by one run instead of paying the start-up cost per webhook.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta

from prefect import flow, task
from prefect.futures import PrefectFuture

from flows import onderdelen, zichtbaar
from flows._logboek import run_logboek
from flows.bezorging import bezorg
from flows.verwerking import Herkansing, verwerk
from persistence import inbox, sessie
from schemas.overdracht import Afhandeling, Uitslag

IMPORT_STUK = 1_000  # rows per transaction when applying a large import


@task(name="claim-inbox")
def claim() -> list[int]:
    """The oldest open import as a whole (one gate pass), else the next rows of the stream.

    Ids, not rows: Prefect walks and hashes a task's inputs, and a hostile payload (a JSON
    document nested hundreds of levels deep) would crash that walk before our code runs."""
    o = onderdelen.onderdelen()
    with sessie(o.engine) as s:
        return inbox.claim_volgende(
            session=s,
            maximum=o.instellingen.inbox_batch,
            nu=onderdelen.nu(),
            duur=timedelta(seconds=o.instellingen.inbox_claim_s),
        )


@task(name="keur-en-verwerk")
def keur_en_verwerk(inbox_ids: list[int]) -> list[Uitslag]:
    """Gate the whole batch, then apply it: one transaction, or parts of 1,000 for a large import.
    A row that raises is isolated (`flows.verwerking.verwerk`); the rest of the batch goes on."""
    o = onderdelen.onderdelen()
    return verwerk(
        inbox_ids,
        engine=o.engine,
        catalogus=o.catalogus,
        poort=onderdelen.poort(),
        nu=onderdelen.nu(),
        flow_run_id=zichtbaar.flow_run_id(),
        stuk=IMPORT_STUK if len(inbox_ids) > IMPORT_STUK else None,
        volgorde_wacht=timedelta(seconds=o.instellingen.inbox_volgorde_s),
        herkansing=Herkansing(
            pogingen=o.instellingen.inbox_max_pogingen,
            wacht=timedelta(seconds=o.instellingen.inbox_herprobeer_s),
        ),
        log=run_logboek(),
    )


@task(name="maak-zichtbaar")
def maak_zichtbaar(uitslagen: list[Uitslag], batch: int) -> None:
    zichtbaar.meld_events(uitslagen)
    zichtbaar.maak_artefact(uitslagen, batch)
    log = run_logboek()
    eigen = zichtbaar.eigen_events(uitslagen)  # the log lines follow the events' bound
    for u in eigen:
        if u.status != Afhandeling.GEACCEPTEERD:
            log.warning(
                f"overdracht_{u.status}", deelnemer=u.pseudoniem, partner=u.partner, reden=u.reden
            )
    if len(eigen) < len(uitslagen):
        log.info(
            "overdrachten_samengevat",
            batch=batch,
            **Counter(u.status.value for u in uitslagen),
            zonder_eigen_regel=len(uitslagen) - len(eigen),
        )


@task(name="bezorg-outbox", retries=2, retry_delay_seconds=[2, 10])
def bezorg_outbox() -> dict[str, int]:
    o = onderdelen.onderdelen()
    return dict(
        bezorg(
            engine=o.engine,
            client_van=onderdelen.partnerclient,
            catalogus=o.catalogus,
            nu=onderdelen.nu(),
            schema=o.instellingen.outbox_herhaalschema_s,
        )
    )


def _werk_klaar() -> bool:
    """A cheap look at the inbox (no task run), so waiting for work leaves no trace in the UI. Rows
    leased to another run or waiting for an earlier event do not count: the schedule comes back for them."""
    o = onderdelen.onderdelen()
    with sessie(o.engine) as s:
        return inbox.aantal_claimbaar(session=s, nu=onderdelen.nu()) > 0


@flow(name="verwerk-inbox", flow_run_name=zichtbaar.startnaam)
def verwerk_inbox(stil_na_s: float = 5.0, max_duur_s: float = 600.0) -> dict[str, int]:
    """Process the inbox while work keeps coming; deliver what partners must receive beside it.

    Args:
        stil_na_s: end the run after this many seconds without new work.
        max_duur_s: end the run after this long in any case; the next nudge or schedule continues.
    """
    totaal: Counter[str] = Counter()
    begin = laatste_werk = time.monotonic()
    nummer = 0
    gedragen: list[Uitslag] = []  # what this run carried, for its name and tags
    levering: PrefectFuture[dict[str, int]] | None = None  # the delivery running beside processing
    while time.monotonic() - begin < max_duur_s:
        if not _werk_klaar():
            if time.monotonic() - laatste_werk >= stil_na_s:
                break
            time.sleep(0.25)
            continue
        batch = claim()
        if not batch:  # what is open is claimed by another run or waits for an earlier event
            time.sleep(0.25)
        else:
            nummer += 1
            uitslagen = keur_en_verwerk(batch)
            maak_zichtbaar(uitslagen, nummer)
            gedragen += uitslagen
            zichtbaar.benoem_run(gedragen)
            totaal.update(u.status for u in uitslagen)
            levering = _lever_bij(levering, totaal)
            laatste_werk = time.monotonic()
    if levering is not None:  # what the last batches queued after the running delivery began
        totaal.update(levering.result())
        totaal.update(bezorg_outbox())
    run_logboek().info("inbox_verwerkt", **totaal)
    return dict(totaal)


def _lever_bij(
    levering: PrefectFuture[dict[str, int]] | None, totaal: Counter[str]
) -> PrefectFuture[dict[str, int]] | None:
    """On PostgreSQL delivery runs beside processing: the next batch is claimed while this one's
    messages go out; at most one delivery at a time per run, and one still busy is left to finish
    (what it did not take, the next one or the run's last one does). SQLite has one writer: there
    the two take turns, as a delivery waiting on a long batch's write lock could time out."""
    if levering is not None and not levering.state.is_final():
        return levering
    if levering is not None:
        totaal.update(levering.result())
    if onderdelen.onderdelen().engine.dialect.name == "sqlite":
        totaal.update(bezorg_outbox())
        return None
    return bezorg_outbox.submit()


if __name__ == "__main__":
    verwerk_inbox()
