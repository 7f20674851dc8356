"""Pure parts of the Harderwijk and Utrecht widening (seeds 001, 003): checkpoints that wait for
another's report, and what a track switch hands on and measures. No database, no Prefect."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.berichten import PartnerBericht
from schemas.fase import Fase, TrajectStatus
from schemas.gebeurtenissen import TrackGewisseld
from schemas.ijkpunt_volgorde import PLAN, beslisvolgorde, eerst_te_beslissen, wacht_weigering
from schemas.ijkpunten import IjkpuntStand
from schemas.overdracht import (
    Afhandeling,
    Bericht,
    Beslissing,
    DeelnemerStand,
    Kandidaat,
    TrajectStand,
)
from schemas.programma import Programma
from schemas.trackwissel import RAPPORT, met_rapport, rapport_uit, wachttijd_dagen

MAP = Path(__file__).parents[2] / "config" / "programmas"
RUW = {b.stem: yaml.safe_load(b.read_text()) for b in MAP.glob("*.yaml")}
H = Programma.model_validate(RUW["harderwijk-voltijd-klantreis"])
U = Programma.model_validate(RUW["utrecht-bank-tot-baan"])
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
STAPPEN = ["taaltoets", "competensys", "huisbezoek", "diagnosegesprek", "evaluatie-week-40"]


def _stand(*besloten: str, **extra: Any) -> DeelnemerStand:
    traject = TrajectStand(Fase.ASSESSMENT, TrajectStatus.ACTIEF, "participatiehuis-competensys")
    return DeelnemerStand(
        "KT-AAAAAAAAAA",
        H.id,
        "meerinzicht-klantmanager",
        7,
        traject,
        ijkpunten=tuple(IjkpuntStand(n, "x", NU, "klaar") for n in besloten),
        **extra,
    )


def test_harderwijk_decides_its_steps_in_the_seeds_order():
    assert beslisvolgorde(H.voorwaarden, [i.naam for i in H.ijkpunten]) == STAPPEN
    assert {i.naam: i.eigenaar for i in H.ijkpunten} == {
        "taaltoets": "regiehouder",
        "competensys": Fase.ASSESSMENT,
        "huisbezoek": "regiehouder",
        "diagnosegesprek": "regiehouder",
        "evaluatie-week-40": "regiehouder",
    }


def test_before_the_plan_four_steps_are_decided_in_order_and_week_40_is_not_among_them():
    namen = [i.naam for i in eerst_te_beslissen(H.voorwaarden, H.ijkpunten, PLAN)]
    assert namen == STAPPEN[:4]
    assert eerst_te_beslissen(U.voorwaarden, U.ijkpunten, PLAN) == [], "Utrecht waits for none"


def test_a_step_waits_for_every_report_it_builds_on():
    assert wacht_weigering(_stand(), H.voorwaarden, "diagnosegesprek") == (
        "checkpoint diagnosegesprek waits for competensys, huisbezoek: not decided yet"
    )
    assert wacht_weigering(_stand("competensys"), H.voorwaarden, "diagnosegesprek") == (
        "checkpoint diagnosegesprek waits for huisbezoek: not decided yet"
    )
    assert (
        wacht_weigering(_stand("competensys", "huisbezoek"), H.voorwaarden, "diagnosegesprek")
        is None
    )
    assert wacht_weigering(_stand(), H.voorwaarden, PLAN) == (
        "the plan waits for diagnosegesprek: not decided yet"
    )
    assert wacht_weigering(_stand(), H.voorwaarden, "taaltoets") is None, "waits for nothing"
    taaltoets = _stand("taaltoets")
    open_ = replace(
        taaltoets, ijkpunten=(*taaltoets.ijkpunten, IjkpuntStand("competensys", "x", NU))
    )
    assert wacht_weigering(open_, H.voorwaarden, "huisbezoek") == (
        "checkpoint huisbezoek waits for competensys: not decided yet"
    ), "scheduled but still open is still missing"


def _met(voorwaarden: list[dict[str, Any]], plan: bool = True) -> dict[str, Any]:
    ruw = RUW["harderwijk-voltijd-klantreis"] | {"voorwaarden": voorwaarden}
    return ruw if plan else {k: v for k, v in ruw.items() if k != "plan"}


@pytest.mark.parametrize(
    ("voorwaarden", "plan", "fout"),
    [
        ([{"voor": "huisbezoek", "wacht_op": ["rapport"]}], True, "not a checkpoint"),
        ([{"voor": "intake", "wacht_op": ["taaltoets"]}], True, "not a checkpoint"),
        ([{"voor": "plan", "wacht_op": ["taaltoets"]}], False, "not a checkpoint"),
        ([{"voor": "taaltoets", "wacht_op": ["taaltoets"]}], True, "cannot wait for itself"),
        (
            [
                {"voor": "taaltoets", "wacht_op": ["huisbezoek"]},
                {"voor": "huisbezoek", "wacht_op": ["taaltoets"]},
            ],
            True,
            "in a circle",
        ),
        ([{"voor": "taaltoets", "wacht_op": []}], True, "at least 1 item"),
    ],
)
def test_waiting_rules_are_checked_at_load(voorwaarden, plan, fout):
    with pytest.raises(ValidationError, match=fout):
        Programma.model_validate(_met(voorwaarden, plan))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*STAPPEN, PLAN]), st.lists(st.sampled_from(STAPPEN), max_size=3)
        ),
        max_size=5,
    )
)
def test_any_waiting_rules_load_with_an_order_that_keeps_them_or_are_refused(regels):
    voorwaarden = [{"voor": v, "wacht_op": w} for v, w in regels]
    try:
        p = Programma.model_validate(_met(voorwaarden))
    except ValidationError:
        return
    volgorde = beslisvolgorde(p.voorwaarden, [i.naam for i in p.ijkpunten])
    for v in p.voorwaarden:
        if v.voor != PLAN:
            assert all(volgorde.index(w) < volgorde.index(v.voor) for w in v.wacht_op)


# --- a track switch (seed 003) ------------------------------------------------------------------

RAPPORT_IN = {"sterktes": ["samenwerken"], "interesses": ["koken"], "geadviseerde_sector": "horeca"}


def _wissel_beslissing(
    k: Kandidaat, afhandeling: Afhandeling = Afhandeling.GEACCEPTEERD
) -> Beslissing:
    start = Bericht(
        "ontwikkeling-techniek-utrecht",
        PartnerBericht(
            sleutel="s",
            soort="traject.start",
            deelnemer=k.pseudoniem or "",
            programma=U.id,
            fase=Fase.ONTWIKKELING,
            inhoud={"leerdoelen": ["x"]},
        ),
    )
    return Beslissing(afhandeling, "wissel", berichten=(start,))


def _kandidaat(baan: str | None = None) -> Kandidaat:
    g = TrackGewisseld.model_validate(
        {
            "type": "traject.gewisseld",
            "gemeld_op": NU.isoformat(),
            "deelnemer": "KT-AAAAAAAAAA",
            "baan": baan,
            "fase": "ontwikkeling",
            "naar_partner": "ontwikkeling-techniek-utrecht",
            "dossier": {},
            "besluit": {"reden": "past beter", "rol": "trajectbegeleider", "persoon": "E-40022"},
        }
    )
    return Kandidaat(
        1, "ontwikkeling-horeca-utrecht", "m1", "KT-AAAAAAAAAA", NU, gebeurtenis=g, programma=U.id
    )


def test_an_accepted_switch_carries_the_assessment_report_to_the_new_partner():
    stand = replace(_stand(), programma=U.id, rapport=RAPPORT_IN)
    b = met_rapport(stand, _kandidaat(), U, _wissel_beslissing(_kandidaat()))
    assert b.berichten[0].bericht.inhoud == {"leerdoelen": ["x"], RAPPORT: RAPPORT_IN}


@pytest.mark.parametrize("geval", ["programma zonder", "geen rapport", "geweigerd", "een baan"])
def test_the_report_rides_along_only_on_an_accepted_main_lane_switch_that_asks_for_it(geval):
    stand = replace(
        _stand(), programma=U.id, rapport=None if geval == "geen rapport" else RAPPORT_IN
    )
    k = _kandidaat("taal" if geval == "een baan" else None)
    p = H if geval == "programma zonder" else U
    afhandeling = Afhandeling.GEWEIGERD if geval == "geweigerd" else Afhandeling.GEACCEPTEERD
    b = _wissel_beslissing(k, afhandeling)
    assert met_rapport(stand, k, p, b) is b


def test_the_report_is_read_from_the_assessment_dossier_and_the_wait_in_days():
    assert rapport_uit({"competentierapport": RAPPORT_IN, "leerdoelen": []}) == RAPPORT_IN
    assert rapport_uit({"leerdoelen": []}) is None and rapport_uit(None) is None
    assert wachttijd_dagen(NU, date(2026, 11, 30)) == 0
    assert wachttijd_dagen(NU, date(2026, 12, 3)) == 3
    assert wachttijd_dagen(NU, date(2026, 11, 29)) == 0, "a start reported before the switch"
