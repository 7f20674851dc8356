"""The beheerder's list of accounts, in a real browser: the database's accounts, no hashes, axe clean."""

from __future__ import annotations

from sqlmodel import Session, select

from persistence.tabellen_toegang import Gebruiker
from schemas.rollen import Rol
from tests.dashboard.hulp import (
    SCHERMAFDRUKKEN,
    aangemeld,
    ernstige_schendingen,
    maak_gebruiker,
    meld_aan_in_browser,
)


def test_the_beheerder_sees_every_account_and_no_hash(dashboard, dashboard_engine, pagina):
    maak_gebruiker(dashboard_engine, "beheer", Rol.BEHEERDER)
    maak_gebruiker(
        dashboard_engine,
        "k.deboer",
        Rol.REGIEHOUDER,
        partner="gemeente-utrecht",
        persoon="km-utrecht-017",
    )
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    assert aangemeld(dashboard, "regisseur").get("/beheer/gebruikers").status_code == 403
    meld_aan_in_browser(pagina, dashboard, "beheer")
    pagina.goto(f"{dashboard}/beheer/gebruikers")
    rijen = pagina.locator("#gebruikers tbody tr")
    with Session(dashboard_engine) as s:
        namen = sorted(g.gebruikersnaam for g in s.exec(select(Gebruiker)).all())
    assert [rijen.nth(i).locator("td").first.inner_text() for i in range(rijen.count())] == namen
    assert "km-utrecht-017" in pagina.content() and "argon2" not in pagina.content()
    assert ernstige_schendingen(pagina) == []
    pagina.set_viewport_size({"width": 1280, "height": 800})
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=str(SCHERMAFDRUKKEN / "gebruikers.png"), full_page=True)
