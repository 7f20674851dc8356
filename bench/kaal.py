"""The bare endpoint `bench/ingest.py` measures the receiver against: a FastAPI app doing nothing.

Served by uvicorn from the benchmark (`kaal:kaal`, app dir `bench`). BENCH_STAP=1 also reads the
body and checks the signature, 2 then makes the receiver's hop to the threadpool with nothing to
do there; `bench/ingest.py --stappen` uses them to show where the gap to the receiver goes.
"""

from __future__ import annotations

import os

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

PARTNER = "assessment-utrecht"


def kaal() -> FastAPI:
    """Same path as the receiver; answers 202 with a tiny body and (step 0) reads nothing."""
    app, stap = FastAPI(), int(os.environ.get("BENCH_STAP", "0"))
    if stap == 0:

        @app.post("/webhooks/{partner_id}")
        async def ontvang() -> JSONResponse:
            return JSONResponse(status_code=202, content={"status": "ok"})

    else:
        from settings import get_settings, laad_catalogus
        from webhooks.handtekening import verifieer

        partner = laad_catalogus(get_settings()).partner(PARTNER)

        @app.post("/webhooks/{partner_id}")
        async def ontvang_en_controleer(request: Request) -> JSONResponse:
            verifieer(await request.body(), request.headers, partner)
            if stap >= 2:
                await run_in_threadpool(lambda: None)
            return JSONResponse(status_code=202, content={"status": "ok"})

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
