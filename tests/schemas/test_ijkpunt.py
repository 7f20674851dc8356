"""Checkpoints and the plan as pure decisions (issue 10 c, d): no database, no Prefect, no HTTP."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from schemas.beslissen import beslis
from schemas.fase import Fase, TrajectStatus
from schemas.gebeurtenissen import FaseAfgerond
from schemas.ijkpunten import BesluitIjkpunt, IjkpuntBesloten, IjkpuntStand, PlanIjkpunt, Route
from schemas.overdracht import Afhandeling, DeelnemerStand, Kandidaat, TrajectStand
from schemas.plan import LegPlanVast, PlanVastgesteld
from schemas.programma import Programma
from schemas.reeks import beslis_reeks
from schemas.verantwoording import Rol, Verantwoording

PROGRAMMAS = {
    p.id: p
    for p in (
        Programma.model_validate(yaml.safe_load(bestand.read_text()))
        for bestand in sorted((Path(__file__).parents[2] / "config" / "programmas").glob("*.yaml"))
    )
}
H = PROGRAMMAS["harderwijk-voltijd-klantreis"]
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
REGIE = "meerinzicht-klantmanager"
WEEK40 = "evaluatie-week-40"
ACCOUNT = {"reden": "evaluatiegesprek gevoerd", "rol": "regiehouder", "persoon": "MW-10423"}


MINUUT = timedelta(minutes=1)


def _stand(fase: Fase, partner: str | None = None, **extra: Any) -> DeelnemerStand:
    traject = TrajectStand(
        fase=fase, status=TrajectStatus.ACTIEF, partner=partner or H.inrichting(fase).partners[0]
    )
    return DeelnemerStand(
        pseudoniem=P, programma=H.id, regiehouder=REGIE, deelnemer_id=7, traject=traject, **extra
    )


def _k(g: Any, partner: str, webhook_id: str = "msg_1") -> Kandidaat:
    return Kandidaat(
        inbox_id=1,
        partner=partner,
        webhook_id=webhook_id,
        pseudoniem=P,
        ontvangen_op=NU,
        gebeurtenis=g,
        programma=H.id,
    )


def _besloten(keuze: str = "school", ijkpunt: str = WEEK40, **account: Any) -> IjkpuntBesloten:
    return IjkpuntBesloten.model_validate(
        {
            "type": "ijkpunt.besloten",
            "gemeld_op": NU.isoformat(),
            "deelnemer": P,
            "ijkpunt": ijkpunt,
            "keuze": keuze,
            "besluit": ACCOUNT | account,
        }
    )


def _gepland(keuze: str | None = None, route: Route | None = None) -> IjkpuntStand:
    return IjkpuntStand(WEEK40, REGIE, NU + timedelta(weeks=40), keuze, route)


ROUTEKEUZE = Verantwoording(
    reden="route na evaluatie", rol=Rol.TRAJECTBEGELEIDER, persoon="MW-30211"
)


def _afgerond(van: Fase, naar: Fase, naar_partner: str | None = None) -> FaseAfgerond:
    return FaseAfgerond(
        type="fase.afgerond",
        gemeld_op=NU,
        deelnemer=P,
        fase=van,
        naar=naar,
        naar_partner=naar_partner,
        besluit=ROUTEKEUZE if naar_partner else None,  # a route choice says who chose it
        dossier={},
    )


def _naar_vakopleiding(naar_partner: str | None = None) -> FaseAfgerond:
    return _afgerond(Fase.ONTWIKKELING, Fase.VAKOPLEIDING, naar_partner)


def _beslis(stand: DeelnemerStand, k: Kandidaat):
    return beslis(stand, k, PROGRAMMAS, nu=NU)


# --- scheduling: the anchor schedules the checkpoint, with its owner --------------------------


def test_entering_ontwikkeling_schedules_the_week_40_checkpoint_owned_by_the_regiehouder():
    b = _beslis(
        _stand(Fase.ASSESSMENT, plan_versie=1),
        _k(_afgerond(Fase.ASSESSMENT, Fase.ONTWIKKELING), "participatiehuis-competensys"),
    )
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert PlanIjkpunt(WEEK40, REGIE, 40) in b.gevolgen
    elders = _beslis(_stand(Fase.INSTROOM), _k(_afgerond(Fase.INSTROOM, Fase.ASSESSMENT), REGIE))
    assert elders.afhandeling == Afhandeling.GEACCEPTEERD, elders.reden
    gepland = {g.naam for g in elders.gevolgen if isinstance(g, PlanIjkpunt)}
    assert WEEK40 not in gepland, "not its anchor"
    assert gepland == {"competensys", "huisbezoek", "diagnosegesprek"}, "assessment's own steps"


# --- deciding: owner, due, once, a decision it may take ---------------------------------------


def test_the_owner_decides_school_and_the_decision_routes_to_mbo_via_duo():
    stand = _stand(Fase.ONTWIKKELING, ijkpunten=(_gepland(),))
    b = _beslis(stand, _k(_besloten("school"), REGIE))
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    [vast] = [g for g in b.gevolgen if isinstance(g, BesluitIjkpunt)]
    assert vast.route == Route(fase=Fase.VAKOPLEIDING, partner="mbo-via-duo")
    assert (vast.verantwoording.rol.value, vast.verantwoording.persoon) == (
        "regiehouder",
        "MW-10423",
    )


@pytest.mark.parametrize(
    ("stand", "partner", "gebeurtenis", "reden"),
    [
        (
            _stand(Fase.ONTWIKKELING, ijkpunten=(_gepland(),)),
            "taalaanbieder-voltijd",
            _besloten(),
            "is decided by meerinzicht-klantmanager",
        ),
        (_stand(Fase.ONTWIKKELING), REGIE, _besloten(), "not due"),
        (
            _stand(Fase.ONTWIKKELING, ijkpunten=(_gepland(),)),
            REGIE,
            _besloten(ijkpunt="onbekend-punt"),
            "has no checkpoint onbekend-punt",
        ),
        (
            _stand(Fase.ONTWIKKELING, ijkpunten=(_gepland("werk"),)),
            REGIE,
            _besloten(),
            "already decided: werk",
        ),
        (
            _stand(Fase.ONTWIKKELING, ijkpunten=(_gepland(),)),
            REGIE,
            _besloten("stage"),
            "decides one of werk, school",
        ),
        (
            _stand(Fase.ONTWIKKELING, ijkpunten=(_gepland(),)),
            REGIE,
            _besloten(rol="docent"),
            "in the role of regiehouder",
        ),
    ],
    ids=["not-the-owner", "not-scheduled", "unknown", "twice", "not-a-decision", "wrong-role"],
)
def test_a_checkpoint_decision_is_refused_with_its_reason(stand, partner, gebeurtenis, reden):
    b = _beslis(stand, _k(gebeurtenis, partner))
    assert b.afhandeling == Afhandeling.GEWEIGERD
    assert reden in b.reden
    assert not b.gevolgen and b.grootboek is None


def test_a_decision_without_its_account_does_not_parse_naming_besluit():
    ruw = _besloten().model_dump(mode="json")
    del ruw["besluit"]
    with pytest.raises(ValidationError) as fout:
        IjkpuntBesloten.model_validate(ruw)
    assert fout.value.errors()[0]["loc"] == ("besluit",)


# --- routing: the next handoff goes where the decision said -----------------------------------


def test_a_handoff_follows_the_decided_route_and_one_contradicting_it_is_refused():
    besloten = _gepland("school", Route(fase=Fase.VAKOPLEIDING, partner="mbo-via-duo"))
    stand = _stand(Fase.ONTWIKKELING, ijkpunten=(besloten,))
    standaard = _beslis(stand, _k(_naar_vakopleiding(), "taalaanbieder-voltijd"))
    assert standaard.afhandeling == Afhandeling.GEACCEPTEERD, standaard.reden
    assert standaard.grootboek is not None and standaard.grootboek.naar.partner == "mbo-via-duo"
    tegen = _beslis(stand, _k(_naar_vakopleiding("job-taalcoach"), "taalaanbieder-voltijd"))
    assert tegen.afhandeling == Afhandeling.GEWEIGERD
    assert tegen.reden == (
        "checkpoint evaluatie-week-40 decided school: vakopleiding is at mbo-via-duo, not job-taalcoach"
    )
    zonder = _beslis(_stand(Fase.ONTWIKKELING), _k(_naar_vakopleiding(), "taalaanbieder-voltijd"))
    assert zonder.grootboek is not None and zonder.grootboek.naar.partner == "job-taalcoach"


def test_in_one_batch_a_decision_routes_the_handoff_after_it():
    stand = _stand(Fase.ONTWIKKELING, ijkpunten=(_gepland(),))
    besloten = beslis_reeks(
        [
            _k(_besloten("school"), REGIE, "msg_1"),
            replace(
                _k(_naar_vakopleiding("job-taalcoach"), "taalaanbieder-voltijd", "msg_2"),
                inbox_id=2,
            ),
        ],
        {P: stand},
        PROGRAMMAS,
        nu=NU,
    )
    assert [b.afhandeling for _, b in besloten] == [Afhandeling.GEACCEPTEERD, Afhandeling.GEWEIGERD]


# --- configuration: validated at load, naming the field ---------------------------------------


def _met_ijkpunt(**ijkpunt: Any) -> dict[str, Any]:
    ruw = H.model_dump(mode="json")
    basis = {
        "naam": "review-fase-1",
        "eigenaar": "regiehouder",
        "anker": {"soort": "fase_uit", "fase": "ontwikkeling"},
        "na_weken": 0,
        "besluiten": {"door": None},
    }
    ruw["ijkpunten"] = [basis | ijkpunt]
    ruw["voorwaarden"] = []  # Harderwijk's waiting rules name its own checkpoints
    return ruw


def test_other_seeds_checkpoints_are_configurable():
    # seed 004 Roermond: a review after Fase 1; Tilburg: the toekomstplan in week 8; seed 002: a
    # VSO uitstroombespreking owned by the school's stage coordinator.
    Programma.model_validate(_met_ijkpunt())
    Programma.model_validate(
        _met_ijkpunt(
            naam="toekomstplan-week-8", anker={"soort": "fase_in", "fase": "instroom"}, na_weken=8
        )
    )
    Programma.model_validate(
        _met_ijkpunt(
            naam="uitstroombespreking",
            eigenaar="ontwikkeling",
            rollen=["stagecoordinator"],
            anker={"soort": "aanmelding"},
            besluiten={"arbeid": None, "dagbesteding": None, "vervolgonderwijs": None},
        )
    )


@pytest.mark.parametrize(
    ("ijkpunt", "fout"),
    [
        (
            {
                "besluiten": {
                    "werk": {"fase": "vakopleiding", "partner": "werkgevers-inburgeren-werkt"}
                }
            },
            "not a partner of vakopleiding",
        ),
        ({"anker": {"soort": "fase_in"}}, "name a fase"),
        ({"besluiten": {"Werk of school?": None}}, "must be codes"),
        ({"eigenaar": "gemeente"}, "eigenaar"),
    ],
)
def test_a_bad_checkpoint_is_refused_at_load(ijkpunt, fout):
    with pytest.raises(ValidationError, match=fout):
        Programma.model_validate(_met_ijkpunt(**ijkpunt))


# --- the plan: versions numbered by the chain, required where the programme says --------------

PLAN = {
    "type": "plan.vastgesteld",
    "deelnemer": P,
    "soort": "ondersteuningsplan",
    "vastgesteld_op": "2026-11-30",
    "doelen": [{"soort": "taal", "niveau": "B1", "horizon_maanden": 18}],
    "ondersteuning": [{"soort": "kinderopvang_regeling"}],
    "belemmeringen": [{"soort": "kinderopvang", "status": "in_behandeling"}],
    "besluit": {
        "reden": "opgesteld na diagnosegesprek",
        "rol": "trajectbegeleider",
        "persoon": "E12345",
    },
}


def _plan(**velden: Any) -> PlanVastgesteld:
    return PlanVastgesteld.model_validate(PLAN | {"gemeld_op": NU.isoformat()} | velden)


# The plan is drawn up after the diagnosegesprek (seed 001): decided, it lets the plan through.
DIAGNOSE = IjkpuntStand(
    "diagnosegesprek",
    REGIE,
    NU,
    "voltijd",
    Route(fase=Fase.ONTWIKKELING, partner="taalaanbieder-voltijd"),
)


def _na_diagnose() -> DeelnemerStand:
    return _stand(Fase.ASSESSMENT, ijkpunten=(DIAGNOSE,))


def test_each_plan_version_is_numbered_after_the_last_and_carries_its_decider():
    competensys = "participatiehuis-competensys"
    eerste = _beslis(_na_diagnose(), _k(_plan(), competensys))
    assert eerste.afhandeling == Afhandeling.GEACCEPTEERD, eerste.reden
    [v1] = [g for g in eerste.gevolgen if isinstance(g, LegPlanVast)]
    assert (v1.versie, v1.verantwoording.persoon) == (1, "E12345")
    assert v1.inhoud["belemmeringen"] == [{"soort": "kinderopvang", "status": "in_behandeling"}]
    assert eerste.reden == "ondersteuningsplan version 1 recorded", "no content in the reason"
    bijgesteld = _plan(
        belemmeringen=[{"soort": "kinderopvang", "status": "opgelost"}],
        besluit={"reden": "kinderopvang geregeld", "rol": "regiehouder", "persoon": "MW-10423"},
    )
    tweede = _beslis(_stand(Fase.ONTWIKKELING, plan_versie=1), _k(bijgesteld, REGIE))
    [v2] = [g for g in tweede.gevolgen if isinstance(g, LegPlanVast)]
    assert (v2.versie, v2.verantwoording.rol.value) == (2, "regiehouder")


def test_in_one_batch_two_versions_get_two_numbers():
    besloten = beslis_reeks(
        [_k(_plan(), REGIE, "msg_1"), replace(_k(_plan(), REGIE, "msg_2"), inbox_id=2)],
        {P: _na_diagnose()},
        PROGRAMMAS,
        nu=NU,
    )
    versies = [g.versie for _, b in besloten for g in b.gevolgen if isinstance(g, LegPlanVast)]
    assert versies == [1, 2]


def test_a_plan_of_the_wrong_kind_or_in_a_programme_without_one_is_refused():
    pip = _beslis(_stand(Fase.ASSESSMENT), _k(_plan(soort="pip"), REGIE))
    assert (pip.afhandeling, pip.reden) == (
        Afhandeling.GEWEIGERD,
        "harderwijk-voltijd-klantreis keeps a ondersteuningsplan, not a pip",
    )
    utrecht = PROGRAMMAS["utrecht-bank-tot-baan"]
    k = replace(_k(_plan(), "gemeente-utrecht"), programma=utrecht.id)
    stand = replace(_stand(Fase.ASSESSMENT, "assessment-utrecht"), programma=utrecht.id)
    assert beslis(stand, k, PROGRAMMAS, nu=NU).reden == "utrecht-bank-tot-baan keeps no plan"


def test_the_handoff_that_needs_a_plan_is_refused_without_one_and_accepted_with_one():
    overdracht = _k(_afgerond(Fase.ASSESSMENT, Fase.ONTWIKKELING), "participatiehuis-competensys")
    zonder = _beslis(_stand(Fase.ASSESSMENT), overdracht)
    assert (zonder.afhandeling, zonder.reden) == (
        Afhandeling.GEWEIGERD,
        "assessment→ontwikkeling requires a current ondersteuningsplan (plan.vastgesteld); "
        "none recorded",
    )
    assert _beslis(_stand(Fase.ASSESSMENT, plan_versie=1), overdracht).afhandeling == (
        Afhandeling.GEACCEPTEERD
    )


def test_a_handoff_that_overtook_its_plan_waits_for_it_and_goes_on_once_it_arrives():
    """Webhooks carry no order: the partner's plan may arrive after its handoff."""
    competensys = "participatiehuis-competensys"
    overdracht = _k(_afgerond(Fase.ASSESSMENT, Fase.ONTWIKKELING), competensys, "msg_overdracht")
    wacht = beslis(_stand(Fase.ASSESSMENT), overdracht, PROGRAMMAS, nu=NU, volgorde_wacht=MINUUT)
    assert wacht.afhandeling == Afhandeling.WACHT and "requires a current" in wacht.reden
    plan = _k(_plan(), competensys, "msg_plan")
    besloten = beslis_reeks(
        [overdracht, plan], {P: _na_diagnose()}, PROGRAMMAS, nu=NU, volgorde_wacht=MINUUT
    )
    assert [(k.webhook_id, b.afhandeling) for k, b in besloten] == [
        ("msg_plan", Afhandeling.GEACCEPTEERD),
        ("msg_overdracht", Afhandeling.GEACCEPTEERD),
    ]
    laat = beslis(
        _stand(Fase.ASSESSMENT), overdracht, PROGRAMMAS, nu=NU + 2 * MINUUT, volgorde_wacht=MINUUT
    )
    assert laat.afhandeling == Afhandeling.GEWEIGERD, "after the wait the refusal stands"


@pytest.mark.parametrize(
    ("velden", "veld"),
    [
        ({"besluit": None}, "besluit"),
        ({"doelen": []}, "doelen"),
        ({"belemmeringen": [{"soort": "gezondheid", "status": "open"}]}, "belemmeringen"),
        ({"toelichting": "vader is ziek"}, "toelichting"),
        ({"belemmeringen": [{"soort": "vervoer", "status": "open"}] * 2}, "belemmeringen"),
    ],
    ids=["no-decider", "no-goal", "not-a-barrier-kind", "no-free-text", "barrier-twice"],
)
def test_a_plan_without_its_decider_or_with_free_text_does_not_parse(velden, veld):
    with pytest.raises(ValidationError) as fout:
        _plan(**velden)
    assert veld in str(fout.value)


def test_a_programme_keeping_a_plan_meets_its_pip_deadline_by_the_plan_not_a_phase():
    ruw = H.model_dump(mode="json")
    ruw["bewaking"]["termijnen"][0]["klaar_bij"] = "ontwikkeling"
    with pytest.raises(ValidationError, match="met by the plan itself"):
        Programma.model_validate(ruw)


def test_a_checkpoint_of_an_ended_trajectory_is_not_decided():
    stand = _stand(Fase.ONTWIKKELING, ijkpunten=(_gepland(),))
    assert stand.traject is not None
    gestopt = replace(stand, traject=replace(stand.traject, status=TrajectStatus.UITGEVALLEN))
    b = _beslis(gestopt, _k(_besloten(), REGIE))
    assert (b.afhandeling, b.reden) == (Afhandeling.GEWEIGERD, f"{P}'s trajectory is uitgevallen")
