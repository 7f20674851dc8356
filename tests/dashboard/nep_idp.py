"""A fake identity provider that is a real HTTP service: discovery, authorize, token, JWKS.

It signs ID tokens RS256 with a key made here; a test sets the claims the next sign-in gets and
may spoil the token (another issuer, audience, nonce, or key) to see the dashboard refuse it.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID, CLIENT_GEHEIM = "ketenregie-dashboard", "geheim-van-de-client"


@dataclass
class NepIdp:
    basis: str = ""
    claims: dict[str, Any] = field(default_factory=dict)
    bederf: dict[str, Any] = field(default_factory=dict)  # iss/aud/nonce to put instead
    ander_sleutel: bool = False
    sleutel: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "k1"}))
    vreemd: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "k1"}))
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def id_token(self, nonce: str) -> str:
        nu = int(time.time())
        inhoud = {
            "iss": self.basis,
            "aud": CLIENT_ID,
            "iat": nu,
            "exp": nu + 300,
            "nonce": nonce,
            **self.claims,
            **self.bederf,
        }
        sleutel = self.vreemd if self.ander_sleutel else self.sleutel
        return jwt.encode({"alg": "RS256", "kid": "k1"}, inhoud, sleutel)


def maak_app(idp: NepIdp) -> FastAPI:
    app = FastAPI()

    @app.get("/.well-known/openid-configuration")
    def ontdekking() -> dict[str, Any]:
        return {
            "issuer": idp.basis,
            "authorization_endpoint": f"{idp.basis}/authorize",
            "token_endpoint": f"{idp.basis}/token",
            "jwks_uri": f"{idp.basis}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    @app.get("/authorize")
    def autoriseer(
        client_id: str, redirect_uri: str, state: str, nonce: str, response_type: str
    ) -> RedirectResponse:
        assert client_id == CLIENT_ID and response_type == "code"
        code = secrets.token_urlsafe(16)
        idp.codes[code] = {"nonce": nonce, "redirect_uri": redirect_uri}
        return RedirectResponse(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}", 302)

    @app.post("/token")
    async def token(
        request: Request, code: str = Form(), redirect_uri: str = Form()
    ) -> JSONResponse:
        import base64

        soort, _, waarde = request.headers.get("authorization", "").partition(" ")
        wie = base64.b64decode(waarde).decode() if soort == "Basic" else ""
        uitgifte = idp.codes.pop(code, None)
        if (
            wie != f"{CLIENT_ID}:{CLIENT_GEHEIM}"
            or not uitgifte
            or uitgifte["redirect_uri"] != redirect_uri
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        return JSONResponse(
            {
                "access_token": secrets.token_urlsafe(16),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": idp.id_token(uitgifte["nonce"]),
            }
        )

    @app.get("/jwks")
    def jwks() -> dict[str, Any]:
        return dict(KeySet([idp.sleutel]).as_dict(private=False))

    return app
