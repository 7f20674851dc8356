"""The follow-up at the partner edge: the reconciliation call and the check-in allowlist over
MockTransport, and the simulator's answers, lists and lost webhooks over real HTTP."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from connectors import (
    BerichtNietToegestaan,
    PartnerContractViolation,
    PartnerUnavailable,
    client_voor,
)
from connectors.simulator import create_simulator_app
from schemas.berichten import PartnerBericht
from schemas.gebeurtenissen import FaseGestart, NazorgCheckin
from settings import Catalogus, Instellingen, laad_catalogus
from tests.connectors.simulator_hulp import (
    Loopback,
    LopendeSimulator,
    Ontvanger,
    met_kansen,
    wacht_tot,
)

PSEUDONIEM = "KT-ABCDEFGH23"
UTRECHT = "utrecht-bank-tot-baan"


def _checkin(**inhoud: object) -> PartnerBericht:
    return PartnerBericht(
        sleutel="checkin/7",
        soort="nazorg.checkin",
        deelnemer=PSEUDONIEM,
        programma=UTRECHT,
        fase="nazorg",
        inhoud={"maand": 3, "vervaldatum": "2027-03-01", "startdatum": "2026-12-01"} | inhoud,
    )


def test_deelnemers_leest_het_bestand_van_de_partner_en_vertaalt_fouten(
    catalogus: Catalogus,
) -> None:
    antwoorden = iter(
        [
            httpx.Response(
                200,
                json={
                    "deelnemers": [
                        {
                            "deelnemer": PSEUDONIEM,
                            "programma": UTRECHT,
                            "fase": "plaatsing",
                            "status": "afgerond",
                        }
                    ]
                },
            ),
            httpx.Response(503),
            httpx.Response(200, text="geen json"),
        ]
    )
    gezien: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        gezien.append(request)
        return next(antwoorden)

    client = client_voor(
        catalogus.partner("werkgevers-utrecht"), transport=httpx.MockTransport(handler)
    )
    [bekend] = client.deelnemers()
    assert (bekend.deelnemer, bekend.fase, bekend.status) == (PSEUDONIEM, "plaatsing", "afgerond")
    assert gezien[0].method == "GET" and gezien[0].url.path.endswith(
        "/werkgevers-utrecht/deelnemers"
    )
    assert gezien[0].headers["authorization"].startswith("Bearer ")
    with pytest.raises(PartnerUnavailable):
        client.deelnemers()
    with pytest.raises(PartnerContractViolation):
        client.deelnemers()


def test_een_checkin_vraagt_alleen_naar_de_plaatsing_en_gaat_niet_naar_een_werkgever(
    catalogus: Catalogus,
) -> None:
    verstuurd: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        verstuurd.append(json.loads(request.content))
        return httpx.Response(202, json={"sleutel": "checkin/7", "status": "ontvangen"})

    nazorg = client_voor(
        catalogus.partner("jobcoach-utrecht"), transport=httpx.MockTransport(handler)
    )
    afgeleverd = nazorg.lever(_checkin(leerdoelen=["vaktaal"]))
    assert (afgeleverd.velden, afgeleverd.weggelaten) == (
        ["maand", "startdatum", "vervaldatum"],
        ["leerdoelen"],
    )
    assert verstuurd[0]["inhoud"] == {
        "maand": 3,
        "vervaldatum": "2027-03-01",
        "startdatum": "2026-12-01",
    }
    werkgever = client_voor(
        catalogus.partner("werkgevers-utrecht"), transport=httpx.MockTransport(handler)
    )
    with pytest.raises(BerichtNietToegestaan):
        werkgever.lever(_checkin())
    assert len(verstuurd) == 1


@pytest.fixture
def simulator(ontvanger: tuple[Ontvanger, str]) -> Iterator[LopendeSimulator]:
    """The simulator reporting phase starts, answering every check-in, to the test's receiver."""
    instellingen = Instellingen(webhook_basis_url=ontvanger[1])
    catalogus = met_kansen(laad_catalogus(instellingen))
    ontvanger[0].catalogus = catalogus
    app = create_simulator_app(
        catalogus, instellingen, vertraging=(0.01, 0.02), herhaal_tot_s=0.5, meld_start=True
    )
    with Loopback(app) as server:
        yield LopendeSimulator(server.url, catalogus)


def _bestand(sim: LopendeSimulator, partner_id: str) -> list[dict[str, str]]:
    sleutel = sim.catalogus.partner(partner_id).api_sleutel.get_secret_value()
    antwoord = httpx.get(
        f"{sim.url}/{partner_id}/deelnemers", headers={"authorization": f"Bearer {sleutel}"}
    )
    return list(antwoord.json()["deelnemers"])


def test_de_jobcoach_beantwoordt_een_checkin_met_een_ondertekende_webhook(
    simulator: LopendeSimulator, ontvanger: tuple[Ontvanger, str]
) -> None:
    simulator.client("jobcoach-utrecht").lever(_checkin())
    wacht_tot(lambda: ontvanger[0].van_type("nazorg.checkin"))
    [antwoord] = [o.gebeurtenis for o in ontvanger[0].van_type("nazorg.checkin")]
    assert isinstance(antwoord, NazorgCheckin)
    assert (
        antwoord.deelnemer,
        antwoord.maand,
        antwoord.nog_in_dienst,
        antwoord.terug_in_uitkering,
    ) == (PSEUDONIEM, 3, True, False)


def test_een_partner_meldt_de_start_en_zijn_bestand_toont_wat_hij_deed_ook_als_de_webhook_zoekraakt(
    simulator: LopendeSimulator, ontvanger: tuple[Ontvanger, str]
) -> None:
    httpx.put(f"{simulator.url}/_sim/storing", json={"webhook_kwijt": 1.0}).raise_for_status()
    simulator.client("werkgevers-utrecht").lever(
        PartnerBericht(
            sleutel="start-1",
            soort="traject.start",
            deelnemer=PSEUDONIEM,
            programma=UTRECHT,
            fase="plaatsing",
            inhoud={"leerdoelen": ["op tijd komen"], "werkfit": True, "gewenste_sector": "horeca"},
        )
    )
    simulator.wacht_tot_stil()
    [start] = [o.gebeurtenis for o in ontvanger[0].ontvangen]
    assert isinstance(start, FaseGestart) and start.fase == "plaatsing", (
        "the start arrives; the completion is lost"
    )
    assert simulator.status()["kwijt"] == 1
    assert _bestand(simulator, "werkgevers-utrecht") == [
        {"deelnemer": PSEUDONIEM, "programma": UTRECHT, "fase": "plaatsing", "status": "afgerond"}
    ]
    assert _bestand(simulator, "jobcoach-utrecht") == []
