"""The youth slice's pure parts: the shipped UP youth route loads with its reviews, deadline and
no-show rule (seed 004); an observation is held without a basis and shared with one; only the
regiehouder records the basis; the door refuses free text and names the field."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.beslissen import beslis
from schemas.fase import Fase, TrajectStatus
from schemas.observatie import (
    DeelObservaties,
    Grondslag,
    GrondslagVastgelegd,
    LegGrondslagVast,
    LegObservatieVast,
    ObservatieGemeld,
    ObservatieSoort,
    ObservatieStand,
)
from schemas.overdracht import Afhandeling, DeelnemerStand, Kandidaat, TrajectStand
from schemas.programma import Programma
from tests.beslisser import REGIEHOUDER
from webhooks.intake import Onjuist, lees_gebeurtenis

UP = Programma.model_validate(
    yaml.safe_load(
        (Path(__file__).parents[2] / "config/programmas/roermond-up-jongeren.yaml").read_text()
    )
)
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
REGIE, FASE1, WESTROM = "gemeente-roermond-up", "gilde-up-fase1", "westrom-up-fase2"


def test_de_jongerenroute_van_roermond_laadt_zoals_seed_004_hem_beschrijft():
    assert [(f.fase, f.max_weken) for f in UP.fasen[2:5]] == [
        (Fase.ONTWIKKELING, 13),  # Fase 1, 3 months
        (Fase.VAKOPLEIDING, 22),  # Fase 2, 5 months
        (Fase.PLAATSING, 22),  # Fase 3, 5 months
    ]
    assert [(i.naam, i.anker.fase, i.na_weken, i.eigenaar) for i in UP.ijkpunten] == [
        ("balans-fase-1", Fase.ONTWIKKELING, 13, "regiehouder"),
        ("balans-fase-2", Fase.VAKOPLEIDING, 22, "regiehouder"),
        ("balans-fase-3", Fase.PLAATSING, 22, "regiehouder"),
    ]
    [achttien] = [t for t in UP.bewaking.termijnen if t.soort == "achttien"]
    assert (achttien.vanaf, achttien.jaren, achttien.klaar_bij) == (
        "geboortedatum",
        18,
        Fase.ONTWIKKELING,
    )
    assert UP.plan is not None and [(r.van, r.naar) for r in UP.plan.vereist_bij] == [
        (Fase.ASSESSMENT, Fase.ONTWIKKELING)
    ], "Fase 1 needs the PIP, so reaching it meets the deadline"
    assert UP.schendingen.noshow_drempel == 1, "every no-show reaches the casemanager"
    assert [v.partner for v in UP.verwijzing.verwijzers] == ["isk-gilde-roermond"]


def _stand(**extra: Any) -> DeelnemerStand:
    return DeelnemerStand(
        pseudoniem=P,
        programma=UP.id,
        regiehouder=REGIE,
        deelnemer_id=7,
        traject=TrajectStand(fase=Fase.ONTWIKKELING, status=TrajectStatus.ACTIEF, partner=FASE1),
        **extra,
    )


def _kandidaat(g: Any, partner: str) -> Kandidaat:
    return Kandidaat(
        inbox_id=1,
        partner=partner,
        webhook_id="msg_1",
        pseudoniem=P,
        ontvangen_op=NU,
        gebeurtenis=g,
        programma=UP.id,
    )


def _observatie(**velden: Any) -> ObservatieGemeld:
    return ObservatieGemeld.model_validate(
        {
            "type": "observatie.gemeld",
            "gemeld_op": NU,
            "deelnemer": P,
            "fase": "ontwikkeling",
            "soort": "talent",
            "code": "lassen",
            "ontvangers": [REGIE, WESTROM],
        }
        | velden
    )


def _grondslag() -> GrondslagVastgelegd:
    return GrondslagVastgelegd(
        type="grondslag.vastgelegd",
        gemeld_op=NU,
        deelnemer=P,
        grondslag=Grondslag.TOESTEMMING,
        besluit=REGIEHOUDER,
    )


def test_zonder_grondslag_wordt_een_observatie_aangehouden_en_hoort_de_regiehouder_alleen_dat():
    b = beslis(_stand(), _kandidaat(_observatie(), FASE1), {UP.id: UP}, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    [leg] = [g for g in b.gevolgen if isinstance(g, LegObservatieVast)]
    assert (leg.gedeeld, leg.ontvangers) == (False, (REGIE, WESTROM))
    assert [(m.ontvanger, m.bericht.soort) for m in b.berichten] == [
        (REGIE, "melding.observatie_aangehouden")
    ]
    assert "lassen" not in json.dumps(b.berichten[0].bericht.model_dump(mode="json"))


def test_met_grondslag_gaat_een_observatie_meteen_naar_wie_hij_noemt():
    b = beslis(
        _stand(grondslag="toestemming"), _kandidaat(_observatie(), FASE1), {UP.id: UP}, nu=NU
    )
    assert [(m.ontvanger, m.bericht.inhoud["code"]) for m in b.berichten] == [
        (REGIE, "lassen"),
        (WESTROM, "lassen"),
    ]
    assert [g.gedeeld for g in b.gevolgen if isinstance(g, LegObservatieVast)] == [True]


def test_een_ontvanger_buiten_de_keten_weigert_de_hele_observatie():
    b = beslis(
        _stand(),
        _kandidaat(_observatie(ontvangers=["werkgevers-utrecht"]), FASE1),
        {UP.id: UP},
        nu=NU,
    )
    assert b.afhandeling == Afhandeling.GEWEIGERD and "werkgevers-utrecht" in b.reden
    assert not b.gevolgen, "nothing kept"
    assert [(m.ontvanger, m.bericht.soort) for m in b.berichten] == [
        (FASE1, "overdracht.geweigerd")
    ], "only the sender hears why"


def test_de_grondslag_van_de_regiehouder_laat_alle_aangehouden_observaties_gaan():
    gehouden = (
        ObservatieStand(3, FASE1, Fase.ONTWIKKELING, ObservatieSoort.TALENT, "lassen", (WESTROM,)),
        ObservatieStand(4, FASE1, Fase.ONTWIKKELING, ObservatieSoort.VOORTGANG, "vca", (REGIE,)),
    )
    b = beslis(_stand(observaties=gehouden), _kandidaat(_grondslag(), REGIE), {UP.id: UP}, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert [type(g) for g in b.gevolgen] == [LegGrondslagVast, DeelObservaties]
    assert [g.ids for g in b.gevolgen if isinstance(g, DeelObservaties)] == [(3, 4)]
    assert [(m.ontvanger, m.bericht.inhoud["code"]) for m in b.berichten] == [
        (WESTROM, "lassen"),
        (REGIE, "vca"),
    ]
    geweigerd = beslis(
        _stand(observaties=gehouden), _kandidaat(_grondslag(), FASE1), {UP.id: UP}, nu=NU
    )
    assert geweigerd.afhandeling == Afhandeling.GEWEIGERD and not geweigerd.gevolgen
    assert [m.bericht.soort for m in geweigerd.berichten] == ["overdracht.geweigerd"]


@settings(deadline=None)  # the shared machine is slow, not the door
@given(code=st.text(min_size=1, max_size=60), ontvanger=st.text(min_size=1, max_size=70))
def test_de_deur_weigert_vrije_tekst_en_noemt_het_veld(code: str, ontvanger: str):
    body = {
        "type": "observatie.gemeld",
        "gemeld_op": NU.isoformat(),
        "deelnemer": P,
        "fase": "ontwikkeling",
        "soort": "talent",
        "code": code,
        "ontvangers": [ontvanger],
    }
    try:
        g = lees_gebeurtenis(json.dumps(body).encode())
    except Onjuist as exc:
        assert exc.fouten and all(
            {"code", "ontvangers"} & set(map(str, f["loc"])) for f in exc.fouten
        )
        return
    assert isinstance(g, ObservatieGemeld) and g.code == code and g.ontvangers == [ontvanger]
