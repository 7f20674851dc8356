"""The monitor's tables together (reach, furthest phase, dropout, each outcome kind), property-
based: over random cohorts no hidden count can be recomputed from what is shown and the sums
between the tables, a group under 10 never shows its reach, and no rate rests on a hidden count."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.monitor import (
    Gegevens,
    T,
    Telrij,
    Uitkomstrij,
    _tellingen,
    _verbanden,
    bouw,
)
from schemas.onderdrukking import onderdruk
from tests.monitor.test_onderdrukking import _herleidbaar

FASEN = ("instroom", "assessment", "plaatsing")
GESLACHT = ("man", "vrouw", "anders", None)


@st.composite
def cohorten(draw):
    voortgang = tuple(
        Telrij(
            kenmerken=(draw(st.sampled_from(GESLACHT)), "18-22", "participatiewet", None),
            verste=draw(st.sampled_from(FASEN)),
            uitgevallen=draw(st.booleans()),
            aantal=draw(st.integers(1, 40)),
        )
        for _ in range(draw(st.integers(1, 12)))
    )
    uitkomsten = tuple(
        Uitkomstrij(r.kenmerken, "regulier_werk", draw(st.integers(0, r.aantal)))
        for r in voortgang
        if not r.uitgevallen
    )
    return Gegevens(fasen=FASEN, voortgang=voortgang, uitkomsten=uitkomsten, verblijf=())


@settings(max_examples=150, deadline=None)
@given(cohorten())
def test_niets_verborgens_is_terug_te_rekenen_over_alle_tabellen(g):
    soorten = tuple(sorted({u.soort for u in g.uitkomsten}))
    n = _tellingen(g, "geslacht", soorten)
    tabellen = {"verste": FASEN, "uitval": ("ja", "nee")} | {
        "uitkomst:" + s: ("ja", "nee") for s in soorten
    }
    groepen = ("man", "vrouw", "anders", "onbekend")
    sleutels = [("n", r) for r in (*groepen, T)] + [
        (m, r, k) for m, ks in tabellen.items() for r in (*groepen, T) for k in ks
    ]
    verbanden = _verbanden(groepen, tabellen)
    verborgen = onderdruk({s: n[s] for s in sleutels}, verbanden)
    assert not _herleidbaar(verborgen, verbanden)

    u = bouw(g, "geslacht")
    assert u.onderdrukt == len(verborgen)
    for groep in u.groepen:
        if n["n", groep.naam] < 10:
            assert groep.bereik.onderdrukt and groep.uitval.onderdrukt
        if groep.bereik.onderdrukt:
            assert all(c.onderdrukt for c, _ in (*groep.bereikt, *groep.uitkomsten))
        assert groep.uitval_n.onderdrukt or n["uitval", groep.naam, "ja"] >= 10
