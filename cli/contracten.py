"""`keten contracts`: list the handoff contracts and export them for partners' integrators."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from schemas.contracten import ALLE_CONTRACTEN
from schemas.publicatie import beschrijving, markdown, randen, slug

app = typer.Typer(
    help="Handoff contracts: list them, export JSON Schema and rules.",
    no_args_is_help=False,
    invoke_without_command=True,
)
console = Console()


@app.callback()
def lijst(ctx: typer.Context) -> None:
    """List every contract with its version, edges and rules."""
    if ctx.invoked_subcommand is not None:
        return
    tabel = Table("contract", "slug", "edges", "rules")
    for contract in ALLE_CONTRACTEN:
        tabel.add_row(
            contract.contract_id(),
            slug(contract),
            "\n".join(randen(contract)),
            "\n".join(r.naam for r in contract.alle_regels()),
        )
    console.print(tabel)


@app.command()
def export(
    map_: Annotated[Path, typer.Argument(metavar="MAP", help="Folder to write into.")] = Path(
        "contracten"
    ),
) -> None:
    """Write <slug>-v<N>.json (JSON Schema plus rules) and <slug>-v<N>.md per contract."""
    map_.mkdir(parents=True, exist_ok=True)
    for contract in ALLE_CONTRACTEN:
        naam = f"{slug(contract)}-v{contract.VERSIE}"
        (map_ / f"{naam}.json").write_text(
            json.dumps(beschrijving(contract), indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        (map_ / f"{naam}.md").write_text(markdown(contract), encoding="utf-8")
    console.print(f"{len(ALLE_CONTRACTEN)} contracts written to {map_}")
