"""Persistence: SQLModel tables and keyword-only repository functions. Imports schemas, settings."""

from persistence import (
    geheimen,
    inbox,
    outbox,
    overzicht_indexen,  # noqa: F401  (its indexes join the metadata)
    privacy,
    rapportage,
    tabellen_besluit,  # noqa: F401  (its tables join the metadata)
    tabellen_jeugd,  # noqa: F401  (its tables join the metadata)
    tabellen_kenmerk,  # noqa: F401  (its tables join the metadata)
    tabellen_toegang,  # noqa: F401  (its tables join the metadata)
    tabellen_toestemming,  # noqa: F401  (its tables join the metadata)
    tabellen_verwijzing,
    verloop,
)
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
from persistence.tabellen_banen import TrajectBaan
from persistence.tabellen_ijkpunt import Ijkpunt, PlanVersie

__all__ = [
    "Deelnemer",
    "Ijkpunt",
    "PlanVersie",
    "InboxBericht",
    "OutboxBericht",
    "OutboxHerhaling",
    "Overdracht",
    "Overgang",
    "Traject",
    "TrajectBaan",
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
