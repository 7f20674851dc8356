"""Which secrets a partner's webhooks may be signed with right now: rotated ones from the database,
else the configured ones; cached briefly so a webhook costs no extra query."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime

from pydantic import SecretStr
from sqlalchemy.engine import Engine
from sqlmodel import Session

from persistence import geheimen
from settings import Instellingen, PartnerInstellingen


class Sleutelbos:
    """Per partner the valid secrets, read again after `instellingen.geheim_cache_s` seconds."""

    def __init__(self, engine: Engine, instellingen: Instellingen) -> None:
        self._engine = engine
        self._instellingen = instellingen
        self._slot = threading.Lock()
        self._cache: dict[str, tuple[float, list[SecretStr] | None]] = {}

    def partner(self, partner: PartnerInstellingen) -> PartnerInstellingen:
        """The partner with the secrets valid now (blocking: call from a worker thread)."""
        gevonden = self._cache.get(partner.id)
        if gevonden is None or time.monotonic() - gevonden[0] >= self._instellingen.geheim_cache_s:
            with Session(self._engine) as s:
                geldig = geheimen.geldige(
                    session=s,
                    partner=partner.id,
                    nu=datetime.now(UTC),
                    instellingen=self._instellingen,
                )
            gevonden = (time.monotonic(), geldig)
            with self._slot:
                self._cache[partner.id] = gevonden
        geldig = gevonden[1]
        return (
            partner if geldig is None else partner.model_copy(update={"webhook_geheimen": geldig})
        )
