"""Shared HTTP plumbing of the partner clients: one httpx.Client, one error translation.

The wire protocol: `POST {basis_url}/berichten` with a bearer key and an Idempotency-Key, the
body a PartnerBericht, the answer a PartnerAntwoord. No retries here (STYLE.md §7).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, ClassVar, Self, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from connectors._velden import ALTIJD, VOOR_IEDEREEN
from connectors.errors import (
    BerichtNietToegestaan,
    PartnerContractViolation,
    PartnerRejected,
    PartnerUnavailable,
)
from connectors.partnerclient import Afgeleverd, Verstrekking
from schemas.berichten import (
    BerichtSoort,
    PartnerAntwoord,
    PartnerBericht,
    PartnerDeelnemer,
    PartnerDeelnemers,
)
from schemas.fase import PartnerSoort
from settings import PartnerInstellingen

M = TypeVar("M", bound=BaseModel)

_LATER_OPNIEUW = frozenset({408, 429})
_MAX_DETAIL = 500


def retry_after_s(waarde: str | None, *, nu: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent or unreadable."""
    if not waarde or not waarde.strip():
        return None
    try:
        seconden = float(waarde)
    except ValueError:
        pass
    else:
        return seconden if math.isfinite(seconden) and seconden >= 0 else None
    try:
        moment = parsedate_to_datetime(waarde)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (nu or datetime.now(UTC))).total_seconds())


def _detail(antwoord: httpx.Response) -> str:
    """The partner's own explanation: a JSON `detail` when there is one, else the text."""
    try:
        inhoud = antwoord.json()
    except ValueError:
        return antwoord.text[:_MAX_DETAIL]
    if isinstance(inhoud, dict) and "detail" in inhoud:
        return str(inhoud["detail"])[:_MAX_DETAIL]
    return antwoord.text[:_MAX_DETAIL]


def lees_antwoord(antwoord: httpx.Response, *, partner_id: str, sleutel: str) -> PartnerAntwoord:
    """Translate a partner's HTTP answer into a PartnerAntwoord or one of our errors."""
    resultaat = lees_model(antwoord, PartnerAntwoord, partner_id=partner_id)
    if resultaat.sleutel != sleutel:
        raise PartnerContractViolation(
            f"{partner_id} acknowledged another key than the one sent",
            partner_id=partner_id,
            status=antwoord.status_code,
        )
    return resultaat


def lees_model(antwoord: httpx.Response, model: type[M], *, partner_id: str) -> M:
    """A partner's 2xx answer as `model`; any other answer as one of our errors."""
    status = antwoord.status_code
    if status in _LATER_OPNIEUW or status >= 500:
        raise PartnerUnavailable(
            f"{partner_id} answered {status}",
            partner_id=partner_id,
            status=status,
            retry_after_s=retry_after_s(antwoord.headers.get("retry-after")),
        )
    if 400 <= status < 500:
        detail = _detail(antwoord)
        raise PartnerRejected(
            f"{partner_id} refused the message ({status}): {detail}",
            partner_id=partner_id,
            status=status,
            detail=detail,
        )
    if not 200 <= status < 300:
        raise PartnerContractViolation(
            f"{partner_id} answered unexpected status {status}",
            partner_id=partner_id,
            status=status,
        )
    try:
        return model.model_validate_json(antwoord.content)
    except ValidationError as exc:
        raise PartnerContractViolation(
            f"{partner_id} answered {status} without a valid {model.__name__}",
            partner_id=partner_id,
            status=status,
        ) from exc


class PartnerHttpClient:
    """Delivers messages to one partner over HTTP, sending only what its kind may receive.

    Subclasses (one per PartnerSoort) set `SOORT` and `TOEGESTAAN`: per message kind, the
    `inhoud` fields this kind of partner may see. A message kind not in `TOEGESTAAN` is refused
    before anything is sent.

    Args:
        partner: the partner's settings (base URL, bearer key, timeout).
        transport: an httpx transport; tests pass `httpx.MockTransport`.
        auth: how to authenticate instead of the bearer `api_sleutel` (OAuth2 client credentials).
    """

    SOORT: ClassVar[PartnerSoort]
    TOEGESTAAN: ClassVar[Mapping[BerichtSoort, frozenset[str]]]

    def __init__(
        self,
        partner: PartnerInstellingen,
        transport: httpx.BaseTransport | None = None,
        auth: httpx.Auth | None = None,
    ) -> None:
        if partner.soort != self.SOORT:
            raise ValueError(
                f"{type(self).__name__} serves {self.SOORT} partners, {partner.id} is a {partner.soort}"
            )
        self._partner_id = partner.id
        self._client = httpx.Client(
            base_url=partner.basis_url,
            timeout=partner.timeout_s,
            transport=transport,
            auth=auth,
            headers={
                "Accept": "application/json",
                "User-Agent": "ketenregie",
            }
            | (
                {}
                if auth
                else {"Authorization": f"Bearer {partner.api_sleutel.get_secret_value()}"}
            ),
        )

    @property
    def partner_id(self) -> str:
        return self._partner_id

    def verstrekking(self, bericht: PartnerBericht) -> Verstrekking:
        """Which fields of `bericht.inhoud` go out and which are stripped."""
        toegestaan = self.TOEGESTAAN.get(bericht.soort, VOOR_IEDEREEN.get(bericht.soort))
        if toegestaan is None:
            raise BerichtNietToegestaan(
                f"a {self.SOORT} partner does not receive {bericht.soort} messages",
                partner_id=self._partner_id,
            )
        return Verstrekking(
            partner_id=self._partner_id,
            sleutel=bericht.sleutel,
            soort=bericht.soort,
            deelnemer=bericht.deelnemer,
            velden=tuple(sorted(k for k in bericht.inhoud if k in toegestaan | ALTIJD)),
            weggelaten=tuple(sorted(k for k in bericht.inhoud if k not in toegestaan | ALTIJD)),
        )

    def lever(self, bericht: PartnerBericht) -> Afgeleverd:
        """Deliver one message; the same `sleutel` delivered twice has one effect at the partner.

        Returns the partner's answer with the fields it disclosed (`velden`) and stripped.
        """
        keuze = self.verstrekking(bericht)
        beperkt = bericht.model_copy(
            update={"inhoud": {k: v for k, v in bericht.inhoud.items() if k in keuze.velden}}
        )
        antwoord = self._verstuur(
            "POST",
            "/berichten",
            json=beperkt.model_dump(mode="json"),
            headers={"Idempotency-Key": bericht.sleutel},
        )
        gelezen = lees_antwoord(antwoord, partner_id=self._partner_id, sleutel=bericht.sleutel)
        return Afgeleverd(
            sleutel=gelezen.sleutel,
            status=gelezen.status,
            velden=list(keuze.velden),
            weggelaten=list(keuze.weggelaten),
        )

    def deelnemers(self) -> list[PartnerDeelnemer]:
        """The participants the partner's system holds, with its own phase and status (reconciliation)."""
        antwoord = self._verstuur("GET", "/deelnemers")
        return lees_model(antwoord, PartnerDeelnemers, partner_id=self._partner_id).deelnemers

    def _verstuur(self, methode: str, pad: str, **kwargs: Any) -> httpx.Response:
        """One request; transport failures become our errors, with the cause kept."""
        try:
            return self._client.request(methode, pad, **kwargs)
        except httpx.TransportError as exc:  # timeouts, refused connections, broken responses
            raise PartnerUnavailable(
                f"{self._partner_id} unreachable: {type(exc).__name__}", partner_id=self._partner_id
            ) from exc
        except httpx.HTTPError as exc:  # e.g. an undecodable body
            raise PartnerContractViolation(
                f"{self._partner_id} sent an unreadable answer: {type(exc).__name__}",
                partner_id=self._partner_id,
            ) from exc

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        soort: type[BaseException] | None,
        fout: BaseException | None,
        spoor: TracebackType | None,
    ) -> None:
        self.close()
