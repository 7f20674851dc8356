"""The simulated partners' case-model moves (issue 11): each is made with its rate, as the
programme's configuration allows, by the partner entitled to make it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from connectors.simulator import Gedrag, Simulator, Stap
from schemas.banen import BaanGestart
from schemas.berichten import PartnerBericht
from schemas.contracten import Trackwissel
from schemas.fase import Fase
from schemas.gebeurtenissen import FaseAfgerond, TrackGewisseld, TrajectAfgesloten
from schemas.ijkpunten import IjkpuntBesloten
from schemas.programma import Programma
from schemas.verwijzing import RegiehouderGewisseld, VerwijzingBeantwoord
from settings import Catalogus
from tests.connectors.simulator_hulp import met_kansen

P = "KT-ABCDEFGH23"
UTRECHT, HARDERWIJK, DUAAL = "utrecht-bank-tot-baan", "harderwijk-voltijd-klantreis", "duaal-test"
DUAAL_YAML = Path(__file__).parents[1] / "fixtures/programmas/duaal-test.yaml"


def _bericht(programma: str, fase: Fase | None, bericht: str = "traject.start", **inhoud: Any):
    return PartnerBericht(
        sleutel=f"{bericht}-{fase}", soort=bericht, deelnemer=P, programma=programma, fase=fase,
        inhoud=inhoud,
    )  # fmt: skip


def _plan(c: Catalogus, gedrag: Gedrag, partner: str, bericht: PartnerBericht) -> list[Stap]:
    return gedrag.plan(c.partner(partner), bericht)


def _gedrag(c: Catalogus) -> Gedrag:
    return Gedrag(c, vertraging=(0.01, 0.02), seed=3)


def test_a_referral_is_declined_and_the_regiehouder_picks_another_partner(catalogus):
    c = met_kansen(catalogus, afwijzen=1.0)
    gedrag = _gedrag(c)
    [nee] = _plan(c, gedrag, "ontwikkeling-horeca-utrecht", _bericht(UTRECHT, Fase.ONTWIKKELING))
    assert isinstance(nee.gebeurtenis, VerwijzingBeantwoord)
    assert nee.gebeurtenis.antwoord == "afgewezen" and nee.gebeurtenis.reden is not None
    kies = ["ontwikkeling-techniek-utrecht", "ontwikkeling-facilitair-utrecht"]
    antwoord = _bericht(UTRECHT, Fase.ONTWIKKELING, "verwijzing.antwoord", kies_uit=kies)
    [wissel] = _plan(c, gedrag, "gemeente-utrecht", antwoord)
    assert isinstance(wissel.gebeurtenis, TrackGewisseld)
    assert wissel.gebeurtenis.naar_partner in kies and wissel.afzender is None  # the receiver
    assert (
        wissel.gebeurtenis.besluit is not None and wissel.gebeurtenis.besluit.rol == "regiehouder"
    )
    Trackwissel.model_validate(wissel.gebeurtenis.dossier)
    # the second partner takes it on: no second decline in the same phase
    assert not any(
        isinstance(s.gebeurtenis, VerwijzingBeantwoord)
        for s in _plan(c, gedrag, kies[0], _bericht(UTRECHT, Fase.ONTWIKKELING))
    )


def test_an_exit_is_first_sent_unconfirmed_and_its_correction_is_confirmed(catalogus):
    c = met_kansen(catalogus, uitgang=1.0, bestemming_onbevestigd=1.0)
    [stap] = _plan(c, _gedrag(c), "vakopleiding-utrecht", _bericht(UTRECHT, Fase.VAKOPLEIDING))
    eerst, dan = stap.gebeurtenis, stap.correctie
    assert isinstance(eerst, TrajectAfgesloten) and isinstance(dan, TrajectAfgesloten)
    assert (eerst.fase, eerst.contract_versie) == (Fase.VAKOPLEIDING, 2)
    assert eerst.dossier["uitkomst"]["soort"] in ("werkfit", "onderwijs")
    assert (eerst.dossier["bestemming"]["bevestigd"], dan.dossier["bestemming"]["bevestigd"]) == (
        False,
        True,
    )
    # Utrecht's MBO exit has a minimum stay, which only an account overrides; werkfit has none
    assert (eerst.besluit is not None) == (eerst.dossier["uitkomst"]["soort"] == "onderwijs")


def test_the_regiehouder_hands_over_to_another_regiehouder_once(catalogus):
    c = met_kansen(catalogus, regimewissel=1.0)
    gedrag = _gedrag(c)
    stappen = _plan(c, gedrag, "assessment-utrecht", _bericht(UTRECHT, Fase.ASSESSMENT))
    [wissel] = [s for s in stappen if isinstance(s.gebeurtenis, RegiehouderGewisseld)]
    assert wissel.afzender == "gemeente-utrecht"
    assert wissel.gebeurtenis.naar_regiehouder in c.programma(UTRECHT).verwijzing.regiehouders
    assert wissel.gebeurtenis.soort == "regimewissel"
    later = _plan(c, gedrag, "vakopleiding-utrecht", _bericht(UTRECHT, Fase.VAKOPLEIDING))
    assert not any(isinstance(s.gebeurtenis, RegiehouderGewisseld) for s in later)


def test_a_checkpoint_decision_waits_until_the_watch_flags_it_overdue(catalogus):
    c = met_kansen(catalogus, ijkpunt_te_laat=1.0)
    gedrag = _gedrag(c)
    start = _bericht(HARDERWIJK, Fase.ONTWIKKELING)
    assert _plan(c, gedrag, "taalaanbieder-voltijd", start) == [], "held: nothing yet"
    signaal = {"soort": "ijkpunt", "onderwerp": "ijkpunt evaluatie-week-40"}
    risico = _bericht(HARDERWIJK, None, "melding.signaal", niveau="risico", **signaal)
    assert _plan(c, gedrag, "meerinzicht-klantmanager", risico) == []
    laat = _bericht(HARDERWIJK, None, "melding.signaal", niveau="overschreden", **signaal)
    besluit, afgerond = _plan(c, gedrag, "meerinzicht-klantmanager", laat)
    assert isinstance(besluit.gebeurtenis, IjkpuntBesloten)
    assert besluit.afzender == "meerinzicht-klantmanager"
    assert isinstance(afgerond.gebeurtenis, FaseAfgerond)
    assert afgerond.afzender == "taalaanbieder-voltijd", "the phase's partner hands on"
    assert _plan(c, gedrag, "meerinzicht-klantmanager", laat) == [], "released once"


def _met_duaal(c: Catalogus) -> Catalogus:
    duaal = Programma.model_validate(yaml.safe_load(DUAAL_YAML.read_text()))
    return dataclasses.replace(c, programmas={**c.programmas, DUAAL: duaal})


def test_lanes_run_beside_the_main_lane_and_one_is_started_on_request(catalogus):
    c = met_kansen(_met_duaal(catalogus), baan_verzoek=1.0)
    gedrag = _gedrag(c)
    stappen = _plan(c, gedrag, "participatiehuis-competensys", _bericht(DUAAL, Fase.ASSESSMENT))
    [verzoek] = [s for s in stappen if isinstance(s.gebeurtenis, BaanGestart)]
    assert (verzoek.gebeurtenis.baan, verzoek.afzender) == (
        "participatie",
        "meerinzicht-klantmanager",
    )
    taal = _bericht(DUAAL, Fase.ONTWIKKELING, baan="taal")
    [door] = _plan(c, gedrag, "taalaanbieder-voltijd", taal)
    assert isinstance(door.gebeurtenis, FaseAfgerond)
    assert (door.gebeurtenis.baan, door.gebeurtenis.naar) == ("taal", Fase.VAKOPLEIDING)
    slot = _bericht(DUAAL, Fase.VAKOPLEIDING, baan="taal")
    [dicht] = _plan(c, gedrag, "mbo-via-duo", slot)
    assert isinstance(dicht.gebeurtenis, TrajectAfgesloten)
    assert (dicht.gebeurtenis.baan, dicht.gebeurtenis.fase) == ("taal", Fase.VAKOPLEIDING)


def test_with_every_new_rate_at_zero_the_chain_moves_as_before(catalogus):
    c = met_kansen(catalogus)
    [stap] = _plan(
        c, _gedrag(c), "ontwikkeling-horeca-utrecht", _bericht(UTRECHT, Fase.ONTWIKKELING)
    )
    assert isinstance(stap.gebeurtenis, FaseAfgerond) and stap.afzender is None


def test_a_partner_that_declined_holds_the_participant_as_declined_not_active(catalogus):
    """Reconciliation and the fault suite read a partner's own file: after its decline the
    partner does not count the participant as one it is working with."""
    sim = Simulator(catalogus, vertraging=(0.0, 0.0), seed=1)
    partner = catalogus.programma(UTRECHT).inrichting(Fase.ONTWIKKELING).partners[1]
    sim._kennis[(partner, P)] = {"programma": UTRECHT, "fase": "ontwikkeling", "status": "actief"}
    nee = VerwijzingBeantwoord(
        type="verwijzing.beantwoord", gemeld_op=datetime.now(UTC), deelnemer=P,
        fase=Fase.ONTWIKKELING, antwoord="afgewezen", reden="geen_capaciteit",
    )  # fmt: skip
    sim._werk_kennis_bij(partner, nee)
    assert sim._kennis[(partner, P)]["status"] == "afgewezen"
