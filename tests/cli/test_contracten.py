"""Publishing the contracts: the CLI export and the HTTP pages say the same, and say it all."""

from __future__ import annotations

import json

import jsonschema
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cli.app import app
from connectors.simulator.voorbeelden import GELDIG
from schemas.contracten import ALLE_CONTRACTEN, PlaatsingNaarNazorg
from schemas.publicatie import slug
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app


def test_export_schrijft_schema_en_regels_per_contract(tmp_path):
    uitslag = CliRunner().invoke(app, ["contracts", "export", str(tmp_path)])
    assert uitslag.exit_code == 0, uitslag.output
    for contract in ALLE_CONTRACTEN:
        naam = f"{slug(contract)}-v{contract.VERSIE}"
        gepubliceerd = json.loads((tmp_path / f"{naam}.json").read_text())
        assert gepubliceerd["id"] == contract.contract_id()
        assert [r["naam"] for r in gepubliceerd["regels"]] == [
            r.naam for r in contract.alle_regels()
        ]
        jsonschema.validate(json.loads(json.dumps(GELDIG[contract])), gepubliceerd["json_schema"])
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(
                GELDIG[contract] | {"onbekend_veld": 1}, gepubliceerd["json_schema"]
            )
        assert all(
            r["naam"] in (tmp_path / f"{naam}.md").read_text() for r in gepubliceerd["regels"]
        )


def test_lijst_noemt_elk_contract():
    uitslag = CliRunner().invoke(app, ["contracts"], env={"COLUMNS": "250"})
    assert uitslag.exit_code == 0
    assert all(c.contract_id() in uitslag.output for c in ALLE_CONTRACTEN)


def test_contracten_over_http(instellingen, catalogus):
    with TestClient(
        create_app(instellingen, catalogus, Aanstoter("x", starter=lambda d, k: None))
    ) as client:
        lijst = client.get("/contracten").json()
        assert {c["id"] for c in lijst} == {c.contract_id() for c in ALLE_CONTRACTEN}
        plaatsing = client.get(f"/contracten/{slug(PlaatsingNaarNazorg)}").json()
        assert plaatsing["randen"] == ["plaatsing → nazorg"]
        assert {
            "naam": "uren_binnen_1_40",
            "uitleg": "hours per week lie within 1–40",
            "controle": "1 <= uren_per_week <= 40",
        } in plaatsing["regels"]
        assert client.get("/contracten/bestaat-niet").status_code == 404
