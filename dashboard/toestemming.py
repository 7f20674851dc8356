"""The consent register of one participant: what each recipient may receive and why, what is held
for want of a basis, and the forms to record and withdraw consent (schemas.toestemming).

Seen by whoever sees the participant's file (`zicht_op` DOSSIER: the regiehouder holding the
case); recorded and withdrawn only by a user with `Recht.TOESTEMMING` who holds it. Every view
is written to the access log. A form with a field missing or wrong answers 422 with the form
showing which field and why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.toegang import Geweigerd, csrf_klopt, huidige_gebruiker
from dashboard.weergave import pagina
from persistence import gebruikers, klok, toestemmingen
from persistence.betrokkenen import betrokkenen, deelnemer_met
from persistence.tabellen import Deelnemer
from schemas.programma import Programma
from schemas.rollen import Gebruiker, Recht, Zicht, mag, zicht_op
from schemas.toestemming import ONDERZOEK, Grondslagsoort, grondslag_voor, moment
from schemas.toestemming_beslissen import ontvanger_fout, ontvangers_van
from settings import Catalogus, Instellingen

HANDELING = "toestemming"
F = TypeVar("F", bound=BaseModel)
BRON_UITLEG = "Beschrijf hoe de toestemming is gegeven, of noem de wet en het artikel."


class Vastleggen(BaseModel):
    """The record form, read as strictly as the webhook reads `toestemming.vastgelegd`."""

    ontvanger: str = Field(min_length=1)
    soort: Literal[Grondslagsoort.TOESTEMMING, Grondslagsoort.WETTELIJKE_TAAK]
    bron: str = Field(min_length=3, max_length=200)
    van: date


class Intrekken(BaseModel):
    ontvanger: str = Field(min_length=1)
    op: date


_UITLEG = {
    "ontvanger": "Kies een ontvanger.",
    "soort": "Kies de grondslag: toestemming of wettelijke taak.",
    "bron": BRON_UITLEG + " (3 tot 200 tekens)",
    "van": "Vul een geldige datum in (jjjj-mm-dd).",
    "op": "Vul een geldige datum in (jjjj-mm-dd).",
}


def _fouten(exc: ValidationError) -> dict[str, str]:
    return {str(e["loc"][0]): _UITLEG.get(str(e["loc"][0]), e["msg"]) for e in exc.errors()}


def _verzoek(waarden: dict[str, str]) -> dict[str, str | None]:
    """An empty field is a missing field (so the error names it as missing)."""
    return {k: (v.strip() or None) for k, v in waarden.items()}


def installeer(
    app: FastAPI, *, engine: Engine, catalogus: Catalogus, instellingen: Instellingen
) -> None:
    del instellingen  # the pages need nothing from the settings beyond the engine and catalogue

    def _open(
        s: Session, request: Request, pseudoniem: str, recht: Recht
    ) -> tuple[Gebruiker, Deelnemer]:
        """The participant, if this user sees their file (and has `recht`); else `Geweigerd`."""
        gebruiker = huidige_gebruiker(request)
        if not mag(gebruiker, recht):
            raise Geweigerd(gebruiker, HANDELING, pseudoniem)
        deelnemer = deelnemer_met(session=s, pseudoniem=pseudoniem)
        if deelnemer is None or zicht_op(
            gebruiker, betrokkenen(session=s, deelnemer=deelnemer)
        ) != (Zicht.DOSSIER):
            raise Geweigerd(gebruiker, HANDELING, pseudoniem)
        return gebruiker, deelnemer

    def _toon(
        request: Request,
        s: Session,
        gebruiker: Gebruiker,
        deelnemer: Deelnemer,
        *,
        fouten: dict[str, str] | None = None,
        formulier: str | None = None,
        waarden: dict[str, Any] | None = None,
        status: int = 200,
    ) -> Response:
        nu = klok.nu(engine=engine)
        programma = catalogus.programma(deelnemer.programma)
        regiehouder = betrokkenen(session=s, deelnemer=deelnemer).regiehouder or ""
        rijen = toestemmingen.register(session=s, deelnemer_id=deelnemer.id or 0)
        gebruikers.log_toegang(
            session=s,
            gebruiker=gebruiker,
            handeling=HANDELING,
            toegestaan=True,
            nu=nu,
            pseudoniem=deelnemer.pseudoniem,
            reden="toestemmingsregister",
            zicht=Zicht.DOSSIER,
        )
        s.commit()
        context = {
            "pseudoniem": deelnemer.pseudoniem,
            "programma": programma,
            "register": rijen,
            "aangehouden": toestemmingen.aangehouden(session=s, pseudoniem=deelnemer.pseudoniem),
            "per_ontvanger": _per_ontvanger(programma, regiehouder, rijen, nu),
            "ontvangers": sorted(ontvangers_van(programma, regiehouder)) + [ONDERZOEK],
            "mag_wijzigen": mag(gebruiker, Recht.TOESTEMMING),
            "vandaag": nu.date().isoformat(),
            "fouten": fouten or {},
            "formulier": formulier,
            "waarden": waarden or {},
        }
        return pagina(request, "toestemming.html", context, status=status)

    @app.get("/deelnemers/{pseudoniem}/toestemming", response_class=HTMLResponse)
    def register(request: Request, pseudoniem: str) -> Response:
        with Session(engine) as s:
            gebruiker, deelnemer = _open(s, request, pseudoniem, Recht.DEELNEMER)
            return _toon(request, s, gebruiker, deelnemer)

    def _wijzig(
        request: Request,
        pseudoniem: str,
        csrf: str,
        waarden: dict[str, str],
        *,
        vorm: type[F],
        formulier: str,
        voer_uit: Callable[[Session, Gebruiker, Deelnemer, F, datetime], None],
        toets: Callable[[Session, Deelnemer, F], dict[str, str]] | None = None,
    ) -> Response:
        """What recording and withdrawing share, so both check CSRF, the right and the form alike:
        a wrong form (or one `toets` refuses) is a 422 showing it, a good one is carried out."""
        if not csrf_klopt(request, csrf):
            return Response("CSRF token missing or wrong", status_code=403)
        with Session(engine) as s:
            gebruiker, deelnemer = _open(s, request, pseudoniem, Recht.TOESTEMMING)
            try:
                f = vorm.model_validate(_verzoek(waarden))
                fouten = toets(s, deelnemer, f) if toets else {}
            except ValidationError as exc:
                fouten = _fouten(exc)
            if fouten:
                return _toon(
                    request,
                    s,
                    gebruiker,
                    deelnemer,
                    fouten=fouten,
                    formulier=formulier,
                    waarden=waarden,
                    status=422,
                )
            voer_uit(s, gebruiker, deelnemer, f, klok.nu(engine=engine))
            s.commit()
        return RedirectResponse(f"/deelnemers/{pseudoniem}/toestemming", status_code=303)

    def _in_de_keten(s: Session, deelnemer: Deelnemer, f: Vastleggen) -> dict[str, str]:
        fout = ontvanger_fout(
            catalogus.programma(deelnemer.programma),
            betrokkenen(session=s, deelnemer=deelnemer).regiehouder or "",
            f.ontvanger,
        )
        return {} if fout is None else {"ontvanger": "Deze ontvanger hoort niet bij de keten."}

    def _leg_vast(
        s: Session, gebruiker: Gebruiker, deelnemer: Deelnemer, f: Vastleggen, nu: datetime
    ) -> None:
        toestemmingen.leg_vast(
            session=s,
            deelnemer=deelnemer,
            ontvanger=f.ontvanger,
            soort=Grondslagsoort(f.soort),
            bron=f.bron,
            van=moment(f.van, nu),
            door=gebruiker.gebruikersnaam,
            nu=nu,
        )

    def _trek_in(
        s: Session, gebruiker: Gebruiker, deelnemer: Deelnemer, f: Intrekken, nu: datetime
    ) -> None:
        toestemmingen.trek_in(
            session=s,
            deelnemer=deelnemer,
            ontvanger=f.ontvanger,
            op=moment(f.op, nu),
            door=gebruiker.gebruikersnaam,
            nu=nu,
        )

    @app.post("/deelnemers/{pseudoniem}/toestemming", response_class=HTMLResponse)
    def vastleggen(
        request: Request,
        pseudoniem: str,
        ontvanger: str = Form(default="", max_length=80),
        soort: str = Form(default="", max_length=40),
        bron: str = Form(default="", max_length=400),
        van: str = Form(default="", max_length=20),
        csrf: str = Form(default="", max_length=128),
    ) -> Response:
        waarden = {"ontvanger": ontvanger, "soort": soort, "bron": bron, "van": van}
        return _wijzig(
            request,
            pseudoniem,
            csrf,
            waarden,
            vorm=Vastleggen,
            formulier="vastleggen",
            voer_uit=_leg_vast,
            toets=_in_de_keten,
        )

    @app.post("/deelnemers/{pseudoniem}/toestemming/intrekken", response_class=HTMLResponse)
    def intrekken(
        request: Request,
        pseudoniem: str,
        ontvanger: str = Form(default="", max_length=80),
        op: str = Form(default="", max_length=20),
        csrf: str = Form(default="", max_length=128),
    ) -> Response:
        waarden = {"ontvanger": ontvanger, "op": op}
        return _wijzig(
            request,
            pseudoniem,
            csrf,
            waarden,
            vorm=Intrekken,
            formulier=f"intrekken-{ontvanger}",
            voer_uit=_trek_in,
        )


def _per_ontvanger(
    p: Programma, regiehouder: str, rijen: list[Any], nu: Any
) -> list[tuple[str, str]]:
    """Each recipient of the chain and the basis a disclosure to it would use now."""
    registraties = [toestemmingen.registratie(r) for r in rijen]
    uit = []
    for ontvanger in sorted(ontvangers_van(p, regiehouder)) + [ONDERZOEK]:
        basis = grondslag_voor(
            ontvanger=ontvanger,
            op=nu,
            registraties=registraties,
            wettelijk=p.grondslagen.wettelijk,
            toestemming_nodig=p.grondslagen.toestemming,
        )
        uit.append((ontvanger, str(basis) if basis else "geen: berichten worden aangehouden"))
    return uit
