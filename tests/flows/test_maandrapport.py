"""The monthly equal-chances report with real Prefect: the run builds last month's monitor for
every programme, publishes a markdown artifact with suppressed cells and writes the same as
markdown and CSV under <data_map>/rapporten/; the deployment's monthly schedule is the yaml's."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
from prefect.client.schemas.sorting import ArtifactSort
from prefect.flows import load_flow_from_entrypoint

from deployments.serve import PROJECT_MAP, lees_deployments, schedules
from flows.maandrapport import maandrapport_gelijke_kansen
from persistence import maak_engine, migreer
from schemas.monitor_verslag import vorige_maand
from tests.monitor.hulp import PROGRAMMA, zaai


def test_het_maandrapport_publiceert_een_artifact_en_schrijft_de_bestanden(omgeving):
    instellingen, catalogus, _ = omgeving
    engine = maak_engine(instellingen.db_url)
    migreer(engine)
    van, _ = vorige_maand(datetime.now(UTC).date())
    zaai(engine, op=van.replace(day=3))
    maand = van.strftime("%Y-%m")

    uit = maandrapport_gelijke_kansen()  # no month given: last month

    assert uit["artifact"] == f"gelijke-kansen-{maand}"
    with get_client(sync_client=True) as client:
        [artefact] = client.read_artifacts(  # the newest: the other database's run made one too
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[uit["artifact"]])),
            sort=ArtifactSort.CREATED_DESC,
            limit=1,
        )
    tekst = str(artefact.data)
    assert artefact.type == "markdown"
    assert "| anders | <10 |" in tekst and "| onbekend | <10 |" in tekst  # and its complement
    assert "| man | 160 |" in tekst and "| Geheel | 310 |" in tekst
    assert all(p in tekst for p in catalogus.programmas)
    assert "KT-" not in tekst  # aggregates only
    md = Path(instellingen.data_map) / "rapporten" / f"gelijke-kansen-{maand}.md"
    assert md.read_text(encoding="utf-8") == tekst
    with (md.with_suffix(".csv")).open(encoding="utf-8") as bestand:
        rijen = list(csv.DictReader(bestand))
    anders = {
        r["maat"]: r["waarde"]
        for r in rijen
        if (r["programma"], r["uitsplitsing"], r["groep"]) == (PROGRAMMA, "geslacht", "anders")
        and not r["onderdeel"]
    }
    assert anders == {
        "aangemeld": "<10",
        "uitgevallen": "<10",
        "uitval_pct": "–",
        "uitval_verschil_pp": "–",
    }


def test_de_deployment_draait_maandelijks_zoals_de_yaml_zegt():
    [definitie] = [d for d in lees_deployments() if d["name"] == "maandrapport-gelijke-kansen"]
    [schema] = schedules(definitie)
    assert (schema.cron, schema.timezone) == ("0 7 2 * *", "Europe/Amsterdam")
    flow = load_flow_from_entrypoint(
        str(PROJECT_MAP / definitie["entrypoint"])
    )  # as serve loads it
    assert flow.name == definitie["name"] == "maandrapport-gelijke-kansen"
    assert set(definitie["tags"]) == {"ketenregie", "monitor"}
