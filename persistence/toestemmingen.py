"""The consent register in use (schemas.toestemming): record and withdraw, read it for a batch of
deliveries in one query, hold what has no basis and flag it to the regiehouder, release it when
a basis is recorded, and queue the withdrawal notice (AVG art. 19) for the recipient concerned."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, or_, select

from persistence import outbox, signalen
from persistence.tabellen import Deelnemer, OutboxBericht, Verstrekking
from persistence.tabellen_toestemming import Toestemming
from persistence.tabellen_verwijzing import RegiehouderPeriode
from schemas.berichten import PartnerBericht
from schemas.opvolging import Niveau, Signaal, SignaalSoort
from schemas.toestemming import INTREKKING, Grondslagsoort, Registratie, moment
from schemas.toestemming_gebeurtenissen import LegToestemmingVast, TrekToestemmingIn

AANGEHOUDEN = "aangehouden"


def registratie(t: Toestemming) -> Registratie:
    return Registratie(
        t.ontvanger, Grondslagsoort(t.soort), t.bron, t.van, t.tot, t.vastgelegd_door
    )


def leg_vast(
    *,
    session: Session,
    deelnemer: Deelnemer,
    ontvanger: str,
    soort: Grondslagsoort,
    bron: str,
    van: datetime,
    door: str,
    nu: datetime,
) -> Toestemming:
    """A basis recorded; the messages held for this recipient become due at once."""
    rij = Toestemming(
        deelnemer_id=deelnemer.id or 0,
        pseudoniem=deelnemer.pseudoniem,
        ontvanger=ontvanger,
        soort=soort.value,
        bron=bron,
        van=van,
        vastgelegd_door=door,
        vastgelegd_op=nu,
    )
    session.add(rij)
    session.execute(
        update(OutboxBericht)
        .where(
            col(OutboxBericht.pseudoniem) == deelnemer.pseudoniem,
            col(OutboxBericht.partner) == ontvanger,
            col(OutboxBericht.status) == AANGEHOUDEN,
        )
        .values(status="wachtend", volgende_poging_op=nu)
    )
    signalen.los_op(
        session=session,
        soorten=[SignaalSoort.GEEN_GRONDSLAG],
        actueel=(),
        nu=nu,
        deelnemer_id=deelnemer.id,
        onderwerp=ontvanger,
    )
    return rij


def trek_in(
    *, session: Session, deelnemer: Deelnemer, ontvanger: str, op: datetime, door: str, nu: datetime
) -> int:
    """Close the consents in force for this recipient at `op`; a recipient that received data
    under one of them is told (one `toestemming.ingetrokken` per consent closed)."""
    open_ = session.exec(
        select(Toestemming).where(
            Toestemming.deelnemer_id == deelnemer.id,
            Toestemming.ontvanger == ontvanger,
            Toestemming.soort == Grondslagsoort.TOESTEMMING.value,
            or_(col(Toestemming.tot).is_(None), col(Toestemming.tot) > op),
        )
    ).all()
    for t in open_:
        t.tot, t.ingetrokken_door = max(op, t.van), door
        session.add(t)
        if _ontving_onder(session, t):
            _meld_intrekking(session, deelnemer, t, op, nu)
    return len(open_)


def _ontving_onder(session: Session, t: Toestemming) -> bool:
    bron = f"{Grondslagsoort.TOESTEMMING.value}: {t.bron}"
    return (
        session.exec(
            select(Verstrekking.id).where(
                Verstrekking.pseudoniem == t.pseudoniem,
                Verstrekking.partner == t.ontvanger,
                Verstrekking.grondslag == bron,
                col(Verstrekking.tijdstip) >= t.van,
            )
        ).first()
        is not None
    )


def _meld_intrekking(
    session: Session, deelnemer: Deelnemer, t: Toestemming, op: datetime, nu: datetime
) -> None:
    bericht = PartnerBericht(
        sleutel=f"{INTREKKING}/{deelnemer.pseudoniem}/{t.ontvanger}/{t.id}",
        soort=INTREKKING,
        deelnemer=deelnemer.pseudoniem,
        programma=deelnemer.programma,
        inhoud={"ontvanger": t.ontvanger, "op": op.date().isoformat()},
    )
    outbox.plaats(session=session, partner=t.ontvanger, bericht=bericht, nu=nu)


def leg_vast_gevolg(
    *, session: Session, g: LegToestemmingVast, deelnemer: Deelnemer, nu: datetime
) -> None:
    leg_vast(
        session=session,
        deelnemer=deelnemer,
        ontvanger=g.ontvanger,
        soort=g.soort,
        bron=g.bron,
        van=moment(g.van, nu),
        door=g.door,
        nu=nu,
    )


def trek_in_gevolg(
    *, session: Session, g: TrekToestemmingIn, deelnemer: Deelnemer, nu: datetime
) -> None:
    trek_in(
        session=session,
        deelnemer=deelnemer,
        ontvanger=g.ontvanger,
        op=moment(g.op, nu),
        door=g.door,
        nu=nu,
    )


def voor_batch(
    *, session: Session, paren: Collection[tuple[str, str]]
) -> dict[tuple[str, str], list[Registratie]]:
    """The register's rows for these (pseudonym, recipient) pairs: one query per batch."""
    if not paren:
        return {}
    pseudoniemen = sorted({p for p, _ in paren})
    ontvangers = sorted({o for _, o in paren})
    uit: dict[tuple[str, str], list[Registratie]] = {}
    for t in session.exec(
        select(Toestemming).where(
            col(Toestemming.pseudoniem).in_(pseudoniemen),
            col(Toestemming.ontvanger).in_(ontvangers),
        )
    ):
        uit.setdefault((t.pseudoniem, t.ontvanger), []).append(registratie(t))
    return uit


def houd_aan(*, session: Session, berichten: Sequence[OutboxBericht], nu: datetime) -> None:
    """Held: not sent, not dead, off the retry schedule; the regiehouder gets a flag per
    (participant, recipient) saying only that something waits for a basis."""
    ids = [b.id for b in berichten]
    session.execute(
        update(OutboxBericht)
        .where(col(OutboxBericht.id).in_(ids))
        .values(status=AANGEHOUDEN, claim=None, geclaimd_tot=None)
    )
    pseudoniemen = sorted({b.pseudoniem for b in berichten})
    rijen = session.exec(
        select(Deelnemer, RegiehouderPeriode.regiehouder)
        .join(
            RegiehouderPeriode,
            (col(RegiehouderPeriode.deelnemer_id) == col(Deelnemer.id))
            & col(RegiehouderPeriode.tot).is_(None),
            isouter=True,
        )
        .where(col(Deelnemer.pseudoniem).in_(pseudoniemen))
    ).all()
    deelnemers = {d.pseudoniem: (d, r or d.gemeente_partner) for d, r in rijen}
    signalen.leg_vast(
        session=session,
        signalen=[
            Signaal(
                deelnemer_id=d.id or 0,
                pseudoniem=d.pseudoniem,
                programma=d.programma,
                partner=regiehouder,
                soort=SignaalSoort.GEEN_GRONDSLAG,
                niveau=Niveau.OVERSCHREDEN,
                onderwerp=ontvanger,
                toelichting=f"bericht aangehouden: geen grondslag of toestemming voor {ontvanger}",
            )
            for ontvanger, pseudoniem in sorted({(b.partner, b.pseudoniem) for b in berichten})
            if pseudoniem in deelnemers
            for d, regiehouder in [deelnemers[pseudoniem]]
        ],
        nu=nu,
    )


def register(*, session: Session, deelnemer_id: int) -> list[Toestemming]:
    return list(
        session.exec(
            select(Toestemming)
            .where(Toestemming.deelnemer_id == deelnemer_id)
            .order_by(col(Toestemming.ontvanger), col(Toestemming.van))
        )
    )


def aangehouden(*, session: Session, pseudoniem: str) -> list[OutboxBericht]:
    return list(
        session.exec(
            select(OutboxBericht)
            .where(OutboxBericht.pseudoniem == pseudoniem, OutboxBericht.status == AANGEHOUDEN)
            .order_by(col(OutboxBericht.id))
        )
    )
