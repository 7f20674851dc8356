"""OAuth2 client credentials against the simulator's token endpoint on loopback (real HTTP)."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pydantic import SecretStr

from connectors import (
    AssessmentClient,
    ClientCredentials,
    PartnerAuthGeweigerd,
    PartnerRejected,
    PartnerUnavailable,
    client_voor,
    herhaalbaar,
)
from connectors.simulator import Simulator, create_simulator_app
from schemas.berichten import PartnerBericht
from settings import Catalogus, Instellingen, PartnerInstellingen, laad_catalogus
from tests.connectors.simulator_hulp import Loopback

PARTNER = "participatiehuis-competensys"  # configured `auth: oauth2` in config/partners.yaml


def _start(nummer: int) -> PartnerBericht:
    return PartnerBericht.model_validate(
        {
            "sleutel": f"uitbox-{nummer}",
            "soort": "traject.start",
            "deelnemer": "KT-ABCDEFGH23",
            "programma": "harderwijk-voltijd-klantreis",
            "fase": "assessment",
        }
    )


class Opname(httpx.BaseTransport):
    """The real network, with every request's path and answer status written down."""

    def __init__(self) -> None:
        self.binnen = httpx.HTTPTransport()
        self.gezien: list[tuple[str, int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        antwoord = self.binnen.handle_request(request)
        self.gezien.append((request.url.path.rsplit("/", 1)[-1], antwoord.status_code))
        return antwoord


class Tijd:
    """One clock for the simulator and the client, moved by the test."""

    def __init__(self) -> None:
        self.nu = datetime.now(UTC)

    def seconden(self) -> float:
        return self.nu.timestamp()


@pytest.fixture
def tijd() -> Tijd:
    return Tijd()


@pytest.fixture
def simulator(
    catalogus: Catalogus, instellingen: Instellingen, tijd: Tijd
) -> Iterator[tuple[Simulator, PartnerInstellingen]]:
    app = create_simulator_app(catalogus, instellingen, vertraging=(600, 600), klok=lambda: tijd.nu)
    with Loopback(app) as server:
        partner = catalogus.partner(PARTNER).model_copy(
            update={
                "basis_url": f"{server.url}/{PARTNER}",
                "token_url": f"{server.url}/{PARTNER}/oauth/token",
            }
        )
        yield app.state.simulator, partner


def _client(
    partner: PartnerInstellingen, tijd: Tijd, opname: Opname
) -> tuple[AssessmentClient, ClientCredentials]:
    auth = ClientCredentials(partner, klok=tijd.seconden)
    return AssessmentClient(partner, transport=opname, auth=auth), auth


def test_one_token_serves_many_parallel_messages(simulator) -> None:
    sim, partner = simulator
    client = client_voor(partner)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statussen = list(pool.map(lambda n: client.lever(_start(n)).status, range(40)))
    assert statussen == ["ontvangen"] * 40
    assert (sim.tokens.uitgegeven, sim.ontvangen) == (1, 40)


def test_the_token_is_renewed_shortly_before_it_expires(simulator, tijd) -> None:
    sim, partner = simulator
    sim.tokens.geldig_s = 600
    opname = Opname()
    client, auth = _client(partner, tijd, opname)
    for n in range(3):
        client.lever(_start(n))
    tijd.nu += timedelta(
        seconds=575
    )  # 25 s left: within the renewal margin, before the partner refuses it
    client.lever(_start(3))
    tijd.nu += timedelta(seconds=601)  # the second token has expired too
    client.lever(_start(4))
    assert (
        opname.gezien
        == [("token", 200)] + [("berichten", 202)] * 3 + [("token", 200), ("berichten", 202)] * 2
    )
    assert auth.opgehaald == sim.tokens.uitgegeven == 3


def test_a_revoked_token_is_renewed_once_and_the_message_retried(simulator, tijd) -> None:
    sim, partner = simulator
    opname = Opname()
    client, _ = _client(partner, tijd, opname)
    client.lever(_start(1))
    sim.tokens.trek_in()
    assert client.lever(_start(2)).status == "ontvangen"
    assert opname.gezien == [
        ("token", 200),
        ("berichten", 202),
        ("berichten", 401),
        ("token", 200),
        ("berichten", 202),
    ]


def test_a_wrong_client_secret_is_a_clear_error_without_a_retry_storm(simulator, tijd) -> None:
    sim, partner = simulator
    opname = Opname()
    fout = partner.model_copy(update={"client_geheim": SecretStr("niet-het-geheim")})
    client, _ = _client(fout, tijd, opname)
    for n in range(10):
        with pytest.raises(PartnerAuthGeweigerd) as geweigerd:
            client.lever(_start(n))
    assert "refused our client credentials (401 invalid_client)" in str(geweigerd.value)
    assert "CLIENT_GEHEIM" in str(geweigerd.value) and not geweigerd.value.herhaalbaar
    assert opname.gezien == [("token", 401)], "one token request, no message sent"
    assert (sim.tokens.geweigerd, sim.ontvangen) == (1, 0)
    tijd.nu += timedelta(minutes=2)  # the refusal is remembered for a minute, then asked again
    with pytest.raises(PartnerAuthGeweigerd):
        client.lever(_start(11))
    assert opname.gezien == [("token", 401)] * 2


def test_a_partner_that_refuses_a_fresh_token_too_gets_two_tries_only(catalogus: Catalogus) -> None:
    gezien: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        gezien.append(request.url.path)
        if request.url.path.endswith("/token"):
            return httpx.Response(
                200,
                json={"access_token": f"t{len(gezien)}", "token_type": "Bearer", "expires_in": 60},
            )
        return httpx.Response(401, json={"detail": "token not accepted"})

    with pytest.raises(PartnerRejected) as fout:
        client_voor(catalogus.partner(PARTNER), transport=httpx.MockTransport(handler)).lever(
            _start(1)
        )
    assert fout.value.status == 401
    assert [p.rsplit("/", 1)[-1] for p in gezien] == ["token", "berichten", "token", "berichten"]


def test_a_token_endpoint_that_is_down_is_unavailable_with_retry_after(
    catalogus: Catalogus,
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path.endswith("/token") and request.headers["authorization"].startswith(
            "Basic "
        )
        assert request.content == b"grant_type=client_credentials"
        return httpx.Response(503, headers={"Retry-After": "7"})

    with pytest.raises(PartnerUnavailable) as fout:
        client_voor(catalogus.partner(PARTNER), transport=httpx.MockTransport(handler)).lever(
            _start(1)
        )
    assert (fout.value.status, fout.value.retry_after_s, fout.value.herhaalbaar) == (503, 7.0, True)


def test_client_secret_comes_from_the_environment_and_production_requires_it(monkeypatch) -> None:
    naam = "KETEN_PARTNER__PARTICIPATIEHUIS_COMPETENSYS__CLIENT_GEHEIM"
    monkeypatch.setenv(naam, "uit-de-omgeving")
    partner = laad_catalogus(Instellingen()).partner(PARTNER)
    assert partner.client_geheim is not None
    assert (partner.auth, partner.client_id, partner.client_geheim.get_secret_value()) == (
        "oauth2",
        "ketenregie-meerinzicht",
        "uit-de-omgeving",
    )
    assert laad_catalogus(Instellingen()).partner("gemeente-utrecht").client_geheim is None
    monkeypatch.delenv(naam)
    for partner_id in laad_catalogus(
        Instellingen()
    ).partners:  # the other secrets are set: only this one is missing
        sleutel = partner_id.upper().replace("-", "_")
        monkeypatch.setenv(f"KETEN_PARTNER__{sleutel}__WEBHOOK_GEHEIMEN", "whsec_" + "QUJD" * 8)
        monkeypatch.setenv(f"KETEN_PARTNER__{sleutel}__API_SLEUTEL", "k")
    monkeypatch.setenv("KETEN_PARTNER__ONTWIKKELING_TECHNIEK_UTRECHT__CLIENT_GEHEIM", "g")
    productie = Instellingen(
        omgeving="production",
        sleutel=SecretStr("x" * 43 + "="),
        peper=SecretStr("p"),
        sessiesleutel=SecretStr("s" * 40),
    )
    with pytest.raises(ValueError, match=naam):
        laad_catalogus(productie)


def test_oauth2_without_token_url_is_refused_in_the_settings(catalogus: Catalogus) -> None:
    ruw = catalogus.partner("gemeente-utrecht").model_dump() | {"auth": "oauth2", "client_id": "x"}
    with pytest.raises(
        ValueError, match="auth oauth2 needs token_url, client_id and a client secret"
    ):
        PartnerInstellingen.model_validate(ruw)


def test_the_auth_refusal_survives_pickling_and_is_not_retried() -> None:
    terug = pickle.loads(
        pickle.dumps(PartnerAuthGeweigerd("nee", partner_id="p", status=401, fout="invalid_client"))
    )
    assert (str(terug), terug.partner_id, terug.status, terug.fout, herhaalbaar(terug)) == (
        "nee",
        "p",
        401,
        "invalid_client",
        False,
    )
