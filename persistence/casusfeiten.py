"""What the case model did, per programme: the counts the demo checks each programme against
(issue 11). Read set-based, a handful of grouped queries over the whole chain."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, func, select

from persistence.tabellen import Deelnemer, Overdracht, Overgang, UitkomstRegel
from persistence.tabellen_besluit import Incident, Maatregel, Schending
from persistence.tabellen_ijkpunt import Ijkpunt
from persistence.tabellen_verwijzing import RegiehouderPeriode, Verwijzing

# The refusal's words for an exit without a confirmed destination (schemas.uitgangen).
ONBEVESTIGD = "needs a confirmed destination"
HOOFDBEWEGINGEN = ("doorstromen", "overslaan", "terugplaatsen", "wisselen")


@dataclass
class Casusfeiten:
    """One programme's case-model moves, counted."""

    deelnemers: int = 0
    banen_gestart: Counter[str] = field(default_factory=Counter)  # lane → participants
    banen_parallel: int = 0  # participants whose lane moved on after the main lane had
    ijkpunten_besloten: int = 0
    ijkpunten_te_laat: int = 0  # decided after their due date, or still open past it
    afgesloten_vanuit: Counter[str] = field(default_factory=Counter)  # main-lane closing phase
    bestemming_na_weigering: int = 0  # refused unconfirmed, later closed with a confirmed one
    afgewezen_dan_ander: int = 0  # a declined referral, then another partner for that phase
    regimewissels: int = 0
    schendingen: int = 0
    maatregelen: int = 0
    incidenten: int = 0


def _per_programma(session: Session, model: type, *waar: object) -> dict[str, int]:
    query = select(Deelnemer.programma, func.count()).join(
        model,
        col(model.deelnemer_id) == col(Deelnemer.id),  # type: ignore[attr-defined]
    )
    for w in waar:
        query = query.where(w)  # type: ignore[arg-type]
    return {str(p): int(n) for p, n in session.exec(query.group_by(col(Deelnemer.programma)))}


def _banen(session: Session, feiten: dict[str, Casusfeiten], programma: dict[int, str]) -> None:
    """Lanes started, and participants one of whose lanes made a move of its own (on to its
    next phase, or closed) after the main lane had moved on while that lane ran: in parallel."""
    met_baan = select(Overgang.deelnemer_id).where(col(Overgang.baan).is_not(None))
    rijen = session.exec(
        select(Overgang.deelnemer_id, Overgang.baan, Overgang.beweging)
        .where(col(Overgang.deelnemer_id).in_(met_baan))
        .order_by(col(Overgang.id))
    ).all()
    lopend: dict[int, dict[str, bool]] = defaultdict(dict)  # running lane → main moved since
    parallel: set[int] = set()
    for deelnemer_id, baan, beweging in rijen:
        banen = lopend[deelnemer_id]
        if baan is None:
            if beweging in HOOFDBEWEGINGEN:
                banen.update(dict.fromkeys(banen, True))
        elif beweging == "aanmelden":
            banen[baan] = False
            feiten[programma[deelnemer_id]].banen_gestart[baan] += 1
        elif banen.pop(baan, False):
            parallel.add(deelnemer_id)
    for deelnemer_id in parallel:
        feiten[programma[deelnemer_id]].banen_parallel += 1


def _ijkpunten(session: Session, feiten: dict[str, Casusfeiten], nu: datetime) -> None:
    for prog, keuze, besloten_op, vervalt_op in session.exec(
        select(Deelnemer.programma, Ijkpunt.keuze, Ijkpunt.besloten_op, Ijkpunt.vervalt_op).join(
            Ijkpunt, col(Ijkpunt.deelnemer_id) == col(Deelnemer.id)
        )
    ):
        f = feiten[prog]
        f.ijkpunten_besloten += keuze is not None
        laat = besloten_op > vervalt_op if besloten_op is not None else vervalt_op < nu
        f.ijkpunten_te_laat += laat


def _verwijzingen(
    session: Session, feiten: dict[str, Casusfeiten], programma: dict[int, str]
) -> None:
    """A decline followed by a referral of the same trajectory's phase to another partner."""
    per: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
    van: dict[tuple[int, str], int] = {}
    for v in session.exec(select(Verwijzing).order_by(col(Verwijzing.id))):
        per[(v.traject_id, v.fase)].append((v.partner, v.status))
        van[(v.traject_id, v.fase)] = v.deelnemer_id
    for sleutel, reeks in per.items():
        eerste = next((i for i, (_, s) in enumerate(reeks) if s == "afgewezen"), None)
        if eerste is not None and any(p != reeks[eerste][0] for p, _ in reeks[eerste + 1 :]):
            feiten[programma[van[sleutel]]].afgewezen_dan_ander += 1


def lees(*, session: Session, nu: datetime) -> dict[str, Casusfeiten]:
    """Per programme id, what its participants' case model did."""
    programma = dict(session.exec(select(Deelnemer.id, Deelnemer.programma)).all())
    feiten: dict[str, Casusfeiten] = defaultdict(Casusfeiten)
    for prog in programma.values():
        feiten[prog].deelnemers += 1
    _banen(session, feiten, programma)  # type: ignore[arg-type]
    _ijkpunten(session, feiten, nu)
    _verwijzingen(session, feiten, programma)  # type: ignore[arg-type]
    for prog, fase, n in session.exec(
        select(Deelnemer.programma, Overgang.naar_fase, func.count())
        .join(Overgang, col(Overgang.deelnemer_id) == col(Deelnemer.id))
        .where(col(Overgang.baan).is_(None), Overgang.beweging == "afsluiten")
        .group_by(col(Deelnemer.programma), col(Overgang.naar_fase))
    ):
        feiten[prog].afgesloten_vanuit[str(fase)] += int(n)
    geweigerd = select(Overdracht.deelnemer_id).where(
        Overdracht.status == "geweigerd", col(Overdracht.reden).contains(ONBEVESTIGD)
    )
    for prog, n in _per_programma(
        session,
        UitkomstRegel,
        col(UitkomstRegel.bevestigd).is_(True),
        col(UitkomstRegel.deelnemer_id).in_(geweigerd),
    ).items():
        feiten[prog].bestemming_na_weigering = n
    for naam, model, waar in (
        ("regimewissels", RegiehouderPeriode, [RegiehouderPeriode.soort == "regimewissel"]),
        ("schendingen", Schending, []),
        ("maatregelen", Maatregel, []),
        ("incidenten", Incident, []),
    ):
        for prog, n in _per_programma(session, model, *waar).items():
            setattr(feiten[prog], naam, n)
    return dict(feiten)
