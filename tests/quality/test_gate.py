"""The gate against real great-expectations: every rule of every contract, and per-row attribution."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import quality
from quality import Bevinding, Poort, PoortFout, get_poort
from schemas.contracten import (
    ALLE_CONTRACTEN,
    Contract,
    InstroomNaarAssessment,
    PlaatsingNaarNazorg,
)
from schemas.programma import Programma
from schemas.regels import Regel, RegelSoort
from settings import get_settings, laad_catalogus

REPO = Path(__file__).resolve().parents[2]
VANDAAG = date(2026, 11, 22)
_GELEDEN = VANDAAG - timedelta(days=10)

# One valid value for every field any contract has; each contract takes the fields it knows.
_VELDEN: dict[str, Any] = {
    "programma": "utrecht-bank-tot-baan",
    "gemeente": "utrecht",
    "doelgroep": "statushouder",
    "taalniveau": {"lezen": "B1", "schrijven": "B1", "spreken": "B1", "luisteren": "B1"},
    "taaltoets_datum": VANDAAG - timedelta(days=60),
    "toestemming_delen": True,
    "regiehouder": "klantmanager-0042",
    "leerdoelen": ["op tijd komen"],
    "competentierapport": {
        "sterktes": ["precies"],
        "interesses": ["techniek"],
        "geadviseerde_sector": "techniek",
    },
    "plan_referentie": "pip-1",
    "plan_datum": _GELEDEN,
    "gekozen_sector": "techniek",
    "beoogd_mbo_niveau": 2,
    "actieplan_referentie": "actieplan-1",
    "aanwezigheid_pct": 80.0,
    "werkritme_dagdelen": 6,
    "werkfit": True,
    "bewijs": "certificaat",
    "mbo_niveau": 2,
    "afgerond_op": _GELEDEN,
    "gewenste_sector": "techniek",
    "werkgever": "werkgever-1",
    "contractsoort": "regulier",
    "startdatum": _GELEDEN,
    "uren_per_week": 32.0,
    "reden": "past beter",
    "nieuwe_sector": "facilitair",
    "uitkomst": {"soort": "regulier_werk", "datum": VANDAAG - timedelta(days=1)},
}


@cache
def _programma() -> Programma:
    return laad_catalogus(get_settings()).programma("utrecht-bank-tot-baan")


def geldige_rij(contract: type[Contract], deelnemer: str = "p-0") -> dict[str, Any]:
    """A row as the caller builds it: a valid dossier's `kenmerken` plus the participant pseudonym."""
    dossier = contract.model_validate(
        {k: v for k, v in _VELDEN.items() if k in contract.model_fields}
    )
    return dossier.kenmerken(vandaag=VANDAAG, programma=_programma()) | {"deelnemer": deelnemer}


def breek(regel: Regel, rij: dict[str, Any]) -> dict[str, Any]:
    """The row with only the rule's column changed so that the rule fails."""
    oud = rij[regel.kolom]  # KeyError: the contract does not produce the column
    match regel.soort:
        case RegelSoort.VERPLICHT:
            waarde: Any = None
        case RegelSoort.TUSSEN:
            waarde = regel.maximum + 1 if regel.maximum is not None else (regel.minimum or 0) - 1
            waarde = int(waarde) if isinstance(oud, int) else waarde
        case RegelSoort.IN_SET:
            waarde = next(
                k for k in (False, True, "buiten-de-set", -1) if k not in (regel.waarden or ())
            )
        case RegelSoort.NIET_GROTER_DAN_KOLOM:
            waarde = rij[str(regel.ander)] + 1
        case _:
            raise AssertionError(f"{regel.soort} needs a batch to fail")
    return rij | {regel.kolom: waarde}


CONTRACTEN = [pytest.param(c, id=c.NAAM) for c in ALLE_CONTRACTEN]
REGELS = [
    pytest.param(contract, regel, id=f"{contract.NAAM}:{regel.naam}")
    for contract in ALLE_CONTRACTEN
    for regel in contract.alle_regels()
]


def namen(uitslag: list[list[Bevinding]]) -> list[list[str]]:
    return [[b.regel for b in bevindingen] for bevindingen in uitslag]


@pytest.mark.parametrize("contract", CONTRACTEN)
def test_every_rule_reads_a_column_the_contract_produces(contract: type[Contract]) -> None:
    kolommen = geldige_rij(contract).keys()
    ontbreekt = {
        r.naam: c
        for r in contract.alle_regels()
        for c in (r.kolom, r.ander)
        if c and c not in kolommen
    }
    if ontbreekt:
        raise PoortFout(
            contract.contract_id(), ", ".join(ontbreekt), f"columns missing: {ontbreekt}"
        )


@pytest.mark.parametrize(("contract", "regel"), REGELS)
def test_rule_passes_a_valid_batch(poort: Poort, contract: type[Contract], regel: Regel) -> None:
    rijen = [geldige_rij(contract, "p-0"), geldige_rij(contract, "p-1")]
    uitslag = namen(poort.keur(contract, rijen))
    assert not any(regel.naam in rij for rij in uitslag)
    assert uitslag == [[], []]


@pytest.mark.parametrize(("contract", "regel"), REGELS)
def test_rule_fails_exactly_the_broken_row(
    poort: Poort, contract: type[Contract], regel: Regel
) -> None:
    goed = geldige_rij(contract, "p-1")
    if regel.soort == RegelSoort.UNIEK:
        rijen = [
            geldige_rij(contract, "p-0"),
            goed | {regel.kolom: geldige_rij(contract, "p-0")[regel.kolom]},
        ]
        verwacht = [[regel.naam], [regel.naam]]
    else:
        rijen = [breek(regel, geldige_rij(contract, "p-0")), goed]
        verwacht = [[regel.naam], []]
    uitslag = poort.keur(contract, rijen)
    assert namen(uitslag) == verwacht
    assert uitslag[0][0].kolom == regel.kolom
    assert uitslag[0][0].waarde == rijen[0][regel.kolom]


def test_mixed_batch_is_attributed_per_row(poort: Poort) -> None:
    rijen = [
        geldige_rij(PlaatsingNaarNazorg, "p-0"),
        geldige_rij(PlaatsingNaarNazorg, "p-1") | {"uren_per_week": 50.0},
        geldige_rij(PlaatsingNaarNazorg, "p-2")
        | {"uren_per_week": 0.5, "dagen_tot_laatste_datum": 3},
    ]
    uitslag = poort.keur(PlaatsingNaarNazorg, rijen)
    assert namen(uitslag) == [
        [],
        ["uren_binnen_1_40"],
        ["datums_niet_in_toekomst", "uren_binnen_1_40"],
    ]
    # The values are the caller's own (an int stays an int; GX hands them back as text).
    assert [b.waarde for b in uitslag[2]] == [3, 0.5]
    assert isinstance(uitslag[2][0].waarde, int)


def test_column_pair_rule_is_attributed_per_row(poort: Poort) -> None:
    rijen = [geldige_rij(InstroomNaarAssessment, f"p-{i}") for i in range(5)]
    for i in (1, 3):
        rijen[i]["taaltoets_dagen_oud"] = rijen[i]["taaltoets_max_dagen"] + i
    rijen[4]["taaltoets_dagen_oud"] = rijen[4]["taaltoets_max_dagen"]  # equal is allowed
    uitslag = poort.keur(InstroomNaarAssessment, rijen)
    assert namen(uitslag) == [[], ["taaltoets_vers"], [], ["taaltoets_vers"], []]
    assert uitslag[3][0].waarde == rijen[3]["taaltoets_dagen_oud"]


def test_duplicate_participant_fails_only_the_duplicated_rows(poort: Poort) -> None:
    deelnemers = ["p-0", "p-1", "p-0", "p-2", "p-1", "p-0"]
    rijen = [geldige_rij(PlaatsingNaarNazorg, d) for d in deelnemers]
    uitslag = poort.keur(PlaatsingNaarNazorg, rijen)
    dubbel = ["geen_dubbele_deelnemer"]
    assert namen(uitslag) == [dubbel, dubbel, dubbel, [], dubbel, dubbel]
    assert [b.waarde for b in uitslag[4]] == ["p-1"]


def test_findings_are_json(poort: Poort) -> None:
    rij = geldige_rij(PlaatsingNaarNazorg) | {
        "uren_per_week": float("nan"),
        "dagen_tot_laatste_datum": 2,
    }
    [bevindingen] = poort.keur(PlaatsingNaarNazorg, [rij])
    assert json.loads(bevindingen[0].model_dump_json())["waarde"] == 2


def test_missing_column_is_an_error_not_a_pass(poort: Poort) -> None:
    rij = geldige_rij(InstroomNaarAssessment)
    del rij["toestemming_delen"]
    with pytest.raises(PoortFout, match="toestemming_voor_ontvanger"):
        poort.keur(InstroomNaarAssessment, [rij])


def test_empty_batch_skips_validation() -> None:
    verse = Poort()
    assert verse.keur(PlaatsingNaarNazorg, []) == []
    assert verse._definities == {}


def test_suite_is_described_with_rule_names(poort: Poort) -> None:
    suite = poort.beschrijf(PlaatsingNaarNazorg)
    assert suite["name"] == PlaatsingNaarNazorg.contract_id()
    regels = {e["meta"]["regel"] for e in suite["expectations"]}
    assert regels == {r.naam for r in PlaatsingNaarNazorg.alle_regels()}


def test_gate_is_built_once_per_process() -> None:
    assert get_poort() is get_poort()


def test_public_surface() -> None:
    assert sorted(quality.__all__) == [
        "Bevinding",
        "Poort",
        "PoortFout",
        "get_poort",
        "keur_kandidaten",
    ]


def test_import_does_not_load_great_expectations() -> None:
    code = "import quality, sys; assert 'great_expectations' not in sys.modules and 'pandas' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
