"""Dossiers that are valid in shape but break one gate rule, as real partners sometimes send.

The result still validates against its contract class (the door lets it in), so it is the
data-quality gate that must catch it and send `overdracht.geweigerd` back.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
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
    Taalniveau,
    VakopleidingNaarPlaatsing,
)
from schemas.programma import Programma


@dataclass(frozen=True)
class Geval:
    """The dossier to break (as a dict) and what the rules compare it with."""

    dossier: dict[str, Any]
    vandaag: date
    programma: Programma


Wijziging = Callable[[Geval], dict[str, Any]]

_A1 = {
    "lezen": Taalniveau.A1,
    "schrijven": Taalniveau.A1,
    "spreken": Taalniveau.A1,
    "luisteren": Taalniveau.A1,
}


def _geen_toestemming(_g: Geval) -> dict[str, Any]:
    return {"toestemming_delen": False}


def _oude_taaltoets(g: Geval) -> dict[str, Any]:
    return {
        "taaltoets_datum": g.vandaag - timedelta(days=g.programma.taaltoets_max_maanden * 31 + 45)
    }


def _te_hoog_niveau(g: Geval) -> dict[str, Any]:
    return {"taalniveau": _A1, "beoogd_mbo_niveau": max(2, g.dossier["beoogd_mbo_niveau"])}


def _geen_werkritme(_g: Geval) -> dict[str, Any]:
    return {"aanwezigheid_pct": 30.0}


def _niet_werkfit(_g: Geval) -> dict[str, Any]:
    return {"werkfit": False}


def _te_veel_uren(_g: Geval) -> dict[str, Any]:
    return {"uren_per_week": 60.0}


def _plan_in_toekomst(g: Geval) -> dict[str, Any]:
    return {"plan_datum": g.vandaag + timedelta(days=14)}


def _uitkomst_in_toekomst(g: Geval) -> dict[str, Any]:
    return {"uitkomst": g.dossier["uitkomst"] | {"datum": g.vandaag + timedelta(days=30)}}


# Per contract, the rule breaks a careless partner makes; Trackwissel and Terugplaatsing have
# no gate rule beyond their shape, so they are never sent broken.
AFWIJKINGEN: dict[type[Contract], tuple[Wijziging, ...]] = {
    InstroomNaarAssessment: (_geen_toestemming, _oude_taaltoets),
    AssessmentNaarOntwikkeling: (_plan_in_toekomst,),
    AssessmentNaarVakopleiding: (_te_hoog_niveau,),
    OntwikkelingNaarVakopleiding: (_te_hoog_niveau, _geen_werkritme),
    DirectNaarPlaatsing: (_niet_werkfit,),
    VakopleidingNaarPlaatsing: (_niet_werkfit,),
    PlaatsingNaarNazorg: (_te_veel_uren,),
    Afsluiting: (_uitkomst_in_toekomst,),
    AfsluitingV2: (_uitkomst_in_toekomst,),
}


def verstoor(
    dossier: Contract, rng: random.Random, *, vandaag: date, programma: Programma
) -> Contract | None:
    """The same dossier with one gate rule broken, or None when its contract has no rule to break."""
    wijzigingen = AFWIJKINGEN.get(type(dossier))
    if not wijzigingen:
        return None
    ruw = dossier.model_dump()
    return type(dossier).model_validate(
        ruw | rng.choice(wijzigingen)(Geval(ruw, vandaag, programma))
    )
