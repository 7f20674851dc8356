"""Composition root: settings, catalogue, database, gate and partner clients, built once per process."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy.engine import Engine

from connectors import PartnerClient, client_voor
from persistence import klok, maak_engine
from quality import Poort, get_poort
from settings import Catalogus, Instellingen, get_settings, laad_catalogus


@dataclass(frozen=True)
class Onderdelen:
    instellingen: Instellingen
    catalogus: Catalogus
    engine: Engine


@lru_cache(maxsize=1)
def onderdelen() -> Onderdelen:
    instellingen = get_settings()
    return Onderdelen(instellingen, laad_catalogus(instellingen), maak_engine(instellingen.db_url))


def poort() -> Poort:
    return get_poort()


_CLIENT_SLOT = threading.Lock()


def partnerclient(partner_id: str) -> PartnerClient:
    """One client per partner per process, also when delivery threads ask at once (one OAuth2
    token each); httpx clients pool connections and are thread-safe."""
    with _CLIENT_SLOT:
        return _partnerclient(partner_id)


@lru_cache(maxsize=64)
def _partnerclient(partner_id: str) -> PartnerClient:
    return client_voor(onderdelen().catalogus.partner(partner_id))


def nu() -> datetime:
    """Domain time from the program's one clock (persistence.klok), shared by every process."""
    return klok.nu(engine=onderdelen().engine)


def vergeet_clients() -> None:
    """Drop the partner clients (a test that swaps the connector factory)."""
    _partnerclient.cache_clear()


def vergeet() -> None:
    """Drop everything built from settings (tests change settings between runs)."""
    get_settings.cache_clear()
    onderdelen.cache_clear()
    vergeet_clients()
    klok.vergeet()
