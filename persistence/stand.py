"""Reading what a batch of handoffs decides on: each participant's state, set-based.

One query per kind of fact for the whole batch; the facts only reports need (the phases an
episode left behind, a reported start, the open check-ins) are read only for the participants
that have such a report in the batch.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from sqlmodel import Session, col, select

from persistence import banen, besluiten, ijkpunten, observaties, verloop, verwijzingen, wissels
from persistence.lijsten import een_van
from persistence.tabellen import Checkin, Deelnemer, FaseStart, Overgang, Traject
from schemas.banen import BaanStand
from schemas.fase import Fase, TrajectStatus
from schemas.opvolging import CheckinStatus
from schemas.overdracht import CheckinStand, DeelnemerStand, Kandidaat, TrajectStand
from schemas.programma import Programma

# Events whose decision reads the checkpoints and the plan: the two themselves, and the handoffs a
# decided route or a required plan may refuse.
_IJKPUNT_TYPES = ("ijkpunt.besloten", "plan.vastgesteld")
_IJKPUNT_HANDOFFS = ("fase.afgerond", "traject.gewisseld")
_LEEST_VERWIJZING = ("verwijzing.beantwoord", "traject.gewisseld")


@dataclass(frozen=True)
class Gelezen:
    """What a batch read: the values the decision needs, and the rows the write will update
    (kept, so writing needs no second read)."""

    standen: dict[str, DeelnemerStand]
    deelnemers: dict[str, Deelnemer]
    trajecten: dict[int, Traject]


def lees_standen(
    *,
    session: Session,
    kandidaten: Sequence[Kandidaat],
    programmas: Mapping[str, Programma] | None = None,
) -> Gelezen:
    """The state of every known participant the candidates are about, by pseudonym. With the
    `programmas`, what only some programmes use (checkpoints, plans) is read only for those."""
    pseudoniemen = sorted({k.pseudoniem for k in kandidaten if k.pseudoniem})
    deelnemers = verloop.vind_deelnemers(session=session, pseudoniemen=pseudoniemen)
    trajecten = verloop.huidige_trajecten(
        session=session, deelnemer_ids=[d.id for d in deelnemers.values() if d.id]
    )
    quarantaine = verloop.met_quarantaine(session=session, pseudoniemen=pseudoniemen)
    starts = {k.pseudoniem for k in kandidaten if k.type == "fase.gestart"}
    antwoorden = {k.pseudoniem for k in kandidaten if k.type == "nazorg.checkin"}
    met_start = [
        t for d in deelnemers.values() if d.pseudoniem in starts and (t := trajecten.get(d.id or 0))
    ]
    afgerond = _afgerond(session, [t.id or 0 for t in met_start])
    gemeld = _start_gemeld(session, met_start)
    baanstanden = banen.lees_banen(
        session=session,
        traject_ids=[t.id or 0 for t in trajecten.values()],
        met_start=[t.id or 0 for t in met_start],
    )
    checkins = _open_checkins(
        session, [d.id or 0 for d in deelnemers.values() if d.pseudoniem in antwoorden]
    )
    standen = {
        p: _stand(
            d,
            trajecten.get(d.id or 0),
            p in quarantaine,
            afgerond,
            gemeld,
            checkins.get(d.id or 0, ()),
            baanstanden,
        )
        for p, d in deelnemers.items()
    }
    standen = besluiten.met_schendingen(
        session=session, kandidaten=kandidaten, standen=standen, trajecten=trajecten
    )
    _met_ijkpunten(session, kandidaten, standen, deelnemers, trajecten, programmas)
    _met_verwijzing(session, kandidaten, standen, deelnemers, trajecten)
    wissels.met_rapport(
        session=session, kandidaten=kandidaten, standen=standen, programmas=programmas
    )
    observaties.met_observaties(session=session, kandidaten=kandidaten, standen=standen)
    return Gelezen(standen=standen, deelnemers=deelnemers, trajecten=trajecten)


def _met_ijkpunten(
    session: Session,
    kandidaten: Sequence[Kandidaat],
    standen: dict[str, DeelnemerStand],
    deelnemers: dict[str, Deelnemer],
    trajecten: dict[int, Traject],
    programmas: Mapping[str, Programma] | None,
) -> None:
    """Checkpoints and the plan version, for the participants whose events read them: the two
    events themselves, and a handoff in a programme with checkpoints or a plan."""

    def leest(k: Kandidaat) -> bool:
        if k.type in _IJKPUNT_TYPES:
            return True
        p = programmas.get(k.programma or "") if programmas is not None else None
        return k.type in _IJKPUNT_HANDOFFS and (
            programmas is None or (p is not None and bool(p.ijkpunten or p.plan))
        )

    met_ijkpunt = {k.pseudoniem for k in kandidaten if leest(k)}
    lezen = [d for d in deelnemers.values() if d.pseudoniem in met_ijkpunt]
    per_traject = ijkpunten.van_trajecten(
        session=session, traject_ids=[t.id or 0 for d in lezen if (t := trajecten.get(d.id or 0))]
    )
    versies = ijkpunten.plan_versies(session=session, deelnemer_ids=[d.id or 0 for d in lezen])
    for d in lezen:
        t = trajecten.get(d.id or 0)
        standen[d.pseudoniem] = replace(
            standen[d.pseudoniem],
            ijkpunten=per_traject.get(t.id or 0, ()) if t else (),
            plan_versie=versies.get(d.id or 0, 0),
        )


def _met_verwijzing(
    session: Session,
    kandidaten: Sequence[Kandidaat],
    standen: dict[str, DeelnemerStand],
    deelnemers: dict[str, Deelnemer],
    trajecten: dict[int, Traject],
) -> None:
    """A referral answer or the regiehouder's pick after a decline reads the episode's referral."""
    met_verwijzing = {k.pseudoniem for k in kandidaten if k.type in _LEEST_VERWIJZING}
    lezen = {
        d.pseudoniem: t
        for d in deelnemers.values()
        if d.pseudoniem in met_verwijzing and (t := trajecten.get(d.id or 0))
    }
    verwijzing = verwijzingen.lees_standen(session=session, trajecten=list(lezen.values()))
    for pseudoniem, t in lezen.items():
        standen[pseudoniem] = replace(standen[pseudoniem], verwijzing=verwijzing.get(t.id or 0))


def _stand(
    d: Deelnemer,
    t: Traject | None,
    met_quarantaine: bool,
    afgerond: dict[int, frozenset[tuple[str, str]]],
    gemeld: set[int],
    checkins: tuple[CheckinStand, ...],
    baanstanden: dict[int, tuple[BaanStand, ...]],
) -> DeelnemerStand:
    traject = None
    if t is not None:
        traject = TrajectStand(
            fase=Fase(t.fase),
            status=TrajectStatus(t.status),
            partner=t.partner,
            afgerond=afgerond.get(t.id or 0, frozenset()),
            start_gemeld=(t.id or 0) in gemeld,
            fase_sinds=t.fase_sinds,
            begonnen_op=t.begonnen_op,
            banen=baanstanden.get(t.id or 0, ()),
        )
    return DeelnemerStand(
        pseudoniem=d.pseudoniem,
        programma=d.programma,
        regiehouder=d.gemeente_partner,
        deelnemer_id=d.id,
        traject=traject,
        met_quarantaine=met_quarantaine,
        open_checkins=checkins,
    )


def _afgerond(
    session: Session, traject_ids: Collection[int]
) -> dict[int, frozenset[tuple[str, str]]]:
    """Per episode, the (partner, phase) pairs its ledger moved away from."""
    if not traject_ids:
        return {}
    rijen = session.exec(
        select(Overgang.traject_id, Overgang.van_partner, Overgang.van_fase).where(
            een_van(session, col(Overgang.traject_id), traject_ids), col(Overgang.baan).is_(None)
        )
    )
    per: dict[int, set[tuple[str, str]]] = {}
    for traject_id, partner, fase in rijen:
        if partner and fase:
            per.setdefault(traject_id, set()).add((partner, fase))
    return {t: frozenset(p) for t, p in per.items()}


def _start_gemeld(session: Session, trajecten: Collection[Traject]) -> set[int]:
    """The episodes whose current partner already reported the start of the current phase."""
    if not trajecten:
        return set()
    huidig = {t.id: (t.fase, t.partner, t.fase_sinds) for t in trajecten}
    rijen = session.exec(
        select(FaseStart.traject_id, FaseStart.fase, FaseStart.partner, FaseStart.fase_sinds).where(
            een_van(session, col(FaseStart.traject_id), huidig), col(FaseStart.baan).is_(None)
        )
    )
    return {t for t, fase, partner, sinds in rijen if huidig.get(t) == (fase, partner, sinds)}


def _open_checkins(
    session: Session, deelnemer_ids: Collection[int]
) -> dict[int, tuple[CheckinStand, ...]]:
    """Per participant, the check-ins asked or missed and not yet answered, newest first."""
    if not deelnemer_ids:
        return {}
    rijen = session.exec(
        select(Checkin)
        .where(
            een_van(session, col(Checkin.deelnemer_id), deelnemer_ids),
            col(Checkin.status).in_([CheckinStatus.GEVRAAGD, CheckinStatus.GEMIST]),
        )
        .order_by(col(Checkin.id).desc())
    )
    per: dict[int, list[CheckinStand]] = {}
    for c in rijen:
        stand = CheckinStand(
            id=c.id or 0,
            traject_id=c.traject_id,
            maand=c.maand,
            partner=c.partner,
            status=CheckinStatus(c.status),
        )
        per.setdefault(c.deelnemer_id, []).append(stand)
    return {d: tuple(c) for d, c in per.items()}
