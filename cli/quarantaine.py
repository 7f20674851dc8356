"""`keten quarantine list | show | replay`: what failed its contract, why, and the way out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import col, select

from persistence import Overdracht, maak_engine, sessie
from schemas.overdracht import Afhandeling
from settings import get_settings

app = typer.Typer(
    help="Quarantined handoffs: list them, show why, replay after a correction.",
    no_args_is_help=True,
)
console = Console()


def _quarantaine() -> list[Overdracht]:
    with sessie(maak_engine(get_settings().db_url)) as s:
        return list(
            s.exec(
                select(Overdracht)
                .where(Overdracht.status == Afhandeling.QUARANTAINE)
                .order_by(col(Overdracht.id))
            )
        )


@app.command("list")
def lijst() -> None:
    """Every handoff in quarantine, with the rules it failed."""
    tabel = Table(
        "id", "participant", "partner", "contract", "failed rules", "when (UTC)", title="quarantine"
    )
    for q in _quarantaine():
        regels = ", ".join(sorted({b["regel"] for b in q.bevindingen or []}))
        tabel.add_row(
            str(q.id),
            q.pseudoniem or "-",
            q.partner,
            q.contract or "-",
            regels,
            f"{q.verwerkt_op:%Y-%m-%d %H:%M}",
        )
    console.print(tabel)


@app.command()
def show(
    overdracht_id: Annotated[int, typer.Argument(help="Handoff id from `keten quarantine list`.")],
) -> None:
    """One quarantined handoff: each failed rule with the column and value that broke it, and the dossier."""
    with sessie(maak_engine(get_settings().db_url)) as s:
        q = s.get(Overdracht, overdracht_id)
    if q is None:
        console.print(f"[red]no handoff {overdracht_id}[/red]")
        raise typer.Exit(1)
    console.print(
        f"handoff {q.id}: {q.type} from {q.partner} for {q.pseudoniem}, contract {q.contract}, status {q.status}"
    )
    console.print(f"reason: {q.reden}")
    tabel = Table("rule", "explanation", "column", "value")
    for b in q.bevindingen or []:
        tabel.add_row(
            b["regel"], b["uitleg"], b["kolom"], json.dumps(b["waarde"], ensure_ascii=False)
        )
    console.print(tabel)
    console.print_json(json.dumps(q.dossier or {}, ensure_ascii=False))


def _zet(paren: list[str]) -> dict[str, Any]:
    """`veld=waarde` pairs; the value is read as JSON when it parses (true, 32, "x"), else as text."""
    uit: dict[str, Any] = {}
    for paar in paren:
        veld, _, waarde = paar.partition("=")
        try:
            uit[veld] = json.loads(waarde)
        except json.JSONDecodeError:
            uit[veld] = waarde
    return uit


@app.command()
def replay(
    overdracht_id: Annotated[int, typer.Argument(help="Handoff id from `keten quarantine list`.")],
    dossier: Annotated[
        Path | None, typer.Option(help="A corrected dossier (JSON file) replacing the stored one.")
    ] = None,
    zet: Annotated[
        list[str] | None,
        typer.Option(help="Overwrite one dossier field: --zet uren_per_week=32 (repeatable)."),
    ] = None,
) -> None:
    """Re-validate and apply: the participant moves exactly once, or nothing changes and you hear why."""
    from cli.gebeurtenissen import meld_overdrachten, richt_op_prefect

    richt_op_prefect(get_settings())
    from flows.herhaling import HerhalingGeweigerd, herhaal

    vervanging = json.loads(dossier.read_text(encoding="utf-8")) if dossier else None
    try:
        herhaling = herhaal(overdracht_id, dossier=vervanging, zet=_zet(zet or []))
    except HerhalingGeweigerd as exc:
        console.print(f"[red]replay refused:[/red] {exc}")
        raise typer.Exit(1) from exc
    u = herhaling.uitslag
    meld_overdrachten([u], console)
    console.print(
        f"replayed: {u.pseudoniem} {u.van_fase} → {u.naar_fase} ({u.reden}); the next partner's message is in the outbox"
    )
