"""Standard Webhooks verification with the maintained `standardwebhooks` package.

Every configured secret of the partner is tried (two are valid during a rotation); the library
compares in constant time and enforces the ±5-minute timestamp window.
"""

from __future__ import annotations

from collections.abc import Mapping

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from settings import PartnerInstellingen

VEREISTE_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


class Onbevoegd(Exception):
    """The webhook cannot be trusted; the message says why (for the 401 answer)."""


def verifieer(body: bytes, headers: Mapping[str, str], partner: PartnerInstellingen) -> None:
    """Raise `Onbevoegd` unless one of the partner's secrets signed exactly these bytes."""
    kleine = {k.lower(): v for k, v in headers.items()}
    ontbrekend = [h for h in VEREISTE_HEADERS if not kleine.get(h)]
    if ontbrekend:
        raise Onbevoegd(f"missing header(s): {', '.join(ontbrekend)}")
    try:
        tekst = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Onbevoegd("body is not UTF-8") from exc
    laatste_fout = "no secret configured"
    for geheim in partner.webhook_geheimen:
        try:
            Webhook(geheim.get_secret_value()).verify(tekst, kleine, json_parse=False)
            return
        except WebhookVerificationError as exc:
            laatste_fout = str(exc)
        except (ValueError, TypeError) as exc:  # a malformed signature header
            laatste_fout = f"malformed webhook-signature ({exc.__class__.__name__})"
    raise Onbevoegd(laatste_fout)
