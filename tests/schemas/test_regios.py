"""config/regios.yaml: every gemeente partner in exactly one region, refused in one line otherwise."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from settings import ConfigFout, Instellingen, laad_catalogus, laad_regios

PROJECT = Path(__file__).resolve().parents[2]


def _laad(tmp_path: Path, vervang: tuple[str, str] | None = None):
    config = tmp_path / "config"
    shutil.copytree(PROJECT / "config", config)
    if vervang:
        pad = config / "regios.yaml"
        pad.write_text(pad.read_text(encoding="utf-8").replace(*vervang), encoding="utf-8")
    instellingen = Instellingen(data_map=tmp_path, config_map=config)
    return laad_regios(instellingen, laad_catalogus(instellingen)), config / "regios.yaml"


def test_the_shipped_regions_cover_every_gemeente_partner(tmp_path):
    regios, _ = _laad(tmp_path)
    assert regios.regios.regio_van("gemeente-roermond-up") == "AMR-MIDDEN-LIMBURG"
    assert regios.regio(programma="instroomportaal", aanmelder="gon-groningen") == "AMR-GRONINGEN"


def test_a_school_that_referred_counts_in_the_region_of_the_gemeente_holding_the_regie(tmp_path):
    regios, _ = _laad(tmp_path)
    assert (
        regios.regio(programma="utrecht-bank-tot-baan", aanmelder="praktijkschool-utrecht")
        == "AMR-MIDDEN-UTRECHT"
    )
    assert (
        regios.regio(programma="roermond-up-jongeren", aanmelder="isk-gilde-roermond")
        == "AMR-MIDDEN-LIMBURG"
    )


@pytest.mark.parametrize(
    ("vervang", "melding"),
    [
        (
            ("[gemeente-amersfoort]", "[gemeente-amersfoort, gemeente-utrecht]"),
            "more than one region",
        ),
        (
            ("[gemeente-amersfoort]", "[assessment-utrecht, gemeente-amersfoort]"),
            "regios[1].gemeenten[0]: assessment-utrecht is no gemeente partner",
        ),
        (
            ("[gemeente-roermond-up]", "[onbekend-partner, gemeente-roermond-up]"),
            "onbekend-partner is no gemeente partner",
        ),
        (
            (
                ", gemeente-utrecht-volwasseneneducatie]",
                "]",
            ),
            "regios: gemeente partner gemeente-utrecht-volwasseneneducatie is in no region",
        ),
        (("code: AMR-AMERSFOORT", "code: amersfoort"), "regios[1].code"),
    ],
)
def test_a_wrong_region_file_is_one_line_naming_file_and_field(tmp_path, vervang, melding):
    with pytest.raises(ConfigFout) as fout:
        _laad(tmp_path, vervang)
    tekst = str(fout.value)
    assert tekst.startswith(str(tmp_path / "config" / "regios.yaml") + ":")
    assert melding in tekst and len(tekst.splitlines()) == 1
