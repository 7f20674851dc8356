"""Deciding a batch of handoffs in order, carrying each participant's state from one to the next.

`beslis_reeks` lets a move that may have overtaken an earlier event wait for it, and tries it
again as soon as another handoff of the same participant is accepted in the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from schemas import maatregelen
from schemas._baanbeslissing import (
    stand_na_baan,
)
from schemas.beslissen import beslis
from schemas.ijkpunt_beslissen import (
    na_besluit,
)
from schemas.overdracht import (
    Afhandeling,
    Beslissing,
    DeelnemerStand,
    Kandidaat,
    LegAntwoordVast,
    RegistreerStart,
)
from schemas.plan_beslissen import na_plan
from schemas.programma import Programma
from schemas.verwijzing_beslissen import (
    stand_na_verwijzing,
)


def stand_na(
    stand: DeelnemerStand | None, k: Kandidaat, b: Beslissing, *, met_quarantaine: bool
) -> DeelnemerStand | None:
    """The participant's state after a decision, for the next handoff about them in the same batch."""
    if b.afhandeling == Afhandeling.QUARANTAINE:
        return replace(stand, met_quarantaine=True) if stand else None
    if b.afhandeling != Afhandeling.GEACCEPTEERD:
        return stand
    if b.grootboek is not None:
        if stand is None:
            nieuw = DeelnemerStand(
                pseudoniem=k.pseudoniem or "",
                programma=k.programma or "",
                regiehouder=k.partner,
                traject=b.grootboek.naar,
                met_quarantaine=met_quarantaine,
            )
            return stand_na_verwijzing(nieuw, b)
        return stand_na_verwijzing(_na_beweging(stand, b), b)
    return stand_na_verwijzing(_na_melding(stand, b), b) if stand else None


def _na_beweging(stand: DeelnemerStand, b: Beslissing) -> DeelnemerStand:
    assert b.grootboek is not None
    if b.grootboek.baan is not None and stand.traject is not None:
        return replace(stand, traject=stand_na_baan(stand.traject, b))
    nieuw = b.grootboek.nieuw_traject  # a re-entry: the old episode's checkpoints stay behind
    return replace(stand, traject=b.grootboek.naar, ijkpunten=() if nieuw else stand.ijkpunten)


def _na_melding(stand: DeelnemerStand, b: Beslissing) -> DeelnemerStand:
    beantwoord = {g.checkin_id for g in b.gevolgen if isinstance(g, LegAntwoordVast)}
    gestart = any(isinstance(g, RegistreerStart) for g in b.gevolgen)
    traject = (
        replace(stand.traject, start_gemeld=True) if gestart and stand.traject else stand.traject
    )
    traject = stand_na_baan(traject, b) if traject else None
    basis = replace(
        stand,
        traject=traject,
        open_checkins=tuple(c for c in stand.open_checkins if c.id not in beantwoord),
    )
    return maatregelen.stand_na(na_plan(na_besluit(basis, b), b), b)


def beslis_reeks(
    kandidaten: Sequence[Kandidaat],
    standen: Mapping[str, DeelnemerStand],
    programmas: Mapping[str, Programma],
    *,
    nu: datetime,
    volgorde_wacht: timedelta = timedelta(0),
) -> list[tuple[Kandidaat, Beslissing]]:
    """Decide a batch in arrival order; returns each handoff once, in the order to write them.

    A move that waits for an earlier event is tried again as soon as another handoff of the same
    participant is accepted in this batch; what still waits at the end comes last, as WACHT.
    """
    stand = dict(standen)
    quarantaine: set[str] = {p for p, s in standen.items() if s.met_quarantaine}
    besloten: list[tuple[Kandidaat, Beslissing]] = []
    wachtend: dict[str, list[tuple[Kandidaat, Beslissing]]] = {}

    def pas(k: Kandidaat) -> Beslissing:
        p = k.pseudoniem or ""
        b = beslis(stand.get(p), k, programmas, nu=nu, volgorde_wacht=volgorde_wacht)
        if b.afhandeling == Afhandeling.QUARANTAINE and k.pseudoniem:
            quarantaine.add(p)
        nieuw = stand_na(stand.get(p), k, b, met_quarantaine=p in quarantaine)
        if nieuw is not None:
            stand[p] = nieuw
        return b

    for k in kandidaten:
        b = pas(k)
        if b.afhandeling == Afhandeling.WACHT and k.pseudoniem:
            wachtend.setdefault(k.pseudoniem, []).append((k, b))
            continue
        besloten.append((k, b))
        if b.afhandeling == Afhandeling.GEACCEPTEERD and k.pseudoniem in wachtend:
            besloten += _probeer_opnieuw(wachtend[k.pseudoniem], pas)
    return besloten + [paar for rij in wachtend.values() for paar in rij]


def _probeer_opnieuw(
    wachtend: list[tuple[Kandidaat, Beslissing]], pas: Callable[[Kandidaat], Beslissing]
) -> list[tuple[Kandidaat, Beslissing]]:
    """An earlier event just arrived: what waited for it is tried again, in order, until nothing
    moves; what still waits stays in `wachtend` with its latest decision."""
    klaar: list[tuple[Kandidaat, Beslissing]] = []
    voortgang = True
    while voortgang:
        voortgang, nog = False, []
        for k, _ in wachtend:
            b = pas(k)
            if b.afhandeling == Afhandeling.WACHT:
                nog.append((k, b))
            else:
                klaar.append((k, b))
                voortgang = True
        wachtend[:] = nog
    return klaar
