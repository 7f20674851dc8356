"""The simulated partners' OAuth2 token endpoint (client credentials, RFC 6749 §4.4).

Partners configured `auth: oauth2` accept only tokens issued here, for themselves and not
expired; the others keep accepting their bearer api_sleutel. Tokens live in memory.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import parse_qs, unquote_plus

from fastapi import Request
from fastapi.responses import JSONResponse

from settings import Catalogus, PartnerInstellingen

_GEEN_CACHE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _fout(status: int, code: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": code}, status_code=status, headers=_GEEN_CACHE | headers)


def _client(request: Request) -> tuple[str, str] | None:
    """Client id and secret from HTTP Basic, form-decoded (RFC 6749 §2.3.1)."""
    soort, _, waarde = request.headers.get("authorization", "").partition(" ")
    if soort.lower() != "basic":
        return None
    try:
        paar = base64.b64decode(waarde, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, dubbelepunt, geheim = paar.partition(":")
    return (unquote_plus(client_id), unquote_plus(geheim)) if dubbelepunt else None


class TokenUitgifte:
    """Issues and checks access tokens for the oauth2 partners of the catalogue."""

    def __init__(
        self, catalogus: Catalogus, *, klok: Callable[[], datetime], geldig_s: int = 3600
    ) -> None:
        self._catalogus = catalogus
        self._klok = klok
        self.geldig_s = geldig_s
        self._tokens: dict[str, tuple[str, datetime]] = {}
        self.uitgegeven = 0
        self.geweigerd = 0

    async def token(self, partner_id: str, request: Request) -> JSONResponse:
        """POST /{partner_id}/oauth/token: a bearer token for a client that proves its secret."""
        partner = self._catalogus.partners.get(partner_id)
        if partner is None or partner.auth != "oauth2":
            return _fout(404, "invalid_request")
        form = parse_qs((await request.body()).decode("latin-1"))
        if form.get("grant_type") != ["client_credentials"]:
            return _fout(400, "unsupported_grant_type")
        if not self._bekend(partner, _client(request)):
            self.geweigerd += 1
            return _fout(401, "invalid_client", **{"WWW-Authenticate": 'Basic realm="token"'})
        token = secrets.token_urlsafe(32)
        self._tokens[token] = (partner.id, self._klok() + timedelta(seconds=self.geldig_s))
        self.uitgegeven += 1
        return JSONResponse(
            {"access_token": token, "token_type": "Bearer", "expires_in": self.geldig_s},
            headers=_GEEN_CACHE,
        )

    @staticmethod
    def _bekend(partner: PartnerInstellingen, client: tuple[str, str] | None) -> bool:
        if client is None or partner.client_geheim is None:
            return False
        id_goed = hmac.compare_digest(client[0].encode(), (partner.client_id or "").encode())
        return (
            hmac.compare_digest(
                client[1].encode(), partner.client_geheim.get_secret_value().encode()
            )
            and id_goed
        )

    def geldig(self, partner_id: str, authorization: str) -> bool:
        """Whether `authorization` carries a live token issued to this partner."""
        soort, _, token = authorization.partition(" ")
        uitgifte = self._tokens.get(token) if soort.lower() == "bearer" else None
        return uitgifte is not None and uitgifte[0] == partner_id and self._klok() < uitgifte[1]

    def trek_in(self) -> None:
        """Revoke every token (as a partner's restart or key rollover would)."""
        self._tokens.clear()
