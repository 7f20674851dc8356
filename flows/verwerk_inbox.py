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

from flows import onderdelen, zichtbaar
from flows._logboek import run_logboek
from flows.bezorging import bezorg
from flows.verwerking import verwerk_rijen
from persistence import inbox, sessie
from persistence.tabellen import InboxBericht
from schemas.overdracht import Afhandeling, Uitslag

IMPORT_STUK = 1_000  # rows per transaction when applying a large import


@task(name="claim-inbox")
def claim() -> list[InboxBericht]:
    """The oldest open import as a whole (one gate pass), else the next rows of the stream."""
    o = onderdelen.onderdelen()
    with sessie(o.engine) as s:
        duur = timedelta(seconds=o.instellingen.inbox_claim_s)
        return inbox.claim_import(session=s, nu=onderdelen.nu(), duur=duur) or inbox.claim_batch(
            session=s, maximum=o.instellingen.inbox_batch, nu=onderdelen.nu(), duur=duur
        )


@task(name="keur-en-verwerk")
def keur_en_verwerk(batch: list[InboxBericht]) -> list[Uitslag]:
    """Gate the whole batch, then apply it: one transaction, or parts of 1,000 for a large import."""
    o = onderdelen.onderdelen()
    return verwerk_rijen(
        batch,
        engine=o.engine,
        catalogus=o.catalogus,
        poort=onderdelen.poort(),
        nu=onderdelen.nu(),
        flow_run_id=zichtbaar.flow_run_id(),
        stuk=IMPORT_STUK if len(batch) > IMPORT_STUK else None,
        volgorde_wacht=timedelta(seconds=o.instellingen.inbox_volgorde_s),
    )


@task(name="maak-zichtbaar")
def maak_zichtbaar(uitslagen: list[Uitslag], batch: int) -> None:
    zichtbaar.meld_events(uitslagen)
    zichtbaar.maak_artefact(uitslagen, batch)
    log = run_logboek()
    for u in uitslagen:
        if u.status != Afhandeling.GEACCEPTEERD:
            log.warning(
                f"overdracht_{u.status}", deelnemer=u.pseudoniem, partner=u.partner, reden=u.reden
            )


@task(name="bezorg-outbox", retries=2, retry_delay_seconds=[2, 10])
def bezorg_outbox() -> dict[str, int]:
    o = onderdelen.onderdelen()
    return dict(
        bezorg(
            engine=o.engine,
            client_van=onderdelen.partnerclient,
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
    """Process the inbox while work keeps coming; deliver what partners must receive after each batch.

    Args:
        stil_na_s: end the run after this many seconds without new work.
        max_duur_s: end the run after this long in any case; the next nudge or schedule continues.
    """
    totaal: Counter[str] = Counter()
    begin = laatste_werk = time.monotonic()
    nummer = 0
    gedragen: list[Uitslag] = []  # what this run carried, for its name and tags
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
            totaal.update(bezorg_outbox())
            laatste_werk = time.monotonic()
    run_logboek().info("inbox_verwerkt", **totaal)
    return dict(totaal)


if __name__ == "__main__":
    verwerk_inbox()
