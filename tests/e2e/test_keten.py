"""End to end over the real stack: a local Prefect server, the webhook API, the partner
simulator and the served deployments as separate processes on loopback, real SQLite.

A small cohort is referred and carried through the chain; afterwards every participant is in a
final state that matches the ledger, and no name, BSN or birth date appears anywhere in Prefect
(flow-run names, parameters, tags, logs, events, artifacts) or in our processes' logs.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import select

from cli.demo import stand
from cli.stapel import PROJECT_MAP, stack
from connectors.simulator.cohort import maak_cohort, verwijs
from persistence import Deelnemer, maak_engine, sessie
from settings import Instellingen, laad_catalogus
from tests.keten_controle import controleer_ledger, zonder_late_besluiten

pytestmark = pytest.mark.e2e

AANTAL = 16


@pytest.fixture(scope="module")
def keten(tmp_path_factory):
    """The running stack with a referred cohort, once for the whole module."""
    data = tmp_path_factory.mktemp("keten")
    config = data / "config"
    shutil.copytree(PROJECT_MAP / "config", config)
    zonder_late_besluiten(config)  # no clock moves here; every participant must reach an end
    instellingen = Instellingen(
        data_map=data,
        config_map=config,
        database_url=f"sqlite:///{data / 'keten.db'}",
        webhook_poort=8120,
        webhook_basis_url="http://127.0.0.1:8120",
        simulator_poort=8121,
        simulator_basis_url="http://127.0.0.1:8121",
        dashboard_poort=8122,
    )
    catalogus = laad_catalogus(instellingen)
    with stack(instellingen, prefect_poort=4220) as adres:
        cohort = maak_cohort(AANTAL, 11, list(catalogus.programmas.values()))
        verwijs(cohort, catalogus, instellingen)
        einde, stil = time.monotonic() + 420, 0
        while time.monotonic() < einde and stil < 3:
            time.sleep(1)
            stil = stil + 1 if stand(instellingen, adres).open_werk == 0 else 0
        yield instellingen, adres, cohort, stil >= 3


def test_cohort_komt_tot_rust(keten):
    _, _, _, stil = keten
    assert stil, "work was still in flight when the test gave up"


def test_elke_deelnemer_eindigt_en_de_ledger_klopt(keten):
    instellingen, _, _, _ = keten
    with sessie(maak_engine(instellingen.db_url)) as s:
        controleer_ledger(s, AANTAL)


def _alles(client: httpx.Client, pad: str, sleutel: str | None = None) -> list[dict[str, Any]]:
    rijen, offset = [], 0
    while True:
        pagina = client.post(pad, json={"limit": 200, "offset": offset}).json()
        pagina = pagina[sleutel] if sleutel else pagina
        rijen += pagina
        if len(pagina) < 200:
            return rijen
        offset += 200


def _events(client: httpx.Client) -> list[dict[str, Any]]:
    pagina = client.post(
        "/events/filter",
        json={"limit": 50, "filter": {"occurred": {"since": "2000-01-01T00:00:00Z"}}},
    ).json()
    events = list(pagina["events"])
    while pagina.get("next_page"):
        pagina = client.get(pagina["next_page"]).json()
        events += pagina["events"]
    return events


def test_geen_persoonsgegevens_buiten_de_database(keten):
    instellingen, adres, cohort, _ = keten
    with httpx.Client(base_url=adres.prefect_api, timeout=30) as client:
        flow_runs = _alles(client, "/flow_runs/filter")
        bronnen = {
            "flow runs": str([(r["name"], r["parameters"], r["tags"]) for r in flow_runs]),
            "logs": str([log["message"] for log in _alles(client, "/logs/filter")]),
            "events": str(_events(client)),
            "artifacts": str(_alles(client, "/artifacts/filter")),
        }
    bronnen["process logs"] = "".join(
        p.read_text(errors="replace") for p in (Path(instellingen.data_map) / "logs").glob("*.log")
    )
    assert flow_runs and "ketenregie.overdracht.geaccepteerd" in bronnen["events"], (
        "the scan must see real data"
    )
    for aanmelding in cohort:
        p = aanmelding.persoon
        verboden = [
            p.naam,
            p.bsn,
            p.geboortedatum.isoformat(),
            p.geboortedatum.strftime("%d-%m-%Y"),
        ]
        for naam, tekst in bronnen.items():
            for waarde in verboden:
                assert waarde not in tekst, f"personal data in {naam}"


def test_coordinator_vindt_een_deelnemer_op_pseudoniem(keten):
    instellingen, adres, _, _ = keten
    with sessie(maak_engine(instellingen.db_url)) as s:
        pseudoniem = s.exec(select(Deelnemer.pseudoniem)).first()
    with httpx.Client(base_url=adres.prefect_api, timeout=30) as client:
        gevonden = client.post(
            "/events/filter",
            json={
                "limit": 50,
                "filter": {
                    "occurred": {"since": "2000-01-01T00:00:00Z"},
                    "resource": {"id": [f"ketenregie.deelnemer.{pseudoniem}"]},
                },
            },
        ).json()["events"]
        artefacten = _alles(client, "/artifacts/filter")
    assert gevonden and all(e["resource"]["prefect.resource.name"] == pseudoniem for e in gevonden)
    assert any(pseudoniem in (a.get("data") or "") for a in artefacten)
    assert {"overdrachten", "poortresultaat"} <= {a["key"] for a in artefacten}
