"""The partner clients over httpx.MockTransport: the wire protocol and the error translation."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from connectors import (
    AssessmentClient,
    BerichtNietToegestaan,
    ConnectorError,
    GemeenteClient,
    PartnerContractViolation,
    PartnerRejected,
    PartnerUnavailable,
    WerkgeverClient,
    client_voor,
    herhaalbaar,
    retry_after_s,
)
from schemas.berichten import PartnerBericht
from settings import Catalogus, PartnerInstellingen

PSEUDONIEM = "KT-ABCDEFGH23"


def _bericht(**velden: object) -> PartnerBericht:
    standaard: dict[str, object] = {
        "sleutel": "uitbox-42",
        "soort": "traject.start",
        "deelnemer": PSEUDONIEM,
        "programma": "utrecht-bank-tot-baan",
        "fase": "plaatsing",
        "inhoud": {"leerdoelen": ["op tijd komen"], "werkfit": True, "gewenste_sector": "horeca"},
    }
    return PartnerBericht.model_validate(standaard | velden)


@pytest.fixture
def werkgever(catalogus: Catalogus) -> PartnerInstellingen:
    return catalogus.partner("werkgevers-utrecht")


def _client(
    partner: PartnerInstellingen, handler: Callable[[httpx.Request], httpx.Response]
) -> WerkgeverClient:
    client = client_voor(partner, transport=httpx.MockTransport(handler))
    assert isinstance(client, WerkgeverClient)
    return client


def test_lever_posts_the_message_with_bearer_and_idempotency_key(
    werkgever: PartnerInstellingen,
) -> None:
    gezien: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        gezien.append(request)
        return httpx.Response(202, json={"sleutel": "uitbox-42", "status": "ontvangen"})

    with _client(werkgever, handler) as client:
        antwoord = client.lever(_bericht())

    assert (antwoord.sleutel, antwoord.status, antwoord.velden) == (
        "uitbox-42",
        "ontvangen",
        ["gewenste_sector", "leerdoelen", "werkfit"],
    )
    [request] = gezien
    assert request.method == "POST"
    assert str(request.url) == f"{werkgever.basis_url}/berichten"
    assert request.headers["authorization"] == f"Bearer {werkgever.api_sleutel.get_secret_value()}"
    assert request.headers["idempotency-key"] == "uitbox-42"
    assert json.loads(request.content) == _bericht().model_dump(mode="json")


def test_a_duplicate_answer_is_passed_on(werkgever: PartnerInstellingen) -> None:
    client = _client(
        werkgever, lambda r: httpx.Response(200, json={"sleutel": "uitbox-42", "status": "dubbel"})
    )
    assert client.lever(_bericht()).status == "dubbel"


def test_fields_off_the_allowlist_never_reach_the_wire(werkgever: PartnerInstellingen) -> None:
    bodies: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(202, json={"sleutel": "uitbox-42", "status": "ontvangen"})

    inhoud = {
        "leerdoelen": ["op tijd komen"],
        "werkfit": True,
        "taalniveau": {"lezen": "A2"},
        "doelgroep": "statushouder",
        "bsn": "123456782",
    }
    bericht = _bericht(inhoud=inhoud)
    client = _client(werkgever, handler)

    verstrekking = client.verstrekking(bericht)
    afgeleverd = client.lever(bericht)

    assert bodies[0]["inhoud"] == {"leerdoelen": ["op tijd komen"], "werkfit": True}
    assert afgeleverd.velden == ["leerdoelen", "werkfit"]
    assert afgeleverd.weggelaten == ["bsn", "doelgroep", "taalniveau"]
    assert "123456782" not in json.dumps(bodies[0])
    assert verstrekking.velden == ("leerdoelen", "werkfit")
    assert verstrekking.weggelaten == ("bsn", "doelgroep", "taalniveau")
    assert (verstrekking.partner_id, verstrekking.sleutel, verstrekking.deelnemer) == (
        "werkgevers-utrecht",
        "uitbox-42",
        PSEUDONIEM,
    )


def test_a_message_kind_the_partner_may_not_get_is_refused_before_any_io(
    werkgever: PartnerInstellingen,
) -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        raise AssertionError("nothing may be sent")

    bericht = _bericht(soort="melding.uitval", inhoud={"fase": "plaatsing", "reden": "motivatie"})
    with pytest.raises(BerichtNietToegestaan):
        _client(werkgever, handler).lever(bericht)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_other_4xx_is_partner_rejected_with_status_and_detail(
    werkgever: PartnerInstellingen, status: int
) -> None:
    client = _client(
        werkgever, lambda r: httpx.Response(status, json={"detail": "werkfit ontbreekt"})
    )
    with pytest.raises(PartnerRejected) as fout:
        client.lever(_bericht())
    assert fout.value.status == status
    assert fout.value.detail == "werkfit ontbreekt"
    assert fout.value.partner_id == "werkgevers-utrecht"
    assert not herhaalbaar(fout.value)


@pytest.mark.parametrize(
    ("status", "retry_after", "verwacht"),
    [
        (503, "120", 120.0),
        (429, "7", 7.0),
        (500, None, None),
        (408, "nonsense", None),
        (502, None, None),
    ],
)
def test_408_429_5xx_are_unavailable_with_retry_after(
    werkgever: PartnerInstellingen, status: int, retry_after: str | None, verwacht: float | None
) -> None:
    headers = {"Retry-After": retry_after} if retry_after else {}
    client = _client(werkgever, lambda r: httpx.Response(status, headers=headers, text="busy"))
    with pytest.raises(PartnerUnavailable) as fout:
        client.lever(_bericht())
    assert fout.value.status == status
    assert fout.value.retry_after_s == verwacht
    assert herhaalbaar(fout.value)


def test_retry_after_as_http_date() -> None:
    nu = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    assert retry_after_s(format_datetime(nu + timedelta(seconds=90), usegmt=True), nu=nu) == 90.0
    assert retry_after_s(format_datetime(nu - timedelta(seconds=90), usegmt=True), nu=nu) == 0.0
    assert retry_after_s("-3") is None


@pytest.mark.parametrize(
    "fout",
    [
        httpx.ConnectTimeout("connect timed out"),
        httpx.ReadTimeout("read timed out"),
        httpx.ConnectError("connection refused"),
        httpx.RemoteProtocolError("server disconnected"),
    ],
)
def test_timeouts_and_connection_errors_are_unavailable_and_keep_the_cause(
    werkgever: PartnerInstellingen, fout: httpx.HTTPError
) -> None:
    def handler(_request: httpx.Request) -> httpx.Response:
        raise fout

    with pytest.raises(PartnerUnavailable) as gevangen:
        _client(werkgever, handler).lever(_bericht())
    assert gevangen.value.__cause__ is fout
    assert gevangen.value.retry_after_s is None


@pytest.mark.parametrize(
    "antwoord",
    [
        httpx.Response(200, text="<html>ok</html>"),
        httpx.Response(202, json={"status": "ontvangen"}),
        httpx.Response(200, json={"sleutel": "uitbox-42", "status": "misschien"}),
        httpx.Response(200, json={"sleutel": "een-andere", "status": "ontvangen"}),
        httpx.Response(302, headers={"Location": "/elders"}),
    ],
)
def test_an_answer_outside_the_protocol_is_a_contract_violation(
    werkgever: PartnerInstellingen, antwoord: httpx.Response
) -> None:
    with pytest.raises(PartnerContractViolation):
        _client(werkgever, lambda r: antwoord).lever(_bericht())


@pytest.mark.parametrize(
    "handler",
    [
        lambda r: httpx.Response(500),
        lambda r: httpx.Response(418),
        lambda r: httpx.Response(200, content=b"\xff\xfe"),
        lambda r: httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=b"not gzip"),
    ],
)
def test_no_raw_httpx_exception_escapes(
    werkgever: PartnerInstellingen, handler: Callable[[httpx.Request], httpx.Response]
) -> None:
    with pytest.raises(ConnectorError) as fout:
        _client(werkgever, handler).lever(_bericht())
    assert not isinstance(fout.value, httpx.HTTPError)


def test_timeout_comes_from_the_partner_settings(werkgever: PartnerInstellingen) -> None:
    gezien: list[dict[str, float]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        gezien.append(request.extensions["timeout"])
        return httpx.Response(202, json={"sleutel": "uitbox-42", "status": "ontvangen"})

    _client(werkgever.model_copy(update={"timeout_s": 2.5}), handler).lever(_bericht())
    assert gezien[0]["read"] == 2.5


def test_the_factory_picks_the_class_by_kind_and_a_class_refuses_another_kind(
    catalogus: Catalogus,
) -> None:
    assert isinstance(client_voor(catalogus.partner("gemeente-utrecht")), GemeenteClient)
    assert isinstance(
        client_voor(catalogus.partner("participatiehuis-competensys")), AssessmentClient
    )
    with pytest.raises(ValueError, match="serves werkgever"):
        WerkgeverClient(catalogus.partner("gemeente-utrecht"))


def test_errors_survive_pickling_with_their_details() -> None:
    fout = PartnerUnavailable("busy", partner_id="p", status=503, retry_after_s=3.0)
    terug = pickle.loads(pickle.dumps(fout))
    assert (str(terug), terug.partner_id, terug.status, terug.retry_after_s) == (
        "busy",
        "p",
        503,
        3.0,
    )
    geweigerd = pickle.loads(
        pickle.dumps(PartnerRejected("no", partner_id="p", status=422, detail="veld x"))
    )
    assert (geweigerd.status, geweigerd.detail) == (422, "veld x")
