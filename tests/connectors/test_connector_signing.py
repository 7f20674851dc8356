"""Signed webhooks: what `onderteken` produces verifies with the standardwebhooks package."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from connectors import nieuw_webhook_id, onderteken

GEHEIM = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"type":"traject.hervat","deelnemer":"KT-ABCDEFGH23","fase":"ontwikkeling"}'


def test_headers_verify_with_the_same_secret() -> None:
    headers = onderteken(GEHEIM, BODY, "msg_vast")
    assert headers["webhook-id"] == "msg_vast"
    assert headers["content-type"] == "application/json"
    assert Webhook(GEHEIM).verify(BODY, headers)["fase"] == "ontwikkeling"


def test_another_secret_or_a_changed_body_fails() -> None:
    headers = onderteken(GEHEIM, BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "QUJD" * 8).verify(BODY, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(GEHEIM).verify(BODY.replace(b"hervat", b"gepauzeerd"), headers)


def test_a_non_utc_timestamp_is_converted_not_misread() -> None:
    amsterdam = datetime.now(UTC).astimezone(timezone(timedelta(hours=2)))
    headers = onderteken(GEHEIM, BODY, tijdstip=amsterdam)
    assert abs(int(headers["webhook-timestamp"]) - datetime.now(UTC).timestamp()) < 5
    Webhook(GEHEIM).verify(BODY, headers)


def test_naive_time_is_refused_and_ids_are_fresh() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        onderteken(GEHEIM, BODY, tijdstip=datetime(2026, 1, 1))
    assert nieuw_webhook_id() != nieuw_webhook_id()
    assert onderteken(GEHEIM, BODY)["webhook-id"].startswith("msg_")
