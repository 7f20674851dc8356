"""The processing flow on real Prefect and real SQLite: quarantine, refusal, exactly-once moves.

Webhooks enter through the real receiver (signed, over the ASGI test client); the partner side of
outbox delivery is a closed loopback port, so deliveries fail and wait for their retry.
"""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console
from sqlmodel import select

from cli.status import toon_status
from connectors.simulator.voorbeelden import GELDIG
from flows.verwerk_inbox import verwerk_inbox
from persistence import OutboxBericht, Overdracht, Overgang, maak_engine, sessie
from schemas.contracten import Terugplaatsing
from schemas.toegang import NIET_BETROKKEN
from tests.beslisser import TRAJECTBEGELEIDER
from tests.flows.hulp import BSN, instroom_afgerond, meld_aan, stuur, toestand


def test_quarantaine_houdt_de_deelnemer_vast_en_correctie_beweegt_precies_eenmaal(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem, toestemming_delen=False))
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem) == ("instroom", "actief", ["aanmelden"])
    with sessie(maak_engine(instellingen.db_url)) as s:
        [quarantaine] = s.exec(select(Overdracht).where(Overdracht.status == "quarantaine")).all()
        weigering = s.exec(
            select(OutboxBericht).where(OutboxBericht.soort == "overdracht.geweigerd")
        ).one()
    assert [b["regel"] for b in quarantaine.bevindingen] == ["toestemming_voor_ontvanger"]
    assert (
        quarantaine.contract == "instroom→assessment v1"
        and quarantaine.dossier["toestemming_delen"] is False
    )
    assert (
        weigering.partner == "gemeente-utrecht"
        and weigering.bericht["inhoud"]["bevindingen"][0]["regel"] == "toestemming_voor_ontvanger"
    )

    gecorrigeerd = instroom_afgerond(pseudoniem)
    stuur(omgeving, "gemeente-utrecht", gecorrigeerd, webhook_id="msg_correctie")
    stuur(
        omgeving, "gemeente-utrecht", gecorrigeerd, webhook_id="msg_correctie"
    )  # sent twice: one effect
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem) == (
        "assessment",
        "actief",
        ["aanmelden", "doorstromen"],
    )
    with sessie(maak_engine(instellingen.db_url)) as s:
        start = s.exec(
            select(OutboxBericht).where(OutboxBericht.partner == "assessment-utrecht")
        ).one()
        afgehandeld = s.get_one(Overdracht, quarantaine.id)
    assert start.soort == "traject.start" and start.bericht["inhoud"]["taalniveau"]["lezen"] == "B1"
    assert afgehandeld.status == "vervangen", "the corrected handoff settles the quarantined one"


def test_zelfde_inhoud_met_nieuw_webhook_id_wordt_geweigerd_zonder_tweede_beweging(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    tweede = stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem), verwacht=(403,))
    assert tweede["detail"] == f"gemeente-utrecht does not run {pseudoniem}'s current phase"
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem) == (
        "assessment",
        "actief",
        ["aanmelden", "doorstromen"],
    )


def test_twee_overdrachten_voor_een_deelnemer_in_een_batch_gaan_samen_in_quarantaine(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem))
    stuur(
        omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem, regiehouder="klantmanager-0043")
    )
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem) == ("instroom", "actief", ["aanmelden"])
    with sessie(maak_engine(instellingen.db_url)) as s:
        quarantaine = s.exec(select(Overdracht).where(Overdracht.status == "quarantaine")).all()
    assert [[b["regel"] for b in q.bevindingen] for q in quarantaine] == [
        ["geen_dubbele_deelnemer"]
    ] * 2


def test_partner_buiten_zijn_fase_en_verboden_sprong_worden_geweigerd_met_reden(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    pauze = {
        "type": "traject.gepauzeerd",
        "deelnemer": pseudoniem,
        "fase": "assessment",
        "reden": "ziek",
    }
    assert stuur(omgeving, "werkgevers-utrecht", pauze, verwacht=(403,))["detail"] == NIET_BETROKKEN
    sprong = {
        "type": "fase.afgerond",
        "deelnemer": pseudoniem,
        "fase": "assessment",
        "beweging": "terugplaatsen",
        "naar": "instroom",
        "dossier": GELDIG[Terugplaatsing],
        "besluit": TRAJECTBEGELEIDER,
    }
    stuur(omgeving, "assessment-utrecht", sprong)
    verwerk_inbox(stil_na_s=0)
    assert toestand(instellingen, pseudoniem) == (
        "assessment",
        "actief",
        ["aanmelden", "doorstromen"],
    )
    with sessie(maak_engine(instellingen.db_url)) as s:
        redenen = [
            o.reden for o in s.exec(select(Overdracht).where(Overdracht.status == "geweigerd"))
        ]
        assert len(s.exec(select(Overgang)).all()) == 2
    assert redenen == [
        "utrecht-bank-tot-baan does not allow terugplaatsen from assessment to instroom"
    ]


def test_keten_status_toont_fase_geschiedenis_en_open_punten(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem, taaltoets_datum="2020-01-01"))
    verwerk_inbox(stil_na_s=0)
    console = Console(record=True, width=200)
    assert toon_status(pseudoniem, instellingen, console)
    uitvoer = console.export_text()
    assert f"{pseudoniem}  programme utrecht-bank-tot-baan" in uitvoer
    assert "now: instroom at gemeente-utrecht, actief" in uitvoer
    assert "aanmelden" in uitvoer and "taaltoets_vers" in uitvoer and "quarantaine" in uitvoer
    assert "Yonas" not in uitvoer and BSN not in uitvoer
    assert not toon_status("KT-AAAAAAAAAA", instellingen, Console(record=True))


def test_partner_vraagt_de_status_van_zijn_webhook_op(omgeving):
    instellingen, catalogus, client = omgeving
    pseudoniem = meld_aan(omgeving)
    stuur(
        omgeving,
        "gemeente-utrecht",
        instroom_afgerond(pseudoniem, toestemming_delen=False),
        webhook_id="msg_zonder_toestemming",
    )
    sleutel = {
        "authorization": f"Bearer {catalogus.partner('gemeente-utrecht').api_sleutel.get_secret_value()}"
    }
    voor = client.get("/webhooks/gemeente-utrecht/status/msg_zonder_toestemming", headers=sleutel)
    assert voor.status_code == 200 and voor.json()["status"] == "in_behandeling"
    verwerk_inbox(stil_na_s=0)
    na = client.get(
        "/webhooks/gemeente-utrecht/status/msg_zonder_toestemming", headers=sleutel
    ).json()
    assert (na["status"], na["contract"]) == ("quarantaine", "instroom→assessment v1")
    assert na["bevindingen"][0]["regel"] == "toestemming_voor_ontvanger"
    assert (
        na["bevindingen"][0]["kolom"] == "toestemming_delen"
        and na["bevindingen"][0]["waarde"] is False
    )
    assert (
        client.get(
            "/webhooks/gemeente-utrecht/status/msg_zonder_toestemming",
            headers={"authorization": "Bearer fout"},
        ).status_code
        == 401
    )
    ander = {
        "authorization": f"Bearer {catalogus.partner('assessment-utrecht').api_sleutel.get_secret_value()}"
    }
    assert (
        client.get(
            "/webhooks/assessment-utrecht/status/msg_zonder_toestemming", headers=ander
        ).status_code
        == 404
    )


def test_poortresultaat_telt_per_contract_en_per_regel():
    from flows.zichtbaar import poortresultaat
    from schemas.overdracht import Uitslag

    def u(status, regels=(), contract="plaatsing→nazorg v1"):
        return Uitslag(
            "KT-AAAAAAAAAA",
            "p",
            "fase.afgerond",
            "doorstromen",
            "plaatsing",
            "nazorg",
            status,
            "r",
            contract,
            regels,
        )

    rijen = poortresultaat(
        [
            u("geaccepteerd"),
            u("quarantaine", ("uren_binnen_1_40",)),
            u("quarantaine", ("uren_binnen_1_40", "start_na_opleiding")),
            u("geweigerd", contract="trackwissel v1"),
            u("geaccepteerd", contract=None),
        ]
    )
    assert rijen == [
        {
            "contract": "plaatsing→nazorg v1",
            "overdrachten": 3,
            "door_de_poort": 1,
            "quarantaine": 2,
            "gefaalde_regels": "uren_binnen_1_40 ×2, start_na_opleiding ×1",
        },
        {
            "contract": "trackwissel v1",
            "overdrachten": 1,
            "door_de_poort": 1,
            "quarantaine": 0,
            "gefaalde_regels": "",
        },
    ]


def test_status_van_een_melding_zonder_overdracht_komt_uit_de_inbox(omgeving):
    _, catalogus, client = omgeving
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem))
    verwerk_inbox(stil_na_s=0)
    gestart = {
        "type": "fase.gestart",
        "deelnemer": pseudoniem,
        "fase": "assessment",
        "gestart_op": datetime.now(UTC).date().isoformat(),
    }
    stuur(omgeving, "assessment-utrecht", gestart, webhook_id="msg_gestart")
    verwerk_inbox(stil_na_s=0)
    sleutel = {
        "authorization": f"Bearer {catalogus.partner('assessment-utrecht').api_sleutel.get_secret_value()}"
    }
    antwoord = client.get("/webhooks/assessment-utrecht/status/msg_gestart", headers=sleutel).json()
    assert (antwoord["type"], antwoord["status"], antwoord["contract"]) == (
        "fase.gestart",
        "geaccepteerd",
        None,
    )
