"""The shape of each edge's contract: a passing and failing examples, run through pydantic."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from connectors.simulator.voorbeelden import GELDIG, VANDAAG
from schemas.contracten import (
    ALLE_CONTRACTEN,
    Afsluiting,
    InstroomNaarAssessment,
    PlaatsingNaarNazorg,
    Trackwissel,
    contract_voor,
)
from schemas.fase import Fase


def test_elk_contract_heeft_een_voorbeeld():
    assert set(GELDIG) == set(ALLE_CONTRACTEN)


@pytest.mark.parametrize("contract", ALLE_CONTRACTEN, ids=lambda c: c.contract_id())
def test_geldig_voorbeeld_past(contract):
    dossier = contract.model_validate(GELDIG[contract])
    assert (
        dossier.voor_ontvanger()
        == contract.model_validate(dossier.voor_ontvanger()).voor_ontvanger()
    )


@pytest.mark.parametrize("contract", ALLE_CONTRACTEN, ids=lambda c: c.contract_id())
def test_onbekend_veld_wordt_geweigerd(contract):
    with pytest.raises(ValidationError, match="extra_forbidden|Extra inputs"):
        contract.model_validate(GELDIG[contract] | {"bsn": "123456782"})


@pytest.mark.parametrize("contract", ALLE_CONTRACTEN, ids=lambda c: c.contract_id())
def test_ontbrekend_verplicht_veld_noemt_het_veld(contract):
    veld = next(naam for naam, info in contract.model_fields.items() if info.is_required())
    ruw = {k: v for k, v in GELDIG[contract].items() if k != veld}
    with pytest.raises(ValidationError) as fout:
        contract.model_validate(ruw)
    assert fout.value.errors()[0]["loc"] == (veld,)


@pytest.mark.parametrize(
    ("contract", "veld", "waarde"),
    [
        (InstroomNaarAssessment, "taaltoets_datum", "gisteren"),
        (InstroomNaarAssessment, "doelgroep", "toerist"),
        (PlaatsingNaarNazorg, "contractsoort", "nulurencontract"),
        (PlaatsingNaarNazorg, "uren_per_week", -4),
    ],
)
def test_verkeerd_type_of_waarde(contract, veld, waarde):
    with pytest.raises(ValidationError) as fout:
        contract.model_validate(GELDIG[contract] | {veld: waarde})
    assert fout.value.errors()[0]["loc"][0] == veld


def test_onderwijs_uitkomst_vraagt_niveau_en_uitval_een_reden():
    with pytest.raises(ValidationError, match="mbo_niveau"):
        Afsluiting.model_validate({"uitkomst": {"soort": "onderwijs", "datum": "2026-01-05"}})
    with pytest.raises(ValidationError, match="reden"):
        Afsluiting.model_validate({"uitkomst": {"soort": "uitval", "datum": "2026-01-05"}})


@pytest.mark.parametrize(
    ("van", "naar", "verwacht"),
    [
        (Fase.INSTROOM, Fase.ASSESSMENT, "instroom→assessment v1"),
        (Fase.ASSESSMENT, Fase.PLAATSING, "direct→plaatsing v1"),
        (Fase.ONTWIKKELING, Fase.ONTWIKKELING, "trackwissel v1"),
        (Fase.PLAATSING, Fase.ONTWIKKELING, "terugplaatsing v1"),
        (Fase.NAZORG, None, "nazorg→afgesloten v1"),
    ],
)
def test_contract_per_rand(van, naar, verwacht):
    contract = contract_voor(van, naar)
    assert contract is not None and contract.contract_id() == verwacht


def test_rand_zonder_contract():
    assert contract_voor(Fase.INSTROOM, Fase.NAZORG) is None


@pytest.fixture(scope="module")
def utrecht():
    from settings import get_settings, laad_catalogus

    return laad_catalogus(get_settings()).programma("utrecht-bank-tot-baan")


def test_trackwissel_die_een_leerdoel_laat_vallen_breekt_de_regel(utrecht):
    vorige = {"leerdoelen": ["op tijd komen", "vaktaal horeca", "samenwerken"]}
    wissel = Trackwissel.model_validate(GELDIG[Trackwissel])
    assert (
        wissel.kenmerken(vandaag=VANDAAG, programma=utrecht, vorige=vorige)["leerdoelen_behouden"]
        is False
    )
    compleet = Trackwissel.model_validate(
        GELDIG[Trackwissel] | {"leerdoelen": [*vorige["leerdoelen"], "lassen"]}
    )
    assert (
        compleet.kenmerken(vandaag=VANDAAG, programma=utrecht, vorige=vorige)["leerdoelen_behouden"]
        is True
    )


def test_plaatsing_voor_het_einde_van_de_opleiding_telt_negatieve_dagen(utrecht):
    plaatsing = PlaatsingNaarNazorg.model_validate(GELDIG[PlaatsingNaarNazorg])
    later_afgerond = {"afgerond_op": (plaatsing.startdatum + timedelta(days=5)).isoformat()}
    assert (
        plaatsing.kenmerken(vandaag=VANDAAG, programma=utrecht, vorige=later_afgerond)[
            "dagen_start_na_opleiding"
        ]
        == -5
    )
    assert (
        plaatsing.kenmerken(vandaag=VANDAAG, programma=utrecht, vorige=None)[
            "dagen_start_na_opleiding"
        ]
        == 0
    )


def test_taalniveau_per_vaardigheid_waar_bekend_maar_minstens_een():
    from schemas.contracten import TaalniveauPerVaardigheid

    assert TaalniveauPerVaardigheid(spreken="A2", lezen="B1").laagste == "A2"
    with pytest.raises(ValidationError, match="at least one"):
        TaalniveauPerVaardigheid()
