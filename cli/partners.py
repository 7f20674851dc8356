"""`keten partners list | rotate-secret`: the partner organisations and their webhook secrets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from persistence import geheimen, maak_engine, sessie
from settings import get_settings, laad_catalogus

app = typer.Typer(
    help="Partner organisations: who they are, and their webhook secrets.", no_args_is_help=True
)
console = Console()


@app.command("list")
def lijst() -> None:
    """Every partner with where its secrets come from (configuration or a rotation) and until when each holds."""
    instellingen = get_settings()
    catalogus = laad_catalogus(instellingen)
    tabel = Table("partner", "soort", "naam", "secrets", title="partners")
    with sessie(maak_engine(instellingen.db_url)) as s:
        for partner in catalogus.partners.values():
            rijen = geheimen.overzicht(session=s, partner=partner.id)
            bron = (
                "; ".join(
                    f"{r.vingerafdruk} until {r.vervalt_op:%Y-%m-%d %H:%M} UTC"
                    if r.vervalt_op
                    else f"{r.vingerafdruk} current"
                    for r in rijen[:2]
                )
                if rijen
                else f"{len(partner.webhook_geheimen)} configured"
            )
            tabel.add_row(partner.id, partner.soort.value, partner.naam, bron)
    console.print(tabel)


@app.command("rotate-secret")
def rotate_secret(
    partner_id: Annotated[str, typer.Argument(help="Partner id, as in config/partners.yaml.")],
    overlap_uren: Annotated[
        float,
        typer.Option(
            "--overlap-hours",
            min=0,
            help="How long the current secret stays valid beside the new one.",
        ),
    ] = 24.0,
) -> None:
    """Give the partner a new webhook secret; the current one keeps working for the overlap, then ends.

    The new secret is printed once: hand it to the partner's integrator over a secure channel.
    The receiver picks it up within KETEN_GEHEIM_CACHE_S seconds, without a restart.
    """
    instellingen = get_settings()
    partner = laad_catalogus(instellingen).partners.get(partner_id)
    if partner is None:
        console.print(f"[red]unknown partner {partner_id}[/red]")
        raise typer.Exit(1)
    nu = datetime.now(
        UTC
    )  # real time: a secret's validity is security, not the chain's shiftable clock
    with sessie(maak_engine(instellingen.db_url)) as s:
        geheim = geheimen.roteer(
            session=s,
            partner=partner_id,
            huidige=partner.webhook_geheimen,
            overlap=timedelta(hours=overlap_uren),
            nu=nu,
            instellingen=instellingen,
        )
    einde = nu + timedelta(hours=overlap_uren)
    Console(stderr=True).print(
        f"new secret for {partner_id} ({geheimen.vingerafdruk(geheim)}); the previous one is valid until {einde:%Y-%m-%d %H:%M} UTC"
    )
    typer.echo(geheim)  # alone on stdout, so a script can capture it
