"""The coordinator's main page: the funnel, time in phase, waits, and what needs attention.

Per programme (`?programma=`, default all) and period (`?dagen=`, 7/30/90/365, default 30). A
partner's medewerker sees only rows where their organisation is the partner concerned; the other
roles see the whole chain. Counts and pseudonyms only, never a name. A bad parameter is a 422
page naming it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.grafiek import gestapelde_balken
from dashboard.toegang import vereist
from dashboard.weergave import pagina
from persistence import klok, overzicht, overzicht_meldingen
from schemas.fase import Fase
from schemas.overzicht import (
    FASE_EMMERS,
    LEEFTIJDEN,
    PERIODES,
    STATUSSEN,
    OngeldigeVraag,
    Selectie,
    grenzen,
    lees_keuze,
    lees_periode,
    spreiding_per,
    tel_regels,
    tel_signalen,
    trechter,
    verdeel_fasetijd,
)
from schemas.rollen import Gebruiker, Recht, Rol
from settings import Catalogus, Instellingen

VOLGORDE = [f.value for f in Fase]
MAG_OVERZICHT = vereist(Recht.OVERZICHT)


def selectie(
    gebruiker: Gebruiker,
    catalogus: Catalogus,
    nu: Any,
    *,
    programma: str | None,
    dagen: str | None,
    partner: str | None = None,
) -> Selectie:
    """The page's selection from its query parameters; a partner's medewerker always gets their
    own organisation, whatever the URL says."""
    gekozen = lees_keuze("programma", programma, catalogus.programmas)
    eigen = gebruiker.partner if gebruiker.rol == Rol.PARTNER_MEDEWERKER else None
    partner_ = eigen or lees_keuze("partner", partner, catalogus.partners)
    if gebruiker.rol == Rol.PARTNER_MEDEWERKER and not eigen:
        partner_ = "-"  # an account without an organisation sees nothing
    return Selectie(gekozen, partner_, lees_periode(dagen), nu)


def _fasetijd(session: Session, s: Selectie, catalogus: Catalogus) -> dict[str, Any]:
    verdeeld = verdeel_fasetijd(
        overzicht.fasetijd(session=session, s=s), grenzen(catalogus.programmas.values())
    )
    rang = {f: i for i, f in enumerate(VOLGORDE)}
    rijen = [
        (f"{p} · {b + ' · ' if b else ''}{f}", [emmers[e] for e in FASE_EMMERS])
        for (p, b, f), emmers in sorted(
            verdeeld.items(), key=lambda kv: (kv[0][0], kv[0][1] or "", rang.get(kv[0][2], 99))
        )
    ]
    grafiek = gestapelde_balken(
        "Tijd in fase ten opzichte van de grens van het programma, per programma en fase",
        [e.value for e in FASE_EMMERS],
        rijen,
        "grafiek-fasetijd",
    )
    return {"fasetijd": rijen, "fasetijd_grafiek": grafiek}


def _wachten(session: Session, s: Selectie, _catalogus: Catalogus) -> dict[str, Any]:
    lijsten = overzicht.wachtlijsten(session=session, s=s)
    op_lijst: dict[str, int] = {}
    for partner, open_, _, n in lijsten:
        op_lijst[partner] = op_lijst.get(partner, 0) + (n if open_ else 0)
    return {
        "wachttijden": spreiding_per(overzicht.wachttijden(session=session, s=s)),
        "wachtlijsten": spreiding_per((p, d, n) for p, _, d, n in lijsten),
        "op_wachtlijst": op_lijst,
    }


def _meldingen(session: Session, s: Selectie, _catalogus: Catalogus) -> dict[str, Any]:
    quarantaine = overzicht_meldingen.quarantaine(session=session, s=s)
    per_partner: dict[str, int] = {}
    for partner, _ in quarantaine:
        per_partner[partner] = per_partner.get(partner, 0) + 1
    return {
        "signalen": tel_signalen(overzicht_meldingen.signalen(session=session, s=s)),
        "ijkpunten": sorted(overzicht_meldingen.verlopen_ijkpunten(session=session, s=s)),
        "quarantaine": sorted(per_partner.items()),
        "quarantaine_regels": tel_regels(quarantaine),
        "dode_berichten": sorted(overzicht_meldingen.dode_berichten(session=session, s=s)),
    }


def _checkins(session: Session, s: Selectie, _catalogus: Catalogus) -> dict[str, Any]:
    checkins: dict[str, dict[str, int]] = {}
    for partner, status, n in overzicht_meldingen.checkins(session=session, s=s):
        checkins.setdefault(partner, {})[status] = n
    return {"checkins": sorted(checkins.items())}


def _trechter(session: Session, s: Selectie, _catalogus: Catalogus) -> dict[str, Any]:
    rijen = trechter(
        overzicht.trechter(session=session, s=s), overzicht.instroom(session=session, s=s), VOLGORDE
    )
    return {"trechter": rijen}


# The page's parts, each read in a session of its own. They are independent reads and run on
# connections of their own at the same time, so a long period waits for its slowest part, not
# for their sum: SQLite and psycopg release the GIL while the database works (a year of ledger,
# check-ins and phase starts on SQLite took 0.7 s in turn, README "Performance").
Deel = Callable[[Session, Selectie, Catalogus], dict[str, Any]]
DELEN: tuple[Deel, ...] = (_trechter, _fasetijd, _wachten, _meldingen, _checkins)
_LEZERS = ThreadPoolExecutor(max_workers=len(DELEN), thread_name_prefix="overzicht")


def lees(engine: Engine, s: Selectie, catalogus: Catalogus) -> dict[str, Any]:
    """Everything the page shows: a fixed number of statements, whatever the caseload. Each part
    reads its own snapshot, so two parts may differ by what was committed between them."""

    def lees_deel(deel: Deel) -> dict[str, Any]:
        with Session(engine) as session:
            return deel(session, s, catalogus)

    uit: dict[str, Any] = {}
    for gelezen in _LEZERS.map(lees_deel, DELEN):
        uit |= gelezen
    return uit


def installeer(
    app: FastAPI,
    *,
    engine: Engine,
    catalogus: Catalogus,
    instellingen: Instellingen,  # noqa: ARG001
) -> None:
    @app.exception_handler(OngeldigeVraag)
    async def ongeldig(request: Request, exc: OngeldigeVraag) -> Response:
        context = {"parameter": exc.parameter, "regel": exc.regel}
        return pagina(request, "ongeldig.html", context, status=422)

    @app.get("/", response_class=HTMLResponse)
    def start(
        request: Request,
        programma: str | None = None,
        dagen: str | None = None,
        gebruiker: Gebruiker = Depends(MAG_OVERZICHT),
    ) -> Response:
        s = selectie(gebruiker, catalogus, klok.nu(engine=engine), programma=programma, dagen=dagen)
        context = {
            "s": s,
            "programmas": sorted(catalogus.programmas),
            "periodes": PERIODES,
            "statussen": STATUSSEN,
            "emmers": [e.value for e in FASE_EMMERS],
            "leeftijden": LEEFTIJDEN,
            **lees(engine, s, catalogus),
        }
        return pagina(request, "overzicht.html", context)
