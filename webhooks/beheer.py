"""The operator's side of the receiver: health, metrics, an access log line per request, and what
the safety net (webhooks.aanstoten.Vangnet) looks at.

`/health/live` says the process answers; `/health/ready` that it can do its work (the database
answers, its schema is at the head this code expects, the configuration is loaded), 503 when not,
so a load balancer sends partners elsewhere. `/metrics` is Prometheus text (prometheus_client).
These are left out of the partner API description: they are for operators, not integrators.
The access log carries the method, the path template (never the path with its ids or the body),
the status, the duration and the partner id: no personal data can reach it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from persistence import hoofdversie, inbox, klok, outbox, schemaversie
from persistence.peilingen import peil
from settings import Catalogus, Instellingen, logboek

toegang = logboek("webhooks.toegang")


def wachtend_werk(engine: Engine, instellingen: Instellingen) -> list[str]:
    """The deployments with work waiting: inbox rows a run could claim, outbox messages overdue by
    more than a safety-net round (a running stream delivers fresh ones itself)."""
    nu = klok.nu(engine=engine)
    with Session(engine) as s:
        werk = [instellingen.verwerk_deployment] if inbox.aantal_claimbaar(session=s, nu=nu) else []
        te_laat = nu - timedelta(seconds=instellingen.vangnet_s)
        if outbox.te_bezorgen(session=s, nu=te_laat, maximum=1):
            werk.append(instellingen.bezorg_deployment)
    return werk


def gereedheid(engine: Engine, catalogus: Catalogus) -> dict[str, str]:
    """Each check with "ok" or what is wrong (a reason, never a value)."""
    uit = {"configuratie": "ok" if catalogus.partners and catalogus.programmas else "not loaded"}
    try:
        with engine.connect() as verbinding:
            verbinding.execute(text("SELECT 1"))
        versie, hoofd = schemaversie(engine), hoofdversie()
        uit["database"] = "ok"
        uit["schema"] = "ok" if versie == hoofd else f"at {versie}, expected {hoofd}"
    except SQLAlchemyError as exc:
        uit["database"] = f"unreachable ({type(getattr(exc, 'orig', None) or exc).__name__})"
    return uit


class _Tabellen(Collector):
    """Gauges read from the tables at each scrape (a few counts; nothing kept in between)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        bereikbaar = GaugeMetricFamily(
            "ketenregie_database_bereikbaar", "1 when the database answered this scrape"
        )
        try:
            with Session(self._engine) as s:
                p = peil(session=s, nu=klok.nu(engine=self._engine))
        except SQLAlchemyError:
            bereikbaar.add_metric([], 0)
            yield bereikbaar
            return
        bereikbaar.add_metric([], 1)
        yield bereikbaar
        for naam, uitleg, waarde in (
            ("ketenregie_inbox_open", "Inbox rows not yet processed", p.inbox_open),
            (
                "ketenregie_inbox_oudste_seconden",
                "Age of the oldest open inbox row",
                p.inbox_oudste_s,
            ),
            (
                "ketenregie_verwerking_vertraging_seconden",
                "Longest receipt-to-processed time of the rows processed in the last 5 minutes",
                p.vertraging_s,
            ),
            ("ketenregie_outbox_dood", "Outbox messages that gave up", p.outbox_dood),
            ("ketenregie_quarantaine", "Handoffs waiting in quarantine", p.quarantaine),
        ):
            yield GaugeMetricFamily(naam, uitleg, value=waarde)


class Toegangslog:
    """ASGI middleware: one JSON access line per request and the webhook counter by answer."""

    def __init__(self, app: ASGIApp, *, partners: frozenset[str], webhooks: Counter) -> None:
        self.app = app
        self._partners = partners
        self._webhooks = webhooks

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        begin, status = time.perf_counter(), 500

        async def verstuur(bericht: Message) -> None:
            nonlocal status
            if bericht["type"] == "http.response.start":
                status = int(bericht["status"])
            await send(bericht)

        try:
            await self.app(scope, receive, verstuur)
        finally:
            self._meld(scope, status, time.perf_counter() - begin)

    def _meld(self, scope: Scope, status: int, duur_s: float) -> None:
        route = scope.get("route")
        sjabloon = getattr(route, "path", None) or "(no route)"
        partner = scope.get("path_params", {}).get("partner_id")
        partner = partner if partner in self._partners else ("onbekend" if partner else None)
        if scope["method"] == "POST" and sjabloon.startswith("/webhooks/{partner_id}"):
            soort = "batch" if sjabloon.endswith("/batch") else "enkel"
            self._webhooks.labels(
                partner=partner or "onbekend", soort=soort, code=str(status)
            ).inc()
        velden: dict[str, Any] = {"methode": scope["method"], "pad": sjabloon, "status": status}
        velden["duur_ms"] = round(duur_s * 1000, 1)
        if partner:
            velden["partner"] = partner
        toegang.info("verzoek", **velden)


def installeer(app: FastAPI, *, engine: Engine, catalogus: Catalogus) -> None:
    """The health routes, /metrics and the access log, outside the partner API description."""
    register = CollectorRegistry()
    webhooks = Counter(
        "ketenregie_webhooks",
        "Webhooks answered, by partner, kind (enkel, batch) and status code",
        ["partner", "soort", "code"],
        registry=register,
    )
    register.register(_Tabellen(engine))
    app.add_middleware(Toegangslog, partners=frozenset(catalogus.partners), webhooks=webhooks)

    @app.get("/health/live", include_in_schema=False)
    def live() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/health/ready", include_in_schema=False)
    def ready() -> JSONResponse:
        return gereed_antwoord(engine, catalogus)

    @app.get("/metrics", include_in_schema=False)
    def metrics() -> Response:
        return Response(generate_latest(register), media_type=CONTENT_TYPE_LATEST)


def gereed_antwoord(engine: Engine, catalogus: Catalogus) -> JSONResponse:
    checks = gereedheid(engine, catalogus)
    klaar = all(v == "ok" for v in checks.values())
    return JSONResponse(
        status_code=200 if klaar else 503,
        content={"status": "ok" if klaar else "not ready", **checks},
    )
