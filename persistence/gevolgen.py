"""The follow-up effects of a decision (`schemas.overdracht.Gevolg`) as rows, one case per kind.

A new kind of effect gets its dataclass in schemas, its writer in its own persistence module and
one case here.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from persistence import opvolging, signalen, verloop, verwijzingen
from persistence.tabellen import Checkin, Deelnemer, Traject
from schemas.overdracht import (
    GeefSignalen,
    Gevolg,
    LaatCheckinsVervallen,
    LegAntwoordVast,
    LegUitkomstVast,
    LosSignalenOp,
    PlanCheckins,
    RegistreerStart,
    VervangQuarantaine,
)
from schemas.verwijzing import (
    BeantwoordVerwijzing,
    LegVerwijzerVast,
    OpenVerwijzing,
    StartVerwijzing,
    WisselRegiehouder,
)


def schrijf_gevolg(
    *, session: Session, nu: datetime, gevolg: Gevolg, deelnemer: Deelnemer, traject: Traject
) -> None:
    """One follow-up effect of a decision as rows, in the batch's transaction."""
    s, deelnemer_id = session, deelnemer.id or 0
    match gevolg:
        case PlanCheckins(partner=partner, startdatum=startdatum, maanden=maanden):
            opvolging.plan_checkins(
                session=s,
                deelnemer=deelnemer,
                traject_id=traject.id or 0,
                partner=partner,
                startdatum=startdatum,
                maanden=maanden,
            )
        case LaatCheckinsVervallen():
            opvolging.laat_vervallen(session=s, deelnemer_id=deelnemer_id)
        case LosSignalenOp(soorten=soorten, onderwerp=onderwerp):
            signalen.los_op(
                session=s,
                soorten=soorten,
                actueel=(),
                nu=nu,
                deelnemer_id=deelnemer_id,
                onderwerp=onderwerp,
            )
        case RegistreerStart(gestart_op=gestart_op):
            opvolging.registreer_start(session=s, traject=traject, gestart_op=gestart_op, nu=nu)
        case LegAntwoordVast(checkin_id=checkin_id, antwoord=antwoord):
            opvolging.leg_antwoord_vast(
                session=s, checkin=s.get_one(Checkin, checkin_id), antwoord=antwoord, nu=nu
            )
        case LegUitkomstVast(uitkomst=uitkomst, traject_id=traject_id):
            verloop.leg_uitkomst_vast(
                session=s,
                deelnemer_id=deelnemer_id,
                traject_id=traject_id or traject.id or 0,
                uitkomst=uitkomst,
                nu=nu,
            )
        case GeefSignalen(signalen=gewenst, regiehouder=regiehouder):
            nieuw = signalen.leg_vast(session=s, signalen=gewenst, nu=nu)
            signalen.meld_regiehouder(session=s, nieuw=[(regiehouder, x) for x in nieuw], nu=nu)
        case VervangQuarantaine(van_fase=van_fase, door=door):
            verloop.vervang_quarantaine(
                session=s, pseudoniem=deelnemer.pseudoniem, van_fase=van_fase.value, door=door
            )
        case OpenVerwijzing():
            verwijzingen.open_verwijzing(
                session=s, gevolg=gevolg, deelnemer=deelnemer, traject=traject, nu=nu
            )
        case BeantwoordVerwijzing():
            verwijzingen.beantwoord(session=s, gevolg=gevolg, traject=traject, nu=nu)
        case StartVerwijzing():
            verwijzingen.start(session=s, gevolg=gevolg, traject=traject, nu=nu)
        case WisselRegiehouder():
            verwijzingen.wissel_regiehouder(session=s, gevolg=gevolg, deelnemer=deelnemer, nu=nu)
        case LegVerwijzerVast():
            verwijzingen.leg_verwijzer_vast(session=s, gevolg=gevolg, deelnemer=deelnemer, nu=nu)
