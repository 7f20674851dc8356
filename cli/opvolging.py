"""`keten followups`, `keten flags`, `keten klok`: what is due, what is late, and the chain's clock."""

from __future__ import annotations

import re
from datetime import timedelta

import typer
from rich.console import Console
from rich.table import Table

from persistence import klok as chain_klok
from persistence import maak_engine, opvolging, sessie, signalen
from settings import Instellingen, get_settings

console = Console()
klok = typer.Typer(
    help="The chain's one clock (development and tests): show it, move it forward, reset it.",
    invoke_without_command=True,
)

_EENHEID = {"d": "days", "w": "weeks", "h": "hours"}
_STATUSSEN = ("gepland", "gevraagd", "beantwoord", "gemist", "vervallen")


def duur(tekst: str) -> timedelta:
    """'30d', '2w', '12h' as a timedelta."""
    gevonden = re.fullmatch(r"(\d+)([dwh])", tekst.strip())
    if gevonden is None:
        raise typer.BadParameter("use a number and d, w or h: 30d, 2w, 12h")
    return timedelta(**{_EENHEID[gevonden[2]]: int(gevonden[1])})


def toon_followups(instellingen: Instellingen, uitvoer: Console, *, limiet: int = 25) -> None:
    """Check-ins per programme and partner, then the open and next ones by due date."""
    engine = maak_engine(instellingen.db_url)
    vandaag = chain_klok.nu(engine=engine).date()
    with sessie(engine) as s:
        telling, open_ = (
            opvolging.telling(session=s),
            opvolging.volgende(session=s, statussen=("gevraagd", "gepland"), limiet=limiet),
        )
    per_groep: dict[tuple[str, str], dict[str, int]] = {}
    for programma, partner, status, aantal in telling:
        per_groep.setdefault((programma, partner), {})[status] = aantal
    overzicht = Table(
        "programme", "nazorg partner", *_STATUSSEN, title=f"nazorg check-ins (today {vandaag})"
    )
    for (programma, partner), per_status in sorted(per_groep.items()):
        overzicht.add_row(programma, partner, *(str(per_status.get(s, 0)) for s in _STATUSSEN))
    uitvoer.print(overzicht)
    lijst = Table(
        "participant",
        "programme",
        "partner",
        "month",
        "due",
        "status",
        "days",
        title="asked and awaiting an answer, then next due",
    )
    for c in open_:
        dagen = (vandaag - c.vervaldatum).days
        lijst.add_row(
            c.pseudoniem,
            c.programma,
            c.partner,
            str(c.maand),
            c.vervaldatum.isoformat(),
            c.status,
            f"{dagen} overdue" if dagen > 0 else f"in {-dagen}",
        )
    uitvoer.print(lijst)


def toon_flags(
    instellingen: Instellingen,
    uitvoer: Console,
    *,
    programma: str | None = None,
    partner: str | None = None,
    limiet: int = 50,
) -> None:
    """Open flags, breached first: who is late or at risk, and why."""
    with sessie(maak_engine(instellingen.db_url)) as s:
        telling = signalen.telling(session=s)
        lijst = signalen.open_signalen(
            session=s, programma=programma, partner=partner, limiet=limiet
        )
    samen: dict[str, int] = {}
    for _, _, soort, niveau, n in telling:
        samen[f"{soort} ({niveau})"] = samen.get(f"{soort} ({niveau})", 0) + n
    uitvoer.print(
        "open flags: " + (", ".join(f"{k} {n}" for k, n in sorted(samen.items())) or "none")
    )
    tabel = Table(
        "level",
        "flag",
        "participant",
        "programme",
        "partner",
        "subject",
        "deadline",
        "since",
        "note",
        title="open flags",
    )
    for x in lijst:
        tabel.add_row(
            x.niveau,
            x.soort,
            x.pseudoniem,
            x.programma,
            x.partner,
            x.onderwerp,
            str(x.termijn or "-"),
            f"{x.ontstaan_op:%Y-%m-%d}",
            x.toelichting,
        )
    uitvoer.print(tabel)


def followups(
    limiet: int = typer.Option(25, help="How many open or next check-ins to list."),
) -> None:
    """What is due: nazorg check-ins per programme and partner, the open and the next ones."""
    toon_followups(get_settings(), console, limiet=limiet)


def flags(
    programma: str | None = typer.Option(None, help="Only this programme."),
    partner: str | None = typer.Option(None, help="Only this partner."),
    limiet: int = typer.Option(50, help="How many flags to list."),
) -> None:
    """What is late: open flags (phase too long, waiting, deadlines, missed check-ins, drift)."""
    toon_flags(get_settings(), console, programma=programma, partner=partner, limiet=limiet)


def _toon_klok(instellingen: Instellingen) -> None:
    engine = maak_engine(instellingen.db_url)
    verschuiving = chain_klok.verschuiving(engine=engine)
    console.print(
        f"chain time {chain_klok.nu(engine=engine):%Y-%m-%d %H:%M} UTC (real time + {verschuiving})"
    )


def _verzetbaar() -> Instellingen:
    instellingen = get_settings()
    if instellingen.omgeving == "production":
        raise typer.BadParameter("the clock is real time in production")
    return instellingen


@klok.callback()
def klok_tonen(ctx: typer.Context) -> None:
    """Show the chain's time (real time plus the offset every process reads)."""
    if ctx.invoked_subcommand is None:
        _toon_klok(get_settings())


@klok.command()
def vooruit(stap: str = typer.Argument(..., help="How far: 30d, 2w, 12h.")) -> None:
    """Move the chain's clock forward for every process of the stack (not in production)."""
    instellingen = _verzetbaar()
    chain_klok.vooruit(engine=maak_engine(instellingen.db_url), met=duur(stap))
    _toon_klok(instellingen)


@klok.command()
def terug() -> None:
    """Back to real time."""
    instellingen = _verzetbaar()
    chain_klok.zet(engine=maak_engine(instellingen.db_url), verschuiving_van=timedelta())
    _toon_klok(instellingen)
