"""The safety net that replaced the once-a-minute schedule: it starts a run only when work waits
and no run of that deployment is waiting or running, so an idle chain leaves no empty runs."""

from __future__ import annotations

from datetime import timedelta

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterName

from flows.verwerk_inbox import verwerk_inbox
from persistence import klok, maak_engine
from tests.flows.hulp import meld_aan
from webhooks.aanstoten import Vangnet, start_als_stil
from webhooks.beheer import wachtend_werk


def test_het_vangnet_ziet_werk_alleen_waar_het_wacht(omgeving):
    instellingen = omgeving[0]
    engine = maak_engine(instellingen.db_url)
    assert wachtend_werk(engine, instellingen) == [], "an empty chain has nothing waiting"
    meld_aan(omgeving)
    assert wachtend_werk(engine, instellingen) == ["verwerk-inbox/verwerk-inbox"]
    verwerk_inbox(stil_na_s=0)  # the partner's port is closed: its message waits for a retry
    assert wachtend_werk(engine, instellingen) == [], "a retry not yet overdue is not the net's"
    klok.zet(engine=engine, verschuiving_van=timedelta(hours=1))
    assert wachtend_werk(engine, instellingen) == ["bezorg-outbox/bezorg-outbox"]


def _runs(naam: str) -> int:
    with get_client(sync_client=True) as client:
        return len(
            client.read_flow_runs(
                deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=[naam]))
            )
        )


def test_het_vangnet_start_een_run_alleen_als_er_werk_is_en_geen_run_het_draagt():
    verwerk_inbox.to_deployment(name="vangnet-proef").apply()
    deployment = "verwerk-inbox/vangnet-proef"
    stil = Vangnet(lambda: [], starter=start_als_stil)
    assert stil.ronde() == [] and _runs("vangnet-proef") == 0, "no work, no run"
    werk = Vangnet(lambda: [deployment], starter=start_als_stil)
    werk.ronde()
    assert _runs("vangnet-proef") == 1
    start_als_stil(deployment, "een-andere-sleutel")
    assert _runs("vangnet-proef") == 1, "a run is already waiting: it will carry the work"
