"""`keten export onderzoek`: the researcher export (Parquet or CSV), a logged disclosure.

The legal bases for research per programme are not configured yet (schemas.programma is being
extended for it): the command passes none, so only participants with consent for doel:onderzoek
on record are included.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from persistence import klok, maak_engine
from persistence.onderzoek import Selectie
from persistence.onderzoek_export import Opdracht, exporteer
from schemas.onderzoek import Ongeldig, lees_aanvraag
from settings import get_settings, laad_catalogus, laad_regios

app = typer.Typer(
    help="Exports that leave the chain, each a logged disclosure.", no_args_is_help=True
)
console = Console()


@app.command("onderzoek")
def onderzoek(
    studie: Annotated[
        str, typer.Option("--studie", help="The study's name (a-z, 0-9, -): its own pseudonyms.")
    ],
    formaat: Annotated[str, typer.Option("--formaat", help="parquet or csv.")],
    uit: Annotated[Path, typer.Option("--uit", help="The file to write.")],
    programma: Annotated[
        str | None, typer.Option("--programma", help="Only this programme.")
    ] = None,
    van: Annotated[
        str | None, typer.Option("--van", help="Trajectories begun on or after (YYYY-MM-DD).")
    ] = None,
    tot: Annotated[
        str | None, typer.Option("--tot", help="Trajectories begun on or before (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Trajectories with phases, durations, moves and outcomes, generalised, under the study's own
    pseudonyms; only participants with a basis for research are included."""
    instellingen = get_settings()
    catalogus = laad_catalogus(instellingen)
    try:
        aanvraag = lees_aanvraag(
            studie=studie,
            formaat=formaat,
            programma=programma,
            van=van,
            tot=tot,
            programmas=catalogus.programmas,
        )
    except Ongeldig as exc:
        sys.stderr.write(f"keten: --{exc.veld}: {exc.regel}\n")
        raise typer.Exit(2) from None
    if not uit.parent.is_dir():
        sys.stderr.write(f"keten: --uit: no such folder {uit.parent}\n")
        raise typer.Exit(2)
    engine = maak_engine(instellingen.db_url)
    resultaat = exporteer(
        engine=engine,
        instellingen=instellingen,
        regios=laad_regios(instellingen, catalogus),
        opdracht=Opdracht(
            aanvraag.studie,
            aanvraag.formaat,
            Selectie(aanvraag.programma, aanvraag.van, aanvraag.tot),
            wettelijk=catalogus.wettelijke_grondslagen(),
        ),
        pad=uit,
        nu=klok.nu(engine=engine),
    )
    console.print(
        f"exported {resultaat.deelnemers} participants ({resultaat.trajecten} trajectories, "
        f"{resultaat.rijen} rows) to {uit}; excluded {resultaat.uitgesloten} without a basis for research"
    )
