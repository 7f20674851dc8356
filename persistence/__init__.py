"""Persistence: SQLModel tables and keyword-only repository functions. Imports schemas, settings."""

from persistence import chain, geheimen, inbox, outbox, privacy, reports
from persistence.db import maak_engine, sessie
from persistence.tables import (
    Deelnemer,
    InboxBericht,
    OutboxBericht,
    OutboxHerhaling,
    Overdracht,
    Overgang,
    Traject,
    UitkomstRegel,
    Verstrekking,
)

__all__ = [
    "Deelnemer",
    "InboxBericht",
    "OutboxBericht",
    "OutboxHerhaling",
    "Overdracht",
    "Overgang",
    "Traject",
    "UitkomstRegel",
    "Verstrekking",
    "chain",
    "geheimen",
    "inbox",
    "maak_engine",
    "outbox",
    "privacy",
    "reports",
    "sessie",
]
