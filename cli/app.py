"""`keten`: the operator's and coordinator's command line."""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console

from cli import (
    contracten,
    databank,
    gebruikers,
    importeren,
    onderzoek,
    opvolging,
    outbox,
    partners,
    quarantaine,
)
from settings import get_settings

app = typer.Typer(
    help="ketenregie: conducts the chain van bank naar baan.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # a traceback's locals may hold keys and personal data
)
app.add_typer(contracten.app, name="contracts")
app.add_typer(quarantaine.app, name="quarantine")
app.add_typer(partners.app, name="partners")
app.add_typer(outbox.app, name="outbox")
app.add_typer(databank.app, name="db")
app.add_typer(onderzoek.app, name="export")
app.add_typer(gebruikers.app, name="gebruikers")
app.command("import")(importeren.importeer)
app.command("followups")(opvolging.followups)
app.command("flags")(opvolging.flags)
app.add_typer(opvolging.klok, name="klok")
console = Console()


class Gestopt(Exception):
    """SIGTERM: stop like Ctrl-C, every part with it."""


def _bij_sigterm(_signaal: int, _frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one stop at a time: the parts are stopping
    raise Gestopt


@app.callback()
def hoofd(
    demo: Annotated[
        bool,
        typer.Option(
            "--demo",
            help="Read and write the demo's chain (demo.db in KETEN_DATA_MAP) instead of the configured database.",
        ),
    ] = False,
) -> None:
    """ketenregie: conducts the chain van bank naar baan."""
    if demo:
        import os

        from cli.demo import demo_database_url

        os.environ["KETEN_DATABASE_URL"] = demo_database_url(get_settings().data_map)
        get_settings.cache_clear()


@app.command()
def serve() -> None:
    """Run the whole stack on embedded defaults until Ctrl-C or SIGTERM: Prefect server and UI,
    webhook API, partner simulators, served deployments. Refuses at once when a port is in use."""
    from cli.stapel import stack

    signal.signal(signal.SIGTERM, _bij_sigterm)
    try:
        with stack(get_settings()) as adres:
            console.print(
                f"Prefect UI: {adres.prefect_ui}\ndashboard:  {adres.dashboard}\nwebhooks:   {adres.webhooks}/webhooks/<partner>\nsimulator:  {adres.simulator}"
            )
            while True:
                time.sleep(1)
    except (KeyboardInterrupt, Gestopt):
        console.print("stopped")


@app.command()
def demo(
    aantal: int = typer.Option(
        500, help="Participants in the synthetic cohort, spread over every programme."
    ),
    seed: int = typer.Option(2026, help="Seed for the cohort and the simulator."),
    timeout: int = typer.Option(900, help="Give up after this many seconds."),
) -> None:
    """Start the stack, refer a synthetic cohort over every programme and carry it through the chain."""
    from cli.demo import draai_demo

    raise typer.Exit(
        0 if draai_demo(aantal=aantal, seed=seed, timeout_s=timeout, console=console) else 1
    )


@app.command()
def status(
    pseudoniem: str = typer.Argument(..., help="The participant's pseudonym, e.g. KT-ABCDEFGH23."),
) -> None:
    """Phase, history and open items of one participant."""
    from cli.status import toon_status

    raise typer.Exit(0 if toon_status(pseudoniem, get_settings(), console) else 1)


@app.command()
def pool(
    zombie_na: int = typer.Option(
        90, min=45, help="Mark a run crashed after this many seconds without a heartbeat."
    ),
) -> None:
    """Create the process work pool, deploy deployments/prefect.yaml to it and install the
    automation that crashes runs whose worker died (production).

    Start workers afterwards with `KETEN_CODE_MAP=<checkout> prefect worker start --pool ketenregie`."""
    import subprocess

    opdracht = [sys.executable, "-m", "deployments.pool", "--zombie-na", str(zombie_na)]
    raise typer.Exit(subprocess.run(opdracht, check=False).returncode)


@app.command("openapi")
def openapi_export(
    uit: Annotated[
        Path, typer.Option("--out", help="Where to write the partner API description.")
    ] = Path("docs/openapi.json"),
) -> None:
    """Export the partner-facing API description (OpenAPI 3.1), as served at /openapi.json."""
    from webhooks.app import create_app

    uit.parent.mkdir(parents=True, exist_ok=True)
    uit.write_text(
        json.dumps(create_app().openapi(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    console.print(f"wrote {uit}")


def main() -> None:
    """The `keten` command. A mistake in the settings or configuration files, or a stack that cannot
    start, is one line on stderr naming the variable, file and line, or port; not a traceback."""
    from pydantic import ValidationError

    from cli.stapel import StapelFout
    from settings import ConfigFout, instellingenfout

    try:
        app()
    except (StapelFout, ConfigFout) as exc:
        sys.stderr.write(f"keten: {exc}\n")
        raise SystemExit(1) from None
    except ValidationError as exc:
        if exc.title != "Instellingen":
            raise
        sys.stderr.write(f"keten: {instellingenfout(exc)}\n")
        raise SystemExit(2) from None
