"""Shared fixtures: settings on a fresh SQLite file per test, the real catalogue, signing."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from standardwebhooks import Webhook

from settings import Catalogus, Instellingen, laad_catalogus


@pytest.fixture
def instellingen(tmp_path: Path) -> Instellingen:
    return Instellingen(data_map=tmp_path, database_url=f"sqlite:///{tmp_path / 'keten.db'}")


@pytest.fixture
def catalogus(instellingen: Instellingen) -> Catalogus:
    return laad_catalogus(instellingen)


def onderteken(geheim: str, body: bytes, *, webhook_id: str | None = None, tijdstip: datetime | None = None) -> dict[str, str]:
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
