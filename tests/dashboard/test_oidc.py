"""Sign-in through OpenID Connect against a fake identity provider served on loopback: the whole
redirect dance by hand over real HTTP, the ID token checked by authlib (no mocks)."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr
from sqlmodel import Session, select

from dashboard.app import create_app
from persistence.tabellen_toegang import Gebruiker
from settings import laad_catalogus
from tests.connectors.simulator_hulp import Loopback
from tests.dashboard.nep_idp import CLIENT_GEHEIM, CLIENT_ID, NepIdp, maak_app

REGISSEUR = {"sub": "u-1001", "preferred_username": "a.jansen", "keten_rol": "ketenregisseur"}


@pytest.fixture
def idp_en_dashboard(dashboard_instellingen):
    idp = NepIdp()
    with Loopback(maak_app(idp)) as aanbieder:
        idp.basis = aanbieder.url
        instellingen = dashboard_instellingen.model_copy(
            update={
                "oidc_issuer": aanbieder.url,
                "oidc_client_id": CLIENT_ID,
                "oidc_client_geheim": SecretStr(CLIENT_GEHEIM),
            }
        )
        with Loopback(create_app(instellingen, laad_catalogus(instellingen))) as dashboard:
            yield idp, dashboard.url


def _meld_aan(basis: str) -> tuple[httpx.Client, httpx.Response]:
    """Follow the redirects by hand: dashboard → provider → dashboard's callback."""
    client = httpx.Client(base_url=basis, follow_redirects=False, timeout=30)
    naar_idp = client.get("/aanmelden/oidc")
    assert naar_idp.status_code == 302, naar_idp.text
    terug = httpx.get(naar_idp.headers["location"], follow_redirects=False)
    assert terug.status_code == 302 and terug.headers["location"].startswith(basis)
    return client, client.get(terug.headers["location"])


def _accounts(engine):
    with Session(engine) as s:
        return [
            (g.gebruikersnaam, g.rol, g.partner, g.persoon, g.oidc_subject, g.wachtwoord_hash)
            for g in s.exec(select(Gebruiker)).all()
        ]


def test_first_sign_in_makes_the_account_from_the_claims_and_the_next_reuses_it(
    idp_en_dashboard, dashboard_engine
):
    idp, basis = idp_en_dashboard
    assert "Aanmelden via de gemeente" in httpx.get(f"{basis}/aanmelden").text
    idp.claims = {
        "sub": "u-2002",
        "preferred_username": "k.deboer",
        "keten_rol": "regiehouder",
        "partner": "gemeente-utrecht",
        "persoon": "km-utrecht-017",
    }
    client, antwoord = _meld_aan(basis)
    assert antwoord.status_code == 303
    assert client.get("/").status_code == 200
    client, antwoord = _meld_aan(basis)
    assert antwoord.status_code == 303
    assert _accounts(dashboard_engine) == [
        ("k.deboer", "regiehouder", "gemeente-utrecht", "km-utrecht-017", "u-2002", None)
    ]


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "u-3", "keten_rol": "koning"},
        {"sub": "u-4"},
        {"sub": "u-5", "keten_rol": "partner_medewerker"},
        {"sub": "u-6", "keten_rol": "regiehouder", "persoon": "Jan de Vries"},
        {"sub": "u-7", "keten_rol": "partner_medewerker", "partner": "onbekend-bv"},
    ],
)
def test_an_unknown_or_missing_role_is_403_with_a_clear_page_and_no_account(
    idp_en_dashboard, dashboard_engine, claims, caplog
):
    idp, basis = idp_en_dashboard
    idp.claims = claims
    client, antwoord = _meld_aan(basis)
    assert antwoord.status_code == 403
    assert "Geen toegang tot ketenregie" in antwoord.text
    assert _accounts(dashboard_engine) == []
    assert client.get("/", follow_redirects=False).status_code == 303
    assert "oidc_geweigerd" in caplog.text


@pytest.mark.parametrize(
    "bederf",
    [
        {"iss": "https://elders.example"},
        {"aud": "een-ander"},
        {"nonce": "oud"},
        {"exp": 1},
        "sleutel",
    ],
)
def test_a_token_with_the_wrong_issuer_audience_nonce_expiry_or_key_is_refused(
    idp_en_dashboard, dashboard_engine, bederf
):
    idp, basis = idp_en_dashboard
    idp.claims = REGISSEUR
    if bederf == "sleutel":
        idp.ander_sleutel = True
    else:
        idp.bederf = bederf
    client, antwoord = _meld_aan(basis)
    assert antwoord.status_code == 401 and "mislukt" in antwoord.text
    assert _accounts(dashboard_engine) == []
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_callback_without_a_state_of_ours_is_refused(idp_en_dashboard):
    _, basis = idp_en_dashboard
    antwoord = httpx.get(f"{basis}/aanmelden/oidc/terug?code=x&state=vervalst")
    assert antwoord.status_code == 401


def test_without_an_issuer_there_is_no_button_and_no_route(dashboard):
    assert "Aanmelden via de gemeente" not in httpx.get(f"{dashboard}/aanmelden").text
    assert httpx.get(f"{dashboard}/aanmelden/oidc").status_code == 404
