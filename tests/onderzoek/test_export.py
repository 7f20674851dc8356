"""The researcher export over participants moved through the real chain, on both databases:
the rows, the generalised attributes, what must never be in it, and the disclosure log."""

from __future__ import annotations

import csv
from datetime import date

import pyarrow.parquet as pq
from sqlalchemy import event
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.app import app
from persistence import Verstrekking, klok
from persistence.onderzoek import Selectie
from persistence.onderzoek_export import Opdracht, exporteer
from schemas.onderzoek import VELDEN, Formaat, leeftijdsband, studiepseudoniem, studiesleutel
from settings import get_settings, laad_regios
from tests.onderzoek.hulp import BRON, PROGRAMMA, cohort, verboden_teksten


def _exporteer(keten, pad, formaat, studie="cohort-2026", blokgrootte=5000):
    engine = keten.engine
    return exporteer(
        engine=engine,
        instellingen=keten.instellingen,
        regios=laad_regios(keten.instellingen, keten.catalogus),
        opdracht=Opdracht(studie, formaat, Selectie(), wettelijk={}),
        pad=pad,
        nu=klok.nu(engine=engine),
        blokgrootte=blokgrootte,
    )


def _lees_csv(pad):
    with pad.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_export_holds_the_participants_with_a_basis_generalised_and_logs_each(keten, tmp_path):
    c = cohort(keten)
    parquet, tekst = tmp_path / "uit.parquet", tmp_path / "uit.csv"
    eerste = _exporteer(keten, parquet, Formaat.PARQUET)
    tweede = _exporteer(keten, tekst, Formaat.CSV)

    assert (eerste.deelnemers, eerste.uitgesloten) == (2, 2)  # no consent, and withdrawn
    tabel = pq.read_table(parquet)
    assert tabel.column_names == list(VELDEN)
    rijen = tabel.to_pylist()
    csv_rijen = _lees_csv(tekst)
    assert list(csv_rijen[0]) == list(VELDEN)
    assert len(rijen) == len(csv_rijen) == eerste.rijen == 4  # 3 stays + 1 stay

    sleutel = studiesleutel(keten.instellingen.peper.get_secret_value().encode(), "cohort-2026")
    sp = {k: studiepseudoniem(sleutel, k) for k in (c.doorgestroomd, c.aangemeld, c.zonder)}
    per = {p: [r for r in rijen if r["studiepseudoniem"] == p] for p in sp.values()}
    assert [r["fase"] for r in per[sp[c.doorgestroomd]]] == [
        "instroom",
        "assessment",
        "ontwikkeling",
    ]
    assert [r["fase_lopend"] for r in per[sp[c.doorgestroomd]]] == [False, False, True]
    assert per[sp[c.doorgestroomd]][0]["bewegingen_doorstromen"] == 2
    assert [r["fase"] for r in per[sp[c.aangemeld]]] == ["instroom"]
    assert per[sp[c.zonder]] == []  # no basis: not in the file
    eerst = per[sp[c.doorgestroomd]][0]
    vandaag = keten.vandaag()
    assert eerst["programma"] == PROGRAMMA and eerst["regio"] == "AMR-MIDDEN-UTRECHT"
    assert eerst["aanmeldmaand"] == f"{vandaag:%Y-%m}"
    assert eerst["leeftijdsband"] == leeftijdsband(date(2001, 3, 4), vandaag)
    assert per[sp[c.aangemeld]][0]["leeftijdsband"] == "50+"  # born 1968
    # CSV and Parquet carry the same values.
    assert [r["studiepseudoniem"] for r in csv_rijen] == [r["studiepseudoniem"] for r in rijen]
    assert {r["fase_lopend"] for r in csv_rijen} == {"true", "false"}

    for tekstvorm in (repr(rijen), tekst.read_text(encoding="utf-8")):
        for verboden in [*verboden_teksten(c), *sp.keys()]:
            assert verboden not in tekstvorm, verboden

    with Session(keten.engine) as s:
        log = s.exec(
            select(Verstrekking).where(Verstrekking.bericht_sleutel == eerste.sleutel)
        ).all()
        assert tweede.sleutel != eerste.sleutel
    assert sorted(v.pseudoniem for v in log) == sorted(c.met_grondslag)
    assert {v.partner for v in log} == {"doel:onderzoek:cohort-2026"}
    assert {v.grondslag for v in log} == {f"toestemming: {BRON}"}
    assert all(v.velden == list(VELDEN) for v in log)


def test_reads_are_a_fixed_number_of_queries_per_block(keten, tmp_path):
    cohort(keten)
    engine = keten.engine
    tellingen: list[str] = []

    def tel(_conn, _cursor, statement, *_):
        if statement.lstrip().upper().startswith("SELECT"):
            tellingen.append(statement)

    event.listen(engine, "before_cursor_execute", tel)
    try:
        een = _exporteer(keten, tmp_path / "a.csv", Formaat.CSV, blokgrootte=10)
        n_een = len(tellingen)
        tellingen.clear()
        _exporteer(keten, tmp_path / "b.csv", Formaat.CSV, blokgrootte=2)  # two blocks
        n_twee = len(tellingen)
    finally:
        event.remove(engine, "before_cursor_execute", tel)
    assert een.deelnemers == 2
    assert n_twee - n_een == 5  # one more block: five more reads, whatever the block holds


def test_the_command_exports_and_refuses_a_bad_study_name_in_one_line(keten, tmp_path):
    c = cohort(keten)
    get_settings.cache_clear()
    uit = tmp_path / "export.csv"
    runner = CliRunner()
    goed = runner.invoke(
        app,
        [
            "export",
            "onderzoek",
            "--studie",
            "cohort-2026",
            "--formaat",
            "csv",
            "--uit",
            str(uit),
            "--programma",
            PROGRAMMA,
            "--van",
            "2000-01-01",
        ],
    )
    assert goed.exit_code == 0, goed.output
    assert "exported 2 participants" in goed.output and "excluded 2" in goed.output
    assert len(_lees_csv(uit)) == 4
    assert all(v not in uit.read_text(encoding="utf-8") for v in verboden_teksten(c))

    for argumenten, veld in [
        (["--studie", "Cohort 2026!", "--formaat", "csv"], "--studie"),
        (["--studie", "cohort-2026", "--formaat", "xlsx"], "--formaat"),
        (["--studie", "cohort-2026", "--formaat", "csv", "--van", "1-1-2026"], "--van"),
    ]:
        fout = runner.invoke(
            app, ["export", "onderzoek", *argumenten, "--uit", str(tmp_path / "x")]
        )
        assert fout.exit_code == 2
        assert fout.output.count("\n") == 1 and fout.output.startswith(f"keten: {veld}:"), (
            fout.output
        )
    assert not (tmp_path / "x").exists()
