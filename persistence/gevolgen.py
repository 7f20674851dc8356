"""The follow-up effects of a decision (`schemas.overdracht.Gevolg`) as rows, one case per kind.

A new kind of effect gets its dataclass in schemas, its writer in its own persistence module and
one case here.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from persistence import (
    banen,
    besluiten,
    ijkpunten,
    observaties,
    opvolging,
    signalen,
    toestemmingen,
    uitkomsten,
    verloop,
    verwijzingen,
)
from persistence.tabellen import Checkin, Deelnemer, Traject
from schemas.ijkpunten import BesluitIjkpunt, PlanIjkpunt
from schemas.observatie import DeelObservaties, LegGrondslagVast, LegObservatieVast
from schemas.overdracht import (
    GeefSignalen,
    Gevolg,
    LaatCheckinsVervallen,
    LegAntwoordVast,
    LegUitkomstVast,
    LosSignalenOp,
    PlanCheckins,
    RegistreerBaanStart,
    RegistreerStart,
    VervangQuarantaine,
)
from schemas.plan import LegPlanVast
from schemas.schending import LegIncidentVast, LegMaatregelVast, LegSchendingVast
from schemas.toestemming_gebeurtenissen import LegToestemmingVast, TrekToestemmingIn
from schemas.tussenuitkomst import RegistreerUitkomst
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
        case LosSignalenOp(soorten=soorten, onderwerp=onderwerp, partner=partner):
            signalen.los_op(
                session=s,
                soorten=soorten,
                actueel=(),
                nu=nu,
                partners=None if partner is None else (partner,),
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
        case RegistreerUitkomst(traject_id=traject_id):
            uitkomsten.registreer_uitkomst(
                session=s,
                deelnemer_id=deelnemer_id,
                traject_id=traject_id or traject.id or 0,
                gevolg=gevolg,
                nu=nu,
            )
        case RegistreerBaanStart(baan=baan, gestart_op=gestart_op):
            banen.registreer_start(
                session=s, traject=traject, baan=baan, gestart_op=gestart_op, nu=nu
            )
        case VervangQuarantaine(van_fase=van_fase, door=door):
            verloop.vervang_quarantaine(
                session=s, pseudoniem=deelnemer.pseudoniem, van_fase=van_fase.value, door=door
            )
        case PlanIjkpunt():
            ijkpunten.plan_ijkpunt(
                session=s,
                gevolg=gevolg,
                deelnemer_id=deelnemer_id,
                traject_id=traject.id or 0,
                nu=nu,
            )
        case BesluitIjkpunt():
            ijkpunten.besluit_ijkpunt(session=s, gevolg=gevolg, traject_id=traject.id or 0, nu=nu)
        case LegPlanVast():
            ijkpunten.leg_plan_vast(session=s, gevolg=gevolg, deelnemer_id=deelnemer_id, nu=nu)
        case LegSchendingVast():
            besluiten.leg_schending_vast(
                session=s, g=gevolg, deelnemer=deelnemer, traject=traject, nu=nu
            )
        case LegMaatregelVast():
            besluiten.leg_maatregel_vast(
                session=s, g=gevolg, deelnemer=deelnemer, traject=traject, nu=nu
            )
        case LegIncidentVast():
            besluiten.leg_incident_vast(
                session=s, g=gevolg, deelnemer=deelnemer, traject=traject, nu=nu
            )
        case LegObservatieVast():
            observaties.leg_observatie_vast(
                session=s, g=gevolg, deelnemer=deelnemer, traject=traject, nu=nu
            )
        case LegGrondslagVast():
            observaties.leg_grondslag_vast(session=s, g=gevolg, deelnemer=deelnemer, nu=nu)
        case DeelObservaties():
            observaties.deel(session=s, g=gevolg, nu=nu)
        case LegToestemmingVast():
            toestemmingen.leg_vast_gevolg(session=s, g=gevolg, deelnemer=deelnemer, nu=nu)
        case TrekToestemmingIn():
            toestemmingen.trek_in_gevolg(session=s, g=gevolg, deelnemer=deelnemer, nu=nu)
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
