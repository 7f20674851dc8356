"""The sweep's work without Prefect (the flow wraps it in tasks; bench/sweep.py times it).

Three idempotent steps, each one transaction: ask the nazorg partner every check-in that is due,
escalate those left unanswered past the programme's respijt, and run the time-in-phase watch.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine

from flows import _bewaking
from persistence import opvolging, privacy, sessie, signalen
from persistence.tabellen import Checkin
from schemas.berichten import PartnerBericht
from schemas.fase import Fase
from schemas.opvolging import (
    CheckinStatus,
    Niveau,
    Signaal,
    SignaalSoort,
    checkin_onderwerp,
)
from schemas.programma import Programma
from settings import Instellingen


def checkin_bericht(c: Checkin) -> PartnerBericht:
    """The question to the nazorg partner; its key makes a second sweep send nothing new."""
    return PartnerBericht(
        sleutel=f"checkin/{c.id}",
        soort="nazorg.checkin",
        deelnemer=c.pseudoniem,
        programma=c.programma,
        fase=Fase.NAZORG,
        inhoud={
            "maand": c.maand,
            "vervaldatum": c.vervaldatum.isoformat(),
            "startdatum": c.startdatum.isoformat(),
        },
    )


def vraag_checkins(*, engine: Engine, nu: datetime) -> int:
    """Every due check-in becomes one outbox message to its nazorg partner."""
    with sessie(engine) as s:
        due = opvolging.te_vragen(session=s, vandaag=nu.date())
        opvolging.plaats_berichten(
            session=s, berichten=[(c.partner, checkin_bericht(c)) for c in due], nu=nu
        )
        opvolging.zet_status(
            session=s, ids=[c.id or 0 for c in due], status=CheckinStatus.GEVRAAGD, nu=nu
        )
    return len(due)


def _gemist(c: Checkin, respijt_dagen: int) -> Signaal:
    return Signaal(
        deelnemer_id=c.deelnemer_id,
        pseudoniem=c.pseudoniem,
        programma=c.programma,
        partner=c.partner,
        soort=SignaalSoort.CHECKIN_GEMIST,
        niveau=Niveau.OVERSCHREDEN,
        onderwerp=checkin_onderwerp(c.maand, c.traject_id),
        termijn=c.vervaldatum + timedelta(days=respijt_dagen),
        toelichting=f"no answer {respijt_dagen} days after asking",
    )


def escaleer_gemiste(*, engine: Engine, programmas: dict[str, Programma], nu: datetime) -> int:
    """Check-ins unanswered past the respijt: missed, flagged, and the regiehouder told."""
    with sessie(engine) as s:
        gemist: list[tuple[Checkin, Signaal]] = []
        for p in programmas.values():
            voor = nu - timedelta(days=p.nazorg.respijt_dagen)
            gemist += [
                (c, _gemist(c, p.nazorg.respijt_dagen))
                for c in opvolging.onbeantwoord(session=s, programma=p.id, gevraagd_voor=voor)
            ]
        opvolging.zet_status(
            session=s, ids=[c.id or 0 for c, _ in gemist], status=CheckinStatus.GEMIST
        )
        nieuw = {
            x.sleutel for x in signalen.leg_vast(session=s, signalen=[g for _, g in gemist], nu=nu)
        }
        signalen.meld_regiehouder(
            session=s, nieuw=[(c.regiehouder, g) for c, g in gemist if g.sleutel in nieuw], nu=nu
        )
    return len(gemist)


def bewaak(
    *, engine: Engine, programmas: dict[str, Programma], instellingen: Instellingen, nu: datetime
) -> dict[str, int]:
    """The time-in-phase watch: raise what is late or at risk, resolve what no longer is."""

    def geboortedatum(token: str) -> date:
        return privacy.ontsleutel(token, instellingen).geboortedatum

    with sessie(engine) as s:
        feiten = _bewaking.lees_feiten(s, programmas)
        gewenst = _bewaking.bereken(feiten, programmas, geboortedatum, nu)
        nieuw = signalen.leg_vast(session=s, signalen=gewenst, nu=nu)
        # A checkpoint near or past due is told to its owner, who must decide it.
        signalen.meld_regiehouder(
            session=s,
            nieuw=[(x.partner, x) for x in nieuw if x.soort == SignaalSoort.IJKPUNT],
            nu=nu,
        )
        opgelost = signalen.los_op(
            session=s,
            soorten=_bewaking.BEWAAKTE_SOORTEN,
            actueel={g.sleutel for g in gewenst},
            nu=nu,
        )
    return {
        "bewaakt": len(feiten.lopend),
        "signalen_nieuw": len(nieuw),
        "signalen_opgelost": opgelost,
    }
