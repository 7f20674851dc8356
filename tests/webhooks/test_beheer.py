"""The operator's side of the receiver: health that checks something, Prometheus metrics, an access
log line per request without personal data, and a /docs page that works offline."""

from __future__ import annotations

import json
import logging
import re

from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import event, text

from persistence import kale_engine, maak_engine
from settings import JsonRegel
from tests.conftest import json_body, onderteken

AANMELDING = {
    "type": "deelnemer.aangemeld",
    "verwijzing_id": "UTR-1",
    "programma": "utrecht-bank-tot-baan",
    "persoon": {"naam": "Yonas Tesfay", "bsn": "111222333", "geboortedatum": "2001-03-04"},
    "gemeld_op": "2026-01-01T10:00:00+00:00",
}


def _stuur(client, catalogus, inhoud, partner="gemeente-utrecht", geheim=None):
    body = json_body(inhoud)
    geheim = geheim or catalogus.partner(partner).webhook_geheimen[0].get_secret_value()
    return client.post(f"/webhooks/{partner}", content=body, headers=onderteken(geheim, body))


def _metingen(client) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    antwoord = client.get("/metrics")
    assert antwoord.status_code == 200 and antwoord.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for familie in text_string_to_metric_families(antwoord.text)
        for s in familie.samples
    }


def test_live_en_ready_zeggen_wat_ze_controleerden(client):
    assert client.get("/health/live").json() == {"status": "ok"}
    ready = client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "configuratie": "ok", "database": "ok", "schema": "ok"}


def test_ready_is_503_als_het_schema_niet_op_de_kop_staat(client, instellingen):
    kaal = kale_engine(instellingen.db_url)
    with kaal.begin() as verbinding:
        verbinding.execute(text("UPDATE alembic_version SET version_num = '0001_basis'"))
    kaal.dispose()
    for pad in ("/health/ready", "/health"):
        ready = client.get(pad)
        assert ready.status_code == 503, pad
        assert ready.json()["schema"].startswith("at 0001_basis, expected ")


def test_ready_is_503_en_live_200_als_de_database_weg_is(client, instellingen):
    engine = maak_engine(instellingen.db_url)  # the receiver's own (one engine per URL)

    def weg(*_: object) -> None:
        raise engine.dialect.loaded_dbapi.OperationalError("the database host is gone")

    engine.dispose()
    event.listen(engine, "do_connect", weg)
    try:
        ready, live = client.get("/health/ready"), client.get("/health/live")
        metingen = _metingen(client)
    finally:
        event.remove(engine, "do_connect", weg)
    assert ready.status_code == 503 and ready.json()["database"].startswith("unreachable")
    assert live.status_code == 200, "the process is up: restarting it would not help"
    assert metingen[("ketenregie_database_bereikbaar", ())] == 0.0


def test_metrics_tellen_webhooks_per_antwoord_en_peilen_de_tabellen(client, catalogus):
    assert _stuur(client, catalogus, AANMELDING).status_code == 202
    assert _stuur(client, catalogus, AANMELDING, geheim="whsec_" + "A" * 32).status_code == 401
    m = _metingen(client)
    enkel = (("code", "202"), ("partner", "gemeente-utrecht"), ("soort", "enkel"))
    assert m[("ketenregie_webhooks_total", enkel)] == 1.0
    assert m[("ketenregie_webhooks_total", (("code", "401"), *enkel[1:]))] == 1.0
    assert m[("ketenregie_inbox_open", ())] == 1.0
    assert m[("ketenregie_inbox_oudste_seconden", ())] >= 0.0
    assert m[("ketenregie_database_bereikbaar", ())] == 1.0
    assert m[("ketenregie_outbox_dood", ())] == 0.0
    assert m[("ketenregie_quarantaine", ())] == 0.0
    assert ("ketenregie_verwerking_vertraging_seconden", ()) in m


def test_een_onbekende_partner_wordt_geen_eigen_reeks(client, catalogus):
    client.post("/webhooks/" + "x" * 40, content=b"{}")
    m = _metingen(client)
    assert not any("x" * 40 in str(labels) for _, labels in m)


def test_toegangslog_een_json_regel_per_verzoek_zonder_inhoud(client, catalogus, caplog):
    caplog.set_level(logging.INFO, logger="webhooks.toegang")
    _stuur(client, catalogus, AANMELDING)
    client.get("/contracten")
    regels = [
        json.loads(JsonRegel().format(r)) for r in caplog.records if r.name == "webhooks.toegang"
    ]
    webhook, contracten = regels
    assert webhook["event"] == "verzoek" and webhook["pad"] == "/webhooks/{partner_id}"
    assert (webhook["methode"], webhook["status"], webhook["partner"]) == (
        "POST",
        202,
        "gemeente-utrecht",
    )
    assert webhook["duur_ms"] >= 0 and contracten["pad"] == "/contracten"
    alles = " ".join(r.getMessage() for r in caplog.records)
    assert "111222333" not in alles and "Yonas" not in alles


def test_docs_verwijst_alleen_naar_eigen_adressen_die_antwoorden(client):
    pagina = client.get("/docs")
    assert pagina.status_code == 200
    adressen = re.findall(r"""(?:src|href)=["']([^"']+)["']""", pagina.text)
    adressen += re.findall(r"""url:\s*['"]([^'"]+)['"]""", pagina.text)
    assert adressen, "the page loads its assets"
    for adres in adressen:
        assert adres.startswith("/"), f"not local: {adres}"
        assert client.get(adres).status_code == 200, adres
    assert "cdn" not in pagina.text.lower()


def test_beheer_staat_niet_in_de_partnerbeschrijving(client):
    paden = client.get("/openapi.json").json()["paths"]
    assert not {"/health/live", "/health/ready", "/metrics", "/docs"} & set(paden)
