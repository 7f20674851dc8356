"""OAuth2 client credentials (RFC 6749 §4.4) as an httpx.Auth, for partners configured `auth: oauth2`.

One token per partner client, shared by every thread: fetched under a lock (many parallel
deliveries cause one token request), reused until shortly before `expires_in`, and renewed once
when the partner answers 401 to it. A refused client id or secret raises PartnerAuthGeweigerd and
is remembered for a minute, so a wrong secret costs one token request, not one per message.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Generator
from urllib.parse import quote_plus

import httpx
from pydantic import BaseModel, Field

from connectors._http import lees_model
from connectors.errors import PartnerAuthGeweigerd
from settings import PartnerInstellingen

ONTHOUD_WEIGERING_S = 60.0
MARGE_S = 30.0  # renew this long before expiry (at most a tenth of the lifetime)


class TokenAntwoord(BaseModel):
    """The token endpoint's answer (RFC 6749 §5.1)."""

    access_token: str = Field(min_length=1)
    token_type: str = Field(pattern=r"^(?i:bearer)$")
    expires_in: float = Field(default=3600.0, gt=0)


def _basic(client_id: str, geheim: str) -> str:
    """HTTP Basic client authentication, id and secret form-encoded first (RFC 6749 §2.3.1)."""
    paar = f"{quote_plus(client_id)}:{quote_plus(geheim)}".encode()
    return "Basic " + base64.b64encode(paar).decode()


class ClientCredentials(httpx.Auth):
    """Bearer tokens from the partner's token endpoint, for a sync httpx.Client shared by threads."""

    def __init__(
        self, partner: PartnerInstellingen, *, klok: Callable[[], float] = time.monotonic
    ) -> None:
        if partner.auth != "oauth2" or not (
            partner.token_url and partner.client_id and partner.client_geheim
        ):
            raise ValueError(f"partner {partner.id} is not configured for oauth2")
        self._partner_id, self._token_url, self._timeout = (
            partner.id,
            partner.token_url,
            httpx.Timeout(partner.timeout_s),
        )
        self._basic = _basic(partner.client_id, partner.client_geheim.get_secret_value())
        self._klok = klok
        self._slot = threading.Lock()
        self._token: str | None = None
        self._verloopt = 0.0
        self._weigering: tuple[float, PartnerAuthGeweigerd] | None = None
        self.opgehaald = 0  # tokens fetched by this client

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raise NotImplementedError("ClientCredentials serves the sync httpx.Client only")

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        token = yield from self._geldig_token(afgewezen=None)
        request.headers["Authorization"] = f"Bearer {token}"
        antwoord = yield request
        if antwoord.status_code == 401:  # revoked or expired early: one new token, one more try
            token = yield from self._geldig_token(afgewezen=token)
            request.headers["Authorization"] = f"Bearer {token}"
            yield request

    def _geldig_token(
        self, *, afgewezen: str | None
    ) -> Generator[httpx.Request, httpx.Response, str]:
        """The cached token, or a new one when there is none, it (nearly) expired or was refused."""
        with self._slot:
            if (
                self._token is not None
                and self._token != afgewezen
                and self._klok() < self._verloopt
            ):
                return self._token
            if self._weigering is not None and self._klok() < self._weigering[0]:
                raise self._weigering[1]
            antwoord = yield self._token_verzoek()
            antwoord.read()
            gelezen = self._lees(antwoord)
            self.opgehaald += 1
            self._token = gelezen.access_token
            self._verloopt = (
                self._klok() + gelezen.expires_in - min(MARGE_S, gelezen.expires_in / 10)
            )
            return self._token

    def _token_verzoek(self) -> httpx.Request:
        return httpx.Request(
            "POST",
            self._token_url,
            data={"grant_type": "client_credentials"},
            headers={
                "Authorization": self._basic,
                "Accept": "application/json",
                "User-Agent": "ketenregie",
            },
            extensions={"timeout": self._timeout.as_dict()},
        )

    def _lees(self, antwoord: httpx.Response) -> TokenAntwoord:
        if antwoord.status_code in (
            400,
            401,
        ):  # invalid_client, unauthorized_client, ... (RFC 6749 §5.2)
            fout = self._foutcode(antwoord)
            weigering = PartnerAuthGeweigerd(
                f"{self._partner_id} token endpoint refused our client credentials ({antwoord.status_code} {fout}): "
                f"check client_id and KETEN_PARTNER__<ID>__CLIENT_GEHEIM",
                partner_id=self._partner_id,
                status=antwoord.status_code,
                fout=fout,
            )
            self._token, self._weigering = None, (self._klok() + ONTHOUD_WEIGERING_S, weigering)
            raise weigering
        self._weigering = None
        return lees_model(antwoord, TokenAntwoord, partner_id=self._partner_id)

    @staticmethod
    def _foutcode(antwoord: httpx.Response) -> str:
        try:
            inhoud = antwoord.json()
        except ValueError:
            return "no error code"
        return (
            str(inhoud.get("error", "no error code"))
            if isinstance(inhoud, dict)
            else "no error code"
        )
