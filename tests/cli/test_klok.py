"""`keten klok`: every process reads the moved clock from the database; production keeps real time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from typer.testing import CliRunner

from cli.app import app
from persistence import klok, maak_engine
from settings import get_settings


@pytest.fixture
def omgeving(tmp_path, monkeypatch):
    monkeypatch.setenv("KETEN_DATA_MAP", str(tmp_path))
    monkeypatch.setenv("KETEN_DATABASE_URL", f"sqlite:///{tmp_path / 'keten.db'}")
    get_settings.cache_clear()
    klok.vergeet()
    yield maak_engine(get_settings().db_url)
    get_settings.cache_clear()
    klok.vergeet()


def test_de_klok_gaat_vooruit_en_terug_naar_echte_tijd(omgeving):
    runner = CliRunner()
    assert "real time + 0:00:00" in runner.invoke(app, ["klok"]).output
    assert "real time + 42 days" in runner.invoke(app, ["klok", "vooruit", "6w"]).output
    assert runner.invoke(app, ["klok", "vooruit", "2d"]).exit_code == 0
    klok.vergeet()
    assert klok.verschuiving(engine=omgeving) == timedelta(days=44)
    assert runner.invoke(app, ["klok", "vooruit", "een maand"]).exit_code != 0
    assert "real time + 0:00:00" in runner.invoke(app, ["klok", "terug"]).output


def test_in_productie_blijft_de_klok_echte_tijd(omgeving, monkeypatch):
    monkeypatch.setattr(
        "cli.opvolging.get_settings",
        lambda: get_settings().model_copy(update={"omgeving": "production"}),
    )
    resultaat = CliRunner().invoke(app, ["klok", "vooruit", "30d"])
    assert resultaat.exit_code != 0 and "real time in production" in resultaat.output
    klok.vergeet()
    assert klok.verschuiving(engine=omgeving) == timedelta()
