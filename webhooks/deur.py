"""The checks every signed request passes at the door, in order: type, size, headers, encoding, signature.

The signature headers must come once each: Starlette's `headers[...]` gives the first of a
repeated header while a dict of the headers keeps the last, so a request carrying two webhook-ids
could be verified under one and stored under the other (a captured request replayed under new
ids). The body must be UTF-8 before it is verified: the Standard Webhooks library signs text, and
a non-UTF-8 body is a media-type error (415) however it was signed, not a bad signature. For UTF-8
bytes, decoding and encoding again is lossless, so the signature still covers the exact bytes.
"""

from __future__ import annotations

import re

from fastapi import Request

from schemas.grenzen import utf8_fout
from settings import PartnerInstellingen, logboek
from webhooks.handtekening import VEREISTE_HEADERS, Onbevoegd, verifieer

log = logboek(__name__)

# Visible ASCII without '#': the chain names derived ids `{batch}#{row}` and `herhaling#{id}#{n}`,
# so no id a partner chooses can ever collide with one of those.
RESERVED = "#"
ID_PATROON = '^[!-"$-~]+$'  # published in the OpenAPI description as the header's pattern
_ID_TEKENS = re.compile(ID_PATROON)


class Afgewezen(Exception):
    """The request is answered with `status` and `detail` before anything is stored."""

    def __init__(self, status: int, detail: object, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def inhoudstype(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _tekenset(request: Request) -> str | None:
    for deel in request.headers.get("content-type", "").split(";")[1:]:
        naam, _, waarde = deel.partition("=")
        if naam.strip().lower() == "charset":
            return waarde.strip().strip('"').lower()
    return None


def id_fout(webhook_id: str, max_tekens: int) -> str | None:
    """Why a partner's webhook-id cannot name a message, or None."""
    if len(webhook_id) > max_tekens:
        return f"header webhook-id has {len(webhook_id)} characters; at most {max_tekens}"
    if RESERVED in webhook_id:
        return f"header webhook-id may not contain '{RESERVED}': the chain keeps it for the ids of batch rows"
    if not _ID_TEKENS.fullmatch(webhook_id):
        return (
            "header webhook-id must be visible ASCII characters (no spaces or control characters)"
        )
    return None


def controleer_koppen(request: Request, max_id_tekens: int) -> None:
    """400 for a signature header sent more than once or a webhook-id that cannot name a message."""
    for naam in VEREISTE_HEADERS:
        aantal = len(request.headers.getlist(naam))
        if aantal > 1:
            raise Afgewezen(400, f"header {naam} sent {aantal} times; send it once")
    webhook_id = request.headers.get("webhook-id")
    if webhook_id and (fout := id_fout(webhook_id, max_id_tekens)) is not None:
        raise Afgewezen(400, fout)


async def getekende_body(
    request: Request,
    partner: PartnerInstellingen,
    *,
    soorten: tuple[str, ...],
    max_bytes: int,
    max_id_tekens: int,
) -> bytes:
    """The raw body, once it is of an accepted type, small enough, UTF-8, and signed by the partner."""
    if inhoudstype(request) not in soorten:
        raise Afgewezen(415, f"content-type must be {' or '.join(soorten)}")
    if _tekenset(request) not in (None, "utf-8", "utf8"):
        raise Afgewezen(415, "charset must be utf-8")
    if int(request.headers.get("content-length") or 0) > max_bytes:
        raise Afgewezen(413, f"body larger than {max_bytes} bytes")
    body = await request.body()
    if len(body) > max_bytes:
        raise Afgewezen(413, f"body larger than {max_bytes} bytes")
    controleer_koppen(request, max_id_tekens)
    if (fout := utf8_fout(body)) is not None:
        raise Afgewezen(415, f"the body must be UTF-8 (charset=utf-8): {fout}")
    try:
        verifieer(body, request.headers, partner)
    except Onbevoegd as exc:
        log.info("webhook_geweigerd", partner=partner.id, reden=str(exc))
        raise Afgewezen(401, f"signature not accepted: {exc}") from exc
    return body
