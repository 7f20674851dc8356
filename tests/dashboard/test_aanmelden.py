"""Sign-in, sessions, CSRF and refusals, over real HTTP and in a real browser."""

from __future__ import annotations

import httpx
from sqlmodel import Session, select

from persistence.tabellen_toegang import Toegangslog
from schemas.rollen import Rol
from tests.dashboard.hulp import (
    aangemeld,
    csrf_van,
    ernstige_schendingen,
    maak_gebruiker,
    meld_aan_in_browser,
)


def test_without_a_session_every_page_redirects_to_sign_in(dashboard):
    antwoord = httpx.get(f"{dashboard}/", follow_redirects=False)
    assert antwoord.status_code == 303
    assert antwoord.headers["location"].startswith("/aanmelden?volgende=/")


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
    dashboard, dashboard_engine
):
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    client = httpx.Client(base_url=dashboard)
    token = csrf_van(client.get("/aanmelden").text)
    fout = client.post(
        "/aanmelden", data={"gebruikersnaam": "regisseur", "wachtwoord": "nee", "csrf": token}
    )
    onbekend = client.post(
        "/aanmelden", data={"gebruikersnaam": "niemand", "wachtwoord": "nee", "csrf": token}
    )
    assert fout.status_code == onbekend.status_code == 401
    assert "Gebruikersnaam of wachtwoord klopt niet" in fout.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_forged_csrf_token_is_refused(dashboard, dashboard_engine):
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    client = httpx.Client(base_url=dashboard)
    client.get("/aanmelden")
    antwoord = client.post(
        "/aanmelden",
        data={"gebruikersnaam": "regisseur", "wachtwoord": "x", "csrf": "vervalst"},
    )
    assert antwoord.status_code == 403
    ingelogd = aangemeld(dashboard, "regisseur")
    assert ingelogd.post("/afmelden", data={"csrf": "vervalst"}).status_code == 403
    assert ingelogd.get("/").status_code == 200


def test_an_open_redirect_after_sign_in_goes_home_instead(dashboard, dashboard_engine):
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    client = httpx.Client(base_url=dashboard)
    token = csrf_van(client.get("/aanmelden").text)
    antwoord = client.post(
        "/aanmelden",
        data={
            "gebruikersnaam": "regisseur",
            "wachtwoord": "een lang genoeg wachtwoord",
            "csrf": token,
            "volgende": "//elders.example/",
        },
    )
    assert antwoord.headers["location"] == "/"


def test_sign_in_in_a_browser_and_the_page_passes_axe(dashboard, dashboard_engine, pagina):
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    pagina.goto(f"{dashboard}/aanmelden")
    assert ernstige_schendingen(pagina) == []
    meld_aan_in_browser(pagina, dashboard, "regisseur")
    assert pagina.get_by_role("heading", level=1).inner_text() != "Aanmelden"
    assert "regisseur" in pagina.locator("header").inner_text()


def test_a_role_without_the_right_gets_403_and_the_attempt_is_logged(dashboard, dashboard_engine):
    maak_gebruiker(dashboard_engine, "beheer", Rol.BEHEERDER)
    client = aangemeld(dashboard, "beheer")
    assert client.get("/").status_code == 403  # the overview is not the beheerder's
    with Session(dashboard_engine) as s:
        regels = s.exec(select(Toegangslog)).all()
    assert [(r.gebruikersnaam, r.toegestaan) for r in regels] == [("beheer", False)]
