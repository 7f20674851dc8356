"""The overview's arithmetic: buckets add up, percentiles stay within the values, parameters
are checked and named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.overzicht import (
    FASE_EMMERS,
    LEEFTIJDEN,
    FaseEmmer,
    FaseTijdRij,
    OngeldigeVraag,
    fase_emmer,
    lees_keuze,
    lees_periode,
    percentiel,
    spreiding,
    tel_regels,
    tel_signalen,
    trechter,
    verdeel_fasetijd,
)
from schemas.werklijst import PER_PAGINA, Actiepunt, Bladeren, Reden, actiepunten, lees_pagina

histogrammen = st.dictionaries(st.integers(0, 2000), st.integers(1, 500), min_size=1)


@pytest.mark.parametrize(
    ("dagen", "emmer"),
    [
        (0, FaseEmmer.ONDER_50),
        (20, FaseEmmer.ONDER_50),
        (21, FaseEmmer.TOT_75),  # 6 weeks = 42 days: half is 21
        (31, FaseEmmer.TOT_75),
        (32, FaseEmmer.TOT_100),  # three quarters is 31.5
        (42, FaseEmmer.TOT_100),  # on the limit is not over it
        (43, FaseEmmer.OVER),
    ],
)
def test_a_phase_bucket_is_a_share_of_the_limit(dagen, emmer):
    assert fase_emmer(dagen, 6) == emmer


def test_a_phase_without_a_limit_has_its_own_bucket():
    assert fase_emmer(1000, None) == FaseEmmer.GEEN_GRENS


rijen = st.lists(
    st.builds(
        FaseTijdRij,
        st.sampled_from(["p1", "p2"]),
        st.sampled_from([None, "taal"]),
        st.sampled_from(["assessment", "ontwikkeling"]),
        st.sampled_from(["a", "b", "c"]),
        st.integers(0, 3000),
        st.integers(1, 1000),
    )
)


@given(rijen)
def test_the_buckets_sum_to_the_total(lijst):
    grens = {("p1", None, "assessment", "a"): 6, ("p1", None, "assessment", "*"): 10}
    verdeeld = verdeel_fasetijd(lijst, grens)
    assert sum(sum(e.values()) for e in verdeeld.values()) == sum(r.aantal for r in lijst)
    for emmers in verdeeld.values():
        assert set(emmers) == set(FASE_EMMERS)


@given(histogrammen, st.integers(1, 100))
def test_a_percentile_is_one_of_the_values(histogram, p):
    waarde = percentiel(histogram, p)
    assert waarde in histogram
    onder = sum(n for w, n in histogram.items() if w <= waarde)
    assert onder * 100 >= p * sum(histogram.values())


@given(histogrammen)
def test_the_median_is_not_above_the_p90(histogram):
    sp = spreiding(histogram)
    assert sp.mediaan is not None and sp.p90 is not None
    assert min(histogram) <= sp.mediaan <= sp.p90 <= max(histogram)


def test_nothing_has_no_percentile():
    assert percentiel({}, 50) is None


def test_a_known_median_and_p90():
    histogram = dict.fromkeys(range(1, 11), 1)  # 1..10 once each
    assert (percentiel(histogram, 50), percentiel(histogram, 90)) == (5, 9)


@given(
    st.lists(
        st.tuples(st.sampled_from(["wachten", "ijkpunt"]), st.integers(0, 400), st.integers(1, 9))
    )
)
def test_flags_by_age_sum_to_the_total(lijst):
    tellingen = tel_signalen((k, "risico", "p", d, n) for k, d, n in lijst)
    assert sum(t.totaal for t in tellingen) == sum(n for *_, n in lijst)
    assert all(len(t.per_leeftijd) == len(LEEFTIJDEN) for t in tellingen)


def test_the_rules_are_counted_without_their_values():
    geteld = tel_regels(
        [("p", [{"regel": "verplicht", "kolom": "bsn", "waarde": "123456782"}]), ("p", None)]
    )
    assert geteld == {("p", "verplicht (bsn)"): 1}
    assert "123456782" not in repr(geteld)


def test_the_funnel_orders_phases_in_chain_order_and_adds_entries():
    rijen_ = trechter(
        [
            (None, "ontwikkeling", "actief", 2),
            (None, "instroom", "gepauzeerd", 1),
            ("taal", "ontwikkeling", "actief", 1),
        ],
        [(None, "ontwikkeling", 3), (None, "nazorg", 1)],
        ["instroom", "ontwikkeling", "nazorg"],
    )
    assert [(r.baan, r.fase, r.lopend, r.ingestroomd) for r in rijen_] == [
        (None, "instroom", 1, 0),
        (None, "ontwikkeling", 2, 3),
        (None, "nazorg", 0, 1),
        ("taal", "ontwikkeling", 1, 0),
    ]


@pytest.mark.parametrize("waarde", ["abc", "13", "-7", "7.0", " 30", "٣٠"])
def test_a_bad_period_names_the_parameter(waarde):
    with pytest.raises(OngeldigeVraag) as fout:
        lees_periode(waarde)
    assert fout.value.parameter == "dagen"


@given(st.text(max_size=12))
def test_any_period_text_is_a_period_or_a_named_refusal(waarde):
    try:
        assert lees_periode(waarde) in (7, 30, 90, 365)
    except OngeldigeVraag as fout:
        assert fout.parameter == "dagen"


def test_choices_and_pages():
    assert lees_periode(None) == 30 and lees_periode("365") == 365
    assert lees_keuze("programma", "", ["a"]) is None
    with pytest.raises(OngeldigeVraag, match="programma"):
        lees_keuze("programma", "b", ["a"])
    assert lees_pagina(None) == 1
    with pytest.raises(OngeldigeVraag, match="pagina"):
        lees_pagina("0")


@given(st.integers(0, 10_000), st.integers(1, 300))
def test_paging_covers_every_row_once(totaal, pagina):
    b = Bladeren(pagina, totaal)
    assert b.paginas * PER_PAGINA >= totaal > (b.paginas - 1) * PER_PAGINA or totaal == 0
    assert b.offset == (pagina - 1) * PER_PAGINA
    assert (b.volgende is None) == (pagina >= b.paginas)


def test_worklist_rows_keep_the_page_order_and_sort_their_reasons():
    nu = datetime(2026, 1, 1, tzinfo=UTC)
    punten = actiepunten(
        [(2, "KT-2", "p", nu - timedelta(days=9)), (1, "KT-1", "p", nu - timedelta(days=3))],
        [
            (2, Reden("wachten", "x", nu - timedelta(days=1))),
            (2, Reden("quarantaine", "y", nu - timedelta(days=9))),
        ],
    )
    assert [p.pseudoniem for p in punten] == ["KT-2", "KT-1"]
    assert [r.soort for r in punten[0].redenen] == ["quarantaine", "wachten"]
    assert punten[1] == Actiepunt("KT-1", "p", nu - timedelta(days=3), ())
    assert punten[0].dagen(nu) == 9
