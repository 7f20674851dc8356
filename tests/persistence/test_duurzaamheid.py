"""The SQLite durability setting reaches every connection: NORMAL by default, FULL on request."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from persistence import maak_engine
from settings import Instellingen, get_settings

# SQLite's numbers for PRAGMA synchronous (sqlite.org/pragma.html#pragma_synchronous).
NIVEAU = {"NORMAL": 1, "FULL": 2}


def _pragma(engine: Engine, naam: str) -> object:
    with engine.connect() as verbinding:
        return verbinding.exec_driver_sql(f"PRAGMA {naam}").scalar()


@pytest.fixture
def schone_instellingen():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_standaard_is_wal_met_normal(tmp_path, schone_instellingen, monkeypatch):
    monkeypatch.delenv("KETEN_SQLITE_SYNCHRONOUS", raising=False)
    engine = maak_engine(f"sqlite:///{tmp_path / 'a.db'}")
    assert _pragma(engine, "journal_mode") == "wal"
    assert _pragma(engine, "synchronous") == NIVEAU["NORMAL"]


def test_full_via_de_omgeving(tmp_path, schone_instellingen, monkeypatch):
    monkeypatch.setenv("KETEN_SQLITE_SYNCHRONOUS", "FULL")
    engine = maak_engine(f"sqlite:///{tmp_path / 'b.db'}")
    assert _pragma(engine, "synchronous") == NIVEAU["FULL"]


def test_expliciete_instelling_gaat_voor(tmp_path, schone_instellingen, monkeypatch):
    monkeypatch.setenv("KETEN_SQLITE_SYNCHRONOUS", "NORMAL")
    instellingen = Instellingen(data_map=tmp_path, sqlite_synchronous="FULL")
    engine = maak_engine(instellingen.db_url, instellingen.sqlite_synchronous)
    assert _pragma(engine, "synchronous") == NIVEAU["FULL"]


def test_onbekend_niveau_wordt_geweigerd(monkeypatch, schone_instellingen):
    monkeypatch.setenv("KETEN_SQLITE_SYNCHRONOUS", "OFF")
    with pytest.raises(ValueError, match="sqlite_synchronous"):
        get_settings()
