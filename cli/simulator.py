"""The partner simulator as the stack runs it: on the chain's one clock, reporting phase starts.

`uvicorn --factory cli.simulator:app`. The simulated partners read the clock offset from the
chain's database so that, when a test or the demo moves the clock, their dossier dates and
reports move along; a real partner has its own (real) clock.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import FastAPI

from connectors.simulator import app_uit_omgeving
from persistence import klok, maak_engine
from settings import get_settings


def app() -> FastAPI:
    engine = maak_engine(get_settings().db_url)

    def nu() -> datetime:
        return klok.nu(engine=engine)

    return app_uit_omgeving(klok=nu, meld_start=True)
