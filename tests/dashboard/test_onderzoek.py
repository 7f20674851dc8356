"""The onderzoeker's page in a real browser and over real HTTP: the download, the refusals, the
bad input, and the two logs. Participants are recorded through persistence's own functions (the
export over participants moved by the flows is tests/onderzoek)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from persistence import Overgang, Verstrekking, privacy, verloop
from persistence.tabellen_toegang import Toegangslog
from persistence.tabellen_toestemming import Toestemming
from schemas.gebeurtenissen import Persoon
from schemas.onderzoek import leeftijdsband
from schemas.rollen import Rol
from schemas.toestemming import ONDERZOEK
from tests.dashboard.hulp import (
    SCHERMAFDRUKKEN,
    aangemeld,
    csrf_van,
    ernstige_schendingen,
    maak_gebruiker,
    meld_aan_in_browser,
)

PROGRAMMA = "utrecht-bank-tot-baan"
MENSEN = (  # name, BSN, birth date, consent for research
    ("Fatima el Amrani", "111222333", date(2001, 3, 4), True),
    ("Johan de Vries", "123456782", date(1968, 11, 30), True),
    ("Anna Bakker", "999999990", date(1995, 7, 15), False),
)


def _verwijs(engine, instellingen) -> list[str]:
    """Three referrals as processing records them: participant, trajectory, the ledger's first
    row; consent for two."""
    nu = datetime.now(UTC) - timedelta(days=20)
    pseudoniemen = []
    with Session(engine) as s:
        for naam, bsn, geboren, toestemming in MENSEN:
            persoon = Persoon(naam=naam, bsn=bsn, geboortedatum=geboren)
            d = verloop.maak_deelnemer(
                session=s,
                pseudoniem=privacy.pseudoniem_voor(bsn, instellingen),
                bsn_hash=privacy.bsn_hash(bsn, instellingen),
                persoon_versleuteld=privacy.versleutel(persoon, instellingen),
                programma=PROGRAMMA,
                gemeente_partner="gemeente-utrecht",
                verwijzing_id=f"UTR-{bsn}",
                nu=nu,
            )
            assert d.id is not None
            t = verloop.start_traject(
                session=s,
                deelnemer_id=d.id,
                programma=PROGRAMMA,
                fase="instroom",
                partner="gemeente-utrecht",
                nu=nu,
            )
            assert t.id is not None
            verloop.leg_overgang_vast(
                session=s,
                overgang=Overgang(
                    deelnemer_id=d.id,
                    traject_id=t.id,
                    beweging="aanmelden",
                    naar_fase="instroom",
                    naar_status="actief",
                    naar_partner="gemeente-utrecht",
                    reden="aangemeld",
                    besloten_door="gemeente-utrecht",
                    tijdstip=nu,
                ),
            )
            if toestemming:
                s.add(
                    Toestemming(
                        deelnemer_id=d.id,
                        pseudoniem=d.pseudoniem,
                        ontvanger=ONDERZOEK,
                        soort="toestemming",
                        bron="schriftelijk, intake",
                        van=nu,
                        tot=None,
                        vastgelegd_door="regiehouder-test",
                        vastgelegd_op=nu,
                    )
                )
            pseudoniemen.append(d.pseudoniem)
        s.commit()
    return pseudoniemen


def _verboden(pseudoniemen: list[str]) -> list[str]:
    return [
        *(m[0] for m in MENSEN),
        *(m[1] for m in MENSEN),
        *(m[2].isoformat() for m in MENSEN),
        *(f"{m[2]:%d-%m-%Y}" for m in MENSEN),
        *pseudoniemen,
        "KT-",
    ]


def test_the_onderzoeker_downloads_a_csv_through_the_page(
    dashboard, dashboard_engine, dashboard_instellingen, pagina
):
    pseudoniemen = _verwijs(dashboard_engine, dashboard_instellingen)
    maak_gebruiker(dashboard_engine, "onderzoeker", Rol.ONDERZOEKER)
    pagina.set_viewport_size({"width": 1280, "height": 900})
    meld_aan_in_browser(pagina, dashboard, "onderzoeker")
    pagina.goto(f"{dashboard}/onderzoek")
    assert pagina.get_by_role("heading", level=1).inner_text() == "Onderzoeksexport"
    assert ernstige_schendingen(pagina) == []

    pagina.get_by_label("Studie (naam)").fill("cohort-2026")
    pagina.get_by_label("Bestandsformaat").select_option("csv")
    pagina.get_by_label("Programma").select_option(PROGRAMMA)
    with pagina.expect_download() as wacht:
        pagina.get_by_role("button", name="Exporteren en downloaden").click()
    download = wacht.value
    assert download.suggested_filename == "onderzoek-cohort-2026.csv"
    tekst = Path(download.path()).read_text(encoding="utf-8")
    rijen = list(csv.DictReader(io.StringIO(tekst)))
    assert [(r["fase"], r["regio"], r["programma"]) for r in rijen] == [
        ("instroom", "AMR-MIDDEN-UTRECHT", PROGRAMMA)
    ] * 2
    verwijsdag = (datetime.now(UTC) - timedelta(days=20)).date()
    assert sorted(r["leeftijdsband"] for r in rijen) == sorted(
        [leeftijdsband(date(2001, 3, 4), verwijsdag), "50+"]
    )
    assert all(v not in tekst for v in _verboden(pseudoniemen))

    pagina.goto(f"{dashboard}/onderzoek")
    regel = pagina.locator("table.keten-tabel tbody tr").first.inner_text()
    assert "studie cohort-2026 (csv): 2 deelnemers, 1 uitgesloten zonder grondslag" in regel
    assert ernstige_schendingen(pagina) == []
    SCHERMAFDRUKKEN.mkdir(parents=True, exist_ok=True)
    pagina.screenshot(path=str(SCHERMAFDRUKKEN / "onderzoek.png"), full_page=True)

    with Session(dashboard_engine) as s:
        toegang = s.exec(select(Toegangslog).where(Toegangslog.handeling == "export")).all()
        log = s.exec(select(Verstrekking)).all()
    assert [(t.gebruikersnaam, t.toegestaan) for t in toegang] == [("onderzoeker", True)]
    assert sorted(v.pseudoniem for v in log) == sorted(pseudoniemen[:2])
    assert {(v.partner, v.grondslag) for v in log} == {
        ("doel:onderzoek:cohort-2026", "toestemming: schriftelijk, intake")
    }


def test_a_coordinator_gets_403_and_the_attempt_is_logged(dashboard, dashboard_engine):
    maak_gebruiker(dashboard_engine, "regisseur", Rol.KETENREGISSEUR)
    client = aangemeld(dashboard, "regisseur")
    token = csrf_van(client.get("/aanmelden").text)
    assert client.get("/onderzoek").status_code == 403
    verzoek = {"studie": "x-studie", "formaat": "csv", "csrf": token}
    assert client.post("/onderzoek", data=verzoek).status_code == 403
    with Session(dashboard_engine) as s:
        regels = s.exec(select(Toegangslog)).all()
        assert s.exec(select(Verstrekking)).all() == []
    assert [(r.gebruikersnaam, r.handeling, r.toegestaan) for r in regels] == [
        ("regisseur", "export", False)
    ] * 2


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"studie": "Studie met spaties"}, "studie"),
        ({"formaat": "xlsx"}, "formaat"),
        ({"programma": "bestaat-niet"}, "programma"),
        ({"van": "01-01-2026"}, "van"),
        ({"van": "2026-05-01", "tot": "2026-04-01"}, "tot"),
    ],
)
def test_a_wrong_field_is_a_422_naming_it_and_nothing_is_disclosed(
    dashboard, dashboard_engine, velden, veld
):
    maak_gebruiker(dashboard_engine, "onderzoeker", Rol.ONDERZOEKER)
    client = aangemeld(dashboard, "onderzoeker")
    token = csrf_van(client.get("/onderzoek").text)
    goed = {"studie": "cohort-2026", "formaat": "csv"}
    antwoord = client.post("/onderzoek", data=goed | {"csrf": token} | velden)
    assert antwoord.status_code == 422
    assert f"Het veld <strong>{veld}</strong> klopt niet" in antwoord.text
    assert client.post("/onderzoek", data=goed | {"csrf": "vervalst"}).status_code == 403
    with Session(dashboard_engine) as s:
        assert s.exec(select(Verstrekking)).all() == []
