"""One participant as the drill-down shows them: frozen values from a handful of set-based reads.

What a role may see of it is decided elsewhere (`schemas.rollen.zicht_op`); this module reads
everything the page may need in eight queries, whatever the size of the history, and leaves the
encrypted person encrypted: only the page for the regiehouder holding the case decrypts it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from persistence.tabellen import Deelnemer, OutboxBericht, Overgang, SignaalRegel, Traject
from persistence.tabellen_banen import TrajectBaan
from persistence.tabellen_ijkpunt import Ijkpunt, PlanVersie


@dataclass(frozen=True)
class Besluit:
    """Who decided a move, a checkpoint or a plan: the reason is for the file, not for status."""

    rol: str
    persoon: str | None
    reden: str | None


@dataclass(frozen=True)
class Stap:
    tijdstip: datetime
    beweging: str
    baan: str | None
    van_fase: str | None
    naar_fase: str
    van_partner: str | None
    naar_partner: str
    besluit: Besluit | None


@dataclass(frozen=True)
class Baan:
    baan: str
    fase: str
    partner: str
    status: str
    fase_sinds: datetime


@dataclass(frozen=True)
class Vlag:
    soort: str
    niveau: str
    partner: str
    status: str
    ontstaan_op: datetime
    opgelost_op: datetime | None


@dataclass(frozen=True)
class Checkpoint:
    naam: str
    eigenaar: str
    vervalt_op: datetime
    keuze: str | None
    besloten_op: datetime | None
    besluit: Besluit | None


@dataclass(frozen=True)
class Planversie:
    versie: int
    soort: str
    vastgesteld_op: date
    besluit: Besluit


@dataclass(frozen=True)
class Bericht:
    soort: str
    partner: str
    status: str
    aangemaakt_op: datetime
    afgeleverd_op: datetime | None


@dataclass(frozen=True)
class Dossier:
    pseudoniem: str
    programma: str
    regiehouder: str  # the organisation holding the regie
    regiehouder_persoon: str | None  # the klantmanager, by staff code
    aangemeld_op: datetime
    fase: str | None
    partner: str | None
    status: str | None
    fase_sinds: datetime | None
    banen: tuple[Baan, ...]
    stappen: tuple[Stap, ...]
    vlaggen: tuple[Vlag, ...]
    ijkpunten: tuple[Checkpoint, ...]
    plannen: tuple[Planversie, ...]
    berichten: tuple[Bericht, ...]
    persoon_versleuteld: str  # decrypted by the page only for Zicht.DOSSIER


def _besluit(rol: str | None, persoon: str | None, reden: str | None) -> Besluit | None:
    return Besluit(rol, persoon, reden) if rol else None


def lees_dossier(*, session: Session, deelnemer: Deelnemer) -> Dossier:
    """Everything about one participant: seven queries beside the participant already read."""
    d_id = deelnemer.id or 0
    traject = session.exec(
        select(Traject).where(Traject.deelnemer_id == d_id).order_by(col(Traject.id).desc())
    ).first()
    trajecten = select(Traject.id).where(Traject.deelnemer_id == d_id)
    banen = session.exec(
        select(TrajectBaan)
        .where(col(TrajectBaan.traject_id).in_(trajecten))
        .order_by(col(TrajectBaan.id))
    ).all()
    stappen = session.exec(
        select(Overgang).where(Overgang.deelnemer_id == d_id).order_by(col(Overgang.id))
    ).all()
    vlaggen = session.exec(
        select(SignaalRegel)
        .where(SignaalRegel.deelnemer_id == d_id)
        .order_by(col(SignaalRegel.ontstaan_op), col(SignaalRegel.id))
    ).all()
    ijkpunten = session.exec(
        select(Ijkpunt).where(Ijkpunt.deelnemer_id == d_id).order_by(col(Ijkpunt.vervalt_op))
    ).all()
    plannen = session.exec(
        select(PlanVersie).where(PlanVersie.deelnemer_id == d_id).order_by(col(PlanVersie.versie))
    ).all()
    berichten = session.exec(
        select(OutboxBericht)
        .where(OutboxBericht.pseudoniem == deelnemer.pseudoniem)
        .order_by(col(OutboxBericht.id))
    ).all()
    return Dossier(
        pseudoniem=deelnemer.pseudoniem,
        programma=deelnemer.programma,
        regiehouder=deelnemer.gemeente_partner,
        regiehouder_persoon=deelnemer.regiehouder_persoon,
        aangemeld_op=deelnemer.aangemeld_op,
        fase=traject.fase if traject else None,
        partner=traject.partner if traject else None,
        status=traject.status if traject else None,
        fase_sinds=traject.fase_sinds if traject else None,
        banen=tuple(Baan(b.baan, b.fase, b.partner, b.status, b.fase_sinds) for b in banen),
        stappen=tuple(
            Stap(
                o.tijdstip,
                o.beweging,
                o.baan,
                o.van_fase,
                o.naar_fase,
                o.van_partner,
                o.naar_partner,
                _besluit(o.besluit_rol, o.besluit_persoon, o.besluit_reden),
            )
            for o in stappen
        ),
        vlaggen=tuple(
            Vlag(v.soort, v.niveau, v.partner, v.status, v.ontstaan_op, v.opgelost_op)
            for v in vlaggen
        ),
        ijkpunten=tuple(
            Checkpoint(
                i.naam,
                i.eigenaar,
                i.vervalt_op,
                i.keuze,
                i.besloten_op,
                _besluit(i.rol, i.persoon, i.reden),
            )
            for i in ijkpunten
        ),
        plannen=tuple(
            Planversie(p.versie, p.soort, p.vastgesteld_op, Besluit(p.rol, p.persoon, p.reden))
            for p in plannen
        ),
        berichten=tuple(
            Bericht(b.soort, b.partner, b.status, b.aangemaakt_op, b.afgeleverd_op)
            for b in berichten
        ),
        persoon_versleuteld=deelnemer.persoon_versleuteld,
    )
