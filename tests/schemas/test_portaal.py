"""The instroomportaal's own pieces, decided purely (seed 000): the "beeld van iemand" as a dossier
block, its configuration checked at load, and the exit that must hand it to the school."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.beeld import BeeldVanIemand
from schemas.beslissen import beslis
from schemas.contracten import AfsluitingV2
from schemas.fase import Fase, TrajectStatus
from schemas.inlezen import lees_kandidaat
from schemas.overdracht import Afhandeling, DeelnemerStand, TrajectStand
from schemas.programma import Programma

PROGRAMMA = Programma.model_validate(
    yaml.safe_load(
        (Path(__file__).parents[2] / "config" / "programmas" / "instroomportaal.yaml").read_text()
    )
)
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
BEELD = {
    "kan": ["samenwerken"],
    "wil": ["techniek"],
    "werkritme_dagdelen": [2, 4, 6],
    "aanwezigheid_pct": 90,
}
ALFA = {"referentie": "alfa-college", "bevestigd": True, "bevestigd_op": "2026-11-29"}


def _stand(weken: float = 20) -> DeelnemerStand:
    sinds = NU - timedelta(weeks=weken)
    traject = TrajectStand(
        fase=Fase.ONTWIKKELING,
        status=TrajectStatus.ACTIEF,
        partner="iederz-instroomportaal",
        fase_sinds=sinds,
        begonnen_op=sinds - timedelta(weeks=3),
    )
    return DeelnemerStand(
        pseudoniem=P, programma=PROGRAMMA.id, regiehouder="gemeente-groningen", traject=traject
    )


def _beslis(uitkomst: dict[str, Any], **dossier: Any) -> Any:
    payload = {
        "type": "traject.afgesloten",
        "gemeld_op": NU.isoformat(),
        "deelnemer": P,
        "fase": "ontwikkeling",
        "contract_versie": 2,
        "dossier": {"uitkomst": uitkomst} | dossier,
    }
    k = lees_kandidaat(
        inbox_id=1,
        partner="iederz-instroomportaal",
        webhook_id="msg_1",
        type="traject.afgesloten",
        pseudoniem=P,
        payload=payload,
        ontvangen_op=NU,
        programma_van={P: PROGRAMMA.id},
    )
    return beslis(_stand(), k, {PROGRAMMA.id: PROGRAMMA}, nu=NU)


SCHOOL = {"soort": "onderwijs", "datum": "2026-11-29", "mbo_niveau": 0}


def test_de_schooluitgang_met_beeld_gaat_naar_de_school_en_de_regiehouder_hoort_het():
    b = _beslis(SCHOOL, bestemming=ALFA, beeld=BEELD)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD
    assert {(m.ontvanger, m.bericht.soort) for m in b.berichten} == {
        ("alfa-college", "beeld.overdracht"),
        ("gemeente-groningen", "melding.afgesloten"),
    }
    [beeld] = [m for m in b.berichten if m.bericht.soort == "beeld.overdracht"]
    assert beeld.bericht.inhoud["beeld"]["werkritme_dagdelen"] == [2, 4, 6]


@pytest.mark.parametrize(
    ("dossier", "reden"),
    [
        ({"bestemming": ALFA}, "dossier.beeld is required"),
        ({"beeld": BEELD, "bestemming": ALFA | {"referentie": "ROC elders"}}, "must be one of"),
    ],
)
def test_de_schooluitgang_zonder_beeld_of_school_wordt_geweigerd(dossier, reden):
    b = _beslis(SCHOOL, **dossier)
    assert b.afhandeling == Afhandeling.GEWEIGERD and reden in b.reden
    assert not [m for m in b.berichten if m.bericht.soort == "beeld.overdracht"]


def test_een_baan_vraagt_geen_beeld_en_stuurt_er_geen():
    b = _beslis({"soort": "regulier_werk", "datum": "2026-11-29"})
    assert b.afhandeling == Afhandeling.GEACCEPTEERD
    assert [m.bericht.soort for m in b.berichten] == ["melding.afgesloten"]


def test_beeld_alleen_op_een_bestaande_uitgang():
    ruw = PROGRAMMA.model_dump(mode="json")
    ruw["beeld_van_iemand"]["vanuit"] = ["vakopleiding"]
    with pytest.raises(ValidationError, match="no such exit in uitgangen"):
        Programma.model_validate(ruw)


@pytest.mark.parametrize(
    "fout",
    [
        {"kan": []},
        {"kan": ["Mohammed heeft schulden en PTSS"]},  # a sentence about a person, not a code
        {"werkritme_dagdelen": [2, 11]},
        {"werkritme_dagdelen": []},
        {"aanwezigheid_pct": 101},
        {"diagnose": "x"},
    ],
)
def test_een_onjuist_beeld_wordt_geweigerd(fout):
    with pytest.raises(ValidationError):
        BeeldVanIemand.model_validate(BEELD | fout)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["kan", "wil", "aandachtspunten", "werkritme_dagdelen", "x"]),
        st.one_of(
            st.lists(st.text(max_size=45), max_size=9),
            st.lists(st.integers(-5, 15), max_size=30),
            st.integers(),
            st.none(),
        ),
    )
)
def test_elk_beeld_in_het_dossier_is_geldig_of_een_validatiefout(velden):
    """The door's input: whatever a partner sends as `beeld` parses or fails validation, never
    crashes, and what parses keeps only short lower-case codes and 1-10 dagdelen."""
    try:
        dossier = AfsluitingV2.model_validate(
            {"uitkomst": SCHOOL, "bestemming": ALFA, "beeld": BEELD | velden}
        )
    except ValidationError:
        return
    assert dossier.beeld is not None
    woorden = [*dossier.beeld.kan, *dossier.beeld.wil, *dossier.beeld.aandachtspunten]
    assert all(w == w.lower() and len(w) <= 40 for w in woorden)
    assert all(1 <= d <= 10 for d in dossier.beeld.werkritme_dagdelen)


def test_alleen_een_school_of_werkgever_van_de_catalogus_ontvangt_het_beeld():
    assert PROGRAMMA.beeld_van_iemand is not None
    soorten = {"alfa-college": "opleiding", "iederz-jobcoach": "nazorg"}
    assert PROGRAMMA.beeld_van_iemand.fouten(soorten) == []
    anders = PROGRAMMA.beeld_van_iemand.model_copy(
        update={"ontvangers": ["iederz-jobcoach", "onbekend"]}
    )
    assert anders.fouten(soorten) == [
        (("ontvangers", 0), "iederz-jobcoach is no opleiding or werkgever partner"),
        (("ontvangers", 1), "onbekend is no opleiding or werkgever partner"),
    ]
