"""Suppression, property-based: whatever the counts, no suppressed count can be recomputed from
what is shown and the table's sums (checked by an independent oracle: numpy's rank), every count
under 10 is suppressed, and counts of 10 or more stay shown where nothing forces them."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.onderdrukking import DREMPEL, Verband, onderdruk, tabel_verbanden


def _herleidbaar(verborgen, verbanden):
    """Independent oracle: x_k is determined iff adding e_k to the sums' matrix keeps its rank."""
    onbekend = sorted(verborgen, key=repr)
    if not onbekend:
        return set()
    a = np.array(
        [[v.delen.count(s) - (v.totaal == s) for s in onbekend] for v in verbanden],
        dtype=float,
    ).reshape(len(verbanden), len(onbekend))
    rang = np.linalg.matrix_rank(a) if a.size else 0
    uit = set()
    for i, s in enumerate(onbekend):
        e = np.zeros((1, len(onbekend)))
        e[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([a, e])) == rang:
            uit.add(s)
    return uit


def _tabel(cellen, rijen, kolommen):
    tellingen = dict(cellen)
    for r in rijen:
        tellingen[(r, "totaal")] = sum(cellen[(r, k)] for k in kolommen)
    for k in kolommen:
        tellingen[("totaal", k)] = sum(cellen[(r, k)] for r in rijen)
    tellingen[("totaal", "totaal")] = sum(cellen.values())
    return tellingen


aantallen = st.one_of(st.integers(0, 12), st.integers(0, 400))


@st.composite
def tabellen(draw, max_rijen=6, max_kolommen=5):
    rijen = [f"r{i}" for i in range(draw(st.integers(1, max_rijen)))]
    kolommen = [f"k{i}" for i in range(draw(st.integers(1, max_kolommen)))]
    cellen = {(r, k): draw(aantallen) for r in rijen for k in kolommen}
    return _tabel(cellen, rijen, kolommen), tabel_verbanden(rijen, kolommen)


@settings(max_examples=300, deadline=None)
@given(st.lists(aantallen, min_size=1, max_size=10))
def test_eendimensionaal_met_totaal_verraadt_niets(groepen):
    tellingen = {f"g{i}": n for i, n in enumerate(groepen)} | {"totaal": sum(groepen)}
    verbanden = (Verband("totaal", tuple(f"g{i}" for i in range(len(groepen)))),)
    verborgen = onderdruk(tellingen, verbanden)
    assert {s for s, n in tellingen.items() if n < DREMPEL} <= verborgen
    assert not _herleidbaar(verborgen, verbanden)
    if all(n >= DREMPEL for n in groepen):
        assert verborgen == set()


@settings(max_examples=300, deadline=None)
@given(tabellen())
def test_tweedimensionaal_met_marges_verraadt_niets(tabel):
    tellingen, verbanden = tabel
    verborgen = onderdruk(tellingen, verbanden)
    assert {s for s, n in tellingen.items() if n < DREMPEL} <= verborgen
    assert not _herleidbaar(verborgen, verbanden)


def test_een_eenzame_kleine_cel_neemt_de_kleinste_buur_mee():
    tellingen = {"a": 4, "b": 50, "c": 30, "totaal": 84}
    verborgen = onderdruk(tellingen, (Verband("totaal", ("a", "b", "c")),))
    assert verborgen == {"a", "c"}  # the next smallest, not the total


def test_tabel_zonder_kleine_cellen_blijft_heel():
    tellingen = _tabel({("r", "k"): 20, ("r", "l"): 30}, ["r"], ["k", "l"])
    assert onderdruk(tellingen, tabel_verbanden(["r"], ["k", "l"])) == set()
