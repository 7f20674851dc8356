"""Poison isolation: a row that cannot be processed holds back neither its batch, nor its import,
nor the imports after it; it is tried a bounded number of times, then quarantined with
`verwerking:fout`, shown by `keten quarantine` and replayable like any quarantined handoff.

Real Prefect (the test harness), real SQLite and PostgreSQL; poison rows are stored as an older
receiver stored them (see tests/flows/gif_hulp.py), the valid ones through the real door.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.app import app
from flows import verwerking
from flows.verwerk_inbox import verwerk_inbox
from persistence import Deelnemer, InboxBericht, Overdracht, Overgang, inbox, maak_engine
from schemas.overdracht import Afhandeling
from tests.flows.gif_hulp import (
    PARTNER,
    checkin_maand_2_63,
    genest,
    genest_json,
    gestippelde_csv_rij,
    sla_ruw_op,
)
from tests.flows.hulp import stuur
from tests.flows.test_import import NU, plaats_deelnemers, rapport


@pytest.fixture
def snel(request, monkeypatch, db_url):
    """The stack's receiver on a fresh database; a failed row is claimable again at once, so one
    run makes every attempt."""
    monkeypatch.setenv("KETEN_INBOX_HERPROBEER_S", "0")
    return request.getfixturevalue("omgeving")


def keten(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "250"})


def _rijen(engine):
    """Inbox rows by pseudonym (the payload is not read: one of them cannot be)."""
    with Session(engine) as s:
        kolommen = (
            InboxBericht.pseudoniem,
            InboxBericht.status,
            InboxBericht.pogingen,
            InboxBericht.laatste_fout,
        )
        return {r[0]: r for r in s.exec(select(*kolommen))}


def _bewogen(engine):
    with Session(engine) as s:
        return Counter(
            s.exec(
                select(Deelnemer.pseudoniem).join(Overgang, Overgang.deelnemer_id == Deelnemer.id)
            ).all()
        )


def _overdrachten(engine):
    with Session(engine) as s:
        return {o.pseudoniem: o for o in s.exec(select(Overdracht))}


def test_gifrijen_houden_hun_import_en_de_volgende_niet_tegen(snel):
    instellingen = snel[0]
    engine = maak_engine(instellingen.db_url)
    p = plaats_deelnemers(instellingen, 10)
    geldig_a, geldig_b = [p[0], p[2], p[4], p[6]], [p[8], p[9]]
    diep, gestippeld, maand, heel_diep = p[1], p[3], p[5], p[7]
    rijen_a = [
        ("fase.afgerond", p[0], rapport(p[0])),
        ("fase.afgerond", diep, rapport(diep) | {"extra": genest(400)}),
        ("fase.afgerond", p[2], rapport(p[2])),
        ("fase.afgerond", gestippeld, gestippelde_csv_rij(gestippeld, rapport(gestippeld))),
        ("fase.afgerond", p[4], rapport(p[4])),
        ("nazorg.checkin", maand, checkin_maand_2_63(maand)),
        ("fase.afgerond", p[6], rapport(p[6])),
    ]
    with Session(engine) as s:
        inbox.neem_import_op(session=s, partner=PARTNER, batch="export-a", rijen=rijen_a, nu=NU)
    sla_ruw_op(
        engine,
        pseudoniem=heel_diep,
        payload_json=json.dumps(rapport(heel_diep))[:-1] + ', "extra": ' + genest_json(990) + "}",
        webhook_id="export-a#8",
        batch="export-a",
    )
    with Session(engine) as s:
        inbox.neem_import_op(
            session=s,
            partner=PARTNER,
            batch="export-b",
            rijen=[("fase.afgerond", q, rapport(q)) for q in geldig_b],
            nu=NU,
        )

    totaal = verwerk_inbox(stil_na_s=0)  # on the code before this change: RecursionError

    rijen, overdrachten = _rijen(engine), _overdrachten(engine)
    assert all(rijen[q].status == "geaccepteerd" for q in geldig_a + geldig_b)
    assert _bewogen(engine) == Counter(geldig_a + geldig_b), "every valid row moved exactly once"
    # Prefect no longer walks the rows, so these are judged by their content like any other row.
    assert [b["regel"] for b in overdrachten[diep].bevindingen] == ["vorm:extra_forbidden"]
    assert overdrachten[gestippeld].status == "quarantaine"
    # the contract holds `maand` to 1–600 (the door refuses more), so a stored one is quarantined
    assert (rijen[maand].status, [b["regel"] for b in overdrachten[maand].bevindingen]) == (
        "quarantaine",
        ["vorm:less_than_equal"],
    )
    assert (
        rijen[heel_diep].status,
        rijen[heel_diep].pogingen,
        rijen[heel_diep].laatste_fout,
    ) == ("quarantaine", 3, "lezen: RecursionError")
    vast = overdrachten[heel_diep]
    assert (vast.status, vast.dossier, vast.partner, vast.type) == (
        "quarantaine",
        None,
        PARTNER,
        "fase.afgerond",
    )
    assert vast.bevindingen == [
        {
            "regel": "verwerking:fout",
            "uitleg": "RecursionError",
            "kolom": "verwerking",
            "waarde": None,
        }
    ]
    sleutel = snel[1].partner(PARTNER).api_sleutel.get_secret_value()
    status = snel[2].get(
        f"/webhooks/{PARTNER}/status/export-a%238", headers={"authorization": f"Bearer {sleutel}"}
    )
    assert status.status_code == 200, "the partner is told, though the row cannot be read back"
    assert (status.json()["status"], status.json()["bevindingen"][0]["regel"]) == (
        "quarantaine",
        "verwerking:fout",
    )
    assert totaal[Afhandeling.WACHT] == 2 and totaal[Afhandeling.QUARANTAINE] == 4
    assert all(r.pogingen == 0 for q, r in rijen.items() if q != heel_diep)
    assert not [r for r in rijen.values() if r.status == "nieuw"]


def test_een_beslissing_die_crast_gaat_na_drie_pogingen_in_quarantaine_en_is_herhaalbaar(
    snel, monkeypatch
):
    instellingen = snel[0]
    engine = maak_engine(instellingen.db_url)
    p = plaats_deelnemers(instellingen, 5)
    gif = p[2]
    echte_beslis_reeks = verwerking.beslis_reeks

    def crast_bij_gif(kandidaten, *args, **kwargs):
        if any(k.pseudoniem == gif for k in kandidaten):
            raise RuntimeError(f"boom {gif}")  # a message with a value: it must not be kept
        return echte_beslis_reeks(kandidaten, *args, **kwargs)

    monkeypatch.setattr(verwerking, "beslis_reeks", crast_bij_gif)
    for q in p:
        stuur(snel, PARTNER, rapport(q))

    verwerk_inbox(stil_na_s=0)  # on the code before this change: RuntimeError, nothing moved

    rijen = _rijen(engine)
    assert _bewogen(engine) == Counter(q for q in p if q != gif)
    assert (rijen[gif].status, rijen[gif].pogingen, rijen[gif].laatste_fout) == (
        "quarantaine",
        3,
        "beslissen: RuntimeError",
    )
    vast = _overdrachten(engine)[gif]
    assert (vast.van_fase, vast.naar_fase, vast.beweging) == ("plaatsing", "nazorg", "doorstromen")
    assert gif not in json.dumps(vast.bevindingen) and "boom" not in (vast.reden or "")

    lijst = keten("quarantine", "list")
    assert lijst.exit_code == 0 and gif in lijst.output and "verwerking:fout" in lijst.output
    toon = keten("quarantine", "show", str(vast.id))
    assert toon.exit_code == 0 and "RuntimeError" in toon.output and "boom" not in toon.output

    nog_steeds = keten("quarantine", "replay", str(vast.id))
    assert (
        nog_steeds.exit_code == 1 and "processing failed again (RuntimeError)" in nog_steeds.output
    )
    assert gif not in _bewogen(engine)

    monkeypatch.setattr(verwerking, "beslis_reeks", echte_beslis_reeks)  # the cause is fixed
    herhaald = keten("quarantine", "replay", str(vast.id))
    assert herhaald.exit_code == 0, herhaald.output
    assert _bewogen(engine)[gif] == 1
    with Session(engine) as s:
        assert s.get_one(Overdracht, vast.id).status == "vervangen"
