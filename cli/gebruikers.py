"""`keten gebruikers`: local accounts of the dashboard (argon2 hashes, never a password kept).

The password comes from a prompt (hidden, asked twice) or, when stdin is not a terminal, from
its first line: never from an argument, which would land in the shell's history and `ps`.
A mistake is refused with one clear line and exit code 1.
"""

from __future__ import annotations

import re
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlmodel import Session, select

from persistence import gebruikers, klok, maak_engine
from persistence.tabellen_toegang import Gebruiker as GebruikerRij
from schemas.medewerker import MEDEWERKER_PATROON
from schemas.rollen import Rol
from settings import get_settings, laad_catalogus

app = typer.Typer(
    help="Dashboard accounts: add, list, disable, set a password.", no_args_is_help=True
)
console = Console()
MIN_LENGTE = 12


def _weiger(regel: str) -> None:
    typer.echo(f"refused: {regel}", err=True)
    raise typer.Exit(1)


def _wachtwoord() -> str:
    if sys.stdin.isatty():
        waarde = str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    else:
        waarde = sys.stdin.readline().rstrip("\r\n")
    if len(waarde) < MIN_LENGTE:
        _weiger(f"a password needs at least {MIN_LENGTE} characters")
    return waarde


def _rol(waarde: str) -> Rol:
    try:
        return Rol(waarde)
    except ValueError:
        _weiger(f"unknown role {waarde!r}; one of {', '.join(r.value for r in Rol)}")
        raise


@app.command("toevoegen")
def toevoegen(
    naam: Annotated[str, typer.Argument(help="Account name (what one signs in with).")],
    rol: Annotated[
        str,
        typer.Option(
            "--rol",
            help="ketenregisseur, regiehouder, partner_medewerker, onderzoeker or beheerder.",
        ),
    ],
    partner: Annotated[
        str | None, typer.Option("--partner", help="The organisation (partner id).")
    ] = None,
    persoon: Annotated[
        str | None,
        typer.Option("--persoon", help="A regiehouder's staff code, e.g. km-utrecht-017."),
    ] = None,
) -> None:
    """Add an account; the password is read from the prompt or stdin."""
    gekozen = _rol(rol)
    if not re.fullmatch(r"[A-Za-z0-9._-]{2,64}", naam):
        _weiger("a name is 2-64 letters, digits, '.', '_' or '-'")
    instellingen = get_settings()
    if partner is not None and partner not in laad_catalogus(instellingen).partners:
        _weiger(f"unknown partner {partner!r}")
    if persoon is not None and not re.fullmatch(MEDEWERKER_PATROON, persoon):
        _weiger("--persoon is a staff code like km-utrecht-017, never a name")
    if gekozen == Rol.PARTNER_MEDEWERKER and partner is None:
        _weiger("a partner_medewerker needs --partner")
    if gekozen == Rol.REGIEHOUDER and persoon is None:
        _weiger("a regiehouder needs --persoon (the staff code the cases are held under)")
    engine = maak_engine(instellingen.db_url)
    with Session(engine) as s:
        if gebruikers.rij_met(session=s, gebruikersnaam=naam) is not None:
            _weiger(f"an account {naam!r} exists already")
        wachtwoord = _wachtwoord()
        gebruikers.voeg_toe(
            session=s,
            gebruikersnaam=naam,
            rol=gekozen,
            wachtwoord=wachtwoord,
            nu=klok.nu(engine=engine),
            partner=partner,
            persoon=persoon,
        )
        s.commit()
    console.print(f"added {naam} ({gekozen.value})")


@app.command("lijst")
def lijst() -> None:
    """Every account: role, organisation, staff code, active; never a hash."""
    engine = maak_engine(get_settings().db_url)
    with Session(engine) as s:
        rijen = s.exec(select(GebruikerRij).order_by(GebruikerRij.gebruikersnaam)).all()
    tabel = Table("name", "role", "partner", "persoon", "sign-in", "active")
    for r in rijen:
        via = "oidc" if r.oidc_subject else "password"
        tabel.add_row(
            r.gebruikersnaam,
            r.rol,
            r.partner or "",
            r.persoon or "",
            via,
            "yes" if r.actief else "no",
        )
    console.print(tabel)


def _rij(s: Session, naam: str) -> GebruikerRij:
    rij = gebruikers.rij_met(session=s, gebruikersnaam=naam)
    if rij is None:
        _weiger(f"no account {naam!r}")
        raise AssertionError
    return rij


@app.command("uitschakelen")
def uitschakelen(naam: str) -> None:
    """Disable an account: it can no longer sign in (its history stays)."""
    with Session(maak_engine(get_settings().db_url)) as s:
        rij = _rij(s, naam)
        rij.actief = False
        s.add(rij)
        s.commit()
    console.print(f"disabled {naam}")


@app.command("wachtwoord")
def wachtwoord(naam: str) -> None:
    """Set a new password, read from the prompt or stdin."""
    with Session(maak_engine(get_settings().db_url)) as s:
        rij = _rij(s, naam)
        gebruikers.zet_wachtwoord(rij=rij, wachtwoord=_wachtwoord())
        s.add(rij)
        s.commit()
    console.print(f"password set for {naam}")
