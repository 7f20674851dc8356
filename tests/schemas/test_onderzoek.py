"""The researcher export's pure parts: study pseudonyms, age bands, stays, the request parser."""

from __future__ import annotations

import string
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from schemas.onderzoek import (
    STUDIENAAM,
    Ongeldig,
    leeftijdsband,
    lees_aanvraag,
    studiepseudoniem,
    studiesleutel,
)
from schemas.onderzoek_rijen import Stap, verblijven

studies = st.from_regex(STUDIENAAM, fullmatch=True)
ketenpseudoniemen = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=10, max_size=10
).map(lambda s: "KT-" + s)
pepers = st.binary(min_size=16, max_size=64)


@given(pepers, studies, ketenpseudoniemen)
def test_a_participant_keeps_their_pseudonym_within_a_study(peper, studie, kt):
    eerste = studiepseudoniem(studiesleutel(peper, studie), kt)
    assert eerste == studiepseudoniem(studiesleutel(peper, studie), kt)
    assert eerste.startswith("SP-") and "KT-" not in eerste and kt[3:] not in eerste


@given(pepers, studies, studies, ketenpseudoniemen)
def test_two_studies_give_the_same_participant_unlinkable_pseudonyms(peper, a, b, kt):
    assume(a != b)
    assert studiepseudoniem(studiesleutel(peper, a), kt) != studiepseudoniem(
        studiesleutel(peper, b), kt
    )


@given(pepers, studies, ketenpseudoniemen, ketenpseudoniemen)
def test_two_participants_differ_within_a_study(peper, studie, kt1, kt2):
    assume(kt1 != kt2)
    sleutel = studiesleutel(peper, studie)
    assert studiepseudoniem(sleutel, kt1) != studiepseudoniem(sleutel, kt2)


@given(st.text(max_size=60))
def test_a_study_name_outside_the_pattern_is_refused_naming_the_field(naam):
    assume(not STUDIENAAM.fullmatch(naam))
    with pytest.raises(Ongeldig) as fout:
        lees_aanvraag(studie=naam, formaat="csv", programma=None, van=None, tot=None, programmas=[])
    assert fout.value.veld == "studie"


@given(st.text(alphabet=string.printable, max_size=12))
def test_a_wrong_date_is_refused_naming_the_field(tekst):
    assume(tekst)
    try:
        date.fromisoformat(tekst)
        assume(len(tekst) != 10)
    except ValueError:
        pass
    with pytest.raises(Ongeldig) as fout:
        lees_aanvraag(
            studie="cohort-2026", formaat="csv", programma=None, van=tekst, tot=None, programmas=[]
        )
    assert fout.value.veld == "van"


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"formaat": "xlsx"}, "formaat"),
        ({"programma": "onbekend"}, "programma"),
        ({"van": "2026-05-01", "tot": "2026-04-30"}, "tot"),
    ],
)
def test_each_wrong_field_is_named(velden, veld):
    aanvraag = {
        "studie": "cohort-2026",
        "formaat": "csv",
        "programma": None,
        "van": None,
        "tot": None,
    }
    with pytest.raises(Ongeldig) as fout:
        lees_aanvraag(**(aanvraag | velden), programmas=["utrecht-bank-tot-baan"])
    assert fout.value.veld == veld


@pytest.mark.parametrize(
    ("geboren", "op", "band"),
    [
        (date(2010, 6, 2), date(2025, 6, 1), "<15"),
        (date(2010, 6, 1), date(2025, 6, 1), "15-17"),
        (date(2007, 6, 2), date(2025, 6, 1), "15-17"),
        (date(2007, 6, 1), date(2025, 6, 1), "18-22"),
        (date(2002, 1, 1), date(2025, 6, 1), "23-26"),
        (date(1998, 1, 1), date(2025, 6, 1), "27-34"),
        (date(1980, 1, 1), date(2025, 6, 1), "35-49"),
        (date(1975, 6, 1), date(2025, 6, 1), "50+"),
    ],
)
def test_age_bands_at_referral(geboren, op, band):
    assert leeftijdsband(geboren, op) == band


def test_stays_follow_the_ledger_per_lane_and_end_with_the_trajectory():
    t0 = datetime(2026, 1, 5, tzinfo=UTC)
    stappen = [
        Stap(None, "aanmelden", "instroom", "actief", t0),
        Stap(None, "doorstromen", "assessment", "actief", t0 + timedelta(days=10)),
        Stap("taal", "aanmelden", "ontwikkeling", "actief", t0 + timedelta(days=12)),
        Stap(None, "pauzeren", "assessment", "gepauzeerd", t0 + timedelta(days=20)),
        Stap(None, "uitvallen", "assessment", "uitgevallen", t0 + timedelta(days=40)),
    ]
    gezien = [
        (v.baan, v.fase, (v.uit_op - v.in_op).days if v.uit_op else None)
        for v in verblijven(stappen, t0 + timedelta(days=40))
    ]
    assert gezien == [
        ("hoofd", "instroom", 10),
        ("hoofd", "assessment", 30),
        ("taal", "ontwikkeling", 28),
    ]
