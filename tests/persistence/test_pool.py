"""KETEN_DATABASE_POOL sizes each process's PostgreSQL pool, and no checkout pings the server."""

from __future__ import annotations

from persistence import kale_engine
from settings import get_settings


def test_de_pool_volgt_de_instelling_zonder_ping(monkeypatch):
    monkeypatch.setenv("KETEN_DATABASE_POOL", "7")
    get_settings.cache_clear()
    try:
        engine = kale_engine("postgresql+psycopg://keten:keten@127.0.0.1:1/niets")  # never connects
    finally:
        get_settings.cache_clear()
    pool = engine.pool
    assert pool.size() == 7
    assert pool._pre_ping is False
    engine.dispose()
