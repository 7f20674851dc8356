"""Intake attributes at the door and into the `kenmerk` table: a fixed format, the age band
derived from the birth date (which is never stored in clear), origin only with a lawful basis."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from flows.verwerking import verwerk
from persistence import inbox, maak_engine, sessie
from persistence.tabellen import Deelnemer, InboxBericht
from persistence.tabellen_kenmerk import Kenmerk
from quality import get_poort
from schemas.kenmerken import Leeftijdsband, leeftijd, leeftijdsband
from schemas.programma import MonitorInrichting
from settings import laad_catalogus
from tests.conftest import json_body, onderteken
from webhooks.aanstoten import Aanstoter
from webhooks.app import create_app

PROGRAMMA = "utrecht-bank-tot-baan"


def _client(instellingen, catalogus):
    return TestClient(
        create_app(instellingen, catalogus, Aanstoter("x", starter=lambda d, k: None))
    )


def _aanmelding(kenmerken=None, bsn="111222333", **extra):
    inhoud = {
        "type": "deelnemer.aangemeld",
        "gemeld_op": "2026-11-30T12:00:00+00:00",
        "verwijzing_id": f"UTR-{bsn}",
        "programma": PROGRAMMA,
        "persoon": {"naam": "Yonas Tesfay", "bsn": bsn, "geboortedatum": "2001-12-04"},
        **extra,
    }
    if kenmerken is not None:
        inhoud["kenmerken"] = kenmerken
    return inhoud


def _post(client, catalogus, inhoud):
    body = json_body(inhoud)
    geheim = catalogus.partner("gemeente-utrecht").webhook_geheimen[0].get_secret_value()
    return client.post("/webhooks/gemeente-utrecht", content=body, headers=onderteken(geheim, body))


def _verwerk(instellingen, catalogus):
    engine, nu = maak_engine(instellingen.db_url), datetime.now(UTC)
    with sessie(engine) as s:
        geclaimd = inbox.claim_volgende(session=s, maximum=10, nu=nu)
    return verwerk(
        geclaimd, engine=engine, catalogus=catalogus, poort=get_poort(), nu=nu, flow_run_id=None
    )


def test_kenmerken_komen_in_de_tabel_met_de_band_en_zonder_de_datum(instellingen, catalogus):
    kenmerken = {"geslacht": "vrouw", "doelgroep": "participatiewet", "regio": "GM0344"}
    with _client(instellingen, catalogus) as client:
        assert _post(client, catalogus, _aanmelding(kenmerken)).status_code == 202
        assert _post(client, catalogus, _aanmelding(None, bsn="123456782")).status_code == 202
    [a, b] = _verwerk(instellingen, catalogus)
    assert a.status == b.status == "geaccepteerd"
    with sessie(maak_engine(instellingen.db_url)) as s:
        rijen = {
            d.verwijzing_id: k for k, d in s.exec(select(Kenmerk, Deelnemer).join(Deelnemer)).all()
        }
        payloads = [r.payload for r in s.exec(select(InboxBericht)).all()]
    assert (rijen["UTR-111222333"].geslacht, rijen["UTR-111222333"].leeftijdsband) == (
        "vrouw",
        "23-26",  # born 2001-12-04, referred 2026-11-30: 24
    )
    assert (rijen["UTR-111222333"].regio, rijen["UTR-111222333"].herkomst) == ("GM0344", None)
    assert (rijen["UTR-123456782"].geslacht, rijen["UTR-123456782"].leeftijdsband) == (
        None,
        "23-26",
    )
    assert all("2001" not in str(p) and "geboortedatum" not in str(p) for p in payloads)


@pytest.mark.parametrize(
    ("inhoud", "veld"),
    [
        (_aanmelding({"geslacht": "m"}), ["kenmerken", "geslacht"]),
        (_aanmelding({"doelgroep": "statushouder"}), ["kenmerken", "doelgroep"]),
        (_aanmelding({"regio": "Utrecht"}), ["kenmerken", "regio"]),
        (_aanmelding({"leeftijd": 24}), ["kenmerken", "…"]),  # an unknown name is not echoed
        (_aanmelding({"herkomst": "europa"}), ["kenmerken", "herkomst"]),
        (_aanmelding(None, leeftijdsband="18-22"), ["leeftijdsband"]),
    ],
)
def test_een_onjuist_kenmerk_is_een_422_die_het_veld_noemt(instellingen, catalogus, inhoud, veld):
    with _client(instellingen, catalogus) as client:
        antwoord = _post(client, catalogus, inhoud)
    assert antwoord.status_code == 422, antwoord.text
    assert veld in [f["loc"][-len(veld) :] for f in antwoord.json()["detail"]], antwoord.text
    with sessie(maak_engine(instellingen.db_url)) as s:
        assert s.exec(select(InboxBericht)).all() == []


def test_herkomst_wordt_bewaard_waar_het_programma_een_grondslag_noemt(instellingen):
    catalogus = laad_catalogus(instellingen)
    p = catalogus.programmas[PROGRAMMA]
    catalogus.programmas[PROGRAMMA] = p.model_copy(
        update={"monitor": MonitorInrichting(herkomst_grondslag="AVG art. 9 lid 2 sub g; Wet X")}
    )
    with _client(instellingen, catalogus) as client:
        antwoord = _post(client, catalogus, _aanmelding({"herkomst": "buiten_europa"}))
    assert antwoord.status_code == 202, antwoord.text
    _verwerk(instellingen, catalogus)
    with sessie(maak_engine(instellingen.db_url)) as s:
        [k] = s.exec(select(Kenmerk)).all()
    assert k.herkomst == "buiten_europa"


@given(st.dates(min_value=date(1900, 1, 1)), st.dates(min_value=date(1900, 1, 1)))
def test_de_band_bevat_de_leeftijd(geboren, op):
    band = leeftijdsband(geboren, op)
    jaren = leeftijd(geboren, op)
    onder = {"<15": -(10**6), "50+": 50}.get(band.value) or int(band.value.split("-")[0])
    boven = {"<15": 14, "50+": 10**6}.get(band.value) or int(band.value.split("-")[1])
    assert onder <= jaren <= boven
    assert band in Leeftijdsband


def test_de_simulator_stuurt_aannemelijke_kenmerken(catalogus):
    from connectors.simulator import DOELGROEPEN, maak_cohort

    programmas = list(catalogus.programmas.values())
    cohort = maak_cohort(12 * len(programmas), seed=3, programmas=programmas)
    assert all(a.kenmerken is not None for a in cohort)
    assert all(a.kenmerken.doelgroep in DOELGROEPEN[a.programma] for a in cohort if a.kenmerken)
    assert all(a.kenmerken.herkomst is None for a in cohort if a.kenmerken)  # no basis configured
    assert len({a.kenmerken.geslacht for a in cohort if a.kenmerken}) >= 2
