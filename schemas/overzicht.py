"""The coordinator's overview as arithmetic: periods, buckets, percentiles and ages.

The database groups and counts (persistence.overzicht); what is left is cheap and pure: sort the
grouped rows into buckets against each programme's limits, read percentiles off a histogram of
whole days, and check the page's query parameters. No I/O, no clock of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from schemas.programma import FaseInrichting, Programma

PERIODES = (7, 30, 90, 365)
STANDAARD_PERIODE = 30


class OngeldigeVraag(ValueError):
    """A query parameter the page cannot use: which one and the rule it broke."""

    def __init__(self, parameter: str, regel: str) -> None:
        super().__init__(f"{parameter}: {regel}")
        self.parameter, self.regel = parameter, regel


def lees_periode(waarde: str | None) -> int:
    """`?dagen=`: one of the offered periods; absent means the default."""
    if waarde is None or waarde == "":
        return STANDAARD_PERIODE
    if waarde not in {str(p) for p in PERIODES}:  # ASCII digits only: no "٣٠", no " 30"
        raise OngeldigeVraag("dagen", f"moet een van {', '.join(map(str, PERIODES))} zijn")
    return int(waarde)


def lees_keuze(parameter: str, waarde: str | None, bekend: Iterable[str]) -> str | None:
    """A value from a known list (programme, partner, kind); absent or empty means all."""
    if waarde is None or waarde == "":
        return None
    if waarde not in set(bekend):
        raise OngeldigeVraag(parameter, "onbekende waarde")
    return waarde


@dataclass(frozen=True)
class Selectie:
    """What one page counts: a programme (None: all), a partner (None: the whole chain; a
    partner's medewerker always has their own), the period in days, and now."""

    programma: str | None
    partner: str | None
    dagen: int
    nu: datetime

    @property
    def vanaf(self) -> datetime:
        return self.nu - timedelta(days=self.dagen)

    @property
    def vandaag(self) -> date:
        return self.nu.date()


class FaseEmmer(StrEnum):
    """Time in phase as a share of the programme's limit for that phase (and partner)."""

    ONDER_50 = "< 50%"
    TOT_75 = "50–75%"
    TOT_100 = "75–100%"
    OVER = "over de grens"
    GEEN_GRENS = "geen grens"


FASE_EMMERS = tuple(FaseEmmer)


def fase_emmer(dagen: int, grens_weken: int | None) -> FaseEmmer:
    """Which bucket `dagen` in a phase falls in; integer arithmetic, so boundaries are exact."""
    if grens_weken is None:
        return FaseEmmer.GEEN_GRENS
    grens = 7 * grens_weken
    if dagen * 2 < grens:
        return FaseEmmer.ONDER_50
    if dagen * 4 < grens * 3:
        return FaseEmmer.TOT_75
    if dagen <= grens:
        return FaseEmmer.TOT_100
    return FaseEmmer.OVER


Grenzen = dict[tuple[str, str | None, str, str], int | None]


def grenzen(programmas: Iterable[Programma]) -> Grenzen:
    """Each programme's limit in weeks per (programme, lane, phase, partner); partner "*" is the
    phase's own limit, for a partner the file does not name (None: the phase has no limit)."""
    uit: Grenzen = {}

    def _voeg_toe(programma: str, baan: str | None, fasen: Iterable[FaseInrichting]) -> None:
        for f in fasen:
            uit[(programma, baan, f.fase.value, "*")] = f.max_weken
            for partner in f.partners:
                uit[(programma, baan, f.fase.value, partner)] = f.max_weken_voor(partner)

    for p in programmas:
        _voeg_toe(p.id, None, p.fasen)
        for b in p.banen:
            _voeg_toe(p.id, b.naam, b.fasen)
    return uit


@dataclass(frozen=True)
class FaseTijdRij:
    """A grouped row: how many running participants are `dagen` days into a phase at a partner."""

    programma: str
    baan: str | None
    fase: str
    partner: str
    dagen: int
    aantal: int


def verdeel_fasetijd(
    rijen: Iterable[FaseTijdRij], grens: Grenzen
) -> dict[tuple[str, str | None, str], dict[FaseEmmer, int]]:
    """Per (programme, lane, phase): participants per bucket, each against its own partner's limit."""
    uit: dict[tuple[str, str | None, str], dict[FaseEmmer, int]] = {}
    for r in rijen:
        emmers = uit.setdefault((r.programma, r.baan, r.fase), dict.fromkeys(FASE_EMMERS, 0))
        sleutel = (r.programma, r.baan, r.fase)
        emmer = fase_emmer(r.dagen, grens.get((*sleutel, r.partner), grens.get((*sleutel, "*"))))
        emmers[emmer] += r.aantal
    return uit


def percentiel(histogram: Mapping[int, int], p: int) -> int | None:
    """The nearest-rank p-th percentile (0 < p ≤ 100) of whole days, read off value → count:
    always one of the values, so it stays within their range."""
    totaal = sum(histogram.values())
    if totaal == 0:
        return None
    rang = max(1, -(-(p * totaal) // 100))  # ceil(p/100 · n) in integers
    gezien = 0
    for waarde in sorted(histogram):
        gezien += histogram[waarde]
        if gezien >= rang:
            return waarde
    return max(histogram)


@dataclass(frozen=True)
class Spreiding:
    """How long something took per group: how many, median and p90 in days."""

    aantal: int
    mediaan: int | None
    p90: int | None


def spreiding(histogram: Mapping[int, int]) -> Spreiding:
    return Spreiding(sum(histogram.values()), percentiel(histogram, 50), percentiel(histogram, 90))


def spreiding_per(rijen: Iterable[tuple[str, int, int]]) -> dict[str, Spreiding]:
    """(group, days, count) rows → per group its spread; negative days (clock skew) count as 0."""
    histogrammen: dict[str, dict[int, int]] = {}
    for groep, dagen, aantal in rijen:
        h = histogrammen.setdefault(groep, {})
        h[max(0, dagen)] = h.get(max(0, dagen), 0) + aantal
    return {g: spreiding(h) for g, h in sorted(histogrammen.items())}


LEEFTIJDEN = ("< 7 dagen", "7–30 dagen", "30–90 dagen", "≥ 90 dagen")


def leeftijd_emmer(dagen: int) -> str:
    """How old an open flag is, in the buckets a coordinator scans."""
    if dagen < 7:
        return LEEFTIJDEN[0]
    if dagen < 30:
        return LEEFTIJDEN[1]
    if dagen < 90:
        return LEEFTIJDEN[2]
    return LEEFTIJDEN[3]


@dataclass(frozen=True)
class SignaalTelling:
    soort: str
    niveau: str
    partner: str
    per_leeftijd: tuple[int, ...]  # in LEEFTIJDEN order

    @property
    def totaal(self) -> int:
        return sum(self.per_leeftijd)


def tel_signalen(rijen: Iterable[tuple[str, str, str, int, int]]) -> list[SignaalTelling]:
    """(kind, level, partner, age in days, count) → one row per kind, level and partner, by age."""
    per: dict[tuple[str, str, str], list[int]] = {}
    for soort, niveau, partner, dagen, aantal in rijen:
        teller = per.setdefault((soort, niveau, partner), [0] * len(LEEFTIJDEN))
        teller[LEEFTIJDEN.index(leeftijd_emmer(dagen))] += aantal
    return [SignaalTelling(*k, tuple(v)) for k, v in sorted(per.items())]


def tel_regels(
    rijen: Iterable[tuple[str, list[dict[str, Any]] | None]],
) -> dict[tuple[str, str], int]:
    """(partner, findings) of quarantined handoffs → per (partner, rule and column) how often it
    failed. Only the rule's name and column: a finding's value may be personal and is left out."""
    uit: dict[tuple[str, str], int] = {}
    for partner, bevindingen in rijen:
        for b in bevindingen or []:
            sleutel = (partner, f"{b.get('regel', '?')} ({b.get('kolom', '?')})")
            uit[sleutel] = uit.get(sleutel, 0) + 1
    return dict(sorted(uit.items()))


STATUSSEN = ("actief", "gepauzeerd", "afgesloten", "uitgevallen")


@dataclass(frozen=True)
class TrechterRij:
    """One phase of one lane (None: the main lane): how many per status now, how many entered."""

    baan: str | None
    fase: str
    per_status: tuple[int, ...]  # in STATUSSEN order
    ingestroomd: int

    @property
    def lopend(self) -> int:
        return self.per_status[0] + self.per_status[1]


def trechter(
    nu: Iterable[tuple[str | None, str, str, int]],
    instroom: Iterable[tuple[str | None, str, int]],
    volgorde: Iterable[str],
) -> list[TrechterRij]:
    """(lane, phase, status, n) now and (lane, phase, n) entered → rows, main lane first, each
    lane's phases in chain order (`volgorde`, unknown phases last)."""
    rang = {f: i for i, f in enumerate(volgorde)}
    tellers: dict[tuple[str | None, str], list[int]] = {}
    for baan, fase, status, n in nu:
        t = tellers.setdefault((baan, fase), [0] * (len(STATUSSEN) + 1))
        if status in STATUSSEN:
            t[STATUSSEN.index(status)] += n
    for baan, fase, n in instroom:
        tellers.setdefault((baan, fase), [0] * (len(STATUSSEN) + 1))[-1] += n
    sleutels = sorted(tellers, key=lambda k: (k[0] or "", rang.get(k[1], len(rang)), k[1]))
    return [
        TrechterRij(b, f, tuple(tellers[(b, f)][:-1]), tellers[(b, f)][-1]) for b, f in sleutels
    ]
