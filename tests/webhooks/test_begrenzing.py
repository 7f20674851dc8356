"""Per-partner limits at the door: requests per minute and batch rows per hour, answered 429 with
Retry-After. The limits' clock is the test's, so no test sleeps."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from settings import Instellingen
from tests.conftest import json_body, onderteken
from tests.flows.test_import import plaats_deelnemers, rapport
from tests.webhooks.test_receiver import Opnemer, aanmelding, geheim, inbox_rijen
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app
from webhooks.begrenzing import Begrenzer, TeVeel


class Klok:
    def __init__(self) -> None:
        self.nu = 1000.0

    def __call__(self) -> float:
        return self.nu


@pytest.fixture
def klok():
    return Klok()


@pytest.fixture
def begrensd(instellingen, catalogus, klok):
    streng = instellingen.model_copy(update={"max_verzoeken_per_minuut": 3, "max_rijen_per_uur": 5})
    app = create_app(
        streng,
        catalogus,
        Aanstoter("x", interval_s=0, starter=Opnemer()),
        begrenzer=Begrenzer(streng, klok=klok),
    )
    with TestClient(app) as c:
        yield c


def verwijzing(client, catalogus, nummer, partner="gemeente-utrecht", teken=True):
    body = json_body(aanmelding(verwijzing_id=f"UTR-{nummer}"))
    headers = onderteken(geheim(catalogus, partner), body)
    if not teken:
        headers["webhook-signature"] = "v1," + "A" * 43 + "="
    return client.post(f"/webhooks/{partner}", content=body, headers=headers)


def test_te_veel_verzoeken_per_minuut_is_429_met_retry_after(
    begrensd, catalogus, instellingen, klok
):
    assert [verwijzing(begrensd, catalogus, i).status_code for i in range(3)] == [202] * 3
    vierde = verwijzing(begrensd, catalogus, 3)
    assert vierde.status_code == 429, vierde.text
    assert vierde.headers["retry-after"] == "20"  # a token per 20 s at 3 a minute
    assert len(inbox_rijen(instellingen)) == 3, "nothing stored on a 429"
    klok.nu += 10
    assert verwijzing(begrensd, catalogus, 4).status_code == 429
    assert int(verwijzing(begrensd, catalogus, 4).headers["retry-after"]) == 10
    klok.nu += 10
    assert verwijzing(begrensd, catalogus, 4).status_code == 202
    assert verwijzing(begrensd, catalogus, 5).status_code == 429


def test_ongetekende_verzoeken_kosten_de_partner_niets(begrensd, catalogus):
    """Someone sending in a partner's name without its secret cannot spend that partner's budget."""
    assert {verwijzing(begrensd, catalogus, i, teken=False).status_code for i in range(10)} == {401}
    assert [verwijzing(begrensd, catalogus, i).status_code for i in range(3)] == [202] * 3


def test_de_grens_geldt_per_partner(begrensd, catalogus):
    assert [verwijzing(begrensd, catalogus, i).status_code for i in range(4)][-1] == 429
    body = json_body(aanmelding(verwijzing_id="MI-1", programma="harderwijk-voltijd-klantreis"))
    antwoord = begrensd.post(
        "/webhooks/meerinzicht-klantmanager",
        content=body,
        headers=onderteken(geheim(catalogus, "meerinzicht-klantmanager"), body),
    )
    assert antwoord.status_code == 202, antwoord.text


def stuur_batch(client, catalogus, rijen, webhook_id):
    body = "\n".join(json.dumps(r) for r in rijen).encode()
    headers = onderteken(geheim(catalogus, "werkgevers-utrecht"), body, webhook_id=webhook_id)
    return client.post(
        "/webhooks/werkgevers-utrecht/batch",
        content=body,
        headers=headers | {"content-type": "application/x-ndjson"},
    )


def test_te_veel_rijen_per_uur_is_429_en_nooit_passend_is_413(
    begrensd, catalogus, instellingen, klok
):
    pseudoniemen = plaats_deelnemers(instellingen, 6)
    assert (
        stuur_batch(begrensd, catalogus, [rapport(p) for p in pseudoniemen[:4]], "b1").status_code
        == 202
    )
    twee = stuur_batch(begrensd, catalogus, [rapport(p) for p in pseudoniemen[4:]], "b2")
    assert twee.status_code == 429, twee.text
    assert twee.headers["retry-after"] == "720"  # five rows an hour: one per 12 minutes
    zes = stuur_batch(begrensd, catalogus, [rapport(p) for p in pseudoniemen], "b3")
    assert zes.status_code == 413, "six rows never fit a limit of five an hour"
    assert len(inbox_rijen(instellingen)) == 4
    klok.nu += 720
    assert (
        stuur_batch(begrensd, catalogus, [rapport(p) for p in pseudoniemen[4:]], "b2").status_code
        == 202
    )


def test_grenzen_komen_uit_de_omgeving(monkeypatch, tmp_path):
    monkeypatch.setenv("KETEN_MAX_VERZOEKEN_PER_MINUUT", "120")
    monkeypatch.setenv("KETEN_MAX_RIJEN_PER_UUR", "40000")
    instellingen = Instellingen(data_map=tmp_path)
    assert (instellingen.max_verzoeken_per_minuut, instellingen.max_rijen_per_uur) == (120, 40_000)
    monkeypatch.delenv("KETEN_MAX_VERZOEKEN_PER_MINUUT")
    monkeypatch.delenv("KETEN_MAX_RIJEN_PER_UUR")
    standaard = Instellingen(data_map=tmp_path)
    assert standaard.max_rijen_per_uur >= standaard.max_import_rijen, "a full export fits an hour"


@given(
    stappen=st.lists(
        st.tuples(st.floats(0, 30, allow_nan=False), st.integers(1, 4)), min_size=1, max_size=60
    )
)
@settings(max_examples=200, deadline=None)
def test_eigenschap_nooit_meer_dan_de_grens_en_retry_after_klopt(stappen, tmp_path_factory):
    """Whatever a partner sends when: in any window of L seconds at most `limit + limit·L/60`
    requests pass (a full bucket, then its refill), and a 429's Retry-After is enough to pass."""
    klok = Klok()
    limiet = 5
    instellingen = Instellingen(
        data_map=tmp_path_factory.mktemp("b"), max_verzoeken_per_minuut=limiet
    )
    begrenzer = Begrenzer(instellingen, klok=klok)
    doorgelaten: list[float] = []
    for wacht, aantal in stappen:
        klok.nu += wacht
        for _ in range(aantal):
            try:
                begrenzer.verzoek("p")
                doorgelaten.append(klok.nu)
            except TeVeel as exc:
                retry = int(exc.headers["Retry-After"])
                assert retry >= 1
                moment = klok.nu
                # a retry just after Retry-After fits (nothing else was sent); the millisecond is
                # float noise of this exact fake clock, which the limiter reads in whole ms
                klok.nu += retry + 0.001
                begrenzer.verzoek("p")
                doorgelaten.append(klok.nu)
                assert klok.nu - moment <= 60 / limiet + 1
    for i, begin in enumerate(doorgelaten):
        for j in range(i, len(doorgelaten)):
            lengte = doorgelaten[j] - begin + 0.001  # the buckets count in whole milliseconds
            assert j - i + 1 <= limiet + limiet * lengte / 60
