"""Sign-in with a local account (argon2) and sign-out; OIDC lives in dashboard.oidc.

A failed sign-in says only that the name or password is wrong, never which; the form's CSRF token
is checked before the password, so a forged post costs no hash.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.toegang import csrf_klopt, meld_aan
from dashboard.weergave import pagina
from persistence import gebruikers
from schemas.rollen import Rol
from settings import logboek

log = logboek(__name__)


def veilige_bestemming(volgende: str | None) -> str:
    """Only a path on this site: an absolute or scheme-relative URL would be an open redirect."""
    if not volgende or not volgende.startswith("/") or volgende.startswith("//"):
        return "/"
    delen = urlsplit(volgende)
    return "/" if delen.scheme or delen.netloc else volgende


def oidc_aan(request: Request) -> bool:
    """Whether the municipality's identity provider is configured (dashboard.oidc sets it)."""
    return bool(getattr(request.app.state, "oidc", False))


def thuis(rol: Rol) -> str:
    return _THUIS.get(rol, "/")


# Where each role lands after sign-in when it asked for no page of its own.
_THUIS = {Rol.ONDERZOEKER: "/gelijke-kansen", Rol.BEHEERDER: "/beheer/gebruikers"}


def installeer(app: FastAPI, *, engine: Engine) -> None:
    @app.get("/aanmelden", response_class=HTMLResponse)
    def aanmeldformulier(request: Request, volgende: str = "/") -> Response:
        context = {"volgende": veilige_bestemming(volgende), "oidc": oidc_aan(request)}
        return pagina(request, "aanmelden.html", context)

    @app.post("/aanmelden", response_class=HTMLResponse)
    def aanmelden(
        request: Request,
        gebruikersnaam: str = Form(max_length=64),
        wachtwoord: str = Form(max_length=256),
        csrf: str = Form(default="", max_length=128),
        volgende: str = Form(default="/", max_length=512),
    ) -> Response:
        if not csrf_klopt(request, csrf):
            log.warning("aanmelden_csrf_geweigerd")
            return pagina(request, "aanmelden.html", {"fout": "csrf"}, status=403)
        with Session(engine) as s:
            gebruiker = gebruikers.controleer(
                session=s, gebruikersnaam=gebruikersnaam, wachtwoord=wachtwoord
            )
        if gebruiker is None:
            log.info("aanmelden_mislukt")
            context = {
                "fout": "onbekend",
                "volgende": veilige_bestemming(volgende),
                "oidc": oidc_aan(request),
            }
            return pagina(request, "aanmelden.html", context, status=401)
        meld_aan(request, gebruiker)
        log.info("aangemeld", rol=gebruiker.rol.value)
        bestemming = veilige_bestemming(volgende)
        if bestemming == "/":
            bestemming = _THUIS.get(gebruiker.rol, "/")
        return RedirectResponse(bestemming, status_code=303)

    @app.post("/afmelden")
    def afmelden(request: Request, csrf: str = Form(default="", max_length=128)) -> Response:
        if not csrf_klopt(request, csrf):
            return Response("CSRF token missing or wrong", status_code=403)
        request.session.clear()
        return RedirectResponse("/aanmelden", status_code=303)
