"""The simulator's dossiers: valid ones pass every gate rule, broken ones break exactly the gate."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from connectors.simulator import (
    AFWIJKINGEN,
    BOUWERS,
    Situatie,
    bouw_dossier,
    nieuw_profiel,
    verstoor,
)
from schemas.contracten import (
    ALLE_CONTRACTEN,
    MAX_MBO_NIVEAU_BIJ_TAAL,
    AssessmentNaarOntwikkeling,
    Contract,
    PlaatsingNaarNazorg,
    Terugplaatsing,
    Trackwissel,
)
from schemas.programma import Programma
from settings import Catalogus
from tests.connectors.simulator_hulp import schendingen

ZADEN = range(25)


@pytest.fixture
def programma(catalogus: Catalogus) -> Programma:
    return catalogus.programma("harderwijk-voltijd-klantreis")


def _situatie(programma: Programma, zaad: int) -> Situatie:
    rng = random.Random(zaad)
    return Situatie(
        programma=programma,
        partner_id="p",
        profiel=nieuw_profiel(rng),
        rng=rng,
        vandaag=date.today(),
    )


def test_every_contract_has_a_builder() -> None:
    assert set(BOUWERS) == set(ALLE_CONTRACTEN)


@pytest.mark.parametrize("contract", ALLE_CONTRACTEN, ids=lambda c: c.NAAM)
def test_built_dossiers_are_valid_and_pass_every_rule(
    contract: type[Contract], programma: Programma
) -> None:
    for zaad in ZADEN:
        dossier = bouw_dossier(contract, _situatie(programma, zaad))
        assert type(dossier) is contract
        assert contract.model_validate(dossier.voor_ontvanger()) == dossier  # survives the wire
        assert schendingen(dossier, programma) == [], (zaad, dossier)
        assert all(d < date.today() for d in dossier.datums())


@pytest.mark.parametrize("contract", list(AFWIJKINGEN), ids=lambda c: c.NAAM)
def test_a_broken_dossier_has_the_right_shape_but_fails_the_gate(
    contract: type[Contract], programma: Programma
) -> None:
    for zaad in ZADEN:
        situatie = _situatie(programma, zaad)
        fout = verstoor(
            bouw_dossier(contract, situatie),
            situatie.rng,
            vandaag=situatie.vandaag,
            programma=programma,
        )
        assert fout is not None
        assert contract.model_validate(fout.voor_ontvanger()) == fout
        assert schendingen(fout, programma) != [], (zaad, fout)


@pytest.mark.parametrize("contract", [Trackwissel, Terugplaatsing])
def test_contracts_without_gate_rules_are_never_broken(
    contract: type[Contract], programma: Programma
) -> None:
    situatie = _situatie(programma, 1)
    assert (
        verstoor(
            bouw_dossier(contract, situatie),
            situatie.rng,
            vandaag=situatie.vandaag,
            programma=programma,
        )
        is None
    )


def test_profiles_aim_only_for_levels_their_language_carries() -> None:
    for zaad in range(200):
        profiel = nieuw_profiel(random.Random(zaad))
        assert (
            0
            <= profiel.beoogd_mbo_niveau
            <= MAX_MBO_NIVEAU_BIJ_TAAL[profiel.taalniveau.laagste.value]
        )
        assert 2 <= len(profiel.leerdoelen) <= 4


@pytest.mark.parametrize(
    ("contract", "ontvangen", "regel_kolom"),
    [
        (PlaatsingNaarNazorg, "afgerond_op", "dagen_start_na_opleiding"),
        (AssessmentNaarOntwikkeling, "taaltoets_datum", "dagen_plan_na_taaltoets"),
    ],
)
def test_dates_follow_the_dossier_the_partner_received(
    contract: type[Contract], ontvangen: str, regel_kolom: str, programma: Programma
) -> None:
    for zaad in ZADEN:
        situatie = _situatie(programma, zaad)
        situatie.inhoud = {ontvangen: (date.today() - timedelta(days=2 + zaad % 5)).isoformat()}
        dossier = bouw_dossier(contract, situatie)
        kenmerken = dossier.kenmerken(
            vandaag=date.today(), programma=programma, vorige=situatie.inhoud
        )
        assert kenmerken[regel_kolom] >= 0, (zaad, dossier)
        assert all(d < date.today() for d in dossier.datums())
