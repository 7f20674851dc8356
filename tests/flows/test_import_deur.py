"""`keten import` goes through the same door as the batch API: Excel's CSV is read and moves
participants, a hostile export is refused with its reason and stores nothing (no traceback)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.app import app
from connectors.simulator.voorbeelden import GELDIG
from persistence import InboxBericht, Overgang
from schemas.contracten import PlaatsingNaarNazorg
from tests.flows.test_import import NU, plaats_deelnemers, tel


def importeer(bestand):
    return CliRunner().invoke(
        app, ["import", str(bestand), "--partner", "werkgevers-utrecht"], env={"COLUMNS": "200"}
    )


def test_csv_uit_excel_met_bom_puntkomma_en_cr_beweegt_deelnemers(omgeving, tmp_path):
    """Before: the byte-order mark renamed the first column and every row was quarantined."""
    pseudoniemen = plaats_deelnemers(omgeving[0], 2)
    dossier = GELDIG[PlaatsingNaarNazorg]
    kop = ["type", "gemeld_op", "deelnemer", "fase", "naar", *(f"dossier.{k}" for k in dossier)]
    rijen = [
        ["fase.afgerond", NU.isoformat(), p, "plaatsing", "nazorg", *map(str, dossier.values())]
        for p in pseudoniemen
    ]
    bestand = tmp_path / "export.csv"
    bestand.write_bytes(b"\xef\xbb\xbf" + "\r".join(";".join(r) for r in [kop, *rijen]).encode())
    resultaat = importeer(bestand)
    assert resultaat.exit_code == 0, resultaat.output
    assert "geaccepteerd │ 2" in resultaat.output
    assert tel(omgeving[0], Overgang) == 2


@pytest.mark.parametrize(
    ("inhoud", "reden"),
    [
        (b'{"type":"fase.afgerond","d":' + b"[" * 990 + b"]" * 990 + b"}", "nested deeper"),
        (b'{"type":"nazorg.checkin","maand":' + b"9" * 5000 + b"}", "5000 digits"),
        ("type,reden\ntraject.gepauzeerd,café\n".encode("latin-1"), "UTF-8"),
        (b"type,dossier,dossier.x\nx,1,2\n", "holds a value"),
    ],
    ids=["990 deep", "5000 digits", "latin-1", "dossier and dossier.x"],
)
def test_kwaadaardige_export_wordt_geweigerd_zonder_traceback(omgeving, tmp_path, inhoud, reden):
    bestand = tmp_path / ("export.csv" if inhoud.startswith(b"type") else "export.jsonl")
    bestand.write_bytes(inhoud)
    resultaat = importeer(bestand)
    assert resultaat.exit_code == 1, resultaat.output
    assert "refused" in resultaat.output and reden in resultaat.output.replace("\n", "")
    assert resultaat.exception is None or isinstance(resultaat.exception, SystemExit)
    assert tel(omgeving[0], InboxBericht) == 0
