"""Drill-down to one participant by pseudonym: ask why, decide how far, log it, show it.

The AVG asks for purpose and accountability: every look at one participant states its reason
(3–200 characters) and lands in the access log (who, whom, when, why, how far), allowed or not.
How far is `schemas.rollen.zicht_op`: the coordinator and an involved partner see status, the
regiehouder holding the case sees the file, with the person's name and birth date decrypted
and the BSN masked to its last three digits. The reason is never written to the process log: a
user may type anything into it.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.toegang import Geweigerd, huidige_gebruiker
from dashboard.weergave import pagina
from persistence import gebruikers, klok
from persistence.betrokkenen import betrokkenen, deelnemer_met
from persistence.dossier import lees_dossier
from persistence.privacy import ontsleutel
from persistence.tabellen import Deelnemer
from persistence.toestemmingen import register, registratie
from schemas.rollen import Gebruiker, Recht, Rol, Zicht, mag, zicht_op
from schemas.toestemming import grondslag_voor
from settings import Catalogus, Instellingen, logboek

log = logboek(__name__)

REDEN_MIN, REDEN_MAX = 3, 200


def grondslag_voor_inzage(
    *,
    session: Session,
    gebruiker: Gebruiker,
    deelnemer: Deelnemer,
    nu: datetime,
    catalogus: Catalogus,
) -> bool:
    """A partner medewerker's drill-down is a disclosure to their organisation (issue 12 §3): it
    needs a basis in the participant's register or the programme's legal tasks, as a message would."""
    programma = catalogus.programmas.get(deelnemer.programma)
    registraties = [
        registratie(t) for t in register(session=session, deelnemer_id=deelnemer.id or 0)
    ]
    return (
        programma is not None
        and gebruiker.partner is not None
        and grondslag_voor(
            ontvanger=gebruiker.partner,
            op=nu,
            registraties=registraties,
            wettelijk=programma.grondslagen.wettelijk,
            toestemming_nodig=programma.grondslagen.toestemming,
        )
        is not None
    )


def gemaskeerd(bsn: str) -> str:
    """Only the last three digits: enough to tell two files apart on the phone, no more."""
    return "•" * (len(bsn) - 3) + bsn[-3:]


def _reden_fout(reden: str) -> str | None:
    if not REDEN_MIN <= len(reden) <= REDEN_MAX:
        return f"De reden moet {REDEN_MIN} tot {REDEN_MAX} tekens lang zijn."
    return None


def installeer(
    app: FastAPI, *, engine: Engine, catalogus: Catalogus, instellingen: Instellingen
) -> None:
    @app.get("/deelnemers/{pseudoniem}", response_class=HTMLResponse)
    def deelnemer(request: Request, pseudoniem: str, reden: str | None = None) -> Response:
        gebruiker = huidige_gebruiker(request)
        if not mag(gebruiker, Recht.DEELNEMER):
            raise Geweigerd(gebruiker, Recht.DEELNEMER.value, pseudoniem[:32])
        if reden is None:
            return pagina(request, "deelnemer_reden.html", {"pseudoniem": pseudoniem})
        reden = reden.strip()
        if fout := _reden_fout(reden):
            context = {"pseudoniem": pseudoniem, "fout": fout, "reden": reden[:REDEN_MAX]}
            return pagina(request, "deelnemer_reden.html", context, status=422)
        nu = klok.nu(engine=engine)
        with Session(engine) as s:
            gevonden = deelnemer_met(session=s, pseudoniem=pseudoniem)
            if gevonden is None:
                return pagina(request, "deelnemer_onbekend.html", {}, status=404)
            zicht = zicht_op(gebruiker, betrokkenen(session=s, deelnemer=gevonden))
            partner_zonder_grondslag = (
                gebruiker.rol == Rol.PARTNER_MEDEWERKER
                and not grondslag_voor_inzage(
                    session=s, gebruiker=gebruiker, deelnemer=gevonden, nu=nu, catalogus=catalogus
                )
            )
            if zicht == Zicht.GEEN or partner_zonder_grondslag:
                raise Geweigerd(gebruiker, Recht.DEELNEMER.value, pseudoniem)
            dossier = lees_dossier(session=s, deelnemer=gevonden)
            gebruikers.log_toegang(
                session=s,
                gebruiker=gebruiker,
                handeling=Recht.DEELNEMER.value,
                toegestaan=True,
                nu=nu,
                pseudoniem=pseudoniem,
                reden=reden,
                zicht=zicht,
            )
            s.commit()
        log.info(
            "deelnemer_bekeken", pseudoniem=pseudoniem, rol=gebruiker.rol.value, zicht=zicht.value
        )
        persoon = None
        if zicht == Zicht.DOSSIER:
            p = ontsleutel(dossier.persoon_versleuteld, instellingen)
            persoon = {
                "naam": p.naam,
                "geboortedatum": p.geboortedatum.strftime("%d-%m-%Y"),
                "bsn": gemaskeerd(p.bsn),
            }
        inhoud: dict[str, object] = {
            "d": dossier,
            "zicht": zicht.value,
            "persoon": persoon,
            "reden": reden,
        }
        return pagina(request, "deelnemer.html", inhoud)
