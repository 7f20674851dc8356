"""Helpers for the dashboard tests: the real app on loopback, accounts, a real browser.

The browser is Debian's Chromium (/usr/bin/chromium, `make test` installs it) driven by
playwright; the accessibility check is axe-core, bundled by axe-playwright-python.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy.engine import Engine
from sqlmodel import Session

from persistence import gebruikers
from schemas.rollen import Gebruiker, Rol

CHROMIUM = os.environ.get("KETEN_TEST_CHROMIUM", "/usr/bin/chromium")
WACHTWOORD = "een lang genoeg wachtwoord"


def maak_gebruiker(
    engine: Engine,
    naam: str,
    rol: Rol,
    *,
    partner: str | None = None,
    persoon: str | None = None,
    wachtwoord: str = WACHTWOORD,
) -> Gebruiker:
    with Session(engine) as s:
        g = gebruikers.voeg_toe(
            session=s,
            gebruikersnaam=naam,
            rol=rol,
            wachtwoord=wachtwoord,
            nu=datetime.now(UTC),
            partner=partner,
            persoon=persoon,
        )
        s.commit()
    return g


def csrf_van(html: str) -> str:
    gevonden = re.search(r'name="csrf" value="([^"]+)"', html)
    assert gevonden, "no CSRF token in the form"
    return gevonden.group(1)


def aangemeld(basis: str, naam: str, wachtwoord: str = WACHTWOORD) -> httpx.Client:
    """An HTTP client signed in through the real form (cookie jar kept)."""
    client = httpx.Client(base_url=basis, follow_redirects=False, timeout=30)
    token = csrf_van(client.get("/aanmelden").text)
    antwoord = client.post(
        "/aanmelden", data={"gebruikersnaam": naam, "wachtwoord": wachtwoord, "csrf": token}
    )
    assert antwoord.status_code == 303, antwoord.text[:300]
    return client


def meld_aan_in_browser(pagina, basis: str, naam: str, wachtwoord: str = WACHTWOORD) -> None:
    pagina.goto(f"{basis}/aanmelden")
    pagina.get_by_label("Gebruikersnaam").fill(naam)
    pagina.get_by_label("Wachtwoord").fill(wachtwoord)
    pagina.get_by_role("button", name="Aanmelden").click()
    pagina.wait_for_load_state()


def ernstige_schendingen(pagina) -> list[str]:
    """axe-core's serious and critical violations on the page, as 'rule: target' lines."""
    from axe_playwright_python.sync_playwright import Axe

    resultaat = Axe().run(pagina)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}"
        for v in resultaat.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


SCHERMAFDRUKKEN = Path(__file__).resolve().parents[2] / "docs" / "schermafdrukken"
