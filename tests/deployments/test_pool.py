"""`keten pool` deploys prefect.yaml with the limits the settings give, leaves the code's place
to the worker, and installs the automation that crashes runs whose worker died."""

from __future__ import annotations

from datetime import timedelta

import yaml

from deployments.pool import deploy_omgeving, met_limieten, opdrachten, zombiebewaking
from deployments.serve import PREFECT_YAML
from settings import Instellingen


def _limieten(werkers: int) -> dict[str, object]:
    inhoud = met_limieten(yaml.safe_load(PREFECT_YAML.read_text()), werkers)
    return {
        d["name"]: (d.get("concurrency_limit") or {}).get("limit") for d in inhoud["deployments"]
    }


def test_alleen_de_verwerking_krijgt_het_aantal_werkers():
    limieten = _limieten(4)
    assert limieten["verwerk-inbox"] == 4
    assert limieten["opvolging"] == limieten["afstemming"] == 1
    assert limieten["bezorg-outbox"] is None


def test_elke_deployment_haalt_de_code_uit_de_map_die_de_worker_noemt():
    inhoud = yaml.safe_load(PREFECT_YAML.read_text())
    assert inhoud["pull"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": "{{ $KETEN_CODE_MAP }}"}}
    ]
    assert all(d["work_pool"]["name"] == "ketenregie" for d in inhoud["deployments"])


def test_deploy_bakt_de_codemap_niet_in_en_spreekt_de_ingestelde_api_aan():
    inst = Instellingen(prefect_api_url="http://127.0.0.1:4999/api")
    env = deploy_omgeving(inst, {"KETEN_CODE_MAP": "/hier", "PATH": "/bin"})
    assert "KETEN_CODE_MAP" not in env
    assert env["PREFECT_API_URL"] == "http://127.0.0.1:4999/api"
    assert env["PATH"] == "/bin"


def test_eerst_de_pool_dan_alle_deployments():
    maak, deploy = opdrachten(PREFECT_YAML)
    assert maak[1:] == ["work-pool", "create", "ketenregie", "--type", "process", "--overwrite"]
    assert deploy[-3:] == ["--prefect-file", str(PREFECT_YAML), "--all"]


def test_een_run_zonder_hartslag_wordt_gecrasht():
    automation = zombiebewaking(60)
    trigger = automation.trigger
    assert trigger.within == timedelta(seconds=60)
    assert trigger.after == {"prefect.flow-run.heartbeat"}
    assert trigger.for_each == {"prefect.resource.id"}
    assert automation.actions[0].state.value == "CRASHED"
