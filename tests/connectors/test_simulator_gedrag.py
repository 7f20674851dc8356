"""The simulated partners' decisions: each move is one the programme allows, with the right dossier."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.simulator import Gedrag, Stap
from schemas.berichten import PartnerBericht
from schemas.contracten import Trackwissel, contract_voor
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import (
    FaseAfgerond,
    Herinstroom,
    TrackGewisseld,
    TrajectAfgesloten,
    Uitgevallen,
)
from schemas.ijkpunten import IjkpuntBesloten
from schemas.programma import Toestand
from settings import Catalogus
from tests.connectors.simulator_hulp import met_kansen, schendingen

PSEUDONIEM = "KT-ABCDEFGH23"
UTRECHT = "utrecht-bank-tot-baan"
HARDERWIJK = "harderwijk-voltijd-klantreis"


def _plan(
    catalogus: Catalogus,
    partner_id: str,
    fase: Fase | None,
    *,
    soort: str = "traject.start",
    programma: str = UTRECHT,
    sleutel: str = "s-1",
    gedrag: Gedrag | None = None,
    inhoud: dict[str, Any] | None = None,
) -> list[Stap]:
    gedrag = gedrag or Gedrag(catalogus, vertraging=(0.01, 0.02), seed=7)
    bericht = PartnerBericht(
        sleutel=sleutel,
        soort=soort,
        deelnemer=PSEUDONIEM,
        programma=programma,
        fase=fase,
        inhoud=inhoud or {},
    )
    return gedrag.plan(catalogus.partner(partner_id), bericht)


def _soort(stap: Stap) -> str:
    return str(getattr(stap.gebeurtenis, "type"))  # noqa: B009


def _toegestaan(
    catalogus: Catalogus, programma_id: str, fase: Fase, partner: str, stap: Stap
) -> None:
    """The move is allowed by the programme and the dossier is the edge's contract, passing its rules."""
    programma = catalogus.programma(programma_id)
    g = stap.gebeurtenis
    toestand = Toestand(fase=fase, status=TrajectStatus.ACTIEF, partner=partner)
    if isinstance(g, FaseAfgerond):
        besluit = programma.beoordeel(toestand, Beweging(g.beweging), g.naar, g.naar_partner)
        contract = contract_voor(fase, g.naar)
    elif isinstance(g, TrackGewisseld):
        besluit = programma.beoordeel(toestand, Beweging.WISSELEN, fase, g.naar_partner)
        contract = Trackwissel
    else:
        assert isinstance(g, TrajectAfgesloten)
        besluit = programma.beoordeel(toestand, Beweging.AFSLUITEN)
        contract = contract_voor(fase, None, g.contract_versie)
    assert besluit.toegestaan, besluit.reden
    assert contract is not None
    assert schendingen(contract.model_validate(g.dossier), programma) == []


@pytest.mark.parametrize(("partner", "fase", "naar"), [
    ("gemeente-utrecht", Fase.INSTROOM, Fase.ASSESSMENT),
    ("assessment-utrecht", Fase.ASSESSMENT, Fase.ONTWIKKELING),
    ("ontwikkeling-horeca-utrecht", Fase.ONTWIKKELING, Fase.VAKOPLEIDING),
    ("vakopleiding-utrecht", Fase.VAKOPLEIDING, Fase.PLAATSING),
    ("werkgevers-utrecht", Fase.PLAATSING, Fase.NAZORG),
])  # fmt: skip
def test_with_no_surprises_each_phase_flows_on_with_a_valid_dossier(
    catalogus: Catalogus, partner: str, fase: Fase, naar: Fase
) -> None:
    [stap] = _plan(met_kansen(catalogus), partner, fase)
    assert isinstance(stap.gebeurtenis, FaseAfgerond)
    assert (stap.gebeurtenis.beweging, stap.gebeurtenis.naar) == (Beweging.DOORSTROMEN, naar)
    assert stap.correctie is None
    _toegestaan(catalogus, UTRECHT, fase, partner, stap)


@pytest.mark.parametrize(
    ("contractsoort", "uitkomst"),
    [
        ("loonkostensubsidie", "werk_met_loonkostensubsidie"),
        ("beschut", "beschut_werk"),
        ("regulier", "regulier_werk"),
    ],
)
def test_nazorg_closes_with_the_outcome_the_placement_implies(
    catalogus: Catalogus, contractsoort: str, uitkomst: str
) -> None:
    inhoud = {
        "werkgever": "Bakkerij",
        "contractsoort": contractsoort,
        "startdatum": "2026-01-05",
        "uren_per_week": 24,
    }
    [stap] = _plan(met_kansen(catalogus), "jobcoach-utrecht", Fase.NAZORG, inhoud=inhoud)
    assert isinstance(stap.gebeurtenis, TrajectAfgesloten)
    assert stap.gebeurtenis.dossier["uitkomst"]["soort"] == uitkomst
    _toegestaan(catalogus, UTRECHT, Fase.NAZORG, "jobcoach-utrecht", stap)


def test_the_evaluatiemoment_chooses_a_route_and_school_ends_in_education(
    catalogus: Catalogus,
) -> None:
    rustig = met_kansen(catalogus)
    gekozen = set()
    for i in range(20):
        gedrag = Gedrag(rustig, vertraging=(0, 0), seed=i)
        [besluit, stap] = _plan(
            rustig, "taalaanbieder-voltijd", Fase.ONTWIKKELING, programma=HARDERWIJK, gedrag=gedrag
        )
        # the regiehouder decides the evaluatiemoment first; the handoff goes where it routed
        assert isinstance(besluit.gebeurtenis, IjkpuntBesloten)
        assert besluit.afzender == "meerinzicht-klantmanager"
        assert besluit.gebeurtenis.besluit.rol == "regiehouder"
        assert isinstance(stap.gebeurtenis, FaseAfgerond)
        route = {"werk": "job-taalcoach", "school": "mbo-via-duo"}[besluit.gebeurtenis.keuze]
        assert stap.gebeurtenis.naar_partner == route
        gekozen.add(stap.gebeurtenis.naar_partner)
        _toegestaan(rustig, HARDERWIJK, Fase.ONTWIKKELING, "taalaanbieder-voltijd", stap)
        [slot] = _plan(
            rustig,
            "meerinzicht-nazorg",
            Fase.NAZORG,
            programma=HARDERWIJK,
            gedrag=gedrag,
            sleutel="s-2",
        )
        assert isinstance(slot.gebeurtenis, TrajectAfgesloten)
        is_school = stap.gebeurtenis.naar_partner == "mbo-via-duo"
        assert (slot.gebeurtenis.dossier["uitkomst"]["soort"] == "onderwijs") == is_school
    assert gekozen == {"job-taalcoach", "mbo-via-duo"}


def test_a_switch_keeps_the_learning_goals_and_happens_once_per_phase(catalogus: Catalogus) -> None:
    wisselend = met_kansen(catalogus, wisselen=1.0)
    gedrag = Gedrag(wisselend, vertraging=(0, 0), seed=7)
    doelen = ["veilig werken", "op tijd komen"]
    [stap] = _plan(
        wisselend,
        "ontwikkeling-horeca-utrecht",
        Fase.ONTWIKKELING,
        gedrag=gedrag,
        inhoud={"leerdoelen": doelen},
    )
    assert isinstance(stap.gebeurtenis, TrackGewisseld)
    assert stap.gebeurtenis.naar_partner in {
        "ontwikkeling-techniek-utrecht",
        "ontwikkeling-facilitair-utrecht",
    }
    assert stap.gebeurtenis.dossier["leerdoelen"] == doelen
    assert stap.gebeurtenis.dossier["nieuwe_sector"] in stap.gebeurtenis.naar_partner
    _toegestaan(wisselend, UTRECHT, Fase.ONTWIKKELING, "ontwikkeling-horeca-utrecht", stap)
    [daarna] = _plan(
        wisselend, stap.gebeurtenis.naar_partner, Fase.ONTWIKKELING, gedrag=gedrag, sleutel="s-2"
    )
    assert isinstance(daarna.gebeurtenis, FaseAfgerond)


def test_skips_go_only_where_the_programme_allows(catalogus: Catalogus) -> None:
    springend = met_kansen(catalogus, overslaan=1.0)
    doelen = set()
    for i in range(12):
        [stap] = _plan(springend, "assessment-utrecht", Fase.ASSESSMENT, sleutel=f"s-{i}")
        assert isinstance(stap.gebeurtenis, FaseAfgerond)
        assert stap.gebeurtenis.beweging == Beweging.OVERSLAAN
        doelen.add(stap.gebeurtenis.naar)
        _toegestaan(springend, UTRECHT, Fase.ASSESSMENT, "assessment-utrecht", stap)
    assert doelen == {Fase.VAKOPLEIDING, Fase.PLAATSING}
    [geen_sprong] = _plan(springend, "vakopleiding-utrecht", Fase.VAKOPLEIDING)  # no skip from here
    assert isinstance(geen_sprong.gebeurtenis, FaseAfgerond)
    assert geen_sprong.gebeurtenis.beweging == Beweging.DOORSTROMEN


def test_one_return_per_participant(catalogus: Catalogus) -> None:
    terug = met_kansen(catalogus, terugplaatsen=1.0)
    gedrag = Gedrag(terug, vertraging=(0, 0), seed=7)
    [eerste] = _plan(terug, "werkgevers-utrecht", Fase.PLAATSING, gedrag=gedrag)
    assert isinstance(eerste.gebeurtenis, FaseAfgerond)
    assert eerste.gebeurtenis.beweging == Beweging.TERUGPLAATSEN
    _toegestaan(terug, UTRECHT, Fase.PLAATSING, "werkgevers-utrecht", eerste)
    [tweede] = _plan(terug, "werkgevers-utrecht", Fase.PLAATSING, gedrag=gedrag, sleutel="s-2")
    assert isinstance(tweede.gebeurtenis, FaseAfgerond)
    assert tweede.gebeurtenis.beweging == Beweging.DOORSTROMEN


def test_a_pause_is_followed_by_a_resume_and_then_the_work_once_per_phase(
    catalogus: Catalogus,
) -> None:
    pauze = met_kansen(catalogus, pauzeren=1.0)
    gedrag = Gedrag(pauze, vertraging=(0, 0), seed=7)
    stappen = _plan(pauze, "vakopleiding-utrecht", Fase.VAKOPLEIDING, gedrag=gedrag)
    assert [_soort(s) for s in stappen] == [
        "traject.gepauzeerd",
        "traject.hervat",
        "fase.afgerond",
    ]
    again = _plan(pauze, "vakopleiding-utrecht", Fase.VAKOPLEIDING, gedrag=gedrag, sleutel="s-2")
    assert [_soort(s) for s in again] == ["fase.afgerond"]


def test_dropout_carries_a_reason_and_the_gemeente_re_refers_once(catalogus: Catalogus) -> None:
    uitval = met_kansen(catalogus, uitvallen=1.0, herinstromen=1.0)
    gedrag = Gedrag(uitval, vertraging=(0, 0), seed=7)
    [stap] = _plan(uitval, "assessment-utrecht", Fase.ASSESSMENT, gedrag=gedrag)
    assert isinstance(stap.gebeurtenis, Uitgevallen)
    assert stap.gebeurtenis.reden
    [terug] = _plan(
        uitval,
        "gemeente-utrecht",
        None,
        soort="melding.uitval",
        gedrag=gedrag,
        inhoud={"fase": "assessment", "reden": "motivatie"},
    )
    assert isinstance(terug.gebeurtenis, Herinstroom)
    assert terug.gebeurtenis.naar == Fase.INSTROOM
    assert (
        _plan(
            uitval, "gemeente-utrecht", None, soort="melding.uitval", gedrag=gedrag, sleutel="s-3"
        )
        == []
    )
    assert (
        _plan(
            uitval,
            "werkgevers-utrecht",
            None,
            soort="melding.afgesloten",
            gedrag=gedrag,
            sleutel="s-4",
        )
        == []
    )


def test_a_broken_dossier_comes_with_its_valid_correction(catalogus: Catalogus) -> None:
    slordig = met_kansen(catalogus, afwijkend_dossier=1.0)
    programma = slordig.programma(UTRECHT)
    [stap] = _plan(slordig, "werkgevers-utrecht", Fase.PLAATSING)
    assert isinstance(stap.gebeurtenis, FaseAfgerond) and isinstance(stap.correctie, FaseAfgerond)
    contract = contract_voor(Fase.PLAATSING, Fase.NAZORG)
    assert contract is not None
    assert schendingen(contract.model_validate(stap.gebeurtenis.dossier), programma) == [
        "uren_binnen_1_40"
    ]
    assert schendingen(contract.model_validate(stap.correctie.dossier), programma) == []
    assert stap.correctie.model_dump(
        exclude={"dossier", "gemeld_op"}
    ) == stap.gebeurtenis.model_dump(exclude={"dossier", "gemeld_op"})


def test_the_same_message_key_gives_the_same_decision(catalogus: Catalogus) -> None:
    kansen = met_kansen(catalogus, overslaan=0.5, pauzeren=0.5, uitvallen=0.3)
    eerste = [
        s.gebeurtenis.model_dump(exclude={"gemeld_op"})
        for s in _plan(kansen, "assessment-utrecht", Fase.ASSESSMENT, sleutel="k")
    ]
    tweede = [
        s.gebeurtenis.model_dump(exclude={"gemeld_op"})
        for s in _plan(kansen, "assessment-utrecht", Fase.ASSESSMENT, sleutel="k")
    ]
    assert eerste == tweede
