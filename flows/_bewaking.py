"""The time-in-phase watch: every running trajectory against its programme's limits, in memory.

Reads the facts set-based (persistence.bewaking), then decides per trajectory: longer in a phase
than `max_weken`; handed off with no start reported within `wachten_max_dagen`; a legal or age
deadline near or passed. Phase and waiting clocks stop while the participant is paused; deadlines
do not (schemas.programma.Termijn). A birth date is decrypted only for programmes with an age
clock, only in memory, and never leaves this module: the flag carries no date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from flows import _baanbewaking as banen
from persistence import bewaking, ijkpunten
from persistence.bewaking import Lopend
from persistence.tabellen_ijkpunt import Ijkpunt
from schemas.fase import Fase
from schemas.ijkpunten import ijkpunt_onderwerp
from schemas.opvolging import (
    Niveau,
    Signaal,
    SignaalSoort,
    gepauzeerd,
    niveau,
    niveau_pct,
    plus_jaren,
)
from schemas.programma import Programma, Termijn
from schemas.sporen import fase_klok_loopt

GeboortedatumVan = Callable[[str], date]


@dataclass(frozen=True)
class Feiten:
    """Everything the watch needs, read once per sweep."""

    lopend: list[Lopend]
    ingang: dict[int, datetime]
    pauzes: dict[int, list[tuple[str, datetime]]]
    gestart: set[tuple[int, datetime]]
    klaar: dict[Fase, set[int]]
    doelgroep: dict[int, str]
    versleuteld: dict[int, str]
    ijkpunten: dict[int, list[Ijkpunt]] = field(default_factory=dict)  # open, per trajectory
    met_plan: set[int] = field(default_factory=set)  # participants with a plan
    banen: banen.BaanFeiten | None = None  # the running lanes, with their own clocks


def lees_feiten(session: Session, programmas: dict[str, Programma]) -> Feiten:
    """One query per kind of fact; birth data only for participants under an age clock."""
    lopend = bewaking.lopende_trajecten(session=session)
    klaar_bij = {
        t.klaar_bij for p in programmas.values() for t in p.bewaking.termijnen if t.klaar_bij
    }
    klaar = {
        f: bewaking.ooit_in(
            session=session, fasen=[g.value for g in Fase if g.volgnummer >= f.volgnummer]
        )
        for f in klaar_bij
    }
    leeftijd = {
        p.id
        for p in programmas.values()
        if any(t.vanaf == "geboortedatum" for t in p.bewaking.termijnen)
    }
    met_leeftijd = [lo.deelnemer_id for lo in lopend if lo.programma in leeftijd]
    return Feiten(
        lopend=lopend,
        ingang=bewaking.fase_ingangen(session=session),
        pauzes=bewaking.pauzes(session=session),
        gestart=bewaking.gestart(session=session),
        klaar=klaar,
        doelgroep=bewaking.doelgroepen(session=session),
        versleuteld=bewaking.versleutelde_personen(session=session, deelnemer_ids=met_leeftijd)
        if met_leeftijd
        else {},
        ijkpunten=ijkpunten.open_ijkpunten(session=session),
        met_plan=ijkpunten.met_plan(session=session),
        banen=banen.lees_baanfeiten(session),
    )


def _signaal(
    lo: Lopend,
    soort: SignaalSoort,
    stand: Niveau,
    onderwerp: str,
    *,
    partner: str | None = None,
    termijn: date | None = None,
    toelichting: str = "",
) -> Signaal:
    return Signaal(
        deelnemer_id=lo.deelnemer_id,
        pseudoniem=lo.pseudoniem,
        programma=lo.programma,
        partner=partner or lo.partner,
        soort=soort,
        niveau=stand,
        onderwerp=onderwerp,
        termijn=termijn,
        toelichting=toelichting,
    )


def _fase_te_lang(lo: Lopend, p: Programma, f: Feiten, nu: datetime) -> Signaal | None:
    max_weken = banen.max_weken(p, lo)
    if max_weken is None or not fase_klok_loopt(p.sporen, lo.partner):  # schemas.sporen
        return None
    if lo.baan:
        begin, pauzes = banen.ingang(f.banen, lo), banen.pauzes(f.banen, lo)
    else:
        begin, pauzes = f.ingang.get(lo.traject_id, lo.fase_sinds), f.pauzes.get(lo.traject_id, [])
    verstreken = nu - begin - gepauzeerd(pauzes, vanaf=begin, nu=nu)
    limiet = timedelta(weeks=max_weken)
    stand = niveau_pct(verstreken=verstreken, limiet=limiet, waarschuw_pct=p.bewaking.waarschuw_pct)
    if stand is None:
        return None
    onderwerp = f"{banen.plek(lo)} (traject {lo.traject_id}, sinds {begin:%Y-%m-%d})"
    return _signaal(
        lo,
        SignaalSoort.FASE_TE_LANG,
        stand,
        onderwerp,
        termijn=(begin + limiet).date(),
        toelichting=f"{verstreken.days} of {max_weken * 7} days in {lo.fase}",
    )


def _wachten(lo: Lopend, p: Programma, f: Feiten, nu: datetime) -> Signaal | None:
    """Handed off to a partner that has not reported the start; the programme's first phase has no wait."""
    if p.bewaking.wachten_max_dagen is None or (
        not lo.baan and lo.fase == p.fase_volgorde[0].value
    ):
        return None  # a lane's first phase is a handoff too: its partner must report the start
    if banen.gestart(f.banen, lo) if lo.baan else (lo.traject_id, lo.fase_sinds) in f.gestart:
        return None
    pauzes = banen.pauzes(f.banen, lo) if lo.baan else f.pauzes.get(lo.traject_id, [])
    verstreken = nu - lo.fase_sinds - gepauzeerd(pauzes, vanaf=lo.fase_sinds, nu=nu)
    limiet = timedelta(days=p.bewaking.wachten_max_dagen)
    stand = niveau_pct(verstreken=verstreken, limiet=limiet, waarschuw_pct=p.bewaking.waarschuw_pct)
    if stand is None:
        return None
    onderwerp = f"{banen.plek(lo)} bij {lo.partner} (traject {lo.traject_id}, sinds {lo.fase_sinds:%Y-%m-%d})"
    return _signaal(
        lo,
        SignaalSoort.WACHTEN,
        stand,
        onderwerp,
        termijn=(lo.fase_sinds + limiet).date(),
        toelichting=f"no start reported after {verstreken.days} days",
    )


def _deadline(t: Termijn, begin: date) -> date:
    return plus_jaren(begin, t.jaren) if t.jaren else begin + timedelta(weeks=t.weken or 0)


def _termijn(
    lo: Lopend, t: Termijn, f: Feiten, geboortedatum_van: GeboortedatumVan, nu: datetime
) -> Signaal | None:
    if t.klaar_bij is not None and lo.deelnemer_id in f.klaar.get(t.klaar_bij, set()):
        return None
    if t.soort == "pip" and lo.deelnemer_id in f.met_plan:
        return None  # the PIP deadline is met by the plan itself (plan.vastgesteld)
    doelgroep = f.doelgroep.get(lo.deelnemer_id)
    if t.doelgroepen and doelgroep is not None and doelgroep not in t.doelgroepen:
        return None  # an unknown group (intake not done) is watched: better a flag too many
    if t.vanaf == "geboortedatum":
        token = f.versleuteld.get(lo.deelnemer_id)
        if token is None:
            return None
        begin = geboortedatum_van(token)
    else:
        begin = lo.aangemeld_op.date()
    deadline = _deadline(t, begin)
    verstreken = nu - datetime.combine(begin, time(), nu.tzinfo)
    limiet = datetime.combine(deadline, time(), nu.tzinfo) - datetime.combine(
        begin, time(), nu.tzinfo
    )
    stand = niveau(
        verstreken=verstreken, limiet=limiet, waarschuwing=timedelta(weeks=t.waarschuw_weken)
    )
    if stand is None:
        return None
    leeftijd = t.vanaf == "geboortedatum"
    toelichting = (
        f"{'after' if stand == Niveau.OVERSCHREDEN else 'within'} {t.waarschuw_weken} weeks"
        if leeftijd
        else f"deadline {deadline.isoformat()}"
    )
    klaar = f", until {t.klaar_bij.value}" if t.klaar_bij else ""
    return _signaal(
        lo,
        SignaalSoort(t.soort),
        stand,
        f"{t.soort}{klaar}",
        partner=lo.regiehouder,
        termijn=None if leeftijd else deadline,
        toelichting=toelichting,
    )


def _ijkpunt(lo: Lopend, p: Programma, i: Ijkpunt, nu: datetime) -> Signaal | None:
    """An undecided checkpoint near or past its due date, flagged to its owner."""
    inrichting = next((x for x in p.ijkpunten if x.naam == i.naam), None)
    waarschuwing = timedelta(weeks=inrichting.waarschuw_weken if inrichting else 0)
    stand = niveau(
        verstreken=nu - i.gepland_op, limiet=i.vervalt_op - i.gepland_op, waarschuwing=waarschuwing
    )
    if stand is None:
        return None
    return _signaal(
        lo,
        SignaalSoort.IJKPUNT,
        stand,
        ijkpunt_onderwerp(i.naam),
        partner=i.eigenaar,
        termijn=i.vervalt_op.date(),
        toelichting=f"checkpoint {i.naam} undecided, due {i.vervalt_op:%Y-%m-%d}",
    )


def bereken(
    feiten: Feiten,
    programmas: dict[str, Programma],
    geboortedatum_van: GeboortedatumVan,
    nu: datetime,
) -> list[Signaal]:
    """Every flag the running trajectories warrant now."""
    signalen: list[Signaal] = []
    for lo in feiten.lopend:
        p = programmas.get(lo.programma)
        if p is None:
            continue
        kandidaten = [_fase_te_lang(lo, p, feiten, nu), _wachten(lo, p, feiten, nu)]
        kandidaten += [_termijn(lo, t, feiten, geboortedatum_van, nu) for t in p.bewaking.termijnen]
        kandidaten += [_ijkpunt(lo, p, i, nu) for i in feiten.ijkpunten.get(lo.traject_id, [])]
        signalen += [s for s in kandidaten if s is not None]
    for lo in feiten.banen.lopend if feiten.banen else []:
        p = programmas.get(lo.programma)
        if p is not None:  # a lane has its phase and waiting clocks; deadlines are the main lane's
            kandidaten = [_fase_te_lang(lo, p, feiten, nu), _wachten(lo, p, feiten, nu)]
            signalen += [s for s in kandidaten if s is not None]
    return signalen


BEWAAKTE_SOORTEN = (
    SignaalSoort.FASE_TE_LANG,
    SignaalSoort.WACHTEN,
    SignaalSoort.PIP,
    SignaalSoort.INBURGERING,
    SignaalSoort.ACHTTIEN,
    SignaalSoort.IJKPUNT,
)
