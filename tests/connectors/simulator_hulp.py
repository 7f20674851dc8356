"""Helpers for the connector and simulator tests: real HTTP on loopback, the gate's rules.

`Ontvanger` stands in for ketenregie's webhook endpoint: it verifies Standard Webhooks
signatures with the `standardwebhooks` package, parses the event and records it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter, ValidationError
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from connectors import client_voor
from connectors.partnerclient import PartnerClient
from schemas.contracten import Contract
from schemas.gebeurtenissen import PartnerGebeurtenis
from schemas.programma import Programma, Simulatiekansen
from schemas.regels import Regel, RegelSoort
from settings import Catalogus, PartnerInstellingen

GEBEURTENIS = TypeAdapter(PartnerGebeurtenis)


class Loopback:
    """A real uvicorn server on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = ""

    def __enter__(self) -> Loopback:
        self.thread.start()
        wacht_tot(lambda: self.server.started, timeout=10)
        poort = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{poort}"
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclasses.dataclass
class Ontvangen:
    partner_id: str
    webhook_id: str
    gebeurtenis: Any
    ruw: dict[str, Any]


class Ontvanger:
    """ketenregie's webhook endpoint, as far as a partner can tell."""

    def __init__(self, catalogus: Catalogus) -> None:
        self.catalogus = catalogus
        self.ontvangen: list[Ontvangen] = []
        self.pogingen: list[
            str
        ] = []  # webhook-id of every request, duplicates and failures included
        self.weigeringen = 0  # bad signatures
        self.storing = 0  # answer 503 to this many requests first
        self.traag_s = 0.0  # think this long per request
        self.bezig = 0
        self.max_bezig = 0  # most requests in flight at once
        self.doorsturen: Callable[[Ontvangen], None] | None = None  # e.g. a Dirigent's queue
        self.app = FastAPI()
        self.app.add_api_route("/webhooks/{partner_id}", self._ontvang, methods=["POST"])

    async def _ontvang(self, partner_id: str, request: Request) -> JSONResponse:
        self.bezig += 1
        self.max_bezig = max(self.max_bezig, self.bezig)
        try:
            await asyncio.sleep(self.traag_s)
            return await self._verwerk(partner_id, request)
        finally:
            self.bezig -= 1

    async def _verwerk(self, partner_id: str, request: Request) -> JSONResponse:
        ruw = await request.body()
        webhook_id = request.headers.get("webhook-id", "")
        self.pogingen.append(webhook_id)
        if self.storing > 0:
            self.storing -= 1
            return JSONResponse(
                {"detail": "even niet"}, status_code=503, headers={"Retry-After": "0"}
            )
        geheim = self.catalogus.partner(partner_id).webhook_geheimen[0].get_secret_value()
        try:
            ruw_json = Webhook(geheim).verify(ruw, dict(request.headers))
        except WebhookVerificationError:
            self.weigeringen += 1
            return JSONResponse({"detail": "bad signature"}, status_code=401)
        try:
            gebeurtenis = GEBEURTENIS.validate_json(ruw)
        except ValidationError:
            return JSONResponse({"detail": "malformed"}, status_code=400)
        bewijs = {"webhook_id": webhook_id, "ontvangen_op": datetime.now(UTC).isoformat()}
        if any(o.webhook_id == webhook_id for o in self.ontvangen):
            return JSONResponse(bewijs | {"status": "dubbel"}, status_code=200)
        self.ontvangen.append(Ontvangen(partner_id, webhook_id, gebeurtenis, ruw_json))
        if self.doorsturen is not None:
            self.doorsturen(self.ontvangen[-1])
        pseudoniem = "KT-" + "".join("ABCDEFGHIJ"[int(c)] for c in f"{len(self.ontvangen):010d}")
        deelnemer = pseudoniem if gebeurtenis.type == "deelnemer.aangemeld" else None
        return JSONResponse(
            bewijs | {"status": "geaccepteerd", "deelnemer": deelnemer}, status_code=202
        )

    def van_type(self, soort: str) -> list[Ontvangen]:
        return [o for o in self.ontvangen if o.gebeurtenis.type == soort]


def wacht_tot(voorwaarde: Callable[[], object], *, timeout: float = 10.0) -> None:
    einde = time.monotonic() + timeout
    while not voorwaarde():
        if time.monotonic() > einde:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def met_kansen(catalogus: Catalogus, **kansen: float) -> Catalogus:
    """The catalogue with every programme's simulation rates replaced (0 unless given)."""
    programmas = {
        pid: p.model_copy(update={"simulatie": Simulatiekansen(**kansen)})
        for pid, p in catalogus.programmas.items()
    }
    return dataclasses.replace(catalogus, programmas=programmas)


def schendingen(dossier: Contract, programma: Programma, vandaag: date | None = None) -> list[str]:
    """The gate rules a dossier breaks, read straight from its contract (a stand-in for quality/)."""
    rij = dossier.kenmerken(vandaag=vandaag or date.today(), programma=programma)
    return [
        regel.naam
        for regel in dossier.alle_regels()
        if regel.kolom in rij and not _houdt(regel, rij)
    ]


def _houdt(regel: Regel, rij: dict[str, Any]) -> bool:
    waarde = rij[regel.kolom]
    if regel.soort == RegelSoort.TUSSEN:
        return (regel.minimum is None or waarde >= regel.minimum) and (
            regel.maximum is None or waarde <= regel.maximum
        )
    if regel.soort == RegelSoort.IN_SET:
        return waarde in (regel.waarden or ())
    if regel.soort == RegelSoort.NIET_GROTER_DAN_KOLOM:
        return bool(waarde <= rij[str(regel.ander)])
    return waarde is not None


@dataclasses.dataclass
class LopendeSimulator:
    url: str
    catalogus: Catalogus

    def client(self, partner_id: str, **wijziging: Any) -> PartnerClient:
        """The real connector for `partner_id`, pointed at this simulator."""
        partner = self.catalogus.partner(partner_id)
        adressen = {"basis_url": f"{self.url}/{partner_id}"}
        if partner.token_url:
            adressen["token_url"] = f"{self.url}/{partner_id}/oauth/token"
        gewijzigd = partner.model_dump() | adressen | wijziging
        return client_voor(PartnerInstellingen.model_validate(gewijzigd))

    def status(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.url}/_sim/status").json())

    def wacht_tot_stil(self) -> None:
        wacht_tot(lambda: self.status()["openstaand"] == 0)


SimulatorFabriek = Callable[..., LopendeSimulator]
