"""Drill-down to one participant: the reason first, the view rule, the access log, over real HTTP
and in a real browser, on a participant referred through the real webhook path."""

from __future__ import annotations

import httpx
import pytest
from sqlmodel import Session, select

from persistence.tabellen_toegang import Toegangslog
from schemas.rollen import Rol
from tests.dashboard.deelnemers import verwijs
from tests.dashboard.hulp import (
    SCHERMAFDRUKKEN,
    aangemeld,
    ernstige_schendingen,
    maak_gebruiker,
    meld_aan_in_browser,
)

NAAM, BSN, GEBOREN = "Ilse Verbruggen", "123456782", "1990-07-15"
HOUDER = "km-utrecht-017"


@pytest.fixture
def deelnemer(dashboard, dashboard_instellingen, dashboard_engine):
    pseudoniem = verwijs(
        dashboard_instellingen, naam=NAAM, bsn=BSN, geboortedatum=GEBOREN, regiehouder=HOUDER
    )
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    maak_gebruiker(
        dashboard_engine, "houder", Rol.REGIEHOUDER, partner="gemeente-utrecht", persoon=HOUDER
    )
    maak_gebruiker(
        dashboard_engine,
        "collega",
        Rol.REGIEHOUDER,
        partner="gemeente-utrecht",
        persoon="km-utrecht-002",
    )
    maak_gebruiker(
        dashboard_engine, "assessor", Rol.PARTNER_MEDEWERKER, partner="assessment-utrecht"
    )
    maak_gebruiker(
        dashboard_engine, "horeca", Rol.PARTNER_MEDEWERKER, partner="ontwikkeling-horeca-utrecht"
    )
    maak_gebruiker(dashboard_engine, "onderzoeker", Rol.ONDERZOEKER)
    return pseudoniem


def _log(engine):
    with Session(engine) as s:
        return [
            (r.gebruikersnaam, r.pseudoniem, r.reden, r.toegestaan, r.zicht)
            for r in s.exec(select(Toegangslog).order_by(Toegangslog.id)).all()
        ]


def test_without_a_reason_the_page_asks_why_and_logs_nothing(
    dashboard, dashboard_engine, deelnemer
):
    client = aangemeld(dashboard, "regisseur")
    antwoord = client.get(f"/deelnemers/{deelnemer}")
    assert antwoord.status_code == 200 and "Reden van inzage" in antwoord.text
    for fout in ("x", "  ab  ", "y" * 201):
        te_kort = client.get(f"/deelnemers/{deelnemer}", params={"reden": fout})
        assert te_kort.status_code == 422 and "3 tot 200 tekens" in te_kort.text
    assert _log(dashboard_engine) == []


def test_the_coordinator_sees_status_and_no_person(dashboard, dashboard_engine, deelnemer):
    client = aangemeld(dashboard, "regisseur")
    antwoord = client.get(f"/deelnemers/{deelnemer}", params={"reden": "wachttijd navragen"})
    assert antwoord.status_code == 200
    assert "assessment-utrecht" in antwoord.text and "doorstromen" in antwoord.text
    assert NAAM not in antwoord.text and BSN[-3:] not in antwoord.text
    assert "15-07-1990" not in antwoord.text and HOUDER not in antwoord.text
    assert _log(dashboard_engine) == [
        ("regisseur", deelnemer, "wachttijd navragen", True, "status")
    ]


def test_the_regiehouder_holding_the_case_sees_the_file(dashboard, dashboard_engine, deelnemer):
    antwoord = aangemeld(dashboard, "houder").get(
        f"/deelnemers/{deelnemer}", params={"reden": "gesprek voorbereiden"}
    )
    assert antwoord.status_code == 200
    assert NAAM in antwoord.text and "15-07-1990" in antwoord.text
    assert "••••••782" in antwoord.text and BSN not in antwoord.text
    assert _log(dashboard_engine)[-1] == (
        "houder",
        deelnemer,
        "gesprek voorbereiden",
        True,
        "dossier",
    )


@pytest.mark.parametrize(
    ("naam", "zicht"),
    [("collega", None), ("horeca", None), ("onderzoeker", None), ("assessor", "status")],
)
def test_who_else_sees_what_and_every_refusal_is_logged(
    dashboard, dashboard_engine, deelnemer, naam, zicht
):
    antwoord = aangemeld(dashboard, naam).get(
        f"/deelnemers/{deelnemer}", params={"reden": "even kijken"}
    )
    assert antwoord.status_code == (200 if zicht else 403)
    assert NAAM not in antwoord.text
    [(wie, wie_bekeken, _, toegestaan, gezien)] = _log(dashboard_engine)
    assert (wie, wie_bekeken, toegestaan, gezien) == (naam, deelnemer, bool(zicht), zicht)


def test_an_unknown_pseudonym_is_404_and_no_session_goes_to_sign_in(dashboard, deelnemer):
    client = aangemeld(dashboard, "regisseur")
    assert client.get("/deelnemers/KT-ONBEKEND00", params={"reden": "zoeken"}).status_code == 404
    kaal = httpx.get(f"{dashboard}/deelnemers/{deelnemer}", follow_redirects=False)
    assert kaal.status_code == 303 and kaal.headers["location"].startswith("/aanmelden")


def test_in_a_browser_refused_then_status_then_the_file_each_logged(
    dashboard, dashboard_engine, deelnemer, pagina
):
    meld_aan_in_browser(pagina, dashboard, "collega")
    pagina.goto(f"{dashboard}/deelnemers/{deelnemer}")
    pagina.get_by_label("Reden van inzage").fill("dossier opvragen")
    assert ernstige_schendingen(pagina) == []
    pagina.get_by_role("button", name="Bekijken").click()
    assert pagina.get_by_role("heading", level=1).inner_text() == "Geen toegang"
    assert ernstige_schendingen(pagina) == []
    pagina.context.clear_cookies()

    meld_aan_in_browser(pagina, dashboard, "regisseur")
    pagina.goto(f"{dashboard}/deelnemers/{deelnemer}?reden=wachttijd%20navragen")
    assert pagina.locator("#verloop tbody tr").count() == 2
    assert "assessment" in pagina.locator("dl").first.inner_text()
    assert NAAM not in pagina.content()
    assert ernstige_schendingen(pagina) == []
    pagina.context.clear_cookies()

    meld_aan_in_browser(pagina, dashboard, "houder")
    pagina.goto(f"{dashboard}/deelnemers/{deelnemer}?reden=gesprek%20voorbereiden")
    assert NAAM in pagina.get_by_role("main").inner_text()
    assert ernstige_schendingen(pagina) == []
    pagina.set_viewport_size({"width": 1280, "height": 900})
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=str(SCHERMAFDRUKKEN / "deelnemer.png"), full_page=True)
    assert [(r[0], r[3], r[4]) for r in _log(dashboard_engine)] == [
        ("collega", False, None),
        ("regisseur", True, "status"),
        ("houder", True, "dossier"),
    ]


def test_a_partners_drill_down_needs_a_basis_in_the_register_like_a_message(
    dashboard_instellingen, dashboard_engine, deelnemer
):
    """Where the programme asks consent for a partner, its medewerker sees the participant only
    once consent is recorded, and no longer after it is withdrawn."""
    from datetime import UTC, datetime, timedelta

    from dashboard.deelnemer import grondslag_voor_inzage
    from persistence import toestemmingen
    from persistence.betrokkenen import deelnemer_met
    from schemas.rollen import Gebruiker
    from schemas.toestemming import Grondslagen, Grondslagsoort
    from settings import laad_catalogus

    catalogus = laad_catalogus(dashboard_instellingen)
    utrecht = catalogus.programmas["utrecht-bank-tot-baan"]
    catalogus.programmas["utrecht-bank-tot-baan"] = utrecht.model_copy(
        update={"grondslagen": Grondslagen(toestemming=["assessment-utrecht"])}
    )
    assessor = Gebruiker("assessor", Rol.PARTNER_MEDEWERKER, "assessment-utrecht")
    nu = datetime.now(UTC)

    def mag_kijken(op):
        with Session(dashboard_engine) as s:
            d = deelnemer_met(session=s, pseudoniem=deelnemer)
            return grondslag_voor_inzage(
                session=s, gebruiker=assessor, deelnemer=d, nu=op, catalogus=catalogus
            )

    assert not mag_kijken(nu)
    with Session(dashboard_engine) as s:
        d = deelnemer_met(session=s, pseudoniem=deelnemer)
        toestemmingen.leg_vast(
            session=s,
            deelnemer=d,
            ontvanger="assessment-utrecht",
            soort=Grondslagsoort.TOESTEMMING,
            bron="schriftelijk, intake",
            van=nu - timedelta(days=1),
            door="houder",
            nu=nu,
        )
        s.commit()
    assert mag_kijken(nu)
    with Session(dashboard_engine) as s:
        d = deelnemer_met(session=s, pseudoniem=deelnemer)
        toestemmingen.trek_in(
            session=s, deelnemer=d, ontvanger="assessment-utrecht", op=nu, door="houder", nu=nu
        )
        s.commit()
    assert not mag_kijken(nu + timedelta(seconds=1))
