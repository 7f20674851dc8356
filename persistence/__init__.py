"""Persistence: SQLModel tables and keyword-only repository functions. Imports schemas, settings."""

from persistence import geheimen, inbox, outbox, privacy, rapportage, verloop
from persistence.database import maak_engine, sessie
from persistence.tabellen import (
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
    "verloop",
    "geheimen",
    "inbox",
    "maak_engine",
    "outbox",
    "privacy",
    "rapportage",
    "sessie",
]
