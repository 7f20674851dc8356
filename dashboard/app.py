"""The coordinators' dashboard: sign-in, then pages per right (schemas.rollen).

Separate from the partner API on its own port: a browser app with session cookies and CSRF
tokens, where the partner API takes only signed machine requests. Nothing is loaded from a CDN:
styles are served from `statisch/`, charts are drawn on the server.
Run: `uvicorn dashboard.app:create_app --factory --port 8102`.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlmodel import Session
from starlette.middleware.sessions import SessionMiddleware

from dashboard import (
    aanmelden,
    beheer,
    deelnemer,
    gelijke_kansen,
    oidc,
    onderzoek,
    overzicht,
    toestemming,
    werklijst,
)
from dashboard.toegang import Geweigerd, NietAangemeld
from dashboard.weergave import pagina
from persistence import gebruikers, klok, maak_engine
from settings import (
    Catalogus,
    Instellingen,
    get_settings,
    laad_catalogus,
    logboek,
    richt_logboek_in,
)

log = logboek(__name__)


def create_app(
    instellingen: Instellingen | None = None, catalogus: Catalogus | None = None
) -> FastAPI:
    richt_logboek_in()
    instellingen = instellingen or get_settings()
    catalogus = catalogus or laad_catalogus(instellingen)
    engine = maak_engine(instellingen.db_url, instellingen.sqlite_synchronous)
    app = FastAPI(title="ketenregie dashboard", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(
        SessionMiddleware,
        secret_key=instellingen.sessiesleutel.get_secret_value(),
        session_cookie="keten_sessie",
        max_age=int(instellingen.sessie_uren * 3600),
        same_site="lax",
        https_only=instellingen.omgeving == "production",
    )
    app.mount(
        "/statisch", StaticFiles(directory=Path(__file__).parent / "statisch"), name="statisch"
    )

    @app.exception_handler(NietAangemeld)
    async def naar_aanmelden(request: Request, _: NietAangemeld) -> Response:
        volgende = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/aanmelden?volgende={volgende}", status_code=303)

    @app.exception_handler(Geweigerd)
    async def geweigerd(request: Request, exc: Geweigerd) -> Response:
        with Session(engine) as s:
            gebruikers.log_toegang(
                session=s,
                gebruiker=exc.gebruiker,
                handeling=exc.handeling,
                toegestaan=False,
                nu=klok.nu(engine=engine),
                pseudoniem=exc.pseudoniem,
                reden="role without the right",
            )
            s.commit()
        log.warning("toegang_geweigerd", rol=exc.gebruiker.rol.value, handeling=exc.handeling)
        return pagina(request, "geweigerd.html", {"handeling": exc.handeling}, status=403)

    aanmelden.installeer(app, engine=engine)
    toestemming.installeer(app, engine=engine, catalogus=catalogus, instellingen=instellingen)
    onderzoek.installeer(app, engine=engine, catalogus=catalogus, instellingen=instellingen)
    deelnemer.installeer(app, engine=engine, catalogus=catalogus, instellingen=instellingen)
    oidc.installeer(app, engine=engine, catalogus=catalogus, instellingen=instellingen)
    beheer.installeer(app, engine=engine, catalogus=catalogus, instellingen=instellingen)
    overzicht.installeer(app, engine=engine, catalogus=catalogus, instellingen=instellingen)
    werklijst.installeer(app, engine=engine, catalogus=catalogus, instellingen=instellingen)
    gelijke_kansen.installeer(app, engine=engine, catalogus=catalogus, instellingen=instellingen)

    @app.get("/health/live")
    def leeft() -> dict[str, str]:
        return {"status": "ok"}

    return app
