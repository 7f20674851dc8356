"""Events that do not overflow Prefect: a batch emits at most `EVENTS_PER_BATCH` per-handoff events,
and counts the rest in one summary event per partner. Prefect's in-memory broker queues 10,000
messages per subscriber and drops the rest (an import of 20,000 once lost 9,149 events,
other participants' among them). Recorded with Prefect's own event recorder."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from prefect.events.clients import AssertingEventsClient
from prefect.events.worker import EventsWorker
from prefect.testing.fixtures import asserting_events_worker  # noqa: F401  (Prefect's own event recorder)

from flows import zichtbaar
from flows.verwerk_inbox import verwerk_inbox
from schemas.overdracht import Afhandeling, Uitslag
from tests.flows.test_import import plaats_deelnemers, rapport, stuur_batch


def _events(worker: EventsWorker, voorvoegsel: str):
    worker.drain()
    assert isinstance(worker._client, AssertingEventsClient)
    return [e for e in worker._client.events if e.event.startswith(voorvoegsel)]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_een_grote_import_meldt_hoogstens_de_grens_en_telt_de_rest(
    omgeving,
    asserting_events_worker,  # noqa: F811  (Prefect's fixture, imported above)
):
    instellingen = omgeving[0]
    pseudoniemen = plaats_deelnemers(instellingen, 1_200)
    fout = set(pseudoniemen[:700])  # hours out of range: quarantined
    body = "\n".join(
        json.dumps(rapport(p, **({"uren_per_week": 60} if p in fout else {}))) for p in pseudoniemen
    ).encode()
    assert stuur_batch(omgeving, "werkgevers-utrecht", body).status_code == 202

    totaal = verwerk_inbox(stil_na_s=0)

    assert (totaal[Afhandeling.QUARANTAINE], totaal[Afhandeling.GEACCEPTEERD]) == (700, 500)
    eigen = _events(asserting_events_worker, "ketenregie.overdracht.")
    assert len(eigen) == 500, "on the code before this change: 700, one per quarantined row"
    assert zichtbaar.EVENTS_PER_BATCH == 500
    assert {e.event for e in eigen} == {"ketenregie.overdracht.quarantaine"}
    assert {e.resource.id for e in eigen} == {
        f"ketenregie.deelnemer.{p}" for p in pseudoniemen[:500]
    }, "the first 500 quarantined rows of the batch, in batch order"
    [samenvatting] = _events(asserting_events_worker, "ketenregie.batch.samengevat")
    assert samenvatting.resource.id == "ketenregie.partner.werkgevers-utrecht"
    assert samenvatting.payload == {
        "overdrachten": 1_200,
        "per_status": {"quarantaine": 700, "geaccepteerd": 500},
        "met_eigen_event": 500,
        "zonder_eigen_event": 700,
    }
    assert any(r.role == "flow-run" for r in samenvatting.related)


def _uitslag(status: Afhandeling, i: int, partner: str) -> Uitslag:
    return Uitslag(f"KT-{i:010d}", partner, "fase.afgerond", "doorstromen", None, None, status, "")


@given(
    st.lists(
        st.tuples(st.sampled_from(list(Afhandeling)), st.sampled_from(["a", "b", "c"])),
        max_size=1_500,
    ),
    st.integers(min_value=1, max_value=600),
)
def test_eigen_events_blijven_onder_de_grens_en_laten_niets_stil_vallen(statussen, grens):
    uitslagen = [_uitslag(s, i, p) for i, (s, p) in enumerate(statussen)]
    eigen = zichtbaar.eigen_events(uitslagen, grens)
    assert len(eigen) <= grens
    if len(uitslagen) <= grens:
        assert eigen == uitslagen, "a batch within the bound: an event for every handoff"
        return
    # above the bound: never an accepted one, and no refused one while a quarantined one is left out
    assert Afhandeling.GEACCEPTEERD not in {u.status for u in eigen}
    per_status = Counter(u.status for u in eigen)
    for hoger, lager in zip(zichtbaar._VOORRANG, zichtbaar._VOORRANG[1:], strict=False):
        if per_status[lager]:
            assert per_status[hoger] == sum(1 for u in uitslagen if u.status == hoger)
    assert len(eigen) == min(grens, sum(1 for u in uitslagen if u.status in zichtbaar._VOORRANG))


def test_twintigduizend_uitslagen_geven_hoogstens_de_grens_plus_een_per_partner(
    asserting_events_worker,  # noqa: F811  (Prefect's fixture, imported above)
):
    """The figure of the hostile run: 20,000 refused rows of one import (meld_events directly)."""
    uitslagen = [_uitslag(Afhandeling.GEWEIGERD, i, f"partner-{i % 3}") for i in range(20_000)]
    zichtbaar.meld_events(uitslagen)
    alle = _events(asserting_events_worker, "ketenregie.")
    assert len(alle) == 500 + 3
    samen = [e for e in alle if e.event == "ketenregie.batch.samengevat"]
    assert sum(e.payload["overdrachten"] for e in samen) == 20_000
    assert sum(e.payload["zonder_eigen_event"] for e in samen) == 19_500
