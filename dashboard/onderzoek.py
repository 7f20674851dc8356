"""The onderzoeker's page: ask for a researcher export and download it (Recht.EXPORT).

The download is a logged disclosure twice over: each participant in it gets a `Verstrekking` row
(persistence.onderzoek_export) and the export itself a line in the access log (who, which study,
how many included and excluded). Legal bases for research per programme are not configured yet:
the page passes none, so only participants with consent for doel:onderzoek are included.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select
from starlette.background import BackgroundTask

from dashboard.toegang import csrf_klopt, vereist
from dashboard.weergave import pagina
from persistence import gebruikers, klok
from persistence.onderzoek import Selectie
from persistence.onderzoek_export import Opdracht, Resultaat, exporteer
from persistence.tabellen_toegang import Toegangslog
from schemas.onderzoek import Aanvraag, Formaat, Ongeldig, lees_aanvraag
from schemas.regios import Regiokaart
from schemas.rollen import Gebruiker, Recht
from settings import Catalogus, Instellingen, laad_regios, logboek

log = logboek(__name__)
HANDELING = "export"
_ONDERZOEKER = vereist(Recht.EXPORT)
_MEDIA = {Formaat.CSV: "text/csv; charset=utf-8", Formaat.PARQUET: "application/vnd.apache.parquet"}


def installeer(
    app: FastAPI, *, engine: Engine, catalogus: Catalogus, instellingen: Instellingen
) -> None:
    regios = laad_regios(
        instellingen, catalogus
    )  # a wrong region file stops the start, not a download
    programmas = sorted(catalogus.programmas)
    wettelijk = catalogus.wettelijke_grondslagen()

    def formulier(
        request: Request, gebruiker: Gebruiker, status: int = 200, **context: object
    ) -> Response:
        with Session(engine) as s:
            eerder = s.exec(
                select(Toegangslog)
                .where(
                    Toegangslog.gebruikersnaam == gebruiker.gebruikersnaam,
                    Toegangslog.handeling == HANDELING,
                    col(Toegangslog.toegestaan).is_(True),
                )
                .order_by(col(Toegangslog.tijdstip).desc())
                .limit(10)
            ).all()
        inhoud = {
            "programmas": programmas,
            "formaten": [f.value for f in Formaat],
            "eerder": eerder,
        }
        return pagina(request, "onderzoek.html", inhoud | context, status=status)

    @app.get("/onderzoek", response_class=HTMLResponse)
    def onderzoekpagina(request: Request, gebruiker: Gebruiker = Depends(_ONDERZOEKER)) -> Response:
        return formulier(request, gebruiker, waarden={"formaat": "csv"})

    @app.post("/onderzoek")
    def exporteer_onderzoek(
        request: Request,
        gebruiker: Gebruiker = Depends(_ONDERZOEKER),
        studie: str = Form(default="", max_length=64),
        formaat: str = Form(default="", max_length=16),
        programma: str = Form(default="", max_length=80),
        van: str = Form(default="", max_length=16),
        tot: str = Form(default="", max_length=16),
        csrf: str = Form(default="", max_length=128),
    ) -> Response:
        if not csrf_klopt(request, csrf):
            return Response("CSRF token missing or wrong", status_code=403)
        waarden = {
            "studie": studie,
            "formaat": formaat,
            "programma": programma,
            "van": van,
            "tot": tot,
        }
        try:
            aanvraag = lees_aanvraag(
                studie=studie,
                formaat=formaat,
                programma=programma,
                van=van,
                tot=tot,
                programmas=programmas,
            )
        except Ongeldig as fout:
            return formulier(request, gebruiker, 422, fout=fout, waarden=waarden)
        map_ = Path(tempfile.mkdtemp(prefix="keten-onderzoek-"))
        pad = map_ / f"onderzoek-{aanvraag.studie}.{aanvraag.formaat.value}"
        try:
            resultaat = _exporteer(engine, instellingen, regios, aanvraag, pad, wettelijk)
        except Exception:
            shutil.rmtree(map_, ignore_errors=True)
            raise
        _log(engine, gebruiker, aanvraag, resultaat)
        return FileResponse(
            pad,
            media_type=_MEDIA[aanvraag.formaat],
            filename=pad.name,
            headers={
                "X-Keten-Deelnemers": str(resultaat.deelnemers),
                "X-Keten-Uitgesloten": str(resultaat.uitgesloten),
                "Cache-Control": "no-store",
            },
            background=BackgroundTask(shutil.rmtree, map_, ignore_errors=True),
        )


def _exporteer(
    engine: Engine,
    instellingen: Instellingen,
    regios: Regiokaart,
    aanvraag: Aanvraag,
    pad: Path,
    wettelijk: Mapping[str, Mapping[str, str]],
) -> Resultaat:
    selectie = Selectie(aanvraag.programma, aanvraag.van, aanvraag.tot)
    return exporteer(
        engine=engine,
        instellingen=instellingen,
        regios=regios,
        opdracht=Opdracht(
            aanvraag.studie,
            aanvraag.formaat,
            selectie,
            wettelijk=wettelijk,
        ),
        pad=pad,
        nu=klok.nu(engine=engine),
    )


def _log(engine: Engine, gebruiker: Gebruiker, aanvraag: Aanvraag, r: Resultaat) -> None:
    with Session(engine) as s:
        gebruikers.log_toegang(
            session=s,
            gebruiker=gebruiker,
            handeling=HANDELING,
            toegestaan=True,
            nu=klok.nu(engine=engine),
            reden=(
                f"studie {aanvraag.studie} ({aanvraag.formaat.value}): {r.deelnemers} deelnemers, "
                f"{r.uitgesloten} uitgesloten zonder grondslag"
            ),
        )
        s.commit()
    log.info("onderzoek_geexporteerd", deelnemers=r.deelnemers, uitgesloten=r.uitgesloten)
