"""Fixtures for the dashboard: a migrated database, the app served on loopback, a browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from dashboard.app import create_app
from persistence import maak_engine, migreer
from settings import Instellingen, laad_catalogus
from tests.connectors.simulator_hulp import Loopback
from tests.dashboard.hulp import CHROMIUM


@pytest.fixture
def dashboard_instellingen(instellingen: Instellingen) -> Instellingen:
    migreer(maak_engine(instellingen.db_url))
    return instellingen


@pytest.fixture
def dashboard_engine(dashboard_instellingen: Instellingen) -> Iterator[Engine]:
    engine = maak_engine(dashboard_instellingen.db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def dashboard(dashboard_instellingen: Instellingen) -> Iterator[str]:
    """The dashboard served by uvicorn on 127.0.0.1; its base URL."""
    app = create_app(dashboard_instellingen, laad_catalogus(dashboard_instellingen))
    with Loopback(app) as server:
        yield server.url


@pytest.fixture(scope="package")
def chromium() -> Iterator[object]:
    """Debian's Chromium, headless, driven by playwright (its own downloads are not needed).

    Package-scoped: playwright's sync API keeps an event loop running while it is open, so it
    must close before tests elsewhere call asyncio.run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"no Chromium at {CHROMIUM}: `make test` installs it (apt-get install chromium)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def pagina(chromium) -> Iterator[object]:
    context = chromium.new_context(locale="nl-NL")
    page = context.new_page()
    yield page
    context.close()
