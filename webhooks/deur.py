"""The checks every signed request passes at the door, in order: type, size, signature."""

from __future__ import annotations

from fastapi import Request

from settings import PartnerInstellingen, logboek
from webhooks.handtekening import Onbevoegd, verifieer

log = logboek(__name__)


class Afgewezen(Exception):
    """The request is answered with `status` and `detail` before anything is stored."""

    def __init__(self, status: int, detail: object, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers or {}


def inhoudstype(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def getekende_body(
    request: Request, partner: PartnerInstellingen, *, soorten: tuple[str, ...], max_bytes: int
) -> bytes:
    """The raw body, once it is of an accepted type, small enough, and signed by the partner."""
    if inhoudstype(request) not in soorten:
        raise Afgewezen(415, f"content-type must be {' or '.join(soorten)}")
    if int(request.headers.get("content-length") or 0) > max_bytes:
        raise Afgewezen(413, f"body larger than {max_bytes} bytes")
    body = await request.body()
    if len(body) > max_bytes:
        raise Afgewezen(413, f"body larger than {max_bytes} bytes")
    try:
        verifieer(body, request.headers, partner)
    except Onbevoegd as exc:
        log.info("webhook_geweigerd", partner=partner.id, reden=str(exc))
        raise Afgewezen(401, f"signature not accepted: {exc}") from exc
    return body
