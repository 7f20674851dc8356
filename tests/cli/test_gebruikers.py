"""`keten gebruikers` through the real CLI: add, list, disable, set a password; refusals in one line."""

from __future__ import annotations

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from cli.app import app
from persistence import gebruikers, maak_engine
from settings import get_settings

GOED = "een lang genoeg wachtwoord"


@pytest.fixture
def engine(tmp_path, monkeypatch):
    monkeypatch.setenv("KETEN_DATA_MAP", str(tmp_path))
    monkeypatch.setenv("KETEN_DATABASE_URL", f"sqlite:///{tmp_path / 'keten.db'}")
    get_settings.cache_clear()
    yield maak_engine(get_settings().db_url)
    get_settings.cache_clear()


def _keten(*args: str, invoer: str | None = None):
    return CliRunner().invoke(app, ["gebruikers", *args], input=invoer)


def _opent(engine, naam, wachtwoord):
    with Session(engine) as s:
        return gebruikers.controleer(session=s, gebruikersnaam=naam, wachtwoord=wachtwoord)


def test_add_list_disable_and_a_new_password(engine):
    uit = _keten(
        "toevoegen",
        "k.deboer",
        "--rol",
        "regiehouder",
        "--partner",
        "gemeente-utrecht",
        "--persoon",
        "km-utrecht-017",
        invoer=GOED + "\n",
    )
    assert uit.exit_code == 0, uit.output
    assert _opent(engine, "k.deboer", GOED).persoon == "km-utrecht-017"
    lijst = _keten("lijst").output
    assert "k.deboer" in lijst and "regiehouder" in lijst and "argon2" not in lijst
    assert _keten("wachtwoord", "k.deboer", invoer="nog een lang wachtwoord\n").exit_code == 0
    assert _opent(engine, "k.deboer", GOED) is None
    assert _opent(engine, "k.deboer", "nog een lang wachtwoord") is not None
    assert _keten("uitschakelen", "k.deboer").exit_code == 0
    assert _opent(engine, "k.deboer", "nog een lang wachtwoord") is None
    assert "no" in _keten("lijst").output


@pytest.mark.parametrize(
    ("args", "invoer", "regel"),
    [
        (["toevoegen", "x.y", "--rol", "koning"], GOED, "unknown role 'koning'"),
        (["toevoegen", "x.y", "--rol", "onderzoeker"], "kort\n", "at least 12 characters"),
        (["toevoegen", "x.y", "--rol", "partner_medewerker"], GOED, "needs --partner"),
        (
            ["toevoegen", "x.y", "--rol", "regiehouder", "--persoon", "Jan de Vries"],
            GOED,
            "staff code",
        ),
        (
            ["toevoegen", "x.y", "--rol", "onderzoeker", "--partner", "nergens"],
            GOED,
            "unknown partner",
        ),
        (["uitschakelen", "niemand"], None, "no account 'niemand'"),
    ],
)
def test_mistakes_are_refused_with_one_clear_line(engine, args, invoer, regel):
    uit = _keten(*args, invoer=invoer)
    assert uit.exit_code == 1 and regel in uit.output
    assert len(uit.output.strip().splitlines()) == 1


def test_a_duplicate_name_is_refused(engine):
    assert _keten("toevoegen", "beheer", "--rol", "beheerder", invoer=GOED).exit_code == 0
    uit = _keten("toevoegen", "beheer", "--rol", "beheerder", invoer=GOED)
    assert uit.exit_code == 1 and "exists already" in uit.output


def test_the_password_is_no_argument(engine):
    uit = _keten("toevoegen", "x.y", "--rol", "onderzoeker", "--wachtwoord", GOED)
    assert uit.exit_code != 0
