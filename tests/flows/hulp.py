"""Shared steps of the flow tests: the stack's receiver on a fresh database, signed webhooks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from connectors.simulator.voorbeelden import GELDIG
from flows import onderdelen
from persistence import maak_engine, sessie, verloop
from schemas.contracten import InstroomNaarAssessment
from settings import get_settings, laad_catalogus
from tests.conftest import json_body, onderteken
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

BSN = "111222333"


@pytest.fixture
def omgeving(tmp_path, monkeypatch, db_url):
    monkeypatch.setenv("KETEN_DATA_MAP", str(tmp_path))
    monkeypatch.setenv("KETEN_DATABASE_URL", db_url)
    monkeypatch.setenv(
        "KETEN_SIMULATOR_BASIS_URL", "http://127.0.0.1:9"
    )  # nothing listens: deliveries fail
    onderdelen.vergeet()
    instellingen = get_settings()
    catalogus = laad_catalogus(instellingen)
    app = create_app(instellingen, catalogus, Aanstoter("x", starter=lambda d, k: None))
    with TestClient(app) as client:
        yield instellingen, catalogus, client
    onderdelen.vergeet()


def stuur(omgeving, partner, inhoud, webhook_id=None, verwacht=(200, 202)):
    _, catalogus, client = omgeving
    body = json_body(inhoud | {"gemeld_op": datetime.now(UTC).isoformat()})
    headers = onderteken(
        catalogus.partner(partner).webhook_geheimen[0].get_secret_value(),
        body,
        webhook_id=webhook_id,
    )
    antwoord = client.post(f"/webhooks/{partner}", content=body, headers=headers)
    assert antwoord.status_code in verwacht, antwoord.text
    return antwoord.json()


def meld_aan(omgeving):
    persoon = {"naam": "Yonas Tesfay", "bsn": BSN, "geboortedatum": "2001-03-04"}
    bewijs = stuur(
        omgeving,
        "gemeente-utrecht",
        {
            "type": "deelnemer.aangemeld",
            "verwijzing_id": "UTR-1",
            "programma": "utrecht-bank-tot-baan",
            "persoon": persoon,
        },
    )
    return bewijs["deelnemer"]


def instroom_afgerond(pseudoniem, **dossier):
    return {
        "type": "fase.afgerond",
        "deelnemer": pseudoniem,
        "fase": "instroom",
        "naar": "assessment",
        "dossier": GELDIG[InstroomNaarAssessment] | dossier,
    }


def toestand(instellingen, pseudoniem):
    with sessie(maak_engine(instellingen.db_url)) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        t = verloop.huidig_traject(session=s, deelnemer_id=d.id)
        ledger = verloop.geschiedenis(session=s, deelnemer_id=d.id)
        return t.fase, t.status, [o.beweging for o in ledger]
