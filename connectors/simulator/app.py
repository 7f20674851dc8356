"""The partner simulator as a FastAPI app: every partner of the catalogue on one loopback port.

Run it with `python -m connectors.simulator` (or `serve_simulator()`), or with uvicorn:
`uvicorn connectors.simulator.app:app_uit_omgeving --factory --port 8101`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime

import uvicorn
from fastapi import FastAPI

from connectors.simulator._simulator import Simulator
from settings import Catalogus, Instellingen, get_settings, laad_catalogus


def create_simulator_app(
    catalogus: Catalogus,
    instellingen: Instellingen,
    *,
    vertraging: tuple[float, float] = (0.2, 1.0),
    seed: int = 7,
    herhaal_tot_s: float = 60.0,
    klok: Callable[[], datetime] | None = None,
    meld_start: bool = False,
) -> FastAPI:
    """The simulated partners of `catalogus`, reporting back to `instellingen.webhook_basis_url`.

    Args:
        catalogus: partners (ids, keys, secrets) and programmes (rules, simulation rates).
        instellingen: where ketenregie's webhook endpoint lives.
        vertraging: seconds (min, max) a partner takes before each event it sends.
        seed: makes decisions repeatable per message key.
        herhaal_tot_s: how long one webhook is retried before it counts as `mislukt`.
        klok: the chain's clock (default real time), so a moved clock moves the partners too.
        meld_start: report `fase.gestart` when a phase begins (ends the chain's waiting clock).
    """
    if not 0 <= vertraging[0] <= vertraging[1]:
        raise ValueError("vertraging must be (min, max) with 0 <= min <= max")
    simulator = Simulator(
        catalogus, vertraging=vertraging, seed=seed, klok=klok, meld_start=meld_start
    )

    def levensloop(_app: FastAPI) -> AbstractAsyncContextManager[None]:
        return simulator.in_bedrijf(instellingen.webhook_basis_url, herhaal_tot_s=herhaal_tot_s)

    app = FastAPI(title="ketenregie partner simulator", lifespan=levensloop)
    app.state.simulator = simulator
    app.add_api_route("/_sim/status", simulator.status, methods=["GET"])
    app.add_api_route("/_sim/storing", simulator.storing, methods=["PUT"])
    app.add_api_route("/_sim/storing/{partner_id}", simulator.partner_storing, methods=["PUT"])
    app.add_api_route("/{partner_id}/deelnemers", simulator.bestand, methods=["GET"])
    app.add_api_route("/{partner_id}/oauth/token", simulator.tokens.token, methods=["POST"])
    app.add_api_route(
        "/{partner_id}/berichten",
        simulator.ontvang,
        methods=["POST"],
        status_code=202,
        response_model=None,
    )
    app.add_api_route("/{partner_id}/deelnemers/{pseudoniem}", simulator.kennis, methods=["GET"])
    return app


def app_uit_omgeving(
    klok: Callable[[], datetime] | None = None, meld_start: bool = False
) -> FastAPI:
    """The simulator for the configured environment (KETEN_* variables): the uvicorn factory."""
    instellingen = get_settings()
    vertraging = (instellingen.simulator_vertraging_min_s, instellingen.simulator_vertraging_max_s)
    return create_simulator_app(
        laad_catalogus(instellingen),
        instellingen,
        vertraging=vertraging,
        seed=instellingen.simulator_seed,
        klok=klok,
        meld_start=meld_start,
    )


def serve_simulator(
    host: str = "127.0.0.1", port: int | None = None, *, instellingen: Instellingen | None = None
) -> None:
    """Run the simulator in the foreground on `host:port` (default `simulator_poort`, 8101)."""
    instellingen = instellingen or get_settings()
    app = create_simulator_app(laad_catalogus(instellingen), instellingen)
    uvicorn.run(app, host=host, port=port or instellingen.simulator_poort, log_level="info")
