"""Signed webhooks to ketenregie, sent the way a well-behaved partner system sends them.

A connection error, 408, 429 or 5xx is retried with backoff (honouring Retry-After) under the
same webhook-id, so ketenregie can drop a duplicate; after `herhaal_tot_s` the sender gives up
and counts it. Any other 4xx is ketenregie refusing the event: retrying would not help.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ValidationError

from connectors._http import retry_after_s
from connectors.ondertekening import nieuw_webhook_id, onderteken
from schemas.gebeurtenissen import Ontvangstbewijs
from settings import Catalogus, logboek

log = logboek(__name__)

_MAX_WACHT_S = 10.0
# Sends in flight at once, below httpx's pool of 100 connections. Without a bound, a burst of
# thousands of webhooks queued inside httpcore's pool, which matches every queued request against
# every connection on each send (quadratic): on a slow machine the simulator's event loop spent
# itself there, queued sends ran out their 10 s pool timeout, and their retries queued again, so
# the demo's partners fell silent mid-cohort while the receiver sat idle.
GELIJKTIJDIG = 32


@dataclass(frozen=True)
class Aflevering:
    """How one webhook ended: delivered, refused by ketenregie, or given up."""

    webhook_id: str
    uitslag: Literal["verzonden", "geweigerd", "mislukt"]
    status: int | None = None
    bewijs: Ontvangstbewijs | None = None


def _opnieuw(status: int) -> bool:
    return status in (408, 429) or status >= 500


class WebhookAfzender:
    """Sends events as one partner or another, signed with that partner's first secret.

    Args:
        client: the AsyncClient to send with (its lifetime is the caller's).
        basis_url: ketenregie's webhook base URL (`Instellingen.webhook_basis_url`).
        catalogus: where each partner's secret comes from.
        herhaal_tot_s: how long to keep retrying one webhook before giving up.
        eerste_wacht_s: the first backoff; it doubles up to 10 s.
        gelijktijdig: sends in flight at once; the others wait their turn before the pool.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        basis_url: str,
        catalogus: Catalogus,
        herhaal_tot_s: float = 60.0,
        eerste_wacht_s: float = 0.5,
        gelijktijdig: int = GELIJKTIJDIG,
    ) -> None:
        self._client = client
        self._basis_url = basis_url.rstrip("/")
        self._catalogus = catalogus
        self._herhaal_tot_s = herhaal_tot_s
        self._eerste_wacht_s = eerste_wacht_s
        self._beurten = asyncio.Semaphore(gelijktijdig)
        self.verzonden = 0
        self.geweigerd = 0
        self.mislukt = 0

    async def verstuur(
        self, partner_id: str, gebeurtenis: BaseModel, *, webhook_id: str | None = None
    ) -> Aflevering:
        """Send one event as `partner_id`; retries keep the webhook-id and re-sign with a fresh timestamp."""
        bericht_id = webhook_id or nieuw_webhook_id()
        body = gebeurtenis.model_dump_json().encode()
        geheim = self._catalogus.partner(partner_id).webhook_geheimen[0].get_secret_value()
        url = f"{self._basis_url}/webhooks/{partner_id}"
        klok = asyncio.get_running_loop()
        einde = klok.time() + self._herhaal_tot_s
        wacht = self._eerste_wacht_s
        while True:
            antwoord = await self._probeer(url, onderteken(geheim, body, bericht_id), body)
            if antwoord is not None and not _opnieuw(antwoord.status_code):
                return self._afgehandeld(partner_id, bericht_id, gebeurtenis, antwoord)
            gevraagd = (
                retry_after_s(antwoord.headers.get("retry-after")) if antwoord is not None else None
            )
            pauze = max(wacht, gevraagd or 0.0)
            if klok.time() + pauze > einde:
                return self._opgegeven(partner_id, bericht_id, gebeurtenis, antwoord)
            await asyncio.sleep(pauze)
            wacht = min(wacht * 2, _MAX_WACHT_S)

    async def _probeer(
        self, url: str, headers: dict[str, str], body: bytes
    ) -> httpx.Response | None:
        try:
            async with self._beurten:
                return await self._client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            log.debug("webhook_poging_mislukt", url=url, fout=type(exc).__name__)
            return None

    def _afgehandeld(
        self, partner_id: str, webhook_id: str, gebeurtenis: BaseModel, antwoord: httpx.Response
    ) -> Aflevering:
        status = antwoord.status_code
        if not 200 <= status < 300:
            self.geweigerd += 1
            log.warning(
                "webhook_geweigerd", **_velden(partner_id, webhook_id, gebeurtenis), status=status
            )
            return Aflevering(webhook_id, "geweigerd", status)
        self.verzonden += 1
        log.info("webhook_verzonden", **_velden(partner_id, webhook_id, gebeurtenis), status=status)
        try:
            bewijs: Ontvangstbewijs | None = Ontvangstbewijs.model_validate_json(antwoord.content)
        except ValidationError:
            bewijs = None
        return Aflevering(webhook_id, "verzonden", status, bewijs)

    def _opgegeven(
        self,
        partner_id: str,
        webhook_id: str,
        gebeurtenis: BaseModel,
        antwoord: httpx.Response | None,
    ) -> Aflevering:
        self.mislukt += 1
        status = antwoord.status_code if antwoord is not None else None
        log.error(
            "webhook_opgegeven", **_velden(partner_id, webhook_id, gebeurtenis), status=status
        )
        return Aflevering(webhook_id, "mislukt", status)


def _velden(partner_id: str, webhook_id: str, gebeurtenis: BaseModel) -> dict[str, Any]:
    """Log fields by pseudonym only; an aanmelding's personal data never reaches a log line."""
    soort = getattr(gebeurtenis, "type", type(gebeurtenis).__name__)
    deelnemer = getattr(gebeurtenis, "deelnemer", None) or "-"
    return {"partner": partner_id, "type": soort, "deelnemer": deelnemer, "webhook_id": webhook_id}
