"""Shared fixtures: settings on a fresh SQLite file per test, the real catalogue, signing."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from standardwebhooks import Webhook

from persistence import kale_engine, maak_engine, migreer
from settings import Catalogus, Instellingen, laad_catalogus


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each database test runs on SQLite and, where the machine has one, on PostgreSQL.

    `make test` starts the local cluster and sets KETEN_TEST_POSTGRES_URL (scripts/postgres-test-url).
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'keten.db'}"
    url = os.environ.get("KETEN_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL: set KETEN_TEST_POSTGRES_URL (make test does)")
    kaal = kale_engine(
        url
    )  # start clean, whatever an earlier run or branch left behind (even a revision we do not know)
    leeg_schema(kaal)
    kaal.dispose()
    migreer(maak_engine(url))
    return url


def leeg_schema(engine: Engine) -> None:
    """Drop everything in a PostgreSQL test database (a SQLite test database is a new file)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as verbinding:
            verbinding.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


@pytest.fixture
def instellingen(tmp_path: Path, db_url: str) -> Instellingen:
    return Instellingen(data_map=tmp_path, database_url=db_url)


@pytest.fixture
def catalogus(instellingen: Instellingen) -> Catalogus:
    return laad_catalogus(instellingen)


def onderteken(
    geheim: str, body: bytes, *, webhook_id: str | None = None, tijdstip: datetime | None = None
) -> dict[str, str]:
    """Sign as any Standard Webhooks sender would (the reference library, not our code)."""
    webhook_id = webhook_id or f"msg_{uuid.uuid4().hex}"
    tijdstip = tijdstip or datetime.now(UTC)
    handtekening = Webhook(geheim).sign(webhook_id, tijdstip, body.decode())
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(tijdstip.timestamp())),
        "webhook-signature": handtekening,
        "content-type": "application/json",
    }


def json_body(inhoud: dict[str, Any]) -> bytes:
    return json.dumps(inhoud).encode()
