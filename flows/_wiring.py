"""Composition root: settings, catalogue, database, gate and partner clients, built once per process."""

from __future__ import annotations

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


@lru_cache(maxsize=64)
def partnerclient(partner_id: str) -> PartnerClient:
    """One client per partner per process; httpx clients pool connections and are thread-safe."""
    return client_voor(onderdelen().catalogus.partner(partner_id))


def nu() -> datetime:
    """Domain time from the program's one clock (persistence.klok), shared by every process."""
    return klok.nu(engine=onderdelen().engine)


def vergeet() -> None:
    """Drop everything built from settings (tests change settings between runs)."""
    get_settings.cache_clear()
    onderdelen.cache_clear()
    partnerclient.cache_clear()
    klok.vergeet()
