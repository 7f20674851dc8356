"""The webhook receiver over real HTTP semantics (TestClient) and a real SQLite inbox."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from connectors.simulator.voorbeelden import GELDIG
from persistence import InboxBericht, maak_engine, privacy
from persistence.groepscommit import Groepsschrijver
from schemas.contracten import InstroomNaarAssessment
from tests.conftest import json_body, onderteken
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

PERSOON = {"naam": "Fatima el Amrani", "bsn": "111222333", "geboortedatum": "1990-04-01"}


def aanmelding(**extra):
    return {
        "type": "deelnemer.aangemeld",
        "gemeld_op": datetime.now(UTC).isoformat(),
        "verwijzing_id": "UTR-2026-0001",
        "programma": "utrecht-bank-tot-baan",
        "persoon": PERSOON,
    } | extra


class Opnemer:
    def __init__(self) -> None:
        self.aanroepen: list[str] = []

    def __call__(self, deployment: str, sleutel: str) -> None:
        self.aanroepen.append(deployment)


def geheim(catalogus, partner="gemeente-utrecht"):
    return catalogus.partner(partner).webhook_geheimen[0].get_secret_value()


def inbox_rijen(instellingen):
    with Session(maak_engine(instellingen.db_url)) as s:
        return list(s.exec(select(InboxBericht)))


def post(client, partner, body, headers):
    return client.post(f"/webhooks/{partner}", content=body, headers=headers)


def test_aanmelding_geaccepteerd_met_pseudoniem_en_zonder_persoonsgegevens_in_de_inbox(
    client, instellingen, catalogus
):
    body = json_body(aanmelding())
    antwoord = post(client, "gemeente-utrecht", body, onderteken(geheim(catalogus), body))
    assert antwoord.status_code == 202, antwoord.text
    assert antwoord.json()["deelnemer"] == privacy.pseudoniem_voor(PERSOON["bsn"], instellingen)
    [rij] = inbox_rijen(instellingen)
    opgeslagen = str(rij.payload) + str(rij.bsn_hash) + str(rij.pseudoniem)
    assert all(waarde not in opgeslagen for waarde in PERSOON.values())
    assert privacy.ontsleutel(rij.persoon_versleuteld, instellingen).naam == PERSOON["naam"]


def test_zelfde_webhook_tweemaal_heeft_een_effect(client, instellingen, catalogus):
    body = json_body(aanmelding())
    headers = onderteken(geheim(catalogus), body)
    eerste, tweede = (
        post(client, "gemeente-utrecht", body, headers),
        post(client, "gemeente-utrecht", body, headers),
    )
    assert (eerste.status_code, tweede.status_code) == (202, 200)
    assert tweede.json()["status"] == "dubbel"
    assert len(inbox_rijen(instellingen)) == 1


@pytest.mark.parametrize(
    "bederf",
    [
        "ander_geheim",
        "gewijzigde_body",
        "oud_tijdstip",
        "toekomstig_tijdstip",
        "geen_handtekening",
        "rommel_handtekening",
    ],
)
def test_onbetrouwbare_webhook_krijgt_401_en_verandert_niets(
    client, instellingen, catalogus, opnemer, bederf
):
    body = json_body(aanmelding())
    sleutel = (
        geheim(catalogus, "assessment-utrecht") if bederf == "ander_geheim" else geheim(catalogus)
    )
    tijdstip = {
        "oud_tijdstip": datetime.now(UTC) - timedelta(minutes=6),
        "toekomstig_tijdstip": datetime.now(UTC) + timedelta(minutes=6),
    }.get(bederf)
    headers = onderteken(sleutel, body, tijdstip=tijdstip)
    if bederf == "gewijzigde_body":
        body = body.replace(b"UTR-2026-0001", b"UTR-2026-0002")
    if bederf == "geen_handtekening":
        del headers["webhook-signature"]
    if bederf == "rommel_handtekening":
        headers["webhook-signature"] = "v1,nietbase64!!! zonderkomma"
    antwoord = post(client, "gemeente-utrecht", body, headers)
    assert antwoord.status_code == 401
    assert "signature not accepted" in antwoord.json()["detail"]
    assert inbox_rijen(instellingen) == [] and opnemer.aanroepen == []


def test_tweede_geheim_geldt_tijdens_rotatie(instellingen, catalogus, opnemer):
    partner = catalogus.partner("gemeente-utrecht")
    nieuw = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY"
    catalogus.partners["gemeente-utrecht"] = partner.model_copy(
        update={
            "webhook_geheimen": [
                *partner.webhook_geheimen,
                type(partner.webhook_geheimen[0])(nieuw),
            ]
        }
    )
    with TestClient(
        create_app(instellingen, catalogus, Aanstoter("x", interval_s=0, starter=opnemer))
    ) as c:
        body = json_body(aanmelding())
        assert post(c, "gemeente-utrecht", body, onderteken(nieuw, body)).status_code == 202


def test_onleesbare_gebeurtenis_krijgt_422_met_het_veld(client, instellingen, catalogus):
    body = json_body(aanmelding(persoon=PERSOON | {"bsn": "123456789"}))
    antwoord = post(client, "gemeente-utrecht", body, onderteken(geheim(catalogus), body))
    assert antwoord.status_code == 422
    [fout] = antwoord.json()["detail"]
    assert fout["loc"][-1] == "bsn" and "11-test" in fout["msg"]
    assert "123456789" not in antwoord.text, "the answer does not echo personal data"
    assert inbox_rijen(instellingen) == []


def test_ongeldige_json_krijgt_422(client, catalogus):
    body = b"{niet: json"
    assert (
        post(client, "gemeente-utrecht", body, onderteken(geheim(catalogus), body)).status_code
        == 422
    )


def test_verkeerd_inhoudstype_krijgt_415(client, catalogus):
    body = json_body(aanmelding())
    headers = onderteken(geheim(catalogus), body) | {"content-type": "text/plain"}
    assert post(client, "gemeente-utrecht", body, headers).status_code == 415


def test_te_grote_body_krijgt_413(client, instellingen, catalogus):
    body = json_body(aanmelding(verwijzing_id="x" * (instellingen.max_body_bytes + 1)))
    assert (
        post(client, "gemeente-utrecht", body, onderteken(geheim(catalogus), body)).status_code
        == 413
    )


def test_onbekende_partner_krijgt_404(client, catalogus):
    body = json_body(aanmelding())
    assert post(client, "onbekend", body, onderteken(geheim(catalogus), body)).status_code == 404


def test_alleen_een_gemeente_meldt_aan(client, instellingen, catalogus):
    body = json_body(aanmelding())
    antwoord = post(
        client,
        "assessment-utrecht",
        body,
        onderteken(geheim(catalogus, "assessment-utrecht"), body),
    )
    assert antwoord.status_code == 403
    assert inbox_rijen(instellingen) == []


def test_geaccepteerde_webhook_stoot_verwerking_aan(client, catalogus, opnemer):
    body = json_body(aanmelding())
    post(client, "gemeente-utrecht", body, onderteken(geheim(catalogus), body))
    for _ in range(100):
        if opnemer.aanroepen:
            break
        time.sleep(0.02)
    assert opnemer.aanroepen == ["verwerk-inbox/verwerk-inbox"]


def test_een_herhaalde_webhook_stoot_niets_aan(client, catalogus, opnemer):
    """A retry was nudged for when it was first stored; nudging again would start an empty run."""
    body = json_body(aanmelding())
    koppen = onderteken(geheim(catalogus), body)
    assert post(client, "gemeente-utrecht", body, koppen).status_code == 202
    for _ in range(100):
        if opnemer.aanroepen:
            break
        time.sleep(0.02)
    assert post(client, "gemeente-utrecht", body, koppen).status_code == 200
    time.sleep(0.3)
    assert opnemer.aanroepen == ["verwerk-inbox/verwerk-inbox"]


@pytest.mark.parametrize("groepscommit", [True, False])
def test_groepscommit_staat_aan_tenzij_uitgezet(instellingen, catalogus, monkeypatch, groepscommit):
    """KETEN_GROEPSCOMMIT: on, the row goes through the group writer; off, the session commits
    it alone. Either way the webhook is stored once and answered 202."""
    via_groep: list[str] = []
    echt = Groepsschrijver.schrijf

    def tel(self, rij):
        via_groep.append(rij.webhook_id)
        return echt(self, rij)

    monkeypatch.setattr(Groepsschrijver, "schrijf", tel)
    inst = instellingen.model_copy(update={"groepscommit": groepscommit})
    with TestClient(
        create_app(inst, catalogus, Aanstoter("x", interval_s=0, starter=lambda *_: None))
    ) as c:
        body = json_body(aanmelding())
        koppen = onderteken(geheim(catalogus), body)
        assert post(c, "gemeente-utrecht", body, koppen).status_code == 202
    assert len(via_groep) == (1 if groepscommit else 0)
    assert len(inbox_rijen(inst)) == 1


def test_prefect_onbereikbaar_webhook_toch_geaccepteerd(instellingen, catalogus):
    def kapot(deployment: str, sleutel: str) -> None:
        raise ConnectionError("prefect is down")

    with TestClient(
        create_app(instellingen, catalogus, Aanstoter("x", interval_s=0, starter=kapot))
    ) as c:
        body = json_body(aanmelding())
        assert (
            post(c, "gemeente-utrecht", body, onderteken(geheim(catalogus), body)).status_code
            == 202
        )
    assert len(inbox_rijen(instellingen)) == 1


def _afgerond(dossier, naar="assessment"):
    return {
        "type": "fase.afgerond",
        "gemeld_op": datetime.now(UTC).isoformat(),
        "deelnemer": "KT-AAAAAAAAAA",
        "fase": "instroom",
        "naar": naar,
        "dossier": dossier,
    }


@pytest.mark.parametrize(
    ("wijziging", "loc", "type_"),
    [
        ({"uren": 3}, ["dossier", "…"], "extra_forbidden"),  # a key we do not define is not echoed
        (
            {"taaltoets_datum": "2026-02-30"},
            ["dossier", "taaltoets_datum"],
            "date_from_datetime_parsing",
        ),
        ({"doelgroep": "toerist"}, ["dossier", "doelgroep"], "enum"),
        ({"toestemming_delen": "misschien"}, ["dossier", "toestemming_delen"], "bool_parsing"),
    ],
)
def test_dossier_met_verkeerde_vorm_krijgt_422_met_het_veld(
    client, instellingen, catalogus, wijziging, loc, type_
):
    body = json_body(_afgerond(GELDIG[InstroomNaarAssessment] | wijziging))
    antwoord = post(client, "gemeente-utrecht", body, onderteken(geheim(catalogus), body))
    assert antwoord.status_code == 422
    fout = antwoord.json()["detail"][0]
    assert (fout["loc"], fout["type"]) == (loc, type_)
    assert inbox_rijen(instellingen) == []


def test_rand_die_de_keten_niet_kent_krijgt_422(client, catalogus):
    body = json_body(_afgerond(GELDIG[InstroomNaarAssessment], naar="nazorg"))
    antwoord = post(client, "gemeente-utrecht", body, onderteken(geheim(catalogus), body))
    assert antwoord.status_code == 422
    assert (
        antwoord.json()["detail"][0]["loc"] == ["naar"]
        and "no handoff contract" in antwoord.json()["detail"][0]["msg"]
    )


def test_opslag_onbereikbaar_geeft_503_met_retry_after(client, instellingen, catalogus):
    """The inbox table is gone (as when the database is away): 503, so the sender retries later."""
    with maak_engine(instellingen.db_url).begin() as verbinding:
        verbinding.exec_driver_sql(
            "DROP TABLE inboxbericht CASCADE"
            if instellingen.db_url.startswith("postgresql")
            else "DROP TABLE inboxbericht"
        )
    body = json_body(aanmelding())
    antwoord = post(client, "gemeente-utrecht", body, onderteken(geheim(catalogus), body))
    assert antwoord.status_code == 503
    assert (
        antwoord.headers["retry-after"] == "5"
        and antwoord.json()["detail"] == "storage unavailable, retry later"
    )
