"""After `make demo` the demo's chain stays reachable: `keten --demo status|flags` read the demo's
database (demo.db in the data folder), and the demo ends by naming a pseudonym to try."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from rich.console import Console
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.app import app
from cli.demo import DEMO_TEMPO, demo_database_url, demo_instellingen, uitnodiging
from cli.stapel import adressen, omgeving
from persistence import Overgang, Traject, klok, maak_engine
from settings import Instellingen, get_settings
from tests.flows.test_import import plaats_deelnemers


@pytest.fixture
def demomap(tmp_path, monkeypatch):
    """A data folder as `make demo` leaves it: the chain's keten.db empty, the demo's in demo.db."""
    monkeypatch.setenv("KETEN_DATA_MAP", str(tmp_path))
    monkeypatch.setenv("KETEN_DATABASE_URL", "")  # the --demo option replaces it; restored after
    get_settings.cache_clear()
    klok.vergeet()
    demo = Instellingen(data_map=tmp_path, database_url=demo_database_url(tmp_path))
    [pseudoniem] = plaats_deelnemers(demo, 1)
    with Session(maak_engine(demo.db_url)) as s:
        traject = s.exec(select(Traject)).one()
        s.add(
            Overgang(
                deelnemer_id=traject.deelnemer_id,
                traject_id=traject.id,
                beweging="doorstromen",
                van_fase="vakopleiding",
                naar_fase="plaatsing",
                naar_status="actief",
                naar_partner="werkgevers-utrecht",
                reden="demo",
                besloten_door="programma",
                tijdstip=datetime.now(UTC),
            )
        )
        s.commit()
    yield demo, pseudoniem
    get_settings.cache_clear()
    klok.vergeet()


def _keten(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_status_en_flags_lezen_de_keten_van_de_demo(demomap):
    _, pseudoniem = demomap
    status = _keten("--demo", "status", pseudoniem)
    assert status.exit_code == 0, status.output
    assert "plaatsing" in status.output and "werkgevers-utrecht" in status.output
    assert _keten("--demo", "flags").exit_code == 0


def test_zonder_demo_blijft_de_eigen_database_apart(demomap):
    _, pseudoniem = demomap
    get_settings.cache_clear()
    assert _keten("status", pseudoniem).exit_code == 1, "the chain's own database is another one"


def test_de_demo_noemt_een_pseudoniem_om_te_proberen(demomap):
    demo, pseudoniem = demomap
    console = Console(record=True, width=200)
    uitnodiging(demo, console)
    tekst = console.export_text()
    assert f"keten --demo status {pseudoniem}" in tekst and "demo.db" in tekst
    assert re.search(r"keten --demo serve", tekst)


def test_de_demo_geeft_de_partners_haar_eigen_tempo_tenzij_het_is_ingesteld(tmp_path, monkeypatch):
    """The demo's partners answer after 0.05-0.3 s and every child process of the stack hears so
    (the README's three minutes rest on it); an explicit setting still wins."""
    monkeypatch.setenv("KETEN_DATA_MAP", str(tmp_path))
    for sleutel in DEMO_TEMPO:
        monkeypatch.delenv(f"KETEN_{sleutel.upper()}", raising=False)
    get_settings.cache_clear()
    demo = demo_instellingen()
    env = omgeving(demo, adressen(demo))
    assert env["KETEN_SIMULATOR_VERTRAGING_MIN_S"] == "0.05"
    assert env["KETEN_SIMULATOR_VERTRAGING_MAX_S"] == "0.3"

    monkeypatch.setenv("KETEN_SIMULATOR_VERTRAGING_MAX_S", "2.0")
    get_settings.cache_clear()
    assert (
        omgeving(demo_instellingen(), adressen(demo))["KETEN_SIMULATOR_VERTRAGING_MAX_S"] == "2.0"
    )
    get_settings.cache_clear()
