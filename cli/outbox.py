"""`keten outbox list | replay`: what we owe partners, what gave up, and putting it back."""

from __future__ import annotations

import getpass
from enum import StrEnum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from persistence import OutboxBericht, klok, maak_engine, outbox, sessie
from settings import get_settings

app = typer.Typer(
    help="Outbox messages to partners: list them, replay dead ones.", no_args_is_help=True
)
console = Console()

_PARTNER = typer.Option(help="Only messages to this partner id.")


class Status(StrEnum):
    """The outbox states, as `--status` accepts them."""

    wachtend = "wachtend"
    mislukt = "mislukt"
    afgeleverd = "afgeleverd"
    dood = "dood"


def _operator() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in a bare container
        return "onbekend"


@app.command("list")
def lijst(
    status: Annotated[Status | None, typer.Option(help="Only messages in this state.")] = None,
    partner: Annotated[str | None, _PARTNER] = None,
) -> None:
    """Outbox messages with their attempts and last error (pseudonyms only)."""
    with sessie(maak_engine(get_settings().db_url)) as s:
        rijen = outbox.lijst(session=s, status=status.value if status else None, partner=partner)
    tabel = Table(
        "id",
        "participant",
        "partner",
        "kind",
        "status",
        "attempts",
        "next attempt (UTC)",
        "last error",
        title="outbox",
    )
    for r in rijen:
        volgende = (
            f"{r.volgende_poging_op:%Y-%m-%d %H:%M}" if r.status in outbox.TE_BEZORGEN else "-"
        )
        tabel.add_row(
            str(r.id),
            r.pseudoniem,
            r.partner,
            r.soort,
            r.status,
            str(r.pogingen),
            volgende,
            r.laatste_fout or "",
        )
    console.print(tabel)
    console.print(f"{len(rijen)} messages")


@app.command()
def replay(
    bericht_id: Annotated[
        int | None, typer.Argument(help="Message id from `keten outbox list`.")
    ] = None,
    dood: Annotated[
        bool, typer.Option("--dood", help="Replay every dead message (of --partner).")
    ] = False,
    partner: Annotated[str | None, _PARTNER] = None,
    door: Annotated[
        str | None, typer.Option(help="Who replays, for the record (default: your login).")
    ] = None,
) -> None:
    """Put dead messages back in the queue, same idempotency key: a partner that already has one answers `dubbel`."""
    if (bericht_id is None) == (not dood) or (partner and not dood):
        console.print("[red]give a message id, or --dood (optionally with --partner)[/red]")
        raise typer.Exit(2)
    engine = maak_engine(get_settings().db_url)
    nu, wie = klok.nu(engine=engine), door or _operator()
    with sessie(engine) as s:
        ids = (
            [bericht_id]
            if bericht_id is not None
            else [r.id or 0 for r in outbox.lijst(session=s, status="dood", partner=partner)]
        )
        try:
            herhaald: list[OutboxBericht] = [
                outbox.herhaal(session=s, bericht_id=i, door=wie, nu=nu) for i in ids
            ]
        except outbox.NietHerhaalbaar as exc:
            console.print(f"[red]replay refused:[/red] {exc}")
            raise typer.Exit(1) from exc
    for r in herhaald:
        console.print(
            f"replayed {r.id}: {r.soort} for {r.pseudoniem} to {r.partner}, key {r.sleutel}"
        )
    console.print(
        f"{len(herhaald)} messages back in the queue; the next outbox delivery sends them"
    )
