"""Suppression of small counts in published tables (issue 12 §4; CBS practice).

A table is a set of counts with the sums that hold between them (`Verband`: a total and its
parts). Primary suppression hides every count under the threshold; secondary suppression then
hides further counts until no hidden count can be recomputed exactly from the shown counts and
the sums (a hidden count is recomputable iff its unit vector lies in the row space of the sums
restricted to the hidden counts). Pure: exact arithmetic, no I/O.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from math import gcd

DREMPEL = 10  # fewer people than this in a cell: not shown

Sleutel = Hashable


@dataclass(frozen=True)
class Verband:
    """`totaal` = sum of `delen`: a row or column sum of a table."""

    totaal: Sleutel
    delen: tuple[Sleutel, ...]


def _rref(rijen: list[list[int]]) -> list[list[int]]:
    """Reduced row echelon form up to a factor per row: fraction-free Gauss-Jordan on integers,
    exact, each row divided by its gcd to keep the numbers small."""
    uit = [r[:] for r in rijen if any(r)]
    kolommen = len(uit[0]) if uit else 0
    rang = 0
    for k in range(kolommen):
        spil = next((i for i in range(rang, len(uit)) if uit[i][k] != 0), None)
        if spil is None:
            continue
        uit[rang], uit[spil] = uit[spil], uit[rang]
        p = uit[rang]
        for i in range(len(uit)):
            f = uit[i][k]
            if i != rang and f != 0:
                rij = [a * p[k] - f * b for a, b in zip(uit[i], p, strict=True)]
                deler = gcd(*rij)
                uit[i] = [w // deler for w in rij] if deler > 1 else rij
        rang += 1
    return uit[:rang]


def afleidbaar(verborgen: Iterable[Sleutel], verbanden: Sequence[Verband]) -> frozenset[Sleutel]:
    """The hidden counts that the shown counts and the sums determine exactly."""
    onbekend = sorted(set(verborgen), key=repr)
    plek = {s: i for i, s in enumerate(onbekend)}
    rijen = []
    for v in verbanden:
        rij = [0] * len(onbekend)
        for deel in v.delen:
            if deel in plek:
                rij[plek[deel]] += 1
        if v.totaal in plek:
            rij[plek[v.totaal]] -= 1
        rijen.append(rij)
    uit = set()
    for rij in _rref(rijen):
        nietnul = [i for i, w in enumerate(rij) if w != 0]
        if len(nietnul) == 1:
            uit.add(onbekend[nietnul[0]])
    return frozenset(uit)


def onderdruk(
    tellingen: Mapping[Sleutel, int],
    verbanden: Sequence[Verband],
    *,
    drempel: int = DREMPEL,
) -> frozenset[Sleutel]:
    """The counts not to show: those under `drempel`, and enough others that none is recomputable.

    Secondary suppression hides, beside a recomputable count, the smallest shown count of a sum
    it is part of (a part before a total, so totals stay shown where possible).
    """
    verborgen = {s for s, n in tellingen.items() if n < drempel}
    totalen = {v.totaal for v in verbanden}
    while True:
        bloot = afleidbaar(verborgen, verbanden) if verborgen else frozenset()
        if not bloot:
            return frozenset(verborgen)
        nieuw = _bij(bloot, verborgen, verbanden, tellingen, totalen)
        if not nieuw:  # only sums of hidden counts left: nothing shown to hide
            return frozenset(verborgen)
        verborgen |= nieuw


def _bij(
    bloot: frozenset[Sleutel],
    verborgen: set[Sleutel],
    verbanden: Sequence[Verband],
    tellingen: Mapping[Sleutel, int],
    totalen: set[Sleutel],
) -> set[Sleutel]:
    """The one count to hide next: the smallest shown count in a sum with a recomputable one
    (a part before a total), so as little as possible is hidden beyond the small cells."""
    kandidaten = set().union(*(_naast(d, verborgen, verbanden) for d in bloot))
    if not kandidaten:
        return set()
    return {min(kandidaten, key=lambda s: (s in totalen, tellingen[s], repr(s)))}


def _naast(doel: Sleutel, verborgen: set[Sleutel], verbanden: Sequence[Verband]) -> set[Sleutel]:
    """Shown counts in a sum with `doel`, or failing that in any sum with a hidden count."""
    for alleen_doel in (True, False):
        uit = {
            s
            for v in verbanden
            if (doel in (v.totaal, *v.delen) if alleen_doel else verborgen & {v.totaal, *v.delen})
            for s in (v.totaal, *v.delen)
            if s not in verborgen
        }
        if uit:
            return uit
    return set()


def tabel_verbanden(
    rijen: Sequence[Sleutel], kolommen: Sequence[Sleutel], *, totaal: Sleutel = "totaal"
) -> tuple[Verband, ...]:
    """The sums of a two-way table with margins: cells (r, k), row totals (r, totaal), column
    totals (totaal, k) and the grand total (totaal, totaal)."""
    uit = [Verband((r, totaal), tuple((r, k) for k in kolommen)) for r in rijen]
    uit += [Verband((totaal, k), tuple((r, k) for r in rijen)) for k in kolommen]
    uit.append(Verband((totaal, totaal), tuple((totaal, k) for k in kolommen)))
    if len(rijen) > 0:
        uit.append(Verband((totaal, totaal), tuple((r, totaal) for r in rijen)))
    return tuple(uit)
