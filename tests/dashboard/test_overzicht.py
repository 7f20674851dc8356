"""The overview and the worklist against the database's own counts, over real HTTP and in a
real browser, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter

import httpx
from sqlmodel import Session, col, select

from persistence import overzicht, overzicht_meldingen, overzicht_werklijst
from persistence.tabellen import Overgang, Traject
from persistence.tabellen_banen import TrajectBaan
from schemas.opvolging import FASE_INGANGEN
from schemas.overzicht import (
    FaseEmmer,
    Selectie,
    Spreiding,
    grenzen,
    spreiding_per,
    verdeel_fasetijd,
)
from schemas.rollen import Rol
from settings import laad_catalogus
from tests.dashboard.hulp import (
    SCHERMAFDRUKKEN,
    aangemeld,
    ernstige_schendingen,
    maak_gebruiker,
    meld_aan_in_browser,
)
from tests.dashboard.overzicht_hulp import DUAAL, HORECA, UTRECHT, zaai


def test_the_funnel_equals_plain_counts(dashboard_engine):
    nu = zaai(dashboard_engine)
    s = Selectie(None, None, 30, nu)
    with Session(dashboard_engine) as session:
        trechter = overzicht.trechter(session=session, s=s)
        instroom = overzicht.instroom(session=session, s=s)
        trajecten = session.exec(select(Traject)).all()
        banen = session.exec(select(TrajectBaan)).all()
        ingangen = session.exec(
            select(Overgang).where(col(Overgang.beweging).in_(FASE_INGANGEN))
        ).all()
    verwacht = Counter((None, t.fase, t.status) for t in trajecten)
    verwacht.update((b.baan, b.fase, b.status) for b in banen)
    assert Counter({(b, f, st): n for b, f, st, n in trechter}) == verwacht
    assert Counter({(b, f): n for b, f, n in instroom}) == Counter(
        (o.baan, o.naar_fase) for o in ingangen if o.tijdstip >= s.vanaf
    )


def test_times_waits_and_attention_read_from_the_rows(dashboard_engine, dashboard_instellingen):
    nu = zaai(dashboard_engine)
    s = Selectie(None, None, 30, nu)
    catalogus = laad_catalogus(dashboard_instellingen)
    with Session(dashboard_engine) as session:
        emmers = verdeel_fasetijd(
            overzicht.fasetijd(session=session, s=s), grenzen(catalogus.programmas.values())
        )
        wachten = spreiding_per(overzicht.wachttijden(session=session, s=s))
        lijsten = overzicht.wachtlijsten(session=session, s=s)
        signalen = overzicht_meldingen.signalen(session=session, s=s)
        ijkpunten = overzicht_meldingen.verlopen_ijkpunten(session=session, s=s)
        quarantaine = overzicht_meldingen.quarantaine(session=session, s=s)
        dood = overzicht_meldingen.dode_berichten(session=session, s=s)
        checkins = overzicht_meldingen.checkins(session=session, s=s)
    assert emmers[(UTRECHT, None, "ontwikkeling")][FaseEmmer.OVER] == 1  # 200 days of 26 weeks
    assert emmers[(UTRECHT, None, "assessment")][FaseEmmer.ONDER_50] == 1
    assert emmers[(DUAAL, "taal", "ontwikkeling")][FaseEmmer.ONDER_50] == 1
    assert wachten == {"assessment-utrecht": Spreiding(1, 3, 3)}
    assert lijsten == [("werkshop-participatie", True, 20, 1)]
    assert sorted((k, p, d) for k, _, p, d, _ in signalen) == [
        ("fase_te_lang", HORECA, 50),
        ("wachten", "assessment-utrecht", 2),
    ]
    assert ijkpunten == [(UTRECHT, "evaluatie", HORECA, 1)]
    assert [p for p, _ in quarantaine] == ["gemeente-utrecht"]
    assert dood == [("jobcoach-utrecht", "checkin.vraag", 1)]
    assert sorted(checkins) == [
        ("jobcoach-utrecht", "beantwoord", 1),
        ("jobcoach-utrecht", "gemist", 1),
    ]


def test_the_worklist_is_oldest_first_and_filters(dashboard_engine):
    nu = zaai(dashboard_engine)

    def lijst(soort=None, partner=None, programma=None):
        with Session(dashboard_engine) as session:
            s = Selectie(programma, partner, 30, nu)
            totaal, rijen, _ = overzicht_werklijst.pagina(
                session=session, s=s, soort=soort, offset=0
            )
        assert totaal == len(rijen)
        return [p for _, p, _, _ in rijen]

    assert lijst() == ["KT-C", "KT-B", "KT-A", "KT-D"]
    assert lijst(soort="quarantaine") == ["KT-D"]
    assert lijst(partner=HORECA) == ["KT-B"]
    assert lijst(programma=DUAAL) == []


def test_a_bad_parameter_is_a_422_naming_it(dashboard, dashboard_engine):
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    client = aangemeld(dashboard, "regisseur")
    for pad, naam in (
        ("/?dagen=abc", "dagen"),
        ("/?dagen=13", "dagen"),
        ("/?programma=onbekend", "programma"),
        ("/werklijst?pagina=0", "pagina"),
        ("/werklijst?soort=%3Cscript%3E", "soort"),
        ("/werklijst?partner=niemand", "partner"),
    ):
        antwoord = client.get(pad)
        assert antwoord.status_code == 422, pad
        assert f"<code>{naam}</code>" in antwoord.text
        assert "<script>" not in antwoord.text


def _rijen(html: str, tabel: str) -> str:
    return html.split(f'id="{tabel}"', 1)[1].split("</table>", 1)[0]


def test_a_partner_medewerker_sees_only_their_partner(dashboard, dashboard_engine):
    zaai(dashboard_engine)
    maak_gebruiker(dashboard_engine, "horeca", Rol.PARTNER_MEDEWERKER, partner=HORECA)
    client = aangemeld(dashboard, "horeca")
    pagina = client.get("/?dagen=365")
    assert pagina.status_code == 200
    trechter = _rijen(pagina.text, "tabel-trechter")
    assert trechter.count("<tr data-") == 1 and 'data-fase="ontwikkeling"' in trechter
    assert "assessment-utrecht" not in pagina.text and "jobcoach-utrecht" not in pagina.text
    werk = client.get("/werklijst", params={"partner": "assessment-utrecht"})  # ignored
    assert "KT-B" in werk.text
    assert not {"KT-A", "KT-C", "KT-D"} & set(_rijen(werk.text, "tabel-werklijst").split('"'))


def test_the_coordinator_sees_the_funnel_and_filters_the_worklist_in_a_browser(
    dashboard, dashboard_engine, pagina
):
    zaai(dashboard_engine)
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    with Session(dashboard_engine) as s:
        verwacht = Counter((None, t.fase, t.status) for t in s.exec(select(Traject)))
        verwacht.update((b.baan, b.fase, b.status) for b in s.exec(select(TrajectBaan)))
    pagina.set_viewport_size({"width": 1280, "height": 900})
    meld_aan_in_browser(pagina, dashboard, "regisseur")
    pagina.goto(f"{dashboard}/")
    statussen = [th.inner_text() for th in pagina.locator("#tabel-trechter thead th").all()[2:6]]
    gezien: Counter[tuple[str | None, str, str]] = Counter()
    for rij in pagina.locator("#tabel-trechter tbody tr").all():
        baan, fase = rij.get_attribute("data-baan") or None, rij.get_attribute("data-fase")
        for status, cel in zip(statussen, rij.locator("td.keten-getal").all()[:4], strict=True):
            if int(cel.inner_text()):
                gezien[(baan, fase, status)] = int(cel.inner_text())
    assert gezien == verwacht
    assert pagina.get_by_role("img", name="Tijd in fase").count() == 1
    assert ernstige_schendingen(pagina) == []
    pagina.screenshot(path=SCHERMAFDRUKKEN / "overzicht.png", full_page=True)

    pagina.goto(f"{dashboard}/werklijst")
    assert pagina.locator("#tabel-werklijst tbody tr").count() == 4
    pagina.get_by_label("Soort").select_option("quarantaine")
    pagina.get_by_role("button", name="Filter").click()
    pagina.wait_for_load_state()
    rijen = pagina.locator("#tabel-werklijst tbody th a")
    assert rijen.all_inner_texts() == ["KT-D"]
    assert rijen.first.get_attribute("href") == "/deelnemers/KT-D"
    assert ernstige_schendingen(pagina) == []
    pagina.goto(f"{dashboard}/werklijst")
    pagina.screenshot(path=SCHERMAFDRUKKEN / "werklijst.png", full_page=True)


def test_without_a_session_the_worklist_redirects(dashboard):
    antwoord = httpx.get(f"{dashboard}/werklijst?soort=x", follow_redirects=False)
    assert antwoord.status_code == 303
