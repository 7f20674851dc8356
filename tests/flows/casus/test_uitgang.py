"""Exits, contract versions, interim outcomes and the stabilisation track through the real path
(issue 10 b, item 2, j, k): signed webhooks into the real receiver, the inbox, the `verwerk_inbox`
flow on real Prefect, and the ledger, outcomes, outbox and flags that come out."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rich.console import Console
from sqlmodel import col, select

from cli.status import toon_status
from connectors.simulator.voorbeelden import GELDIG
from flows import onderdelen
from flows.opvolging import opvolging
from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie, sporen, verloop
from persistence.tabellen import Overdracht, Overgang, UitkomstRegel
from schemas.contracten import Afsluiting, AssessmentNaarOntwikkeling
from schemas.fase import Fase
from schemas.opvolging import plus_maanden
from schemas.toegang import NIET_BETROKKEN
from settings import get_settings, laad_catalogus
from tests.flows.opvolging.hulp import PROJECT, Keten, bsn, dagen
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

HARDERWIJK, UTRECHT = "harderwijk-voltijd-klantreis", "utrecht-bank-tot-baan"
DUO = {"referentie": "DUO-inschrijving MBO-2", "bevestigd": True}
BESLUIT = {"reden": "MBO-plek vrijgekomen", "rol": "trajectbegeleider", "persoon": "MW-10423"}


@pytest.fixture
def keten(tmp_path, monkeypatch, db_url):
    """The receiver and the flows on the shipped catalogue plus this slice's test programmes."""
    config = tmp_path / "config"
    shutil.copytree(PROJECT / "config", config)
    for programma in (Path(__file__).parent / "programmas").glob("*.yaml"):
        shutil.copy(programma, config / "programmas")
    monkeypatch.setenv("KETEN_DATA_MAP", str(tmp_path))
    monkeypatch.setenv("KETEN_DATABASE_URL", db_url)
    monkeypatch.setenv("KETEN_CONFIG_MAP", str(config))
    monkeypatch.setenv("KETEN_SIMULATOR_BASIS_URL", "http://127.0.0.1:9")
    onderdelen.vergeet()
    instellingen = get_settings()
    catalogus = laad_catalogus(instellingen)
    app = create_app(instellingen, catalogus, Aanstoter("x", starter=lambda d, k: None))
    with TestClient(app) as client:
        yield Keten(instellingen, catalogus, client)
    onderdelen.vergeet()


def _afsluiting(
    pseudoniem: str, fase: Fase, uitkomst: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    bestemming = extra.pop("bestemming", None)
    dossier = {"uitkomst": uitkomst} | ({"bestemming": bestemming} if bestemming else {})
    return {
        "type": "traject.afgesloten",
        "deelnemer": pseudoniem,
        "fase": fase.value,
        "contract_versie": 2,
        "dossier": dossier,
    } | extra


def _school(keten: Keten) -> dict[str, Any]:
    return {
        "soort": "onderwijs",
        "datum": (keten.vandaag() - dagen(1)).isoformat(),
        "mbo_niveau": 2,
    }


def _traject(keten, pseudoniem):
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        t = verloop.huidig_traject(session=s, deelnemer_id=d.id)
        ledger = verloop.geschiedenis(session=s, deelnemer_id=d.id)
        return t.fase, t.status, [o.beweging for o in ledger]


def _uitkomsten(keten: Keten) -> list[UitkomstRegel]:
    with sessie(keten.engine) as s:
        return list(s.exec(select(UitkomstRegel).order_by(col(UitkomstRegel.id))))


def _geweigerd(keten: Keten) -> list[str]:
    with sessie(keten.engine) as s:
        rijen = s.exec(select(Overdracht).where(Overdracht.status == "geweigerd"))
        return [o.reden or "" for o in rijen]


def test_school_via_duo_sluit_af_vanuit_een_middenfase_met_uitkomst_en_melding(keten):
    pseudoniem = keten.meld_aan(HARDERWIJK, bsn(101))
    keten.loop(pseudoniem, HARDERWIJK, Fase.ONTWIKKELING)
    keten.stuur(
        "taalaanbieder-voltijd",
        _afsluiting(pseudoniem, Fase.ONTWIKKELING, _school(keten), bestemming=DUO),
    )
    verwerk_inbox(stil_na_s=0)
    assert _traject(keten, pseudoniem) == (
        "ontwikkeling",
        "afgesloten",
        ["aanmelden", "doorstromen", "doorstromen", "afsluiten"],
    )
    [uitkomst] = _uitkomsten(keten)
    assert (uitkomst.soort, uitkomst.bestemming, uitkomst.bevestigd, uitkomst.tussentijds) == (
        "onderwijs",
        "DUO-inschrijving MBO-2",
        True,
        False,
    )
    assert uitkomst.gemeld_door == "taalaanbieder-voltijd"
    [melding] = keten.berichten("melding.afgesloten")
    assert melding.partner == "meerinzicht-klantmanager"
    assert melding.bericht["inhoud"]["bestemming"]["referentie"] == "DUO-inschrijving MBO-2"
    assert keten.checkins(pseudoniem) == {}, "no placement, so no nazorg check-ins"


def test_een_uitgang_zonder_bevestigde_bestemming_wordt_geweigerd_en_laat_niets_achter(keten):
    pseudoniem = keten.meld_aan(HARDERWIJK, bsn(102))
    keten.loop(pseudoniem, HARDERWIJK, Fase.ONTWIKKELING)
    onbevestigd = DUO | {"bevestigd": False}
    keten.stuur(
        "taalaanbieder-voltijd",
        _afsluiting(pseudoniem, Fase.ONTWIKKELING, _school(keten), bestemming=onbevestigd),
    )
    verwerk_inbox(stil_na_s=0)
    assert _traject(keten, pseudoniem)[:2] == ("ontwikkeling", "actief")
    assert _geweigerd(keten) == [
        "the exit to onderwijs from ontwikkeling needs a confirmed destination"
        " (dossier.bestemming.bevestigd, contract v2)"
    ]
    assert _uitkomsten(keten) == [] and keten.berichten("melding.afgesloten") == []
    [weigering] = keten.berichten("overdracht.geweigerd")
    assert weigering.partner == "taalaanbieder-voltijd"
    assert "confirmed destination" in weigering.bericht["inhoud"]["reden"]


def test_een_minimumverblijf_wordt_zonder_besluit_geweigerd_en_met_besluit_overschreden(keten):
    pseudoniem = keten.meld_aan(UTRECHT, bsn(103))
    keten.loop(pseudoniem, UTRECHT, Fase.VAKOPLEIDING)
    school = _school(keten)
    keten.stuur(
        "vakopleiding-utrecht", _afsluiting(pseudoniem, Fase.VAKOPLEIDING, school, bestemming=DUO)
    )
    verwerk_inbox(stil_na_s=0)
    [reden] = _geweigerd(keten)
    assert "minimum 8 weeks" in reden and "besluit" in reden
    assert _traject(keten, pseudoniem)[:2] == ("vakopleiding", "actief") and not _uitkomsten(keten)

    keten.stuur(
        "vakopleiding-utrecht",
        _afsluiting(pseudoniem, Fase.VAKOPLEIDING, school, bestemming=DUO, besluit=BESLUIT),
    )
    verwerk_inbox(stil_na_s=0)
    assert _traject(keten, pseudoniem)[:2] == ("vakopleiding", "afgesloten")
    with sessie(keten.engine) as s:
        laatste = s.exec(select(Overgang).order_by(col(Overgang.id).desc())).first()
    assert laatste is not None and laatste.beweging == "afsluiten"
    assert "minimum stay overridden by trajectbegeleider: MBO-plek vrijgekomen" in laatste.reden
    assert [u.soort for u in _uitkomsten(keten)] == ["onderwijs"]


def test_een_tussentijdse_uitkomst_wordt_vastgelegd_terwijl_het_traject_loopt(keten):
    pseudoniem = keten.meld_aan(UTRECHT, bsn(104))
    keten.loop(pseudoniem, UTRECHT, Fase.ONTWIKKELING)
    stage = {"soort": "stage", "datum": (keten.vandaag() - dagen(3)).isoformat()}
    melding = {"type": "uitkomst.gemeld", "deelnemer": pseudoniem, "uitkomst": stage}
    assert keten.stuur("werkgevers-utrecht", melding, verwacht=(403,))["detail"] == NIET_BETROKKEN
    keten.stuur("ontwikkeling-horeca-utrecht", melding)
    keten.stuur(
        "ontwikkeling-horeca-utrecht",
        {
            "type": "uitkomst.gemeld",
            "deelnemer": pseudoniem,
            "uitkomst": {"soort": "uitval", "datum": stage["datum"]},
        },
        verwacht=(422,),
    )
    verwerk_inbox(stil_na_s=0)
    assert _traject(keten, pseudoniem) == (
        "ontwikkeling",
        "actief",
        ["aanmelden", "doorstromen", "doorstromen"],
    )
    [uitkomst] = _uitkomsten(keten)
    assert (uitkomst.soort, uitkomst.tussentijds, uitkomst.gemeld_door) == (
        "stage",
        True,
        "ontwikkeling-horeca-utrecht",
    )
    [bericht] = keten.berichten("melding.uitkomst")
    assert (
        bericht.partner == "gemeente-utrecht"
        and bericht.bericht["inhoud"]["uitkomst"]["soort"] == "stage"
    )


def test_een_checkin_meldt_een_nieuwe_uitkomst_en_de_volgende_checkin_blijft_gepland(keten):
    pseudoniem = keten.meld_aan(UTRECHT, bsn(105))
    start = keten.vandaag() - dagen(1)
    keten.loop(pseudoniem, UTRECHT, Fase.NAZORG, startdatum=start.isoformat())
    keten.naar(plus_maanden(start, 1))
    assert opvolging()["checkins_gevraagd"] == 1
    mbo = {"soort": "onderwijs", "datum": plus_maanden(start, 1).isoformat(), "mbo_niveau": 2}
    keten.stuur(
        "jobcoach-utrecht",
        {
            "type": "nazorg.checkin",
            "deelnemer": pseudoniem,
            "maand": 1,
            "nog_in_dienst": False,
            "nieuwe_uitkomst": mbo,
        },
    )
    verwerk_inbox(stil_na_s=0)
    [uitkomst] = _uitkomsten(keten)
    assert (uitkomst.soort, uitkomst.tussentijds, uitkomst.mbo_niveau) == ("onderwijs", True, 2)
    assert keten.checkins(pseudoniem) == {
        1: "beantwoord",
        3: "gepland",
        6: "gepland",
        12: "gepland",
        24: "gepland",
    }
    assert _traject(keten, pseudoniem)[:2] == ("nazorg", "actief")


def test_exitcontract_v1_in_het_venster_aanvaard_en_erna_geweigerd(keten):
    binnen, na = keten.meld_aan(UTRECHT, bsn(106)), keten.meld_aan(UTRECHT, bsn(107))
    keten.loop([binnen, na], UTRECHT, Fase.NAZORG)
    werk = {"soort": "regulier_werk", "datum": (keten.vandaag() - dagen(1)).isoformat()}

    def v1(pseudoniem: str) -> dict[str, Any]:
        return {
            "type": "traject.afgesloten",
            "deelnemer": pseudoniem,
            "fase": "nazorg",
            "dossier": {"uitkomst": werk},
        }

    keten.stuur("jobcoach-utrecht", v1(binnen))
    verwerk_inbox(stil_na_s=0)
    assert keten.berichten("melding.afgesloten")[0].pseudoniem == binnen

    einde = Afsluiting.GELDIG_TOT
    assert einde is not None
    keten.naar(einde + timedelta(days=1))
    fout = keten.stuur("jobcoach-utrecht", v1(na), verwacht=(422,))
    [veld] = fout["detail"]
    assert (veld["loc"], veld["type"]) == (["contract_versie"], "contract_vervallen")
    assert veld["msg"] == (
        f"contract nazorg→afgesloten v1 was accepted until {einde.isoformat()};"
        " send nazorg→afgesloten v2"
    )
    keten.stuur("jobcoach-utrecht", _afsluiting(na, Fase.NAZORG, werk))
    verwerk_inbox(stil_na_s=0)
    assert [m.pseudoniem for m in keten.berichten("melding.afgesloten")] == [binnen, na]
    assert date.fromisoformat(str(werk["datum"])) < einde


# --- k. a stabilisation track ---

DORDRECHT = "dordrecht-sporen-test"


def test_het_stabilisatiespoor_heeft_geen_plaatsingsklok_en_telt_zijn_eigen_succes(keten):
    gewoon, kwetsbaar = keten.meld_aan(DORDRECHT, bsn(108)), keten.meld_aan(DORDRECHT, bsn(109))
    keten.loop([gewoon, kwetsbaar], DORDRECHT, Fase.ASSESSMENT)
    begin = keten.vandaag()
    for pseudoniem, partner in (
        (gewoon, "ontwikkeling-horeca-utrecht"),
        (kwetsbaar, "ontwikkeling-facilitair-utrecht"),
    ):
        keten.stuur(
            "assessment-utrecht",
            {
                "type": "fase.afgerond",
                "deelnemer": pseudoniem,
                "fase": "assessment",
                "naar": "ontwikkeling",
                "naar_partner": partner,
                "besluit": {
                    "reden": "spoor na assessment",
                    "rol": "trajectbegeleider",
                    "persoon": "MW-20417",
                },
                "dossier": GELDIG[AssessmentNaarOntwikkeling],
            },
        )
    verwerk_inbox(stil_na_s=0)
    keten.naar(begin + timedelta(weeks=9))  # past the ontwikkeling limit of 8 weeks
    opvolging()
    assert {s.pseudoniem for s in keten.signalen() if s.soort == "fase_te_lang"} == {gewoon}

    datum = (keten.vandaag() - dagen(1)).isoformat()
    keten.stuur(
        "ontwikkeling-facilitair-utrecht",
        {
            "type": "uitkomst.gemeld",
            "deelnemer": kwetsbaar,
            "uitkomst": {"soort": "stabilisatie", "datum": datum},
        },
    )
    verwerk_inbox(stil_na_s=0)
    with sessie(keten.engine) as s:
        geteld = sporen.successen_per_spoor(session=s, programmas=keten.catalogus.programmas)
    eigen = {k: v for k, v in geteld.items() if k.startswith(f"{DORDRECHT}/")}
    assert eigen == {f"{DORDRECHT}/participatie": 0, f"{DORDRECHT}/stabilisatie": 1}
    console = Console(record=True, width=200)
    assert toon_status(kwetsbaar, keten.instellingen, console)
    uitvoer = console.export_text()
    assert "outcome: stabilisatie on" in uitvoer and "(interim)" in uitvoer
    assert "track: stabilisatie, no placement clock; success (stabilisatie): stabilisatie on" in (
        uitvoer
    )
