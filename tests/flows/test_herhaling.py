"""Quarantine end to end: a failing handoff is kept, the coordinator sees why, a replay while still
failing changes nothing, a corrected replay moves the participant exactly once."""

from __future__ import annotations

import json

from sqlmodel import select
from typer.testing import CliRunner

from cli.app import app
from flows.verwerk_inbox import verwerk_inbox
from persistence import OutboxBericht, Overdracht, maak_engine, sessie
from tests.flows.hulp import instroom_afgerond, meld_aan, stuur, toestand


def keten(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def test_quarantaine_lijst_toon_en_herhaal(omgeving):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(
        omgeving,
        "gemeente-utrecht",
        instroom_afgerond(pseudoniem, toestemming_delen=False, taaltoets_datum="2020-01-01"),
    )
    verwerk_inbox(stil_na_s=0)
    with sessie(maak_engine(instellingen.db_url)) as s:
        [q] = s.exec(select(Overdracht).where(Overdracht.status == "quarantaine")).all()

    lijst = keten("quarantine", "list")
    assert lijst.exit_code == 0 and pseudoniem in lijst.output
    assert "taaltoets_vers" in lijst.output and "toestemming_voor_ontvanger" in lijst.output
    toon = keten("quarantine", "show", str(q.id))
    assert (
        toon.exit_code == 0
        and "taaltoets_dagen_oud" in toon.output
        and "toestemming_delen" in toon.output
    )

    half = keten("quarantine", "replay", str(q.id), "--zet", "toestemming_delen=true")
    assert (
        half.exit_code == 1 and "taaltoets_vers" in half.output and "nothing changed" in half.output
    )
    assert toestand(instellingen, pseudoniem) == ("instroom", "actief", ["aanmelden"])

    heel = keten(
        "quarantine",
        "replay",
        str(q.id),
        "--zet",
        "toestemming_delen=true",
        "--zet",
        'taaltoets_datum="2026-10-01"',
    )
    assert heel.exit_code == 0, heel.output
    assert toestand(instellingen, pseudoniem) == (
        "assessment",
        "actief",
        ["aanmelden", "doorstromen"],
    )
    with sessie(maak_engine(instellingen.db_url)) as s:
        assert s.get_one(Overdracht, q.id).status == "vervangen"
        [start] = s.exec(
            select(OutboxBericht).where(OutboxBericht.partner == "assessment-utrecht")
        ).all()
    assert start.bericht["inhoud"]["toestemming_delen"] is True

    nogmaals = keten("quarantine", "replay", str(q.id), "--zet", "toestemming_delen=true")
    assert nogmaals.exit_code == 1 and "not in quarantine (status: vervangen)" in nogmaals.output
    assert toestand(instellingen, pseudoniem)[2] == ["aanmelden", "doorstromen"]


def test_herhaling_van_een_vervangen_dossier_als_bestand(omgeving, tmp_path):
    instellingen = omgeving[0]
    pseudoniem = meld_aan(omgeving)
    stuur(omgeving, "gemeente-utrecht", instroom_afgerond(pseudoniem, toestemming_delen=False))
    verwerk_inbox(stil_na_s=0)
    with sessie(maak_engine(instellingen.db_url)) as s:
        [q] = s.exec(select(Overdracht).where(Overdracht.status == "quarantaine")).all()
    bestand = tmp_path / "dossier.json"
    bestand.write_text(json.dumps(instroom_afgerond(pseudoniem)["dossier"]))
    assert keten("quarantine", "replay", str(q.id), "--dossier", str(bestand)).exit_code == 0
    assert toestand(instellingen, pseudoniem)[0] == "assessment"
