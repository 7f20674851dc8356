"""`keten db`: the configured database's schema revision, and upgrades to head or a revision.

Every process also upgrades on its first connection (persistence.maak_engine); these commands
are for doing it on purpose: before a release goes live, or to see where a database stands.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from alembic.util import CommandError
from rich.console import Console
from sqlalchemy.engine import Engine, make_url

from persistence import hoofdversie, kale_engine, migreer, schemaversie
from persistence.migraties import MigratieFout, nieuwe_revisie
from settings import get_settings

app = typer.Typer(help="The database schema: where it stands, and upgrades.", no_args_is_help=True)
console = Console()


def _waar(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _naam(revisie: str | None) -> str:
    return revisie or "no revision"


def meld(regel: str) -> None:
    """One line as it is: no wrapping, no markup (URLs and revisions stay whole)."""
    console.print(regel, soft_wrap=True, markup=False, highlight=False)


@contextmanager
def _engine(url: str) -> Iterator[Engine]:
    """A short-lived engine that leaves the schema to the command (maak_engine would upgrade)."""
    engine = kale_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def breng_bij(url: str, doel: str = "head") -> str:
    """Upgrade the database at `url`; one line saying from what to what."""
    with _engine(url) as engine:
        van = schemaversie(engine)
        migreer(engine, doel)
        naar = schemaversie(engine)
    if van == naar:
        return f"database {_waar(url)}: at {_naam(naar)}, nothing to upgrade"
    return f"database {_waar(url)}: upgraded {_naam(van)} → {_naam(naar)}"


@app.command("upgrade")
def upgrade(
    doel: Annotated[
        str, typer.Option("--doel", help="Revision to upgrade to (default: head).")
    ] = "head",
) -> None:
    """Bring the configured database (KETEN_DATABASE_URL, else SQLite under KETEN_DATA_MAP) up to a revision."""
    try:
        meld(breng_bij(get_settings().db_url, doel))
    except (
        CommandError,
        MigratieFout,
    ) as exc:  # an unknown or older revision, or a result refused before commit
        meld(f"not upgraded: {exc}")
        raise typer.Exit(1) from exc


@app.command("current")
def current() -> None:
    """Print the database's revision and whether it is head; exit 1 when it is not."""
    url = get_settings().db_url
    with _engine(url) as engine:
        revisie = schemaversie(engine)
    hoofd = hoofdversie()
    staat = "(head)" if revisie == hoofd else f"(head is {hoofd}: run `keten db upgrade`)"
    meld(f"database {_waar(url)}: {_naam(revisie)} {staat}")
    raise typer.Exit(0 if revisie == hoofd else 1)


@app.command("revisie")
def revisie(
    bericht: Annotated[str, typer.Argument(help="What the revision does, e.g. 'signaal gewicht'.")],
) -> None:
    """Write the next revision from what the models hold and head does not (autogenerate against a
    scratch SQLite database at head). Read it before committing: it misses CHECK constraints and
    triggers, and a rebuilt `overgang` needs its trigger again."""
    with (
        tempfile.TemporaryDirectory() as map_,
        _engine(f"sqlite:///{Path(map_) / 'kladblok.db'}") as engine,
    ):
        migreer(engine)
        pad = nieuwe_revisie(engine, bericht)
    meld(f"wrote {pad}")
