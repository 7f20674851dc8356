"""Fixtures for the connector and simulator tests: real settings, real HTTP on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors.simulator import create_simulator_app
from settings import Catalogus, Instellingen, laad_catalogus
from tests.connectors.simulator_hulp import (
    Loopback,
    LopendeSimulator,
    Ontvanger,
    SimulatorFabriek,
    met_kansen,
)


@pytest.fixture
def instellingen() -> Instellingen:
    return Instellingen(webhook_basis_url="http://127.0.0.1:9")


@pytest.fixture
def catalogus(instellingen: Instellingen) -> Catalogus:
    return laad_catalogus(instellingen)


@pytest.fixture
def ontvanger(catalogus: Catalogus) -> Iterator[tuple[Ontvanger, str]]:
    o = Ontvanger(catalogus)
    with Loopback(o.app) as server:
        yield o, server.url


@pytest.fixture
def start_simulator(ontvanger: tuple[Ontvanger, str]) -> Iterator[SimulatorFabriek]:
    """Start the simulator (real uvicorn) reporting to the `ontvanger`, with the given rates."""
    ontvanger_obj, ontvanger_url = ontvanger
    servers: list[Loopback] = []

    def start(
        herhaal_tot_s: float = 60.0,
        webhook_url: str | None = None,
        vertraging: tuple[float, float] = (0.01, 0.05),
        **kansen: float,
    ) -> LopendeSimulator:
        instellingen = Instellingen(webhook_basis_url=webhook_url or ontvanger_url)
        catalogus = met_kansen(laad_catalogus(instellingen), **kansen)
        ontvanger_obj.catalogus = catalogus
        app = create_simulator_app(
            catalogus, instellingen, vertraging=vertraging, herhaal_tot_s=herhaal_tot_s
        )
        server = Loopback(app).__enter__()
        servers.append(server)
        return LopendeSimulator(server.url, catalogus)

    yield start
    for server in servers:
        server.__exit__()
