"""The gate over a batch of candidate handoffs: one great-expectations validation per contract."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from quality.poort import Poort
from schemas.contracten import Contract
from schemas.overdracht import Kandidaat
from schemas.programma import Programma


def keur_kandidaten(
    kandidaten: Sequence[Kandidaat],
    poort: Poort,
    programmas: Mapping[str, Programma],
    vandaag: date,
    vorige_van: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[Kandidaat]:
    """The candidates with the rules each failed; a candidate without a readable dossier passes unchanged.

    `vorige_van` holds each participant's previous accepted dossier, for rules across handoffs.
    """
    vorige_van = vorige_van or {}
    gekeurd = list(kandidaten)
    per_contract: dict[type[Contract], list[int]] = {}
    for i, k in enumerate(kandidaten):
        if k.dossier is not None and k.contract is not None and k.programma in programmas:
            per_contract.setdefault(k.contract, []).append(i)
    for contract, posities in per_contract.items():
        rijen = [_rij(kandidaten[i], programmas, vandaag, vorige_van) for i in posities]
        for i, bevindingen in zip(posities, poort.keur(contract, rijen), strict=True):
            gekeurd[i] = replace(kandidaten[i], bevindingen=tuple(bevindingen))
    return gekeurd


def _rij(
    k: Kandidaat,
    programmas: Mapping[str, Programma],
    vandaag: date,
    vorige_van: Mapping[str, Mapping[str, Any]],
) -> dict[str, Any]:
    assert k.dossier is not None and k.programma is not None
    kenmerken = k.dossier.kenmerken(
        vandaag=vandaag,
        programma=programmas[k.programma],
        vorige=vorige_van.get(k.pseudoniem or ""),
    )
    return {"deelnemer": k.pseudoniem} | kenmerken
