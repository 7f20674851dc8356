"""No name, BSN or birth date on any page, for any role, except the file of the regiehouder who
holds the case; none in the dashboard's log either.

Every GET route of the app is requested (iterating `app.routes`), so a page added later is
covered without touching this test. The participant is referred through the real webhook path.
"""

from __future__ import annotations

import logging
import re

import pytest

from dashboard.app import create_app
from schemas.rollen import Rol
from settings import laad_catalogus
from tests.connectors.simulator_hulp import Loopback
from tests.dashboard.deelnemers import verwijs
from tests.dashboard.hulp import aangemeld, maak_gebruiker

NAAM, BSN, GEBOREN = "Fenna Oosterhuis", "123456782", "1987-11-29"
VERBODEN = (NAAM, "Oosterhuis", BSN, BSN[-6:], GEBOREN, "29-11-1987")
HOUDER = "km-utrecht-017"

GEBRUIKERS = {
    "regisseur": (Rol.KETENREGISSEUR, None, None),
    "houder": (Rol.REGIEHOUDER, "gemeente-utrecht", HOUDER),
    "collega": (Rol.REGIEHOUDER, "gemeente-utrecht", "km-utrecht-002"),
    "assessor": (Rol.PARTNER_MEDEWERKER, "assessment-utrecht", None),
    "horeca": (Rol.PARTNER_MEDEWERKER, "ontwikkeling-horeca-utrecht", None),
    "onderzoeker": (Rol.ONDERZOEKER, None, None),
    "beheerder": (Rol.BEHEERDER, None, None),
}
DOSSIER = "/deelnemers/{pseudoniem}"


def _get_paden(app) -> list[str]:
    paden = []
    for route in app.routes:
        pad, methoden = getattr(route, "path", ""), getattr(route, "methods", None) or set()
        if "GET" in methoden and not pad.startswith("/statisch"):
            paden.append(pad)
    return sorted(paden)


def _zonder_tokens(html: str) -> str:
    """A random CSRF token could hold six digits in a row by chance: it is no personal data."""
    return re.sub(r'name="csrf" value="[^"]*"', "", html)


@pytest.fixture
def opstelling(dashboard_instellingen, dashboard_engine):
    pseudoniem = verwijs(
        dashboard_instellingen, naam=NAAM, bsn=BSN, geboortedatum=GEBOREN, regiehouder=HOUDER
    )
    for naam, (rol, partner, persoon) in GEBRUIKERS.items():
        maak_gebruiker(dashboard_engine, naam, rol, partner=partner, persoon=persoon)
    app = create_app(dashboard_instellingen, laad_catalogus(dashboard_instellingen))
    with Loopback(app) as server:
        yield app, server.url, pseudoniem


def test_no_page_shows_the_person_to_a_role_without_the_right_and_no_log_line_does(
    opstelling, caplog
):
    caplog.set_level(logging.DEBUG)
    app, basis, pseudoniem = opstelling
    paden = _get_paden(app)
    assert DOSSIER in paden and "/" in paden
    gezien = 0
    for naam in GEBRUIKERS:
        client = aangemeld(basis, naam)
        for pad in paden:
            url = re.sub(r"\{[^}]+\}", "x", pad.replace("{pseudoniem}", pseudoniem))
            for params in ({}, {"reden": "privacytoets van de FG"}):
                antwoord = client.get(url, params=params)
                assert antwoord.status_code < 500, (naam, pad, antwoord.status_code)
                body = _zonder_tokens(antwoord.text)
                if naam == "houder" and pad == DOSSIER and params:
                    assert NAAM in body and "29-11-1987" in body  # the check can see a leak
                    assert BSN not in body and BSN[-6:] not in body
                    gezien += 1
                    continue
                lekken = [v for v in VERBODEN if v in body]
                assert lekken == [], (naam, pad, params, antwoord.status_code, lekken)
    assert gezien == 1
    logregels = caplog.text
    assert [v for v in VERBODEN if v in logregels] == []
