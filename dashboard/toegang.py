"""Who is signed in, what they may do, and the CSRF check: FastAPI dependencies over the session.

The session is a signed cookie (Starlette's SessionMiddleware, itsdangerous): it carries the
signed-in user and a CSRF token; every form posts the token back and a mismatch is refused. Pages
raise `NietAangemeld` (a redirect to sign-in) or `Geweigerd` (403, and the attempt is logged).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable

from fastapi import Request

from schemas.rollen import Gebruiker, Recht, Rol, mag

SESSIE_GEBRUIKER = "gebruiker"
SESSIE_CSRF = "csrf"


class NietAangemeld(Exception):
    """No valid session: the app answers with a redirect to the sign-in page."""


class Geweigerd(Exception):
    """Signed in, but this role may not do this; the app logs it and answers 403."""

    def __init__(self, gebruiker: Gebruiker, handeling: str, pseudoniem: str | None = None) -> None:
        super().__init__(handeling)
        self.gebruiker, self.handeling, self.pseudoniem = gebruiker, handeling, pseudoniem


def meld_aan(request: Request, gebruiker: Gebruiker) -> None:
    """A fresh session for this user: nothing from before sign-in carries over, a new CSRF token."""
    request.session.clear()
    request.session[SESSIE_GEBRUIKER] = {
        "naam": gebruiker.gebruikersnaam,
        "rol": gebruiker.rol.value,
        "partner": gebruiker.partner,
        "persoon": gebruiker.persoon,
    }
    request.session[SESSIE_CSRF] = secrets.token_urlsafe(32)


def huidige_gebruiker(request: Request) -> Gebruiker:
    """The signed-in user, or `NietAangemeld`."""
    gegevens = request.session.get(SESSIE_GEBRUIKER)
    if not isinstance(gegevens, dict):
        raise NietAangemeld
    try:
        return Gebruiker(
            gegevens["naam"], Rol(gegevens["rol"]), gegevens.get("partner"), gegevens.get("persoon")
        )
    except (KeyError, ValueError):
        raise NietAangemeld from None


def vereist(recht: Recht) -> Callable[[Request], Gebruiker]:
    """A dependency: the signed-in user if their role has `recht`, else `Geweigerd`."""

    def _afhankelijkheid(request: Request) -> Gebruiker:
        gebruiker = huidige_gebruiker(request)
        if not mag(gebruiker, recht):
            raise Geweigerd(gebruiker, recht.value)
        return gebruiker

    return _afhankelijkheid


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (the sign-in form needs one before sign-in)."""
    token = request.session.get(SESSIE_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSIE_CSRF] = token
    return token


def csrf_klopt(request: Request, aangeboden: str | None) -> bool:
    verwacht = request.session.get(SESSIE_CSRF)
    return (
        isinstance(verwacht, str)
        and isinstance(aangeboden, str)
        and hmac.compare_digest(verwacht.encode(), aangeboden.encode())
    )
