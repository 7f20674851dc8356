"""The equal-chances page in a real browser and over real HTTP: the numbers shown are the
database's own, a group under 10 is shown as "<10" together with the complement that would give
it away, the page passes axe, and a wrong filter is a 422 naming the field."""

from __future__ import annotations

from datetime import UTC, date, datetime

import httpx

from schemas.rollen import Rol
from tests.dashboard.hulp import (
    SCHERMAFDRUKKEN,
    aangemeld,
    ernstige_schendingen,
    maak_gebruiker,
    meld_aan_in_browser,
)
from tests.monitor.hulp import GROEPEN, PROGRAMMA, tel_per_geslacht, zaai

FILTER = f"programma={PROGRAMMA}&van=2026-10-01&tot=2026-10-31&uitsplitsing=geslacht"


def _cellen(pagina, rij: str) -> list[str]:
    return list(pagina.locator(f"#bereik tr:has(th:text-is('{rij}')) td").all_inner_texts())


def test_de_pagina_toont_de_eigen_tellingen_en_verbergt_de_kleine_groep(
    dashboard, dashboard_engine, pagina
):
    zaai(dashboard_engine, op=date(2026, 10, 5))
    eigen = tel_per_geslacht(
        dashboard_engine,
        van=datetime(2026, 10, 1, tzinfo=UTC),
        tot=datetime(2026, 11, 1, tzinfo=UTC),
    )
    assert eigen == GROEPEN
    maak_gebruiker(dashboard_engine, "onderzoeker", Rol.ONDERZOEKER)
    meld_aan_in_browser(pagina, dashboard, "onderzoeker")
    pagina.goto(f"{dashboard}/gelijke-kansen?{FILTER}")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Gelijke kansen"
    assert _cellen(pagina, "man")[0] == str(eigen["man"])
    assert _cellen(pagina, "vrouw")[0] == str(eigen["vrouw"])
    assert _cellen(pagina, "Geheel")[0] == str(sum(eigen.values()))
    assert _cellen(pagina, "anders")[0] == "<10"  # 4 people
    assert _cellen(pagina, "onbekend")[0] == "<10"  # 15, the complement that would give it away
    assert _cellen(pagina, "anders")[1:] == ["–", "<10", "–", "–"]  # its rates go too
    uitleg = pagina.locator("svg[role=img] desc").text_content() or ""
    assert "anders: – (onderdrukt)" in uitleg  # the chart says the same as the table
    assert ernstige_schendingen(pagina) == []
    pagina.set_viewport_size({"width": 1280, "height": 900})
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=str(SCHERMAFDRUKKEN / "gelijke-kansen.png"), full_page=True)


def test_een_rol_zonder_het_recht_krijgt_403_en_zonder_sessie_naar_aanmelden(
    dashboard, dashboard_engine
):
    antwoord = httpx.get(f"{dashboard}/gelijke-kansen", follow_redirects=False)
    assert antwoord.status_code == 303
    maak_gebruiker(dashboard_engine, "medewerker", Rol.PARTNER_MEDEWERKER, partner="p")
    assert aangemeld(dashboard, "medewerker").get("/gelijke-kansen").status_code == 403


def test_een_onjuist_filter_is_een_422_die_het_veld_noemt(dashboard, dashboard_engine):
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    client = aangemeld(dashboard, "regisseur")
    for vraag, veld in (
        ("van=gisteren", "van: geen datum"),
        ("tot=2026-13-01", "tot: geen datum"),
        ("van=2026-10-01&tot=2026-09-01", "tot: ligt voor van"),
        ("programma=bestaat-niet", "programma: onbekend"),
        ("uitsplitsing=herkomst", "uitsplitsing: kies een van"),  # no lawful basis configured
        ("uitsplitsing=postcode", "uitsplitsing: kies een van"),
    ):
        antwoord = client.get(f"/gelijke-kansen?{vraag}")
        assert antwoord.status_code == 422, vraag
        assert veld in antwoord.text, vraag
    assert client.get("/gelijke-kansen").status_code == 200
