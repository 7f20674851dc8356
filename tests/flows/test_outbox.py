"""Dead outbox messages on real Prefect, a real database and the real simulator on loopback:
the coordinator sees them (event, artifact, `keten outbox list`) and a replay has one effect."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    ArtifactFilter,
    ArtifactFilterKey,
    FlowRunFilter,
    FlowRunFilterId,
)
from prefect.events.clients import AssertingEventsClient
from prefect.events.worker import EventsWorker
from prefect.testing.fixtures import asserting_events_worker  # noqa: F401  (Prefect's own event recorder)
from rich.console import Console
from typer.testing import CliRunner

from cli.app import app
from connectors import client_voor
from connectors.simulator import create_simulator_app
from flows import onderdelen
from flows.bezorg_outbox import bezorg_outbox
from persistence import OutboxBericht, klok, maak_engine, outbox, sessie
from schemas.berichten import PartnerBericht
from settings import Instellingen, laad_catalogus
from tests.connectors.simulator_hulp import Loopback

PSEUDONIEM = "KT-ABCDEFGH23"


def _start(sleutel: str, fase: str = "assessment") -> PartnerBericht:
    return PartnerBericht.model_validate(
        {
            "sleutel": sleutel,
            "soort": "traject.start",
            "deelnemer": PSEUDONIEM,
            "programma": "utrecht-bank-tot-baan",
            "fase": fase,
        }
    )


@pytest.fixture
def keten(tmp_path, monkeypatch, db_url):
    """The stack's settings on a fresh database, partners served by the simulator on a free port."""
    monkeypatch.setattr("cli.outbox.console", Console(width=250))
    monkeypatch.setenv("KETEN_DATA_MAP", str(tmp_path))
    monkeypatch.setenv("KETEN_DATABASE_URL", db_url)
    instellingen = Instellingen(
        data_map=tmp_path, database_url=db_url, webhook_basis_url="http://127.0.0.1:9"
    )
    app_ = create_simulator_app(laad_catalogus(instellingen), instellingen, vertraging=(600, 600))
    with Loopback(app_) as server:
        monkeypatch.setenv("KETEN_SIMULATOR_BASIS_URL", server.url)
        onderdelen.vergeet()
        yield maak_engine(db_url), app_.state.simulator
    onderdelen.vergeet()


class AntwoordKwijt(httpx.BaseTransport):
    """The partner gets every message, but its answer is lost on the way back (a 503 from a proxy)."""

    def __init__(self) -> None:
        self.binnen = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.binnen.handle_request(request).close()
        return httpx.Response(503, headers={"Retry-After": "0"})


def _plaats(engine, *berichten: tuple[str, PartnerBericht]) -> None:
    with sessie(engine) as s:
        for partner, bericht in berichten:
            outbox.plaats(session=s, partner=partner, bericht=bericht, nu=klok.nu(engine=engine))


def _rijen(engine) -> list[OutboxBericht]:
    with sessie(engine) as s:
        return outbox.lijst(session=s)


def _bezorg_tot_dood(engine) -> tuple[OutboxBericht, str]:
    """Run the delivery flow, moving the clock to each next attempt, until the message gives up."""
    while True:
        state = bezorg_outbox(return_state=True)
        [rij] = _rijen(engine)
        if rij.status == "dood":
            return rij, str(state.state_details.flow_run_id)
        klok.vooruit(
            engine=engine,
            met=rij.volgende_poging_op - klok.nu(engine=engine) + timedelta(seconds=1),
        )


def _events(worker: EventsWorker, naam: str):
    worker.drain()
    assert isinstance(worker._client, AssertingEventsClient)
    return [e for e in worker._client.events if e.event == naam]


def _keten(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_een_bericht_dat_opgeeft_is_zichtbaar_en_herhaald_heeft_het_een_effect(
    keten,
    monkeypatch,
    asserting_events_worker,  # noqa: F811  (Prefect's fixture, imported above)
):
    engine, simulator = keten
    monkeypatch.setattr(
        onderdelen, "client_voor", lambda p: client_voor(p, transport=AntwoordKwijt())
    )
    _plaats(engine, ("assessment-utrecht", _start("uitbox-1")))

    dood, run_id = _bezorg_tot_dood(engine)

    assert (
        dood.pogingen > 1
        and dood.laatste_fout == "PartnerUnavailable: assessment-utrecht answered 503"
    )
    assert (simulator.ontvangen, simulator.dubbel) == (1, dood.pogingen - 1), (
        "the partner had it from the first attempt"
    )
    [event] = _events(asserting_events_worker, "ketenregie.outbox.dood")
    assert event.resource.id == f"ketenregie.deelnemer.{PSEUDONIEM}"
    assert {r.id for r in event.related} >= {
        "ketenregie.partner.assessment-utrecht",
        f"prefect.flow-run.{run_id}",
    }
    assert event.payload == {
        "bericht_id": dood.id,
        "soort": "traject.start",
        "pogingen": dood.pogingen,
        "laatste_fout": dood.laatste_fout,
    }
    with get_client(sync_client=True) as client:
        [artefact] = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["outbox-dood"])),
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[run_id])),
        )
    assert (
        artefact.type == "table"
        and PSEUDONIEM in str(artefact.data)
        and "assessment-utrecht" in str(artefact.data)
    )

    lijst = _keten("outbox", "list", "--status", "dood")
    assert lijst.exit_code == 0 and PSEUDONIEM in lijst.stdout and "1 messages" in lijst.stdout

    monkeypatch.setattr(onderdelen, "client_voor", client_voor)
    onderdelen.vergeet_clients()
    herhaald = _keten("outbox", "replay", str(dood.id), "--door", "coordinator-anna")
    assert herhaald.exit_code == 0, herhaald.stdout
    [terug] = _rijen(engine)
    assert (terug.status, terug.pogingen, terug.sleutel) == ("wachtend", 0, "uitbox-1")
    with sessie(engine) as s:
        [spoor] = outbox.herhalingen(session=s, bericht_id=dood.id or 0)
    assert (spoor.door, spoor.vorige_status, spoor.vorige_pogingen, spoor.vorige_fout) == (
        "coordinator-anna",
        "dood",
        dood.pogingen,
        dood.laatste_fout,
    )

    assert bezorg_outbox() == {"afgeleverd": 1}
    assert (simulator.ontvangen, simulator.dubbel) == (1, dood.pogingen), (
        "same key: the partner answers dubbel, no second effect"
    )
    assert _rijen(engine)[0].status == "afgeleverd"
    assert _keten("outbox", "replay", str(dood.id)).exit_code == 1, (
        "a delivered message is not replayed"
    )


def test_een_weigering_is_meteen_dood_en_alle_doden_van_een_partner_komen_terug(
    keten,
    asserting_events_worker,  # noqa: F811  (Prefect's fixture, imported above)
):
    engine, simulator = keten
    # the assessment partner runs no ontwikkeling: it refuses (422), a retry would be refused again
    _plaats(
        engine,
        ("assessment-utrecht", _start("uitbox-1", "ontwikkeling")),
        ("assessment-utrecht", _start("uitbox-2", "ontwikkeling")),
        ("gemeente-utrecht", _start("uitbox-3", "ontwikkeling")),
    )

    assert bezorg_outbox() == {"dood": 3}

    assert [r.pogingen for r in _rijen(engine)] == [1, 1, 1]
    assert len(_events(asserting_events_worker, "ketenregie.outbox.dood")) == 3
    lijst = _keten("outbox", "list", "--status", "dood", "--partner", "assessment-utrecht")
    assert "2 messages" in lijst.stdout and "runs no ontwikkeling" in lijst.stdout
    assert _keten("outbox", "replay", "--dood", "--partner", "assessment-utrecht").exit_code == 0
    assert [r.status for r in _rijen(engine)] == ["wachtend", "wachtend", "dood"]
    assert _keten("outbox", "replay").exit_code == 2, "an id or --dood is required"
    assert _keten("outbox", "replay", "999").exit_code == 1


def test_een_verkeerd_client_geheim_maakt_berichten_meteen_dood_en_na_herstel_komen_ze_aan(
    keten, monkeypatch
):
    engine, simulator = keten
    geheim = (
        "KETEN_PARTNER__PARTICIPATIEHUIS_COMPETENSYS__CLIENT_GEHEIM"  # an `auth: oauth2` partner
    )
    monkeypatch.setenv(geheim, "een-oud-geheim")
    onderdelen.vergeet()
    harderwijk = [
        _start(f"uitbox-{n}").model_copy(update={"programma": "harderwijk-voltijd-klantreis"})
        for n in range(5)
    ]
    _plaats(engine, *(("participatiehuis-competensys", b) for b in harderwijk))

    assert bezorg_outbox() == {"dood": 5}
    assert (simulator.tokens.geweigerd, simulator.ontvangen) == (1, 0), (
        "one token request for the whole batch"
    )
    assert all(
        geheim.removeprefix("KETEN_PARTNER__PARTICIPATIEHUIS_COMPETENSYS") in (r.laatste_fout or "")
        for r in _rijen(engine)
    )

    monkeypatch.delenv(geheim)  # the operator corrects the configuration and replays
    onderdelen.vergeet()
    assert (
        _keten("outbox", "replay", "--dood", "--partner", "participatiehuis-competensys").exit_code
        == 0
    )
    assert bezorg_outbox() == {"afgeleverd": 5}
    assert (simulator.tokens.uitgegeven, simulator.ontvangen) == (1, 5)
