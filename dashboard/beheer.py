"""`/beheer/gebruikers`: the beheerder's list of accounts (role, organisation, active); no hashes.

Accounts are added and changed with `keten gebruikers` (a password never passes through a page).
"""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dashboard.toegang import vereist
from dashboard.weergave import pagina
from persistence.tabellen_toegang import Gebruiker as GebruikerRij
from schemas.rollen import Recht
from settings import Catalogus, Instellingen


def installeer(
    app: FastAPI, *, engine: Engine, catalogus: Catalogus, instellingen: Instellingen
) -> None:
    del catalogus, instellingen

    @app.get(
        "/beheer/gebruikers",
        response_class=HTMLResponse,
        dependencies=[Depends(vereist(Recht.BEHEER))],
    )
    def gebruikers(request: Request) -> Response:
        with Session(engine) as s:
            rijen = s.exec(select(GebruikerRij).order_by(GebruikerRij.gebruikersnaam)).all()
        accounts = [
            {
                "naam": r.gebruikersnaam,
                "rol": r.rol,
                "partner": r.partner or "—",
                "persoon": r.persoon or "—",
                "via": "gemeente (OIDC)" if r.oidc_subject else "wachtwoord",
                "actief": "ja" if r.actief else "nee",
            }
            for r in rijen
        ]
        return pagina(request, "beheer_gebruikers.html", {"accounts": accounts})
