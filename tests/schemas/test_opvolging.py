"""The follow-up's arithmetic and configuration: calendar months, paused time, levels, deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from schemas.opvolging import (
    Niveau,
    Signaal,
    SignaalSoort,
    gepauzeerd,
    niveau_pct,
    plus_jaren,
    plus_maanden,
)
from schemas.programma import Programma, Termijn
from settings import get_settings, laad_catalogus

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def dag(n: float) -> datetime:
    return T0 + timedelta(days=n)


@pytest.mark.parametrize(("begin", "maanden", "verwacht"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),
    (date(2028, 1, 31), 1, date(2028, 2, 29)),
    (date(2026, 8, 15), 6, date(2027, 2, 15)),
    (date(2026, 11, 30), 24, date(2028, 11, 30)),
])  # fmt: skip
def test_plus_maanden_telt_kalendermaanden(begin, maanden, verwacht):
    assert plus_maanden(begin, maanden) == verwacht


def test_een_verjaardag_op_29_februari_valt_in_andere_jaren_op_28_februari():
    assert plus_jaren(date(2008, 2, 29), 18) == date(2026, 2, 28)


def test_gepauzeerde_tijd_telt_alleen_na_het_begin_en_een_lopende_pauze_tot_nu():
    pauzes = [
        ("pauzeren", dag(-5)),
        ("hervatten", dag(2)),
        ("pauzeren", dag(10)),
        ("hervatten", dag(13)),
        ("pauzeren", dag(20)),
    ]
    assert gepauzeerd(pauzes, vanaf=T0, nu=dag(25)) == timedelta(days=2 + 3 + 5)
    assert gepauzeerd([], vanaf=T0, nu=dag(25)) == timedelta()


@pytest.mark.parametrize(
    ("dagen", "verwacht"),
    [(79, None), (80, Niveau.RISICO), (100, Niveau.RISICO), (101, Niveau.OVERSCHREDEN)],
)
def test_risico_vanaf_het_waarschuwingspercentage_overschreden_na_de_limiet(dagen, verwacht):
    assert (
        niveau_pct(verstreken=timedelta(days=dagen), limiet=timedelta(days=100), waarschuw_pct=80)
        == verwacht
    )


def test_een_signaal_is_uniek_per_deelnemer_soort_onderwerp_en_niveau():
    a = Signaal(
        deelnemer_id=1,
        pseudoniem="KT-AAAAAAAAAA",
        programma="p",
        partner="x",
        soort=SignaalSoort.PIP,
        niveau=Niveau.RISICO,
        onderwerp="pip",
    )
    assert a.sleutel == "KT-AAAAAAAAAA/pip/pip/risico"
    assert a.model_copy(update={"niveau": Niveau.OVERSCHREDEN}).sleutel != a.sleutel


def test_een_termijn_heeft_weken_of_jaren_en_wacht_op_een_fase_van_het_programma():
    with pytest.raises(ValidationError, match="either weken or jaren"):
        Termijn(soort="pip", vanaf="aanmelding", weken=10, jaren=1, waarschuw_weken=2)
    with pytest.raises(ValidationError, match="either weken or jaren"):
        Termijn(soort="pip", vanaf="aanmelding", waarschuw_weken=2)
    ruw = laad_catalogus(get_settings()).programma("harderwijk-voltijd-klantreis").model_dump()
    ruw["fasen"] = [f for f in ruw["fasen"] if f["fase"] != "ontwikkeling"]
    ruw |= {"overslaan": [], "wisselen_in": [], "ijkpunten": []}
    with pytest.raises(ValidationError, match="phases not in this programme"):
        Programma.model_validate(ruw)


def test_de_laatste_checkin_valt_binnen_de_nazorgperiode_van_het_programma():
    programmas = laad_catalogus(get_settings()).programmas
    start = date(2026, 3, 1)
    for p in programmas.values():
        einde = start + timedelta(weeks=p.inrichting(p.fase_volgorde[-1]).max_weken or 0, days=7)
        assert plus_maanden(start, p.nazorg.maanden[-1]) <= einde, p.id
    assert programmas["utrecht-bank-tot-baan"].nazorg.maanden == [1, 3, 6, 12, 24]
