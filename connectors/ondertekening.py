"""Standard Webhooks signatures for what partners (and the simulator) send to ketenregie.

Signing uses the maintained `standardwebhooks` package, the same one the receiver verifies
with, so both sides agree on the signed content `{id}.{timestamp}.{body}` by construction.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from uuid import uuid4

from standardwebhooks import Webhook


def nieuw_webhook_id() -> str:
    """A fresh message id; retries of one message keep theirs, a corrected resend gets a new one."""
    return f"msg_{uuid4().hex}"


def onderteken(
    geheim: str, body: bytes, webhook_id: str | None = None, tijdstip: datetime | None = None
) -> dict[str, str]:
    """The headers of one signed webhook: webhook-id, -timestamp, -signature and content-type.

    Args:
        geheim: the partner's `whsec_...` secret (its first one during a rotation).
        body: the exact bytes that will be sent; the signature covers these.
        webhook_id: keep the id on a retry so the receiver can drop the duplicate.
        tijdstip: timezone-aware send time; default now.
    """
    moment = tijdstip or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("tijdstip must be timezone-aware")
    moment = moment.astimezone(UTC)  # Webhook.sign reads the wall clock as UTC
    bericht_id = webhook_id or nieuw_webhook_id()
    return {
        "webhook-id": bericht_id,
        "webhook-timestamp": str(math.floor(moment.timestamp())),
        "webhook-signature": Webhook(geheim).sign(bericht_id, moment, body.decode("utf-8")),
        "content-type": "application/json",
    }
