"""`keten import FILE --partner ID`: a partner's export through the gate, with a progress bar.

The same path as the batch API: rows are stored in the inbox under one batch id (the file's hash,
so importing the same file twice does nothing twice), gated in one pass, applied in parts.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from schemas.overdracht import Uitslag

console = Console()
SOORT_PER_EXTENSIE = {
    ".jsonl": "application/x-ndjson",
    ".ndjson": "application/x-ndjson",
    ".csv": "text/csv",
}


def _samenvatting(uitslagen: list[Uitslag]) -> None:
    tabel = Table("status", "rows", title="import")
    for status, aantal in Counter(u.status for u in uitslagen).most_common():
        tabel.add_row(status, str(aantal))
    console.print(tabel)
    regels = Counter(r for u in uitslagen for r in u.gefaalde_regels)
    if regels:
        console.print("failed rules: " + ", ".join(f"{r} ×{n}" for r, n in regels.most_common()))


def importeer(
    bestand: Annotated[
        Path,
        typer.Argument(
            exists=True, dir_okay=False, help="JSON lines (.jsonl/.ndjson) or CSV (.csv)."
        ),
    ],
    partner: Annotated[str, typer.Option(help="The partner whose export this is.")],
) -> None:
    """Import a partner's export: valid rows move, invalid rows are quarantined one by one."""
    from sqlmodel import Session

    from cli.gebeurtenissen import meld_overdrachten, richt_op_prefect
    from settings import get_settings

    richt_op_prefect(get_settings())
    from flows import onderdelen
    from flows.verwerking import Herkansing, verwerk
    from persistence import inbox, sessie
    from webhooks import aanlevering
    from webhooks.deur import Afgewezen

    o = onderdelen.onderdelen()
    soort = SOORT_PER_EXTENSIE.get(bestand.suffix.lower())
    if soort is None or partner not in o.catalogus.partners:
        console.print(
            f"[red]need a .jsonl, .ndjson or .csv file and a known partner (got {bestand.suffix}, {partner})[/red]"
        )
        raise typer.Exit(2)
    body = bestand.read_bytes()
    batch_id = f"import-{hashlib.sha256(body).hexdigest()[:16]}"
    try:
        with Session(o.engine, expire_on_commit=False) as s:
            ontvangst = aanlevering.neem_aanlevering_op(
                session=s,
                body=body,
                content_type=soort,
                webhook_id=batch_id,
                partner=o.catalogus.partner(partner),
                instellingen=o.instellingen,
            )
    except Afgewezen as exc:
        console.print(f"[red]refused:[/red] {exc.detail}")
        raise typer.Exit(1) from exc
    with sessie(o.engine) as s:
        ids = inbox.claim_import(session=s, nu=onderdelen.nu(), batch=batch_id)
    if not ids:
        console.print(
            f"{batch_id}: {ontvangst.rijen} rows, nothing left to process here ({ontvangst.status})"
        )
        return
    with Progress(
        TextColumn(f"{bestand.name}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as voortgang:
        taak = voortgang.add_task("import", total=len(ids))
        uitslagen = verwerk(
            ids,
            engine=o.engine,
            catalogus=o.catalogus,
            poort=onderdelen.poort(),
            nu=onderdelen.nu(),
            flow_run_id=None,
            stuk=500,
            voortgang=lambda n: voortgang.advance(taak, n),
            herkansing=Herkansing(
                pogingen=o.instellingen.inbox_max_pogingen,
                wacht=timedelta(seconds=o.instellingen.inbox_herprobeer_s),
            ),
        )
    _samenvatting(uitslagen)
    meld_overdrachten(uitslagen, console)
    console.print(
        f"{batch_id}: messages for the next partners are in the outbox; the running stack delivers them"
    )
