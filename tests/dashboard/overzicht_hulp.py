"""A handful of participants in known states, inserted as rows, for the overview's tests.

Each touches one part of the page: phases and statuses, a lane, a reported start, a waiting
list, open flags, an overdue checkpoint, a quarantined handoff, a dead message, check-ins.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from persistence.tabellen import (
    Checkin,
    Deelnemer,
    FaseStart,
    InboxBericht,
    OutboxBericht,
    Overdracht,
    Overgang,
    SignaalRegel,
    Traject,
)
from persistence.tabellen_banen import TrajectBaan
from persistence.tabellen_ijkpunt import Ijkpunt
from persistence.tabellen_verwijzing import Verwijzing

UTRECHT, DUAAL = "utrecht-bank-tot-baan", "duaal-drechtsteden"
HORECA = "ontwikkeling-horeca-utrecht"


def _voeg(s: Session, rij: SQLModel) -> Any:
    s.add(rij)
    s.flush()
    return rij


def _deelnemer(s: Session, code: str, programma: str, nu: datetime) -> Any:
    return _voeg(
        s,
        Deelnemer(
            pseudoniem=f"KT-{code}",
            bsn_hash=f"h-{code}",
            persoon_versleuteld="x",
            programma=programma,
            gemeente_partner="gemeente-utrecht",
            verwijzing_id=code,
            aangemeld_op=nu - timedelta(days=300),
        ),
    )


def _traject(s: Session, d: Any, fase: str, partner: str, status: str, sinds: datetime) -> Any:
    return _voeg(
        s,
        Traject(
            deelnemer_id=d.id,
            programma=d.programma,
            fase=fase,
            partner=partner,
            status=status,
            fase_sinds=sinds,
            begonnen_op=sinds - timedelta(days=30),
            beeindigd_op=None if status in ("actief", "gepauzeerd") else sinds,
        ),
    )


def _overgang(s: Session, t: Any, beweging: str, fase: str, partner: str, op: datetime) -> None:
    _voeg(
        s,
        Overgang(
            deelnemer_id=t.deelnemer_id,
            traject_id=t.id,
            beweging=beweging,
            naar_fase=fase,
            naar_status="actief",
            naar_partner=partner,
            reden="test",
            besloten_door="test",
            tijdstip=op,
        ),
    )


def _signaal(s: Session, d: Any, soort: str, partner: str, ontstaan: datetime) -> None:
    _voeg(
        s,
        SignaalRegel(
            sleutel=f"{d.pseudoniem}-{soort}",
            deelnemer_id=d.id,
            pseudoniem=d.pseudoniem,
            programma=d.programma,
            partner=partner,
            soort=soort,
            niveau="risico",
            onderwerp=soort,
            ontstaan_op=ontstaan,
        ),
    )


def zaai(engine: Engine, nu: datetime | None = None) -> datetime:
    """Six participants; returns the `nu` they were built around."""
    nu = nu or datetime.now(UTC)
    dag = timedelta(days=1)
    with Session(engine) as s:
        a = _deelnemer(s, "A", UTRECHT, nu)
        ta = _traject(s, a, "assessment", "assessment-utrecht", "actief", nu - 10 * dag)
        _overgang(s, ta, "aanmelden", "instroom", "gemeente-utrecht", nu - 40 * dag)
        _overgang(s, ta, "doorstromen", "assessment", "assessment-utrecht", nu - 10 * dag)
        _voeg(
            s,
            FaseStart(
                traject_id=ta.id,
                fase="assessment",
                partner="assessment-utrecht",
                fase_sinds=nu - 10 * dag,
                gestart_op=(nu - 7 * dag).date(),
                ontvangen_op=nu - 7 * dag,
            ),
        )
        _signaal(s, a, "wachten", "assessment-utrecht", nu - 2 * dag)

        b = _deelnemer(s, "B", UTRECHT, nu)
        tb = _traject(s, b, "ontwikkeling", HORECA, "gepauzeerd", nu - 200 * dag)
        _overgang(s, tb, "doorstromen", "ontwikkeling", HORECA, nu - 200 * dag)
        _signaal(s, b, "fase_te_lang", HORECA, nu - 50 * dag)
        _voeg(
            s,
            Ijkpunt(
                deelnemer_id=b.id,
                traject_id=tb.id,
                naam="evaluatie",
                eigenaar=HORECA,
                gepland_op=nu - 60 * dag,
                vervalt_op=nu - 5 * dag,
            ),
        )

        c = _deelnemer(s, "C", UTRECHT, nu)
        tc = _traject(s, c, "nazorg", "jobcoach-utrecht", "afgesloten", nu - 20 * dag)
        for maand, status in ((1, "beantwoord"), (3, "gemist")):
            _voeg(
                s,
                Checkin(
                    deelnemer_id=c.id,
                    traject_id=tc.id,
                    pseudoniem=c.pseudoniem,
                    programma=UTRECHT,
                    partner="jobcoach-utrecht",
                    regiehouder="gemeente-utrecht",
                    maand=maand,
                    startdatum=date(2020, 1, 1),
                    vervaldatum=(nu - 5 * dag).date(),
                    status=status,
                    gevraagd_op=nu - 5 * dag,
                ),
            )
        _voeg(
            s,
            OutboxBericht(
                sleutel="dood-C",
                partner="jobcoach-utrecht",
                soort="checkin.vraag",
                pseudoniem=c.pseudoniem,
                bericht={},
                status="dood",
                pogingen=9,
                volgende_poging_op=nu,
                aangemaakt_op=nu - 90 * dag,
            ),
        )

        d = _deelnemer(s, "D", UTRECHT, nu)
        td = _traject(s, d, "instroom", "gemeente-utrecht", "actief", nu - dag)
        _overgang(s, td, "aanmelden", "instroom", "gemeente-utrecht", nu - dag)
        inbox = _voeg(
            s,
            InboxBericht(
                webhook_id="q-D",
                partner="gemeente-utrecht",
                type="fase.afgerond",
                pseudoniem=d.pseudoniem,
                payload={},
                status="quarantaine",
                ontvangen_op=nu - dag,
            ),
        )
        _voeg(
            s,
            Overdracht(
                inbox_id=inbox.id,
                deelnemer_id=d.id,
                pseudoniem=d.pseudoniem,
                partner="gemeente-utrecht",
                type="fase.afgerond",
                beweging="doorstromen",
                status="quarantaine",
                bevindingen=[
                    {"regel": "verplicht", "uitleg": "-", "kolom": "taaltoets", "waarde": None}
                ],
                verwerkt_op=nu - dag,
            ),
        )

        e = _deelnemer(s, "E", DUAAL, nu)
        te = _traject(s, e, "ontwikkeling", "werkshop-participatie", "actief", nu - 20 * dag)
        _overgang(s, te, "doorstromen", "ontwikkeling", "werkshop-participatie", nu - 20 * dag)
        _voeg(
            s,
            TrajectBaan(
                traject_id=te.id,
                baan="taal",
                fase="ontwikkeling",
                partner="taalschool-drechtsteden",
                status="actief",
                fase_sinds=nu - 100 * dag,
                begonnen_op=nu - 100 * dag,
            ),
        )
        _voeg(
            s,
            Verwijzing(
                deelnemer_id=e.id,
                traject_id=te.id,
                fase="ontwikkeling",
                partner="werkshop-participatie",
                status="wachtlijst",
                aangevraagd_op=nu - 25 * dag,
                wachtlijst_sinds=nu - 20 * dag,
            ),
        )

        f = _deelnemer(s, "F", UTRECHT, nu)
        _traject(s, f, "vakopleiding", "vakopleiding-utrecht", "uitgevallen", nu - 3 * dag)
        s.commit()
    return nu
