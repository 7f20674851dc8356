"""Persistence: SQLModel tables and keyword-only repository functions. Imports schemas, settings."""

from persistence import geheimen, inbox, outbox, privacy, rapportage, tabellen_verwijzing, verloop
from persistence.database import kale_engine, maak_engine, sessie
from persistence.migraties import hoofdversie, migreer, schemaversie
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
    "tabellen_verwijzing",
    "verloop",
    "geheimen",
    "hoofdversie",
    "inbox",
    "kale_engine",
    "maak_engine",
    "migreer",
    "outbox",
    "privacy",
    "rapportage",
    "schemaversie",
    "sessie",
]
