"""The consent page (dashboard.toestemming): who sees it, the forms' bad input, and in a real
browser a withdrawal that holds the next message to that partner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
from sqlmodel import Session, select

from connectors import client_voor
from flows.bezorging import bezorg
from persistence import Deelnemer, OutboxBericht, klok, outbox, sessie, toestemmingen
from persistence.tabellen_toegang import Toegangslog
from persistence.tabellen_toestemming import Toestemming
from schemas.berichten import PartnerBericht
from schemas.rollen import Rol
from schemas.toestemming import Grondslagsoort
from settings import laad_catalogus
from tests.dashboard.hulp import (
    SCHERMAFDRUKKEN,
    aangemeld,
    csrf_van,
    ernstige_schendingen,
    maak_gebruiker,
    meld_aan_in_browser,
)

P = "KT-ABCDEFGH23"
GEMEENTE, WERKGEVER = "gemeente-groningen", "werkgevers-groningen"
KLANTMANAGER = "km-groningen-001"  # the staff code the referral named as regiehouder


def _deelnemer(engine, pseudoniem: str = P) -> None:
    with sessie(engine) as s:
        s.add(
            Deelnemer(
                pseudoniem=pseudoniem,
                bsn_hash=f"h-{pseudoniem}",
                persoon_versleuteld="x",
                programma="instroomportaal",
                gemeente_partner=GEMEENTE,
                regiehouder_persoon=KLANTMANAGER,
                verwijzing_id=f"v-{pseudoniem}",
                aangemeld_op=datetime.now(UTC),
            )
        )


def _regiehouder(engine, naam: str = "klantmanager") -> None:
    # The regiehouder holds cases under their staff code (Deelnemer.regiehouder_persoon).
    maak_gebruiker(engine, naam, Rol.REGIEHOUDER, partner=GEMEENTE, persoon=KLANTMANAGER)


def _register(engine) -> list[Toestemming]:
    with Session(engine) as s:
        return list(s.exec(select(Toestemming)))


def test_only_the_regiehouder_holding_the_case_sees_it_and_every_view_is_logged(
    dashboard, dashboard_engine
):
    _deelnemer(dashboard_engine)
    _regiehouder(dashboard_engine)
    maak_gebruiker(
        dashboard_engine, "ander", Rol.REGIEHOUDER, partner="x", persoon="km-utrecht-002"
    )
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    maak_gebruiker(dashboard_engine, "medewerker", Rol.PARTNER_MEDEWERKER, partner=WERKGEVER)
    pad = f"/deelnemers/{P}/toestemming"
    for naam in ("ander", "regisseur", "medewerker"):
        assert aangemeld(dashboard, naam).get(pad).status_code == 403, naam
    assert (
        aangemeld(dashboard, "klantmanager")
        .get("/deelnemers/KT-ZZZZZZZZZZ/toestemming")
        .status_code
        == 403
    )
    antwoord = aangemeld(dashboard, "klantmanager").get(pad)
    assert antwoord.status_code == 200
    assert "Participatiewet art. 7 lid 1" in antwoord.text
    assert "geen: berichten worden aangehouden" in antwoord.text, "the employer needs consent"
    with Session(dashboard_engine) as s:
        log = s.exec(select(Toegangslog).where(Toegangslog.pseudoniem == P)).all()
    assert sorted((r.gebruikersnaam, r.toegestaan) for r in log) == [
        ("ander", False),
        ("klantmanager", True),
        ("medewerker", False),
        ("regisseur", False),
    ]


def test_a_record_without_basis_or_date_is_a_422_showing_the_field_and_csrf_is_checked(
    dashboard, dashboard_engine
):
    _deelnemer(dashboard_engine)
    _regiehouder(dashboard_engine)
    client = aangemeld(dashboard, "klantmanager")
    pad = f"/deelnemers/{P}/toestemming"
    token = csrf_van(client.get(pad).text)
    goed = {
        "ontvanger": WERKGEVER,
        "soort": "toestemming",
        "bron": "schriftelijk",
        "van": "2026-03-02",
    }
    for veld, waarde in (
        ("bron", ""),
        ("van", ""),
        ("van", "2 maart"),
        ("soort", "iets"),
        ("ontvanger", "werkgevers-utrecht"),
    ):
        antwoord = client.post(pad, data=goed | {veld: waarde, "csrf": token})
        assert antwoord.status_code == 422, (veld, waarde)
        assert f'id="fout-{veld}"' in antwoord.text and 'aria-invalid="true"' in antwoord.text
    assert (
        client.post(
            pad + "/intrekken", data={"ontvanger": WERKGEVER, "op": "", "csrf": token}
        ).status_code
        == 422
    )
    assert client.post(pad, data=goed | {"csrf": "vervalst"}).status_code == 403
    assert _register(dashboard_engine) == []
    assert client.post(pad, data=goed | {"csrf": token}).status_code == 303
    [rij] = _register(dashboard_engine)
    assert (rij.ontvanger, rij.soort, rij.bron, rij.vastgelegd_door) == (
        WERKGEVER,
        "toestemming",
        "schriftelijk",
        "klantmanager",
    )


def test_a_partner_employee_cannot_post_a_consent(dashboard, dashboard_engine):
    _deelnemer(dashboard_engine)
    maak_gebruiker(dashboard_engine, "medewerker", Rol.PARTNER_MEDEWERKER, partner=WERKGEVER)
    client = aangemeld(dashboard, "medewerker")
    token = csrf_van(client.get("/aanmelden").text)
    antwoord = client.post(
        f"/deelnemers/{P}/toestemming",
        data={
            "ontvanger": WERKGEVER,
            "soort": "toestemming",
            "bron": "ik wil",
            "van": "2026-03-02",
            "csrf": token,
        },
    )
    assert antwoord.status_code == 403 and _register(dashboard_engine) == []


def _plaats(engine, sleutel: str) -> None:
    bericht = PartnerBericht(
        sleutel=sleutel,
        soort="traject.start",
        deelnemer=P,
        programma="instroomportaal",
        fase="plaatsing",
        inhoud={"werkfit": True},
    )
    with sessie(engine) as s:
        outbox.plaats(session=s, partner=WERKGEVER, bericht=bericht, nu=klok.nu(engine=engine))


def test_the_regiehouder_withdraws_consent_on_the_page_and_the_next_message_is_held(
    dashboard, dashboard_engine, dashboard_instellingen, pagina
):
    catalogus = laad_catalogus(dashboard_instellingen)
    ontvangen: list[str] = []

    def werkgever(request: httpx.Request) -> httpx.Response:
        ontvangen.append(request.headers["idempotency-key"])
        return httpx.Response(202, json={"sleutel": ontvangen[-1], "status": "ontvangen"})

    def bezorg_nu() -> object:
        return bezorg(
            engine=dashboard_engine,
            client_van=lambda p: client_voor(
                catalogus.partner(p), transport=httpx.MockTransport(werkgever)
            ),
            catalogus=catalogus,
            nu=klok.nu(engine=dashboard_engine) + timedelta(seconds=1),
        )

    _deelnemer(dashboard_engine)
    _regiehouder(dashboard_engine)
    nu = klok.nu(engine=dashboard_engine)
    with sessie(dashboard_engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == P)).one()
        toestemmingen.leg_vast(
            session=s,
            deelnemer=d,
            ontvanger=WERKGEVER,
            soort=Grondslagsoort.TOESTEMMING,
            bron="schriftelijk, bij de intake",
            van=nu - timedelta(days=10),
            door=GEMEENTE,
            nu=nu - timedelta(days=10),
        )
    _plaats(dashboard_engine, "plaatsing-1")
    assert bezorg_nu() == {"afgeleverd": 1}

    meld_aan_in_browser(pagina, dashboard, "klantmanager")
    pagina.goto(f"{dashboard}/deelnemers/{P}/toestemming")
    register = pagina.locator("#register")
    assert "schriftelijk, bij de intake" in register.inner_text()
    pagina.get_by_role("button", name=f"Intrekken voor {WERKGEVER}").click()
    pagina.wait_for_load_state()

    [rij] = _register(dashboard_engine)
    assert rij.tot is not None and rij.ingetrokken_door == "klantmanager"
    _plaats(dashboard_engine, "plaatsing-2")
    assert bezorg_nu() == {"aangehouden": 1, "afgeleverd": 1}, "held; the notice goes out"
    with Session(dashboard_engine) as s:
        status = {r.sleutel: r.status for r in s.exec(select(OutboxBericht))}
    assert status["plaatsing-2"] == "aangehouden"
    assert [k for k in ontvangen if k.startswith("toestemming.ingetrokken/")] != []
    assert "plaatsing-2" not in ontvangen

    pagina.reload()
    aangehouden = pagina.locator("#aangehouden").inner_text()
    assert WERKGEVER in aangehouden and "traject.start" in aangehouden
    assert "klantmanager" in pagina.locator("#register").inner_text()
    assert ernstige_schendingen(pagina) == []
    pagina.set_viewport_size({"width": 1280, "height": 900})
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=str(SCHERMAFDRUKKEN / "toestemming.png"), full_page=True)
