"""The partner-facing webhook API: verify, record in the inbox, nudge processing, answer.

Answers: 202 accepted, 200 duplicate, 400 malformed signature headers (repeated, or a webhook-id
that cannot name a message), 401 bad signature, 403 not allowed, 404 unknown partner, 409 the
webhook-id names another message, 413 too large, 415 not JSON or not UTF-8, 422 malformed or
over a limit (naming the field), 429 over a partner's limit. A 5xx only where a retry helps (the database is unavailable).
Run: `uvicorn webhooks.app:create_app --factory`.
"""

from __future__ import annotations

import gc
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from persistence import inbox, maak_engine
from persistence.groepscommit import Groepsschrijver
from schemas import publicatie
from schemas.aanlevering import CSV_TYPES, JSONL_TYPES
from schemas.contracten import ALLE_CONTRACTEN as ALL
from schemas.gebeurtenissen import Ontvangstbewijs, OverdrachtStatus
from settings import (
    Catalogus,
    Instellingen,
    PartnerInstellingen,
    get_settings,
    laad_catalogus,
    logboek,
    richt_logboek_in,
)
from webhooks import aanlevering, beheer, documentatie, intake, openapi
from webhooks.aanstoten import Aanstoter, Vangnet
from webhooks.begrenzing import Begrenzer
from webhooks.deur import Afgewezen, getekende_body, inhoudstype
from webhooks.sleutelbos import Sleutelbos

log = logboek(__name__)


def _fout(status: int, detail: object, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, content={"detail": detail}, headers=headers)


def create_app(
    instellingen: Instellingen | None = None,
    catalogus: Catalogus | None = None,
    aanstoter: Aanstoter | None = None,
    vangnet: Vangnet | None = None,
    begrenzer: Begrenzer | None = None,
) -> FastAPI:
    """Build the receiver; tests pass their own settings, catalogue, trigger and limits' clock."""
    richt_logboek_in()  # JSON lines on stderr, unless the process set up logging itself
    instellingen = instellingen or get_settings()
    catalogus = catalogus or laad_catalogus(instellingen)
    aanstoter = aanstoter or Aanstoter(instellingen.verwerk_deployment)
    engine: Engine = maak_engine(instellingen.db_url, instellingen.sqlite_synchronous)
    sleutelbos = Sleutelbos(engine, instellingen)
    vangnet = vangnet or Vangnet(
        lambda: beheer.wachtend_werk(engine, instellingen), interval_s=instellingen.vangnet_s
    )
    begrenzer = begrenzer or Begrenzer(instellingen)
    groepscommit = Groepsschrijver(engine)  # concurrent webhooks share one commit
    verwijzers = {  # per programme, the schools and coaches that may refer into it
        p.id: frozenset(v.partner for v in p.verwijzing.verwijzers)
        for p in catalogus.programmas.values()
    }
    grondslagen = {p.id: p.monitor.herkomst_grondslag for p in catalogus.programmas.values()}

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # What start-up built (Prefect, SQLAlchemy, pydantic: ≈165,000 objects) lives as long as the
        # process; frozen, the collector's full passes skip it instead of pausing 0.1–0.2 s under load.
        gc.collect()
        gc.freeze()
        if vangnet.interval_s > 0:
            vangnet.start()
        yield
        vangnet.stop()
        groepscommit.stop()
        engine.dispose()

    app = FastAPI(
        title="ketenregie partner API",
        version="1",
        lifespan=lifespan,
        docs_url=None,  # served from the installed package, not a CDN: webhooks.documentatie
        redoc_url=None,
    )
    openapi.installeer(app)
    documentatie.installeer(app)
    beheer.installeer(app, engine=engine, catalogus=catalogus)

    @app.exception_handler(DBAPIError)
    async def opslag_weg(_: Request, exc: DBAPIError) -> JSONResponse:
        """The database is away: nothing was stored, and the sender's retry will help.

        Not so for a refusal of the data itself: a retry would meet it again, so it is a 4xx (and
        a door check that should have caught it first), never a false "storage unreachable".
        """
        if isinstance(exc, IntegrityError):
            log.error("opslag_conflict", fout=type(exc.orig).__name__)
            return _fout(409, "the webhook-id conflicts with a message stored before")
        if isinstance(exc, DataError):
            log.error("opslag_weigert_waarde", fout=type(exc.orig).__name__)
            return _fout(422, "a value in the body cannot be stored")
        log.error("opslag_onbereikbaar", fout=type(exc.orig).__name__)
        return JSONResponse(
            status_code=503,
            content={"detail": "storage unavailable, retry later"},
            headers={"Retry-After": "5"},
        )

    def _partner(partner_id: str) -> PartnerInstellingen:
        partner = catalogus.partners.get(partner_id)
        if partner is None:
            raise Afgewezen(404, "unknown partner")  # what was sent is not echoed
        return partner

    async def _afzender(partner_id: str) -> PartnerInstellingen:
        """The partner with the webhook secrets valid now (a rotation needs no restart), unless it
        is over its request limit already."""
        partner = _partner(partner_id)
        begrenzer.voor_de_body(partner.id)
        return await run_in_threadpool(sleutelbos.partner, partner)

    def bewaar(body: bytes, webhook_id: str, partner: PartnerInstellingen) -> Ontvangstbewijs:
        with Session(engine, expire_on_commit=False) as s:
            return intake.neem_gebeurtenis_op(
                session=s,
                body=body,
                webhook_id=webhook_id,
                partner=partner,
                instellingen=instellingen,
                verwijzers=verwijzers,
                grondslagen=grondslagen,
                schrijf=groepscommit.schrijf if instellingen.groepscommit else None,
            )

    def status_van(partner_id: str, webhook_id: str) -> OverdrachtStatus | None:
        with Session(engine, expire_on_commit=False) as s:
            gevonden = inbox.met_overdracht(session=s, partner=partner_id, webhook_id=webhook_id)
        if gevonden is None:
            return None
        rij, overdracht = gevonden
        # A report (check-in answer, phase started) moves no one and has no handoff record: its inbox row says it.
        status = (
            overdracht.status
            if overdracht
            else ("in_behandeling" if rij.status == "nieuw" else rij.status)
        )
        return OverdrachtStatus(
            webhook_id=webhook_id,
            type=rij.type,
            status=status,
            contract=overdracht.contract if overdracht else None,
            reden=overdracht.reden if overdracht else None,
            bevindingen=(overdracht.bevindingen or []) if overdracht else [],
            ontvangen_op=rij.ontvangen_op,
            verwerkt_op=rij.verwerkt_op,
        )

    @app.get(
        "/webhooks/{partner_id}/status/{webhook_id}",
        response_model=OverdrachtStatus,
        responses={
            401: {"model": openapi.Fout, "description": "Missing or wrong bearer key."},
            404: {"model": openapi.Fout, "description": "No such webhook from this partner."},
        },
    )
    async def status(partner_id: str, webhook_id: str, request: Request) -> JSONResponse:
        """What became of one of your webhooks: accepted, quarantined (with each failed rule), refused."""
        try:
            partner = _partner(partner_id)
        except Afgewezen as exc:
            return _fout(exc.status, exc.detail, exc.headers)
        if not hmac.compare_digest(
            request.headers.get("authorization", ""),
            f"Bearer {partner.api_sleutel.get_secret_value()}",
        ):
            return _fout(401, "bearer key not accepted")
        antwoord = await run_in_threadpool(status_van, partner_id, webhook_id)
        if antwoord is None:
            return _fout(404, "no such webhook from this partner")
        return JSONResponse(antwoord.model_dump(mode="json"))

    @app.get("/contracten")
    def contracten() -> list[dict[str, object]]:
        """The handoff contracts partners build against: id, edges and where to read each."""
        return [
            {
                "id": c.contract_id(),
                "randen": publicatie.randen(c),
                "url": f"/contracten/{publicatie.pad(c)}",
            }
            for c in ALL
        ]

    @app.get(
        "/contracten/{naam}",
        responses={404: {"model": openapi.Fout, "description": "No such contract."}},
    )
    def contract(naam: str) -> JSONResponse:
        """One contract: JSON Schema of the dossier and its rules in words."""
        gevonden = publicatie.per_slug().get(naam)
        if gevonden is None:
            return _fout(404, "no such contract; see /contracten")
        return JSONResponse(publicatie.beschrijving(gevonden))

    @app.get("/health")
    def health() -> dict[str, str]:
        # As /health/ready (database, schema, configuration; 503 when not). Kept, with its entry in
        # the committed description unchanged, for whoever polls /health already.
        return beheer.gereed_antwoord(engine, catalogus)  # type: ignore[return-value]

    @app.post(
        "/webhooks/{partner_id}",
        status_code=202,
        response_model=Ontvangstbewijs,
        responses={
            200: {
                "model": Ontvangstbewijs,
                "description": "Duplicate webhook-id: no second effect.",
            },
            **openapi.ANTWOORDEN,
        },
        openapi_extra=openapi.enkel(instellingen.max_webhook_id),
        response_description="Accepted: kept in the inbox and processed shortly; ask /status for the outcome.",
    )
    async def ontvang(partner_id: str, request: Request) -> JSONResponse:
        """Receive one signed partner event."""
        try:
            partner = await _afzender(partner_id)
            body = await getekende_body(
                request,
                partner,
                soorten=("application/json",),
                max_bytes=instellingen.max_body_bytes,
                max_id_tekens=instellingen.max_webhook_id,
            )
            begrenzer.verzoek(partner.id)
            bewijs = await run_in_threadpool(bewaar, body, request.headers["webhook-id"], partner)
        except Afgewezen as exc:
            return _fout(exc.status, exc.detail, exc.headers)
        nieuw = bewijs.status == "geaccepteerd"
        if nieuw:  # a retry of a stored webhook was nudged for when it was stored: no empty run
            aanstoter.stoot_aan()
        return JSONResponse(
            status_code=202 if nieuw else 200, content=bewijs.model_dump(mode="json")
        )

    def bewaar_aanlevering(
        body: bytes, soort: str, webhook_id: str, partner: PartnerInstellingen
    ) -> aanlevering.BatchOntvangst:
        with Session(engine, expire_on_commit=False) as s:
            return aanlevering.neem_aanlevering_op(
                session=s,
                body=body,
                content_type=soort,
                webhook_id=webhook_id,
                partner=partner,
                instellingen=instellingen,
                rijen_budget=lambda aantal: begrenzer.rijen(partner.id, aantal),
            )

    @app.post(
        "/webhooks/{partner_id}/batch",
        status_code=202,
        response_model=aanlevering.BatchOntvangst,
        responses={
            200: {
                "model": aanlevering.BatchOntvangst,
                "description": "This export was received before: no second effect.",
            },
            **openapi.ANTWOORDEN,
        },
        openapi_extra=openapi.export(instellingen.max_webhook_id),
        response_description="Accepted: every row kept in the inbox under `{webhook-id}#{row}`, its status asked by that id.",
    )
    async def ontvang_batch(partner_id: str, request: Request) -> JSONResponse:
        """Receive a whole export (JSON lines or CSV), signed like a webhook; rows are answered one by one."""
        try:
            partner = await _afzender(partner_id)
            soorten = JSONL_TYPES + CSV_TYPES
            body = await getekende_body(
                request,
                partner,
                soorten=soorten,
                max_bytes=instellingen.max_import_bytes,
                max_id_tekens=instellingen.max_webhook_id,
            )
            begrenzer.verzoek(partner.id)
            ontvangst = await run_in_threadpool(
                bewaar_aanlevering,
                body,
                inhoudstype(request),
                request.headers["webhook-id"],
                partner,
            )
        except Afgewezen as exc:
            return _fout(exc.status, exc.detail, exc.headers)
        aanstoter.stoot_aan()
        return JSONResponse(
            status_code=202 if ontvangst.status == "geaccepteerd" else 200,
            content=ontvangst.model_dump(mode="json"),
        )

    return app
