"""The equal-chances monitor page (`GET /gelijke-kansen`, Recht.MONITOR): one programme, one
referral period, one breakdown; suppressed cells shown as "<10", the dropout gaps drawn as an
inline SVG beside the same numbers in a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.toegang import vereist
from dashboard.weergave import pagina
from persistence import klok, monitor
from schemas.monitor import UITSPLITSINGEN, Uitsplitsing, bouw
from schemas.monitor_verslag import cel, verschil
from schemas.programma import Programma
from schemas.rollen import Recht
from settings import Catalogus, Instellingen

BREEDTE, RIJ, MIDDEN, SCHAAL = 640, 28, 400, 4.0  # the chart: px, px per row, zero line, px per pp


def uitsplitsingen(programma: Programma) -> tuple[str, ...]:
    """The breakdowns offered: origin only where the programme names a lawful basis for it."""
    return tuple(
        k for k in UITSPLITSINGEN if k != "herkomst" or programma.monitor.herkomst_grondslag
    )


@dataclass(frozen=True)
class Balk:
    groep: str
    y: int
    x: float
    breedte: float
    tekst: str
    boven: bool


def balken(u: Uitsplitsing) -> list[Balk]:
    """The dropout gap per group as bars from the zero line; a suppressed gap gets no bar."""
    uit = []
    for i, g in enumerate(u.groepen):
        w = g.uitval_verschil.waarde
        lengte = min(abs(w or 0.0) * SCHAAL, MIDDEN - 170)
        x = MIDDEN if (w or 0.0) >= 0 else MIDDEN - lengte
        tekst = verschil(g.uitval_verschil) + (" (onderdrukt)" if w is None else "")
        uit.append(Balk(g.naam, 30 + i * RIJ, x, lengte, tekst, (w or 0.0) > 0))
    return uit


def periode(van: str | None, tot: str | None, vandaag: date) -> tuple[date, date, list[str]]:
    """The referral period asked for (inclusive dates); by default this month and the two before
    (a cohort of a quarter keeps the page quick at 100,000 participants; any period may be asked)."""
    fouten = []
    standaard_van = (vandaag.replace(day=1) - timedelta(days=40)).replace(day=1)
    try:
        begin = date.fromisoformat(van) if van else standaard_van
    except ValueError:
        begin, fouten = standaard_van, ["van: geen datum (jjjj-mm-dd)"]
    try:
        einde = date.fromisoformat(tot) if tot else vandaag
    except ValueError:
        einde, fouten = vandaag, [*fouten, "tot: geen datum (jjjj-mm-dd)"]
    if einde < begin:
        fouten.append("tot: ligt voor van")
    return begin, einde, fouten


def installeer(
    app: FastAPI,
    *,
    engine: Engine,
    catalogus: Catalogus,
    instellingen: Instellingen,  # noqa: ARG001  (the helpers' common signature)
) -> None:
    @app.get(
        "/gelijke-kansen",
        response_class=HTMLResponse,
        dependencies=[Depends(vereist(Recht.MONITOR))],
    )
    def gelijke_kansen(
        request: Request,
        programma: str | None = None,
        van: str | None = None,
        tot: str | None = None,
        uitsplitsing: str = "geslacht",
    ) -> Response:
        nu = klok.nu(engine=engine)
        programmas = sorted(catalogus.programmas)
        gekozen = programma or programmas[0]
        begin, einde, fouten = periode(van, tot, nu.date())
        p = catalogus.programmas.get(gekozen)
        if p is None:
            fouten.append("programma: onbekend programma")
            p = catalogus.programmas[programmas[0]]
        keuzes = uitsplitsingen(p)
        if uitsplitsing not in keuzes:
            fouten.append(f"uitsplitsing: kies een van {', '.join(keuzes)}")
        context = {
            "programmas": programmas,
            "programma": p,
            "van": begin.isoformat(),
            "tot": einde.isoformat(),
            "keuzes": keuzes,
            "uitsplitsing": uitsplitsing,
            "fouten": fouten,
            "cel": cel,
            "verschil": verschil,
        }
        if fouten:
            return pagina(request, "gelijke_kansen.html", context, status=422)
        with Session(engine) as s:
            gegevens = monitor.gegevens(
                session=s,
                programma=p.id,
                fasen=tuple(f.value for f in p.fase_volgorde),
                van=datetime.combine(begin, time(), UTC),
                tot=datetime.combine(einde + timedelta(days=1), time(), UTC),
                nu=nu,
            )
        u = bouw(gegevens, uitsplitsing)
        hoogte = 40 + RIJ * len(u.groepen)
        context |= {"u": u, "balken": balken(u), "breedte": BREEDTE, "hoogte": hoogte}
        context |= {"midden": MIDDEN}
        return pagina(request, "gelijke_kansen.html", context)
