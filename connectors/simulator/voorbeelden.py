"""Hand-written example dossiers, one valid example per handoff contract (JSON form).

The same dossier every time, for benchmarks and tests that need a handoff the gate accepts;
`bouw_dossier` makes varied ones for the simulated partners.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from schemas.contracten import (
    Afsluiting,
    AfsluitingV2,
    AssessmentNaarOntwikkeling,
    AssessmentNaarVakopleiding,
    Contract,
    DirectNaarPlaatsing,
    InstroomNaarAssessment,
    OntwikkelingNaarVakopleiding,
    PlaatsingNaarNazorg,
    Terugplaatsing,
    Trackwissel,
    VakopleidingNaarPlaatsing,
)

VANDAAG = date.today()
TAAL_B1 = {"lezen": "B1", "schrijven": "A2", "spreken": "B1", "luisteren": "B1"}
RAPPORT = {
    "sterktes": ["samenwerken"],
    "interesses": ["koken"],
    "aandachtspunten": ["vaktaal"],
    "geadviseerde_sector": "horeca",
}
LEERDOELEN = ["op tijd komen", "vaktaal horeca"]


def _dagen_terug(n: int) -> str:
    return (VANDAAG - timedelta(days=n)).isoformat()


GELDIG: dict[type[Contract], dict[str, Any]] = {
    InstroomNaarAssessment: {
        "programma": "utrecht-bank-tot-baan",
        "gemeente": "Utrecht",
        "doelgroep": "statushouder",
        "taalniveau": TAAL_B1,
        "taaltoets_datum": _dagen_terug(30),
        "toestemming_delen": True,
        "regiehouder": "klantmanager-0042",
    },
    AssessmentNaarOntwikkeling: {
        "competentierapport": RAPPORT,
        "leerdoelen": LEERDOELEN,
        "plan_referentie": "PIP-2026-118",
        "plan_datum": _dagen_terug(3),
    },
    AssessmentNaarVakopleiding: {
        "competentierapport": RAPPORT,
        "leerdoelen": LEERDOELEN,
        "gekozen_sector": "techniek",
        "taalniveau": TAAL_B1,
        "beoogd_mbo_niveau": 2,
    },
    OntwikkelingNaarVakopleiding: {
        "leerdoelen": LEERDOELEN,
        "gekozen_sector": "horeca",
        "taalniveau": TAAL_B1,
        "beoogd_mbo_niveau": 2,
        "actieplan_referentie": "AP-77",
        "aanwezigheid_pct": 88.5,
        "werkritme_dagdelen": 6,
    },
    VakopleidingNaarPlaatsing: {
        "leerdoelen": LEERDOELEN,
        "werkfit": True,
        "bewijs": "praktijkverklaring",
        "mbo_niveau": 1,
        "afgerond_op": _dagen_terug(2),
    },
    DirectNaarPlaatsing: {
        "leerdoelen": LEERDOELEN,
        "werkfit": True,
        "gewenste_sector": "logistiek",
    },
    PlaatsingNaarNazorg: {
        "werkgever": "Werkgever 17",
        "contractsoort": "loonkostensubsidie",
        "startdatum": _dagen_terug(1),
        "uren_per_week": 32,
    },
    Trackwissel: {
        "leerdoelen": LEERDOELEN,
        "reden": "past beter bij techniek",
        "nieuwe_sector": "techniek",
    },
    Terugplaatsing: {"leerdoelen": LEERDOELEN, "reden": "plaatsing beëindigd door lockdown"},
    Afsluiting: {"uitkomst": {"soort": "regulier_werk", "datum": _dagen_terug(1)}},
    AfsluitingV2: {
        "uitkomst": {"soort": "onderwijs", "datum": _dagen_terug(1), "mbo_niveau": 2},
        "bestemming": {
            "referentie": "DUO-inschrijving MBO-2",
            "bevestigd": True,
            "bevestigd_op": _dagen_terug(2),
        },
    },
}
