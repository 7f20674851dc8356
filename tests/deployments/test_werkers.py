"""How many processing runs may run at once: KETEN_VERWERK_WERKERS on PostgreSQL, one on SQLite;
the other deployments keep prefect.yaml's own limit."""

from __future__ import annotations

import pytest

from deployments.serve import bouw, lees_deployments
from settings import get_settings


def _limieten() -> dict[str, int | None]:
    return {d["name"]: bouw(d).concurrency_limit for d in lees_deployments()}


@pytest.mark.parametrize(
    ("url", "verwacht"),
    [("postgresql+psycopg://keten@127.0.0.1/keten", 4), ("sqlite:////tmp/keten.db", 1)],
)
def test_de_verwerking_krijgt_zoveel_runs_als_de_database_toelaat(monkeypatch, url, verwacht):
    monkeypatch.setenv("KETEN_DATABASE_URL", url)
    monkeypatch.setenv("KETEN_VERWERK_WERKERS", "4")
    get_settings.cache_clear()
    try:
        limieten = _limieten()
    finally:
        get_settings.cache_clear()
    assert limieten["verwerk-inbox"] == verwacht
    assert limieten["opvolging"] == limieten["afstemming"] == 1
