"""Secret rotation: `keten partners rotate-secret` while the receiver runs, without a restart."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.app import app as keten
from persistence import maak_engine
from persistence.tabellen import WebhookGeheim
from settings import get_settings
from tests.conftest import json_body, onderteken
from tests.webhooks.test_receiver import Opnemer, aanmelding, geheim, inbox_rijen
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

PARTNER = "gemeente-utrecht"


@pytest.fixture
def client(instellingen, catalogus, monkeypatch):
    monkeypatch.setenv("KETEN_DATA_MAP", str(instellingen.data_map))
    monkeypatch.setenv("KETEN_DATABASE_URL", instellingen.db_url)
    get_settings.cache_clear()
    app = create_app(
        instellingen.model_copy(update={"geheim_cache_s": 0}),
        catalogus,
        Aanstoter("x", interval_s=0, starter=Opnemer()),
    )
    with TestClient(app) as c:
        yield c
    get_settings.cache_clear()


def roteer(*opties: str) -> str:
    resultaat = CliRunner().invoke(keten, ["partners", "rotate-secret", PARTNER, *opties])
    assert resultaat.exit_code == 0, resultaat.output
    return resultaat.stdout.strip().splitlines()[-1]


def status_met(client, sleutel):
    body = json_body(aanmelding())
    return client.post(
        f"/webhooks/{PARTNER}", content=body, headers=onderteken(sleutel, body)
    ).status_code


def test_tijdens_de_overlap_gelden_twee_geheimen_daarna_alleen_het_nieuwe(
    client, catalogus, instellingen
):
    oud = geheim(catalogus, PARTNER)
    nieuw = roteer("--overlap-hours", "24")
    assert nieuw.startswith("whsec_") and nieuw != oud
    assert (status_met(client, oud), status_met(client, nieuw)) == (202, 202)
    derde = roteer("--overlap-hours", "24")
    aantal = len(inbox_rijen(instellingen))
    assert status_met(client, oud) == 401, (
        "at most two secrets are valid: the oldest ends at the next rotation"
    )
    assert len(inbox_rijen(instellingen)) == aantal, "a refused webhook changes nothing"
    assert (status_met(client, nieuw), status_met(client, derde)) == (202, 202)


def test_zonder_overlap_stopt_het_oude_geheim_meteen(client, catalogus, instellingen):
    oud = geheim(catalogus, PARTNER)
    nieuw = roteer("--overlap-hours", "0")
    assert status_met(client, oud) == 401
    assert inbox_rijen(instellingen) == []
    assert status_met(client, nieuw) == 202


def test_geheimen_staan_versleuteld_in_de_database_en_de_lijst_toont_vingerafdrukken(
    client, catalogus, instellingen, monkeypatch
):
    monkeypatch.setattr("cli.partners.console", Console(width=200))
    nieuw = roteer()
    with Session(maak_engine(instellingen.db_url)) as s:
        rijen = list(s.exec(select(WebhookGeheim)))
    assert len(rijen) == 2 and all(nieuw not in r.geheim_versleuteld for r in rijen)
    uitvoer = CliRunner().invoke(keten, ["partners", "list"]).stdout
    nieuwste = max(rijen, key=lambda r: r.id)
    assert f"{nieuwste.vingerafdruk} current" in uitvoer and nieuw not in uitvoer


def test_onbekende_partner_roteert_niet(client):
    resultaat = CliRunner().invoke(keten, ["partners", "rotate-secret", "onbekend"])
    assert resultaat.exit_code == 1 and "unknown partner" in resultaat.output
