"""Interoperability: a signature made per the Standard Webhooks spec, by code other than the
library we verify with, is accepted; a tampered body, a stale timestamp or a wrong secret is 401
and changes nothing.

The signer below follows the spec text (github.com/standard-webhooks/standard-webhooks,
spec/standard-webhooks.md): HMAC-SHA256 with the base64-decoded secret after `whsec_`, over
`{webhook-id}.{webhook-timestamp}.{body}`, sent as `v1,<base64>`; several space-separated
signatures may be sent and one valid is enough.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

import pytest

from tests.conftest import json_body
from tests.webhooks.test_receiver import aanmelding, geheim, inbox_rijen


def spec_handtekening(geheim: str, webhook_id: str, tijdstip: int, body: bytes) -> str:
    sleutel = base64.b64decode(geheim.removeprefix("whsec_"))
    inhoud = f"{webhook_id}.{tijdstip}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(sleutel, inhoud, hashlib.sha256).digest()).decode()


def verstuur(
    client, body, *, geheim_, tijdstip=None, webhook_id="msg_spec1", extra_handtekening=""
):
    tijdstip = tijdstip or int(time.time())
    handtekening = spec_handtekening(geheim_, webhook_id, tijdstip, body)
    headers = {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(tijdstip),
        "content-type": "application/json",
        "webhook-signature": f"{extra_handtekening} {handtekening}".strip(),
    }
    return client.post("/webhooks/gemeente-utrecht", content=body, headers=headers)


def test_handtekening_volgens_de_spec_wordt_geaccepteerd(client, catalogus, instellingen):
    antwoord = verstuur(client, json_body(aanmelding()), geheim_=geheim(catalogus))
    assert antwoord.status_code == 202, antwoord.text
    assert len(inbox_rijen(instellingen)) == 1


def test_een_geldige_naast_een_ongeldige_handtekening_volstaat(client, catalogus, instellingen):
    body = json_body(aanmelding())
    onzin = "v1," + base64.b64encode(b"x" * 32).decode()
    assert (
        verstuur(client, body, geheim_=geheim(catalogus), extra_handtekening=onzin).status_code
        == 202
    )


@pytest.mark.parametrize("bederf", ["body", "tijdstip", "geheim"])
def test_bedorven_handtekening_volgens_de_spec_is_401_en_verandert_niets(
    client, catalogus, instellingen, bederf
):
    body = json_body(aanmelding())
    sleutel = geheim(catalogus, "assessment-utrecht") if bederf == "geheim" else geheim(catalogus)
    tijdstip = int(time.time()) - 301 if bederf == "tijdstip" else int(time.time())
    handtekening = spec_handtekening(sleutel, "msg_spec2", tijdstip, body)
    if bederf == "body":
        body = body.replace(b"UTR-2026-0001", b"UTR-2026-0666")
    headers = {
        "webhook-id": "msg_spec2",
        "webhook-timestamp": str(tijdstip),
        "webhook-signature": handtekening,
        "content-type": "application/json",
    }
    antwoord = client.post("/webhooks/gemeente-utrecht", content=body, headers=headers)
    assert antwoord.status_code == 401
    assert inbox_rijen(instellingen) == []
