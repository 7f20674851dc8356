"""The equal-chances monitor (seed 002; issue 12 §4): reach, progression per phase, time in
phase, dropout and outcomes of one cohort by group, each with the group's gap to the whole, and
every count under 10 suppressed together with whatever would give it away (schemas.onderdrukking).

Pure: `persistence.monitor` hands in the counts grouped by every attribute at once; `bouw`
folds them to one breakdown and decides what may be shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from schemas.kenmerken import Doelgroep, Geslacht, Herkomst, Leeftijdsband
from schemas.onderdrukking import DREMPEL, Sleutel, Verband, onderdruk

ONBEKEND = "onbekend"
T = "totaal"
UITSPLITSINGEN: dict[str, tuple[str, ...]] = {
    "geslacht": tuple(g.value for g in Geslacht),
    "leeftijdsband": (*(b.value for b in Leeftijdsband), ONBEKEND),
    "doelgroep": (*(d.value for d in Doelgroep), ONBEKEND),
    "herkomst": tuple(h.value for h in Herkomst),
}
_PLEK = {naam: i for i, naam in enumerate(UITSPLITSINGEN)}  # position in a row's attributes

Kenmerken = tuple[str | None, str | None, str | None, str | None]
_Getoond = Callable[[Sleutel], float | None]  # a count, or None where it is suppressed


@dataclass(frozen=True)
class Telrij:
    kenmerken: Kenmerken
    verste: str | None  # the furthest phase reached
    uitgevallen: bool  # the latest episode ended in dropout
    aantal: int


@dataclass(frozen=True)
class Uitkomstrij:
    kenmerken: Kenmerken
    soort: str
    aantal: int  # participants with at least one outcome of this kind


@dataclass(frozen=True)
class Verblijfrij:
    kenmerken: Kenmerken
    fase: str
    dagen: int
    aantal: int  # participants who spent this many days in the phase


@dataclass(frozen=True)
class Gegevens:
    fasen: tuple[str, ...]  # the programme's phases, in order
    voortgang: tuple[Telrij, ...]
    uitkomsten: tuple[Uitkomstrij, ...]
    verblijf: tuple[Verblijfrij, ...]


@dataclass(frozen=True)
class Cel:
    """A shown number, or None where it is suppressed."""

    waarde: float | None

    @property
    def onderdrukt(self) -> bool:
        return self.waarde is None


@dataclass(frozen=True)
class Groep:
    naam: str
    bereik: Cel
    aandeel: Cel  # % of the whole cohort
    uitval_n: Cel
    uitval: Cel  # %
    uitval_verschil: Cel  # percentage points against the whole
    bereikt: tuple[tuple[Cel, Cel], ...]  # per phase: % that reached it, gap in pp
    mediaan: tuple[Cel, ...]  # per phase: median days in it
    uitkomsten: tuple[tuple[Cel, Cel], ...]  # per outcome kind: %, gap in pp


@dataclass(frozen=True)
class Uitsplitsing:
    kenmerk: str
    fasen: tuple[str, ...]
    soorten: tuple[str, ...]
    groepen: tuple[Groep, ...]
    geheel: Groep
    onderdrukt: int  # counts hidden (primary and secondary)


def _groep_van(kenmerken: Kenmerken, kenmerk: str) -> str:
    return kenmerken[_PLEK[kenmerk]] or ONBEKEND


def _tellingen(g: Gegevens, kenmerk: str, soorten: tuple[str, ...]) -> Counter[Sleutel]:
    """The counts of every table of the breakdown, margins included."""
    n: Counter[Sleutel] = Counter()
    for r in g.voortgang:
        groep = _groep_van(r.kenmerken, kenmerk)
        fase = r.verste if r.verste in g.fasen else g.fasen[0]
        for rij in (groep, T):
            n["n", rij] += r.aantal
            n["verste", rij, fase] += r.aantal
            n["uitval", rij, "ja" if r.uitgevallen else "nee"] += r.aantal
    for u in g.uitkomsten:
        for rij in (_groep_van(u.kenmerken, kenmerk), T):
            n["uitkomst:" + u.soort, rij, "ja"] += u.aantal
    for soort in soorten:
        for rij in (*UITSPLITSINGEN[kenmerk], T):
            n["uitkomst:" + soort, rij, "nee"] = n["n", rij] - n["uitkomst:" + soort, rij, "ja"]
    return n


def _verbanden(groepen: tuple[str, ...], tabellen: Mapping[str, tuple[str, ...]]) -> list[Verband]:
    """Each table's row sums (to the group's reach), column sums, and the reach's own sum."""
    uit = [Verband(("n", T), tuple(("n", g) for g in groepen))]
    for maat, kolommen in tabellen.items():
        uit += [Verband(("n", g), tuple((maat, g, k) for k in kolommen)) for g in (*groepen, T)]
        uit += [Verband((maat, T, k), tuple((maat, g, k) for g in groepen)) for k in kolommen]
    return uit


def _pct(teller: float | None, noemer: float | None) -> Cel:
    if teller is None or noemer is None:
        return Cel(None)
    return Cel(round(100 * teller / noemer, 1) if noemer else 0.0)


def _verschil(groep: Cel, geheel: Cel) -> Cel:
    if groep.waarde is None or geheel.waarde is None:
        return Cel(None)
    return Cel(round(groep.waarde - geheel.waarde, 1))


def _mediaan(histogram: Mapping[int, int]) -> Cel:
    """The median of a histogram of whole days; suppressed below DREMPEL people."""
    totaal = sum(histogram.values())
    if totaal < DREMPEL:
        return Cel(None)
    waarden = sorted(histogram.items())
    midden = [(totaal - 1) // 2, totaal // 2]
    uit, gezien = [], 0
    for dagen, aantal in waarden:
        uit += [dagen for m in midden if gezien <= m < gezien + aantal]
        gezien += aantal
    return Cel(sum(uit) / 2)


def bouw(g: Gegevens, kenmerk: str) -> Uitsplitsing:
    """One breakdown of the cohort, with its suppression decided over all its tables at once."""
    groepen = UITSPLITSINGEN[kenmerk]
    soorten = tuple(sorted({u.soort for u in g.uitkomsten}))
    tabellen = {"verste": g.fasen, "uitval": ("ja", "nee")} | {
        "uitkomst:" + s: ("ja", "nee") for s in soorten
    }
    n = _tellingen(g, kenmerk, soorten)
    sleutels: list[Sleutel] = [("n", r) for r in (*groepen, T)]
    sleutels += [(m, r, k) for m, ks in tabellen.items() for r in (*groepen, T) for k in ks]
    tellingen = {s: n[s] for s in sleutels}
    verborgen = onderdruk(tellingen, _verbanden(groepen, tabellen))

    def getoond(s: Sleutel) -> float | None:
        return None if s in verborgen else float(tellingen[s])

    histogrammen: dict[tuple[str, str], Counter[int]] = {}
    for v in g.verblijf:
        for rij in (_groep_van(v.kenmerken, kenmerk), T):
            histogrammen.setdefault((rij, v.fase), Counter())[v.dagen] += v.aantal
    geheel = _groep(T, g.fasen, soorten, getoond, histogrammen, None)
    return Uitsplitsing(
        kenmerk=kenmerk,
        fasen=g.fasen,
        soorten=soorten,
        groepen=tuple(_groep(r, g.fasen, soorten, getoond, histogrammen, geheel) for r in groepen),
        geheel=geheel,
        onderdrukt=len(verborgen),
    )


def _bereikt(rij: str, fasen: tuple[str, ...], getoond: _Getoond) -> list[float | None]:
    """How many reached each phase: the sum from that phase on, or the reach minus the sum
    before it, whichever uses shown counts only."""
    uit: list[float | None] = []
    verste = [getoond(("verste", rij, f)) for f in fasen]
    bereik = getoond(("n", rij))
    for i in range(len(fasen)):
        na, voor = verste[i:], verste[:i]
        if all(x is not None for x in na):
            uit.append(sum(x for x in na if x is not None))
        elif bereik is not None and all(x is not None for x in voor):
            uit.append(bereik - sum(x for x in voor if x is not None))
        else:
            uit.append(None)
    return uit


def _groep(
    rij: str,
    fasen: tuple[str, ...],
    soorten: tuple[str, ...],
    getoond: _Getoond,
    histogrammen: Mapping[tuple[str, str], Counter[int]],
    geheel: Groep | None,
) -> Groep:
    bereik = getoond(("n", rij))
    uitval = _pct(getoond(("uitval", rij, "ja")), bereik)
    bereikt = [_pct(x, bereik) for x in _bereikt(rij, fasen, getoond)]
    uitkomsten = [_pct(getoond(("uitkomst:" + s, rij, "ja")), bereik) for s in soorten]

    def gat(cel: Cel, i: int, soort: str) -> Cel:
        if geheel is None:
            return Cel(0.0) if cel.waarde is not None else Cel(None)
        lijst = geheel.bereikt if soort == "fase" else geheel.uitkomsten
        return _verschil(cel, lijst[i][0])

    return Groep(
        naam=rij,
        bereik=Cel(bereik),
        aandeel=_pct(bereik, getoond(("n", T))),
        uitval_n=Cel(getoond(("uitval", rij, "ja"))),
        uitval=uitval,
        uitval_verschil=_verschil(uitval, geheel.uitval if geheel else uitval),
        bereikt=tuple((c, gat(c, i, "fase")) for i, c in enumerate(bereikt)),
        mediaan=tuple(_mediaan(histogrammen.get((rij, f), Counter())) for f in fasen),
        uitkomsten=tuple((c, gat(c, i, "uitkomst")) for i, c in enumerate(uitkomsten)),
    )


def alle(g: Gegevens, kenmerken: Iterable[str]) -> tuple[Uitsplitsing, ...]:
    return tuple(bouw(g, k) for k in kenmerken)
