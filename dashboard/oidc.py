"""Sign-in through the municipality's identity provider (OpenID Connect, authlib).

authlib's Starlette client reads the provider's discovery document, sends the browser to it with
a state and a nonce kept in the session, and on return checks the ID token: signature by the
provider's JWKS, issuer, audience (our client id), nonce and expiry. The provider's `sub` maps to
one account (`gebruiker.oidc_subject`), made on first sign-in from the claims: the role from
`oidc_rol_claim`, the organisation from `partner`, the klantmanager's staff code from `persoon`.
A token without a known role, or without what the role needs, gets 403, logged; no claim values
go into the log.
"""

from __future__ import annotations

import re
from typing import Any

from authlib.integrations.starlette_client import OAuth, OAuthError
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from joserfc.errors import JoseError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.aanmelden import thuis
from dashboard.toegang import meld_aan
from dashboard.weergave import pagina
from persistence import gebruikers, klok
from persistence.gebruikers import als_gebruiker
from schemas.medewerker import MEDEWERKER_PATROON
from schemas.rollen import Gebruiker, Rol
from settings import Catalogus, Instellingen, logboek

log = logboek(__name__)

NAAM = "gemeente"


class OidcGeweigerd(Exception):
    """The provider vouched for someone ketenregie has no role for: why, in the page's words."""


def _uit_claims(claims: dict[str, Any], rolclaim: str, catalogus: Catalogus) -> dict[str, Any]:
    """Role, organisation and staff code from a first sign-in's claims, or `OidcGeweigerd`."""
    try:
        rol = Rol(str(claims.get(rolclaim, "")))
    except ValueError:
        raise OidcGeweigerd(
            f"uw account heeft geen bekende rol in ketenregie ({rolclaim})"
        ) from None
    partner = claims.get("partner")
    persoon = claims.get("persoon")
    if partner is not None and partner not in catalogus.partners:
        raise OidcGeweigerd("de organisatie van uw account is geen partner van de keten")
    if persoon is not None and not re.fullmatch(MEDEWERKER_PATROON, str(persoon)):
        raise OidcGeweigerd("de medewerkerscode van uw account heeft niet de juiste vorm")
    if rol == Rol.PARTNER_MEDEWERKER and partner is None:
        raise OidcGeweigerd("een partnermedewerker heeft een organisatie nodig (partner)")
    if rol == Rol.REGIEHOUDER and persoon is None:
        raise OidcGeweigerd("een regiehouder heeft een medewerkerscode nodig (persoon)")
    return {"rol": rol, "partner": partner, "persoon": persoon}


def _gebruiker(
    engine: Engine, claims: dict[str, Any], instellingen: Instellingen, catalogus: Catalogus
) -> Gebruiker:
    subject = str(claims["sub"])
    with Session(engine) as s:
        rij = gebruikers.met_oidc_subject(session=s, subject=subject)
        if rij is not None:
            if not rij.actief:
                raise OidcGeweigerd("uw account is uitgeschakeld")
            return als_gebruiker(rij)
        velden = _uit_claims(claims, instellingen.oidc_rol_claim, catalogus)
        naam = str(claims.get("preferred_username") or "")[:64]
        if not naam or gebruikers.rij_met(session=s, gebruikersnaam=naam) is not None:
            naam = f"oidc-{subject}"[:64]
        gebruiker = gebruikers.voeg_toe(
            session=s,
            gebruikersnaam=naam,
            wachtwoord=None,
            nu=klok.nu(engine=engine),
            oidc_subject=subject,
            **velden,
        )
        s.commit()
        log.info("oidc_account_aangemaakt", rol=gebruiker.rol.value)
        return gebruiker


def installeer(
    app: FastAPI, *, engine: Engine, catalogus: Catalogus, instellingen: Instellingen
) -> None:
    """Only when `oidc_issuer` is set: the sign-in page then shows the button."""
    if not instellingen.oidc_issuer:
        return
    issuer = instellingen.oidc_issuer.rstrip("/")
    oauth = OAuth()
    oauth.register(
        NAAM,
        server_metadata_url=f"{issuer}/.well-known/openid-configuration",
        client_id=instellingen.oidc_client_id,
        client_secret=(
            instellingen.oidc_client_geheim.get_secret_value()
            if instellingen.oidc_client_geheim
            else None
        ),
        client_kwargs={"scope": "openid profile"},
    )
    client = oauth.create_client(NAAM)
    app.state.oidc = True

    @app.get("/aanmelden/oidc")
    async def naar_gemeente(request: Request) -> Response:
        antwoord: Response = await client.authorize_redirect(
            request, str(request.url_for("oidc_terug"))
        )
        return antwoord

    @app.get("/aanmelden/oidc/terug", response_class=HTMLResponse, name="oidc_terug")
    async def terug(request: Request) -> Response:
        try:
            token = await client.authorize_access_token(
                request, claims_options={"iss": {"essential": True, "value": issuer}}
            )
            claims = dict(token.get("userinfo") or {})
            if not claims.get("sub"):
                raise OAuthError(description="no ID token")
        except (OAuthError, JoseError, ValueError, KeyError) as fout:
            log.warning("oidc_mislukt", fout=type(fout).__name__)
            return pagina(request, "oidc_mislukt.html", {}, status=401)
        try:
            gebruiker = _gebruiker(engine, claims, instellingen, catalogus)
        except OidcGeweigerd as geweigerd:
            log.warning("oidc_geweigerd", reden=str(geweigerd))
            return pagina(request, "oidc_geweigerd.html", {"reden": str(geweigerd)}, status=403)
        meld_aan(request, gebruiker)
        log.info("aangemeld", rol=gebruiker.rol.value, via="oidc")
        return RedirectResponse(thuis(gebruiker.rol), status_code=303)
