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
from settings import get_settings, logboek, richt_logboek_in


def app() -> FastAPI:
    richt_logboek_in()  # its info lines (webhooks sent, refusals) are JSON lines in simulator.log
    engine = maak_engine(get_settings().db_url)

    def nu() -> datetime:
        return klok.nu(engine=engine)

    simulator = app_uit_omgeving(klok=nu, meld_start=True)
    logboek(__name__).info("simulator_gestart", poort=get_settings().simulator_poort)
    return simulator
