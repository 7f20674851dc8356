"""The worklist: who needs action, oldest reason first, 50 a page, filterable by partner,
programme and kind. Each row links to the participant's page by pseudonym.

A partner's medewerker sees only reasons where their organisation is the partner concerned.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.overzicht import MAG_OVERZICHT, selectie
from dashboard.weergave import pagina
from persistence import klok, overzicht_werklijst
from schemas.overzicht import lees_keuze
from schemas.rollen import Gebruiker, Rol
from schemas.werklijst import SOORTEN, Bladeren, actiepunten, lees_pagina, omschrijving
from settings import Catalogus, Instellingen


def installeer(
    app: FastAPI,
    *,
    engine: Engine,
    catalogus: Catalogus,
    instellingen: Instellingen,  # noqa: ARG001
) -> None:
    @app.get("/werklijst", response_class=HTMLResponse)
    def werklijst(
        request: Request,
        programma: str | None = None,
        partner: str | None = None,
        soort: str | None = None,
        gebruiker: Gebruiker = Depends(MAG_OVERZICHT),
    ) -> Response:
        nu = klok.nu(engine=engine)
        s = selectie(gebruiker, catalogus, nu, programma=programma, dagen=None, partner=partner)
        gekozen = lees_keuze("soort", soort, SOORTEN)
        nummer = lees_pagina(request.query_params.get("pagina"))  # `pagina` names the renderer
        with Session(engine) as session:
            offset = Bladeren(nummer, 0).offset
            totaal, rijen, redenen = overzicht_werklijst.pagina(
                session=session, s=s, soort=gekozen, offset=offset
            )
        filters = {"programma": s.programma or "", "partner": partner or "", "soort": soort or ""}
        context = {
            "s": s,
            "soort": gekozen,
            "punten": actiepunten(rijen, redenen),
            "bladeren": Bladeren(nummer, totaal),
            "filters": urlencode({k: v for k, v in filters.items() if v}),
            "programmas": sorted(catalogus.programmas),
            "partners": sorted(catalogus.partners),
            "soorten": [(k, omschrijving(k)) for k in SOORTEN],
            "omschrijving": omschrijving,
            "eigen_partner": gebruiker.rol == Rol.PARTNER_MEDEWERKER,
        }
        return pagina(request, "werklijst.html", context)
