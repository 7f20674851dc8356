"""Reports that change no phase, applied inside the inbox batch's transaction (flows/_toepassen.py):
a partner's start of its phase, a nazorg partner's answer to a check-in; plus what a move means
for the follow-up (a placement starts the nazorg cadence, a re-entry cancels what is pending).

Each function returns a refusal reason (the handoff path records and reports it) or None.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from flows._opvolging import meld_regiehouder
from persistence import opvolging, signalen, verloop
from persistence.tabellen import Checkin, Deelnemer, Traject
from schemas.contracten import PlaatsingNaarNazorg
from schemas.fase import Beweging, Fase, UitkomstSoort
from schemas.gebeurtenissen import FaseGestart, NazorgCheckin
from schemas.opvolging import Niveau, Signaal, SignaalSoort, checkin_onderwerp
from schemas.programma import Programma
from schemas.uitkomst import Uitkomst

_LOPEND = ("actief", "gepauzeerd")


def na_beweging(
    session: Session, *, deelnemer: Deelnemer, traject: Traject, beweging: Beweging, dossier: object, programma: Programma, nu: datetime
) -> None:
    """A placement handed to nazorg plans its check-ins; a re-entry cancels the pending ones."""
    if beweging == Beweging.HERINSTROMEN:
        opvolging.laat_vervallen(session=session, deelnemer_id=deelnemer.id or 0)
        soorten = (SignaalSoort.TERUGVAL, SignaalSoort.CHECKIN_GEMIST, SignaalSoort.STEUNVRAAG)
        signalen.los_op(session=session, soorten=soorten, actueel=(), nu=nu, deelnemer_id=deelnemer.id)
    elif traject.fase == Fase.NAZORG.value and isinstance(dossier, PlaatsingNaarNazorg):
        opvolging.plan_checkins(
            session=session, deelnemer=deelnemer, traject_id=traject.id or 0, partner=traject.partner,
            startdatum=dossier.startdatum, maanden=programma.nazorg.maanden,
        )


def verwerk(session: Session, gebeurtenis: object, *, partner: str, deelnemer: Deelnemer, traject: Traject, nu: datetime) -> tuple[str | None, str]:
    """(refusal, reason) for one report; a refusal leaves nothing behind."""
    if isinstance(gebeurtenis, FaseGestart):
        return _gestart(session, gebeurtenis, partner=partner, traject=traject, nu=nu)
    assert isinstance(gebeurtenis, NazorgCheckin)
    return _antwoord(session, gebeurtenis, partner=partner, deelnemer=deelnemer, nu=nu)


def _gestart(session: Session, g: FaseGestart, *, partner: str, traject: Traject, nu: datetime) -> tuple[str | None, str]:
    if partner != traject.partner or g.fase.value != traject.fase or traject.status not in _LOPEND:
        return f"{partner} does not run {g.deelnemer}'s current phase ({traject.fase} at {traject.partner}, {traject.status})", ""
    nieuw = opvolging.registreer_start(session=session, traject=traject, gestart_op=g.gestart_op, nu=nu)
    if nieuw:
        signalen.los_op(session=session, soorten=(SignaalSoort.WACHTEN,), actueel=(), nu=nu, deelnemer_id=traject.deelnemer_id)
    return None, f"{g.fase.value} gestart op {g.gestart_op.isoformat()}" if nieuw else "start already known"


def _antwoord(session: Session, g: NazorgCheckin, *, partner: str, deelnemer: Deelnemer, nu: datetime) -> tuple[str | None, str]:
    checkin = opvolging.open_checkin(session=session, deelnemer_id=deelnemer.id or 0, maand=g.maand)
    if checkin is None:
        return f"no open check-in of month {g.maand} for {g.deelnemer}", ""
    if checkin.partner != partner:
        return f"the check-in of month {g.maand} was asked of {checkin.partner}", ""
    onderwerp = checkin_onderwerp(checkin.maand, checkin.traject_id)
    if checkin.status == "gemist":  # a late answer settles the escalation
        signalen.los_op(session=session, soorten=(SignaalSoort.CHECKIN_GEMIST,), actueel=(), nu=nu, deelnemer_id=deelnemer.id, onderwerp=onderwerp)
    opvolging.leg_antwoord_vast(session=session, checkin=checkin, antwoord=g.model_dump(mode="json", exclude={"type", "deelnemer", "gemeld_op"}), nu=nu)
    if not g.ondersteuning_nodig:
        signalen.los_op(session=session, soorten=(SignaalSoort.STEUNVRAAG,), actueel=(), nu=nu, deelnemer_id=deelnemer.id)
    if g.terug_in_uitkering:
        uitkomst = Uitkomst(soort=UitkomstSoort.TERUG_IN_UITKERING, datum=nu.date())
        verloop.leg_uitkomst_vast(session=session, deelnemer_id=deelnemer.id or 0, traject_id=checkin.traject_id, uitkomst=uitkomst, nu=nu)
    _signaleer(session, g, checkin, onderwerp, nu)
    return None, f"check-in {g.maand} mnd beantwoord" + (": terug in uitkering" if g.terug_in_uitkering else "")


def _signaleer(session: Session, g: NazorgCheckin, checkin: Checkin, onderwerp: str, nu: datetime) -> None:
    """Back on benefit is breached (the regiehouder decides on re-entry); a support request is a risk."""
    gewenst = []
    if g.terug_in_uitkering:
        gewenst.append((SignaalSoort.TERUGVAL, Niveau.OVERSCHREDEN, "back on benefit"))
    if g.ondersteuning_nodig:
        gewenst.append((SignaalSoort.STEUNVRAAG, Niveau.RISICO, "the participant or employer asks for support"))
    nieuw = signalen.leg_vast(session=session, signalen=[
        Signaal(deelnemer_id=checkin.deelnemer_id, pseudoniem=checkin.pseudoniem, programma=checkin.programma, partner=checkin.partner,
                soort=soort, niveau=niveau, onderwerp=onderwerp, toelichting=toelichting)
        for soort, niveau, toelichting in gewenst
    ], nu=nu)
    meld_regiehouder(session, [(checkin.regiehouder, s) for s in nieuw], nu)
