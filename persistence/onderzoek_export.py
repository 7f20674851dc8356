"""The researcher export as a logged disclosure: who may be included, their rows, the log.

Each participant is included only with a basis for the purpose doel:onderzoek
(schemas.toestemming.grondslag_voor: their consent on record, or a legal basis configured); the
others are counted, never named. Each included participant gets one `Verstrekking` row (the
recipient doel:onderzoek:<study>, the fields, the basis used), inserted in bulk per block within
the export's one transaction: the log is committed only with a complete file.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from persistence.onderzoek import Blok, Selectie, blokken, lees_blok
from persistence.onderzoek_bestand import Schrijf, schrijver
from persistence.privacy import ontsleutel
from persistence.tabellen import Verstrekking
from schemas.onderzoek import (
    VELDEN,
    Formaat,
    leeftijdsband,
    maand,
    ontvanger,
    studiepseudoniem,
    studiesleutel,
)
from schemas.onderzoek_rijen import Kenmerken, rijen
from schemas.regios import Regiokaart
from schemas.toestemming import ONDERZOEK, grondslag_voor
from settings import Instellingen

BLOKGROOTTE = 5000


@dataclass(frozen=True)
class Opdracht:
    """What to export: the study, the format, which trajectories, the legal bases configured."""

    studie: str
    formaat: Formaat
    selectie: Selectie
    wettelijk: Mapping[str, Mapping[str, str]]  # per programme: recipient → law (its grondslagen)


@dataclass(frozen=True)
class Resultaat:
    deelnemers: int  # included (and logged)
    uitgesloten: int  # selected, but no basis: left out
    trajecten: int
    rijen: int
    sleutel: str  # the disclosure log's bericht_sleutel of this export


@dataclass
class _Telling:
    deelnemers: int = 0
    uitgesloten: int = 0
    trajecten: int = 0
    rijen: int = 0


def exporteer(
    *,
    engine: Engine,
    instellingen: Instellingen,
    regios: Regiokaart,
    opdracht: Opdracht,
    pad: Path,
    nu: datetime,
    blokgrootte: int = BLOKGROOTTE,
) -> Resultaat:
    """Write the export to `pad` and log the disclosure; nothing is logged if writing fails."""
    sleutel = f"onderzoek:{opdracht.studie}:{uuid.uuid4().hex}"
    telling = _Telling()
    with Session(engine) as session, schrijver(opdracht.formaat, pad) as schrijf:
        for van_id, tot_id in list(blokken(session=session, grootte=blokgrootte)):
            blok = lees_blok(
                session=session, van_id=van_id, tot_id=tot_id, selectie=opdracht.selectie
            )
            log = _exporteer_blok(blok, instellingen, regios, opdracht, nu, schrijf, telling)
            if log:
                session.connection().execute(  # Core, not the ORM: no objects to track
                    insert(Verstrekking.__table__),  # type: ignore[attr-defined]
                    [r | {"bericht_sleutel": sleutel, "tijdstip": nu} for r in log],
                )
        session.commit()
    return Resultaat(
        telling.deelnemers, telling.uitgesloten, telling.trajecten, telling.rijen, sleutel
    )


def _exporteer_blok(
    blok: Blok,
    instellingen: Instellingen,
    regios: Regiokaart,
    opdracht: Opdracht,
    nu: datetime,
    schrijf: Schrijf,
    telling: _Telling,
) -> list[dict[str, object]]:
    """Write the block's rows; the disclosure log's rows for the participants included."""
    studiesl = studiesleutel(instellingen.peper.get_secret_value().encode(), opdracht.studie)
    uit: list[dict[str, object]] = []
    log: list[dict[str, object]] = []
    for deelnemer_id, wie in blok.deelnemers.items():
        basis = grondslag_voor(
            ontvanger=ONDERZOEK,
            op=nu,
            registraties=blok.registraties.get(deelnemer_id, []),
            wettelijk=opdracht.wettelijk.get(wie.programma, {}),
        )
        if basis is None:
            telling.uitgesloten += 1
            continue
        geboren = ontsleutel(wie.persoon_versleuteld, instellingen).geboortedatum
        kenmerken = Kenmerken(
            studie=opdracht.studie,
            studiepseudoniem=studiepseudoniem(studiesl, wie.pseudoniem),
            regio=regios.regio(programma=wie.programma, aanmelder=wie.aanmelder),
            leeftijdsband=leeftijdsband(geboren, wie.aangemeld_op.date()),
            aanmeldmaand=maand(wie.aangemeld_op) or "",
        )
        for traject_id, feiten in blok.trajecten[deelnemer_id]:
            uit += rijen(
                wie=kenmerken,
                traject=feiten,
                stappen=blok.stappen.get(traject_id, []),
                banen=blok.banen.get(traject_id, []),
                uitkomst=blok.uitkomsten.get(traject_id),
                peil=nu,
            )
            telling.trajecten += 1
        telling.deelnemers += 1
        log.append(
            {
                "partner": ontvanger(opdracht.studie),
                "pseudoniem": wie.pseudoniem,
                "velden": list(VELDEN),
                "grondslag": str(basis),
            }
        )
    schrijf(uit)
    telling.rijen += len(uit)
    return log
