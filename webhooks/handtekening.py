"""Standard Webhooks verification, strict about the headers' form.

The spec (standard-webhooks.md, "Webhook headers"): `webhook-timestamp` is an integer unix
timestamp, `webhook-signature` a space-delimited list of `<version>,<signature>`; `v1` is
HMAC-SHA256, base64-encoded, over `{webhook-id}.{webhook-timestamp}.{body}`. The `standardwebhooks`
package computes the HMAC; it parses the headers leniently (`float()` takes `+1700000000`,
`1700000000.9` and ` 1700000000`; `b64decode` drops junk after the base64), so the form is
checked here first: a timestamp of digits only, each signature exactly `v1,<base64 of 32 bytes>`
in canonical base64, other versions ignored (as the spec says), and each header sent once.
Every configured secret of the partner is tried (two are valid during a rotation); the
signatures are compared in constant time.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime

from standardwebhooks import Webhook

from settings import PartnerInstellingen

VEREISTE_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")
TOLERANTIE_S = 5 * 60
_TIJDSTIP = re.compile(r"0|[1-9][0-9]{0,11}")  # canonical: no sign, fraction, space or leading zero
_VERSIE = re.compile(r"v[0-9]+[a-z]*")
_BASE64_32 = re.compile(r"[A-Za-z0-9+/]{43}=")  # 32 bytes in standard base64, padded


class Onbevoegd(Exception):
    """The webhook cannot be trusted; the message says why (for the 401 answer)."""


def _koppen(headers: Mapping[str, str]) -> dict[str, str]:
    """The three signature headers, each present once and not empty."""
    veelvoud = getattr(headers, "getlist", None)  # Starlette's Headers keep repeated headers
    kleine: dict[str, str] = {}
    for naam in VEREISTE_HEADERS:
        waarden = (
            veelvoud(naam) if veelvoud else [v for k, v in headers.items() if k.lower() == naam]
        )
        if len(waarden) > 1:
            raise Onbevoegd(f"{naam} sent more than once")
        if waarden and waarden[0]:
            kleine[naam] = waarden[0]
    ontbrekend = [h for h in VEREISTE_HEADERS if h not in kleine]
    if ontbrekend:
        raise Onbevoegd(f"missing header(s): {', '.join(ontbrekend)}")
    return kleine


def tijdstip(waarde: str, *, nu: float | None = None) -> int:
    """The signing time: integer unix seconds, within ±5 minutes of now."""
    if not _TIJDSTIP.fullmatch(waarde):
        raise Onbevoegd("webhook-timestamp must be integer unix seconds (digits only)")
    seconden = int(waarde)
    afwijking = seconden - (time.time() if nu is None else nu)
    if afwijking < -TOLERANTIE_S:
        raise Onbevoegd("message timestamp too old")
    if afwijking > TOLERANTIE_S:
        raise Onbevoegd("message timestamp too new")
    return seconden


def v1_handtekeningen(waarde: str) -> list[bytes]:
    """The `v1` signatures of a `webhook-signature` header; other versions are skipped."""
    gevonden = []
    for deel in waarde.split(" "):
        versie, komma, inhoud = deel.partition(",")
        if not komma or not _VERSIE.fullmatch(versie) or not inhoud:
            raise Onbevoegd("malformed webhook-signature: each must be <version>,<signature>")
        if versie != "v1":
            continue
        if not _BASE64_32.fullmatch(inhoud):
            raise Onbevoegd("malformed webhook-signature: v1 is the base64 of 32 bytes")
        try:
            ruw = base64.b64decode(inhoud, validate=True)
        except binascii.Error as exc:
            raise Onbevoegd("malformed webhook-signature: not base64") from exc
        if base64.b64encode(ruw).decode() != inhoud:  # non-zero padding bits: not canonical
            raise Onbevoegd("malformed webhook-signature: not canonical base64")
        gevonden.append(ruw)
    return gevonden


def verifieer(body: bytes, headers: Mapping[str, str], partner: PartnerInstellingen) -> None:
    """Raise `Onbevoegd` unless one of the partner's secrets signed exactly these bytes."""
    koppen = _koppen(headers)
    seconden = tijdstip(koppen["webhook-timestamp"])
    gestuurd = v1_handtekeningen(koppen["webhook-signature"])
    if not gestuurd:
        raise Onbevoegd("no v1 signature")
    try:
        tekst = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Onbevoegd("body is not UTF-8") from exc
    moment = datetime.fromtimestamp(seconden, tz=UTC)
    for geheim in partner.webhook_geheimen:
        verwacht = Webhook(geheim.get_secret_value()).sign(koppen["webhook-id"], moment, tekst)
        sleutel = base64.b64decode(verwacht.removeprefix("v1,"))
        # every signature is compared, matching or not: the time taken says nothing about which one
        if sum(hmac.compare_digest(sleutel, h) for h in gestuurd):
            return
    raise Onbevoegd("no matching signature found" if partner.webhook_geheimen else "no secret")
