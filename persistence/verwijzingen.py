"""Referrals, regiehouder periods and referrers as rows: the writers of their follow-up effects and
the set-based read of what a decision needs (`schemas.verwijzing`)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, insert, or_, tuple_, update
from sqlmodel import Session, col, select

from persistence.lijsten import een_van
from persistence.tabellen import Deelnemer, Traject
from persistence.tabellen_verwijzing import Aanmelder, RegiehouderPeriode, Verwijzing
from schemas.fase import Fase
from schemas.verantwoording import Verantwoording
from schemas.verwijzing import (
    BeantwoordVerwijzing,
    LegVerwijzerVast,
    OpenVerwijzing,
    StartVerwijzing,
    VerwijzingStand,
    VerwijzingStatus,
    WisselRegiehouder,
)

S = VerwijzingStatus
_OPEN = (S.AANGEVRAAGD.value, S.WACHTLIJST.value)
_LOPEND = (S.GEACCEPTEERD.value, S.GESTART.value)


def _besluit(rij: Verwijzing | RegiehouderPeriode, v: Verantwoording | None) -> None:
    rij.besluit_rol = v.rol.value if v else None
    rij.besluit_persoon = v.persoon if v else None
    rij.besluit_reden = v.reden if v else None


_GEOPEND = "verwijzingen_geopend"  # session.info: this batch's new referrals, not yet written


def open_verwijzing(
    *,
    session: Session,
    gevolg: OpenVerwijzing,
    deelnemer: Deelnemer,
    traject: Traject,
    nu: datetime,
) -> None:
    """A new referral, kept until the batch is written (`schrijf_geopend`): then the participant's
    earlier referrals end and the new ones are inserted, in three statements for the batch."""
    geopend: dict[int, list[dict[str, Any]]] = session.info.setdefault(_GEOPEND, {})
    rijen = geopend.setdefault(deelnemer.id or 0, [])
    for eerder in rijen:  # opened earlier in this batch and replaced already
        if eerder["status"] == S.AANGEVRAAGD.value:
            eerder["status"] = (
                S.AFGEROND.value if eerder["partner"] == gevolg.door else S.GEANNULEERD.value
            )
    rijen.append(
        {
            "deelnemer_id": deelnemer.id or 0,
            "traject_id": traject.id or 0,
            "fase": gevolg.fase.value,
            "partner": gevolg.partner,
            "status": S.AANGEVRAAGD.value,
            "aangevraagd_op": nu,
            "door": gevolg.door,
        }
    )


# Participants per UPDATE: a whole import (up to 20,000 rows) in one `IN` of pairs is a statement
# PostgreSQL refuses ("stack depth limit exceeded"), so the updates go in slices.
_PER_UPDATE = 500


def schrijf_geopend(*, session: Session) -> None:
    """End the referrals this batch's new ones replace (completed where started or handed on by
    their own partner, else cancelled), then insert the new ones; set-based."""
    geopend: dict[int, list[dict[str, Any]]] = session.info.pop(_GEOPEND, {})
    if not geopend:
        return
    alle = list(geopend)
    with session.no_autoflush:
        for begin in range(0, len(alle), _PER_UPDATE):
            _beeindig(session, {d: geopend[d] for d in alle[begin : begin + _PER_UPDATE]})
        rijen = [{k: v for k, v in r.items() if k != "door"} for rs in geopend.values() for r in rs]
        session.execute(insert(Verwijzing), rijen)


def _beeindig(session: Session, geopend: dict[int, list[dict[str, Any]]]) -> None:
    """The two updates of `schrijf_geopend` for one slice of participants."""
    deelnemers = list(geopend)
    paren = [(d, r[0]["door"]) for d, r in geopend.items() if r[0]["door"] is not None]
    gedaan: ColumnElement[bool] = col(Verwijzing.status).in_(_LOPEND)
    if paren:
        gedaan = or_(
            gedaan,
            and_(
                col(Verwijzing.status).in_(_OPEN),
                tuple_(col(Verwijzing.deelnemer_id), col(Verwijzing.partner)).in_(paren),
            ),
        )
    for waar, status in (
        (gedaan, S.AFGEROND),
        (col(Verwijzing.status).in_(_OPEN), S.GEANNULEERD),
    ):
        session.execute(
            update(Verwijzing)
            .where(een_van(session, col(Verwijzing.deelnemer_id), deelnemers), waar)
            .values(status=status.value),
            execution_options={"synchronize_session": False},
        )


def _huidige(session: Session, traject: Traject, fase: str, partner: str) -> Verwijzing | None:
    schrijf_geopend(session=session)  # a referral opened earlier in this batch is answered
    return session.exec(
        select(Verwijzing)
        .where(
            Verwijzing.traject_id == (traject.id or 0),
            Verwijzing.fase == fase,
            Verwijzing.partner == partner,
        )
        .order_by(col(Verwijzing.id).desc())
    ).first()


def beantwoord(
    *, session: Session, gevolg: BeantwoordVerwijzing, traject: Traject, nu: datetime
) -> None:
    """The partner's answer; a waitlisted referral that is accepted ends its waiting time."""
    v = _huidige(session, traject, gevolg.fase.value, gevolg.partner)
    if v is None:
        return
    v.status, v.beantwoord_op = gevolg.status.value, nu
    if gevolg.status == S.WACHTLIJST:
        v.wachtlijst_sinds, v.verwachte_start = nu, gevolg.verwachte_start
    elif v.wachtlijst_sinds is not None and v.wachtlijst_tot is None:
        v.wachtlijst_tot = nu
    v.reden = gevolg.reden.value if gevolg.reden else None
    _besluit(v, gevolg.verantwoording)
    session.add(v)


def start(*, session: Session, gevolg: StartVerwijzing, traject: Traject, nu: datetime) -> None:
    """fase.gestart implies acceptance: an open referral is in progress, its waiting time ends."""
    v = _huidige(session, traject, gevolg.fase.value, gevolg.partner)
    if v is None or v.status not in _OPEN + (S.GEACCEPTEERD.value,):
        return
    if v.wachtlijst_sinds is not None and v.wachtlijst_tot is None:
        v.wachtlijst_tot = nu
    v.beantwoord_op = v.beantwoord_op or nu
    v.status, v.gestart_op = S.GESTART.value, gevolg.gestart_op
    session.add(v)


def wissel_regiehouder(
    *, session: Session, gevolg: WisselRegiehouder, deelnemer: Deelnemer, nu: datetime
) -> None:
    """The case's regiehouder changes; its periods keep who held it, from when to when and why."""
    huidige = session.exec(
        select(RegiehouderPeriode).where(
            RegiehouderPeriode.deelnemer_id == (deelnemer.id or 0),
            col(RegiehouderPeriode.tot).is_(None),
        )
    ).first()
    if huidige is None:  # the period that began at the referral, written when it first ends
        huidige = RegiehouderPeriode(
            deelnemer_id=deelnemer.id or 0,
            regiehouder=gevolg.van,
            persoon=deelnemer.regiehouder_persoon,
            van=deelnemer.aangemeld_op,
            soort="aanmelding",
        )
    huidige.tot = nu
    session.add(huidige)
    nieuw = RegiehouderPeriode(
        deelnemer_id=deelnemer.id or 0,
        regiehouder=gevolg.naar,
        persoon=gevolg.persoon,
        van=nu,
        soort=gevolg.soort.value,
    )
    _besluit(nieuw, gevolg.verantwoording)
    session.add(nieuw)
    deelnemer.gemeente_partner = gevolg.naar  # the regiehouder every rule and message reads
    deelnemer.regiehouder_persoon = gevolg.persoon  # the klantmanager the dashboard's rules read
    session.add(deelnemer)


def leg_verwijzer_vast(
    *, session: Session, gevolg: LegVerwijzerVast, deelnemer: Deelnemer, nu: datetime
) -> None:
    """A referral by a school or coach: the gemeente it names holds the regie."""
    deelnemer.gemeente_partner = gevolg.regiehouder
    session.add(deelnemer)
    session.add(
        Aanmelder(
            deelnemer_id=deelnemer.id or 0,
            verwijzer=gevolg.verwijzer,
            regiehouder=gevolg.regiehouder,
            aangemeld_op=nu,
        )
    )


def lees_standen(*, session: Session, trajecten: Collection[Traject]) -> dict[int, VerwijzingStand]:
    """Per episode (id) its latest referral and the partners that declined its current phase."""
    ids = [t.id for t in trajecten if t.id]
    if not ids:
        return {}
    fase_van = {t.id: t.fase for t in trajecten}
    laatste: dict[int, Verwijzing] = {}
    afgewezen: dict[int, set[str]] = {}
    for v in session.exec(
        select(Verwijzing).where(col(Verwijzing.traject_id).in_(ids)).order_by(col(Verwijzing.id))
    ):
        laatste[v.traject_id] = v
        if v.status == S.AFGEWEZEN.value and v.fase == fase_van.get(v.traject_id):
            afgewezen.setdefault(v.traject_id, set()).add(v.partner)
    return {
        t: VerwijzingStand(
            id=v.id,
            fase=Fase(v.fase),
            partner=v.partner,
            status=S(v.status),
            afgewezen_door=frozenset(afgewezen.get(t, ())),
        )
        for t, v in laatste.items()
    }


def van_deelnemer(
    *, session: Session, deelnemer_id: int
) -> tuple[list[Verwijzing], list[RegiehouderPeriode], Aanmelder | None]:
    """For `keten status`: the referrals, the regiehouder periods and the referrer, oldest first."""
    verwijzingen = session.exec(
        select(Verwijzing)
        .where(Verwijzing.deelnemer_id == deelnemer_id)
        .order_by(col(Verwijzing.id))
    ).all()
    perioden = session.exec(
        select(RegiehouderPeriode)
        .where(RegiehouderPeriode.deelnemer_id == deelnemer_id)
        .order_by(col(RegiehouderPeriode.id))
    ).all()
    aanmelder = session.exec(
        select(Aanmelder).where(Aanmelder.deelnemer_id == deelnemer_id)
    ).first()
    return list(verwijzingen), list(perioden), aanmelder
