"""The partner API description: served, exported by `keten openapi`, and the committed copy current."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli.app import app as keten
from cli.stapel import PROJECT_MAP

GETEKEND = ("/webhooks/{partner_id}", "/webhooks/{partner_id}/batch")


def test_beschrijving_noemt_handtekening_lichaam_en_elk_antwoord(client):
    doc = client.get("/openapi.json").json()
    for pad in GETEKEND:
        operatie = doc["paths"][pad]["post"]
        assert {"webhook-id", "webhook-timestamp", "webhook-signature"} <= {
            p["name"] for p in operatie["parameters"]
        }
        assert {"200", "202", "401", "403", "404", "413", "415", "422", "429", "503"} <= set(
            operatie["responses"]
        )
        assert operatie["requestBody"]["required"] is True
    gebeurtenis = doc["paths"]["/webhooks/{partner_id}"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]
    assert gebeurtenis == {"$ref": "#/components/schemas/PartnerGebeurtenis"}
    soorten = doc["components"]["schemas"]["PartnerGebeurtenis"]["discriminator"]["mapping"]
    assert {"deelnemer.aangemeld", "fase.afgerond", "nazorg.checkin"} <= set(soorten)


def test_export_is_wat_geserveerd_wordt_en_de_vastgelegde_kopie_is_actueel(client, tmp_path):
    geserveerd = client.get("/openapi.json").json()
    uit = tmp_path / "openapi.json"
    resultaat = CliRunner().invoke(keten, ["openapi", "--out", str(uit)])
    assert resultaat.exit_code == 0, resultaat.output
    assert json.loads(uit.read_text()) == geserveerd
    vastgelegd = json.loads((PROJECT_MAP / "docs" / "openapi.json").read_text())
    assert vastgelegd == geserveerd, "docs/openapi.json is stale: run `keten openapi`"
