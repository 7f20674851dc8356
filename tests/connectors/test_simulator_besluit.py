"""The simulator's breaches, measures and incidents (issue 10 h, i): reports that pass the door,
sent before the partner's next move; the gemeente's measure on the no-show flag, as regiehouder;
and nothing at all at the shipped rates of 0, so seeded runs replay as before."""

from __future__ import annotations

import json

from connectors.simulator import Gedrag
from schemas.berichten import PartnerBericht
from schemas.fase import Fase
from settings import Catalogus
from tests.connectors.simulator_hulp import met_kansen
from webhooks.intake import lees_gebeurtenis

P = "KT-ABCDEFGH23"
UTRECHT = "utrecht-bank-tot-baan"


def _plan(catalogus: Catalogus, partner: str, soort: str, fase: Fase | None, inhoud=None):
    bericht = PartnerBericht(
        sleutel="s-1", soort=soort, deelnemer=P, programma=UTRECHT, fase=fase, inhoud=inhoud or {}
    )
    gedrag = Gedrag(catalogus, vertraging=(0.01, 0.02), seed=7)
    return gedrag.plan(catalogus.partner(partner), bericht)


def _door(stap):
    return lees_gebeurtenis(json.dumps(stap.gebeurtenis.model_dump(mode="json")).encode())


def test_een_partner_meldt_noshows_voor_zijn_volgende_stap_en_een_werkgever_een_incident(catalogus):
    kansen = met_kansen(catalogus, niet_verschenen=1.0, incident=1.0)
    stappen = _plan(kansen, "assessment-utrecht", "traject.start", Fase.ASSESSMENT)
    soorten = [s.gebeurtenis.type for s in stappen]
    assert soorten[0] == "schending.gemeld" and soorten[-1] == "fase.afgerond", soorten
    for stap in stappen[:-1]:
        assert _door(stap).type == "schending.gemeld"
    plaatsing = _plan(kansen, "werkgevers-utrecht", "traject.start", Fase.PLAATSING)
    assert "incident.gemeld" in [s.gebeurtenis.type for s in plaatsing]
    assert all(_door(s) for s in plaatsing)


def test_de_gemeente_beantwoordt_de_noshowvlag_met_een_waarschuwing_als_regiehouder(catalogus):
    [stap] = _plan(
        catalogus, "gemeente-utrecht", "melding.signaal", None, {"soort": "niet_verschenen"}
    )
    maatregel = _door(stap)
    assert maatregel.type == "maatregel.genomen"
    assert maatregel.besluit is not None and maatregel.besluit.rol == "regiehouder"
    assert _plan(catalogus, "gemeente-utrecht", "melding.signaal", None, {"soort": "wachten"}) == []


def test_bij_kans_nul_meldt_niemand_iets(catalogus):
    stappen = _plan(met_kansen(catalogus), "werkgevers-utrecht", "traject.start", Fase.PLAATSING)
    assert [s.gebeurtenis.type for s in stappen] == ["fase.afgerond"]
