"""Batch handoffs: a partner's whole export through the API or the CLI, one gate pass, nothing lost.

The big test sends 10,000 placement reports of which 3% are bad (a shape error, hours out of range,
a start date in the future) and counts: every good row moves once, every bad row is quarantined
with its rule, no row is lost or doubled.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert
from sqlmodel import Session, func, select
from typer.testing import CliRunner

from cli.app import app
from connectors.simulator.voorbeelden import GELDIG
from flows.verwerk_inbox import verwerk_inbox
from persistence import (
    Deelnemer,
    InboxBericht,
    OutboxBericht,
    Overdracht,
    Overgang,
    Traject,
    maak_engine,
)
from schemas.contracten import PlaatsingNaarNazorg
from tests.conftest import onderteken

NU = datetime.now(UTC)


def plaats_deelnemers(instellingen, aantal: int) -> list[str]:
    """`aantal` participants in plaatsing at werkgevers-utrecht, inserted in bulk."""
    pseudoniemen = [
        f"KT-{chr(65 + i // 26**3 % 26)}{chr(65 + i // 676 % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}AAAAAA"
        for i in range(aantal)
    ]
    with Session(maak_engine(instellingen.db_url)) as s:
        s.execute(
            insert(Deelnemer),
            [
                {
                    "pseudoniem": p,
                    "bsn_hash": f"h-{p}",
                    "persoon_versleuteld": "x",
                    "programma": "utrecht-bank-tot-baan",
                    "gemeente_partner": "gemeente-utrecht",
                    "verwijzing_id": p,
                    "aangemeld_op": NU,
                }
                for p in pseudoniemen
            ],
        )
        ids = dict(s.exec(select(Deelnemer.pseudoniem, Deelnemer.id)).all())
        s.execute(
            insert(Traject),
            [
                {
                    "deelnemer_id": ids[p],
                    "programma": "utrecht-bank-tot-baan",
                    "fase": "plaatsing",
                    "partner": "werkgevers-utrecht",
                    "status": "actief",
                    "fase_sinds": NU,
                    "begonnen_op": NU,
                }
                for p in pseudoniemen
            ],
        )
        s.commit()
    return pseudoniemen


def rapport(pseudoniem: str, **dossier: Any) -> dict[str, Any]:
    return {
        "type": "fase.afgerond",
        "gemeld_op": NU.isoformat(),
        "deelnemer": pseudoniem,
        "fase": "plaatsing",
        "naar": "nazorg",
        "dossier": GELDIG[PlaatsingNaarNazorg] | dossier,
    }


FOUTEN = [
    ({"uren_per_week": 60}, "uren_binnen_1_40"),
    ({"uren_per_week": "veel"}, "vorm:float_parsing"),
    ({"startdatum": (NU + timedelta(days=30)).date().isoformat()}, "datums_niet_in_toekomst"),
]


def stuur_batch(
    omgeving, partner, body: bytes, soort="application/x-ndjson", webhook_id="export-2026-11-22"
):
    _, catalogus, client = omgeving
    headers = onderteken(
        catalogus.partner(partner).webhook_geheimen[0].get_secret_value(),
        body,
        webhook_id=webhook_id,
    )
    return client.post(
        f"/webhooks/{partner}/batch", content=body, headers=headers | {"content-type": soort}
    )


def tel(instellingen, model, *voorwaarden) -> int:
    with Session(maak_engine(instellingen.db_url)) as s:
        query = select(func.count()).select_from(model)
        for v in voorwaarden:
            query = query.where(v)
        return s.exec(query).one()


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_tienduizend_rijen_met_drie_procent_fout(omgeving):
    instellingen = omgeving[0]
    pseudoniemen = plaats_deelnemers(instellingen, 10_000)
    verwacht_fout = {}
    rijen = []
    for i, p in enumerate(pseudoniemen):
        if i % 100 < 3:
            wijziging, regel = FOUTEN[i % 100]
            verwacht_fout[p] = regel
            rijen.append(rapport(p, **wijziging))
        else:
            rijen.append(rapport(p))
    body = "\n".join(json.dumps(r) for r in rijen).encode()
    antwoord = stuur_batch(omgeving, "werkgevers-utrecht", body)
    assert antwoord.status_code == 202 and antwoord.json()["rijen"] == 10_000
    assert stuur_batch(omgeving, "werkgevers-utrecht", body).status_code == 200, (
        "the same export twice is stored once"
    )
    assert tel(instellingen, InboxBericht) == 10_000

    verwerk_inbox(stil_na_s=0)

    assert tel(instellingen, InboxBericht, InboxBericht.status == "nieuw") == 0
    assert tel(instellingen, Overdracht, Overdracht.status == "geaccepteerd") == 9_700
    assert tel(instellingen, Overdracht) == 10_000, "every row has exactly one outcome"
    with Session(maak_engine(instellingen.db_url)) as s:
        bewogen = Counter(
            s.exec(
                select(Deelnemer.pseudoniem).join(Overgang, Overgang.deelnemer_id == Deelnemer.id)
            ).all()
        )
        quarantaine = {
            q.pseudoniem: [b["regel"] for b in q.bevindingen]
            for q in s.exec(select(Overdracht).where(Overdracht.status == "quarantaine"))
        }
        starts = s.exec(
            select(func.count())
            .select_from(OutboxBericht)
            .where(OutboxBericht.partner == "jobcoach-utrecht")
        ).one()
        weigeringen = s.exec(
            select(func.count())
            .select_from(OutboxBericht)
            .where(OutboxBericht.soort == "overdracht.geweigerd")
        ).one()
    assert len(bewogen) == 9_700 and set(bewogen.values()) == {1}, (
        "each good row moves its participant exactly once"
    )
    assert set(bewogen).isdisjoint(verwacht_fout)
    assert quarantaine == {p: [regel] for p, regel in verwacht_fout.items()}
    assert (starts, weigeringen) == (9_700, 300)


def test_csv_export_met_gestippelde_kolommen_en_een_onleesbare_rij(omgeving):
    instellingen = omgeving[0]
    [goed, fout] = plaats_deelnemers(instellingen, 2)
    body = (
        "type,gemeld_op,deelnemer,fase,naar,dossier.werkgever,dossier.contractsoort,dossier.startdatum,dossier.uren_per_week\n"
        f"fase.afgerond,{NU.isoformat()},{goed},plaatsing,nazorg,Bakkerij 3,regulier,{NU.date().isoformat()},24\n"
        f"fase.afgerond,{NU.isoformat()},{fout},plaatsing,nazorg,Bakkerij 3,regulier,{NU.date().isoformat()},24,extra\n"
    ).encode()
    assert stuur_batch(omgeving, "werkgevers-utrecht", body, soort="text/csv").status_code == 202
    verwerk_inbox(stil_na_s=0)
    with Session(maak_engine(instellingen.db_url)) as s:
        uitkomst = {(o.pseudoniem, o.status): o.bevindingen for o in s.exec(select(Overdracht))}
    assert (goed, "geaccepteerd") in uitkomst
    [onleesbaar] = [b for (p, status), b in uitkomst.items() if status == "quarantaine"]
    assert (
        onleesbaar[0]["regel"] == "vorm:onleesbaar"
        and onleesbaar[0]["uitleg"] == "more cells than columns"
    )


def test_export_met_aanmelding_of_te_veel_rijen_wordt_geweigerd(omgeving, monkeypatch):
    instellingen = omgeving[0]
    aanmelding = {
        "type": "deelnemer.aangemeld",
        "verwijzing_id": "x",
        "programma": "utrecht-bank-tot-baan",
        "persoon": {"naam": "Sara de Vries", "bsn": "111222333", "geboortedatum": "1999-01-01"},
        "gemeld_op": NU.isoformat(),
    }
    antwoord = stuur_batch(omgeving, "gemeente-utrecht", json.dumps(aanmelding).encode())
    assert antwoord.status_code == 422 and antwoord.json()["detail"][0]["loc"] == [
        "rijen",
        0,
        "type",
    ]
    assert "Sara" not in antwoord.text
    monkeypatch.setattr(instellingen, "max_import_rijen", 2)
    drie = "\n".join(json.dumps(rapport(f"KT-AAAAAAAAA{c}")) for c in "ABC").encode()
    assert stuur_batch(omgeving, "werkgevers-utrecht", drie).status_code == 413
    assert (
        stuur_batch(omgeving, "werkgevers-utrecht", drie, soort="application/xml").status_code
        == 415
    )
    assert tel(instellingen, InboxBericht) == 0


def test_import_via_de_cli_met_voortgang_en_zonder_dubbel_werk(omgeving, tmp_path):
    instellingen = omgeving[0]
    pseudoniemen = plaats_deelnemers(instellingen, 30)
    bestand = tmp_path / "export.jsonl"
    bestand.write_text(
        "\n".join(
            json.dumps(rapport(p, uren_per_week=50 if i == 0 else 20))
            for i, p in enumerate(pseudoniemen)
        )
        + "\nkapot\n"
    )
    eerste = CliRunner().invoke(
        app, ["import", str(bestand), "--partner", "werkgevers-utrecht"], env={"COLUMNS": "200"}
    )
    assert eerste.exit_code == 0, eerste.output
    assert "geaccepteerd │ 29" in eerste.output and "quarantaine  │ 2" in eerste.output
    assert "uren_binnen_1_40 ×1" in eerste.output and "vorm:onleesbaar ×1" in eerste.output
    tweede = CliRunner().invoke(
        app, ["import", str(bestand), "--partner", "werkgevers-utrecht"], env={"COLUMNS": "200"}
    )
    assert tweede.exit_code == 0 and "nothing left to process" in tweede.output
    assert tel(instellingen, Overgang) == 29
