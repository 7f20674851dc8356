"""`keten import` and `keten quarantine replay` emit the same `ketenregie.overdracht.*` events as
a `verwerk-inbox` run, recorded by Prefect's own event recorder."""

from __future__ import annotations

import json

from prefect.events.clients import AssertingEventsClient
from prefect.events.worker import EventsWorker
from prefect.testing.fixtures import asserting_events_worker  # noqa: F401  (Prefect's own event recorder)
from sqlmodel import select
from typer.testing import CliRunner

from cli.app import app
from flows.verwerk_inbox import verwerk_inbox
from persistence import Overdracht, maak_engine, sessie
from tests.flows.hulp import instroom_afgerond, meld_aan, stuur
from tests.flows.test_import import plaats_deelnemers, rapport


def _events(worker: EventsWorker):
    worker.drain()
    assert isinstance(worker._client, AssertingEventsClient)
    return [e for e in worker._client.events if e.event.startswith("ketenregie.overdracht.")]


def _keten(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_een_import_via_de_cli_meldt_elke_overdracht(
    omgeving,
    tmp_path,
    asserting_events_worker,  # noqa: F811
):
    pseudoniemen = plaats_deelnemers(omgeving[0], 3)
    bestand = tmp_path / "export.jsonl"
    rijen = [rapport(p, uren_per_week=60 if i == 0 else 20) for i, p in enumerate(pseudoniemen)]
    bestand.write_text("\n".join(json.dumps(r) for r in rijen) + "\n")
    assert _keten("import", str(bestand), "--partner", "werkgevers-utrecht").exit_code == 0
    events = {(e.event, e.resource.id) for e in _events(asserting_events_worker)}
    assert events == {
        ("ketenregie.overdracht.quarantaine", f"ketenregie.deelnemer.{pseudoniemen[0]}"),
        *{
            ("ketenregie.overdracht.geaccepteerd", f"ketenregie.deelnemer.{p}")
            for p in pseudoniemen[1:]
        },
    }


def test_een_herhaling_via_de_cli_meldt_de_overdracht(
    omgeving,
    asserting_events_worker,  # noqa: F811
):
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem, toestemming_delen=False))
    verwerk_inbox(stil_na_s=0)
    with sessie(maak_engine(omgeving[0].db_url)) as s:
        [q] = s.exec(select(Overdracht).where(Overdracht.status == "quarantaine")).all()
    herhaald = _keten("quarantine", "replay", str(q.id), "--zet", "toestemming_delen=true")
    assert herhaald.exit_code == 0, herhaald.output
    [event] = [
        e
        for e in _events(asserting_events_worker)
        if e.payload["reden"].endswith(f"handoff {q.id})")
    ]
    assert (event.event, event.resource.id) == (
        "ketenregie.overdracht.geaccepteerd",
        f"ketenregie.deelnemer.{pseudoniem}",
    )
    assert event.resource["ketenregie.partner"] == "gemeente-utrecht"
    assert event.payload["naar"] == "assessment"
