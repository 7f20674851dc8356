"""The shipped duaal-traject programme (seed 004, Dordrecht) as data, and a lane's own end that
carries an outcome (a vrijstelling ending the taal lane, DOMAIN §8 scenario 14), decided purely."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from hypothesis import given
from hypothesis import strategies as st

from schemas.baan_uitkomst import baan_uitkomst
from schemas.banen import BaanStand
from schemas.beslissen import beslis
from schemas.contracten import lees_dossier
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import TrajectAfgesloten, dossier_rand
from schemas.inlezen import lees_kandidaat
from schemas.overdracht import Afhandeling, DeelnemerStand, Kandidaat, TrajectStand
from schemas.programma import Programma
from schemas.sporen import fase_klok_loopt, spoor_van
from schemas.tussenuitkomst import RegistreerUitkomst

ROOT = Path(__file__).parents[2]
DRECHT = Programma.model_validate(
    yaml.safe_load((ROOT / "config/programmas/duaal-drechtsteden.yaml").read_text())
)
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
TAAL = BaanStand("taal", Fase.ONTWIKKELING, TrajectStatus.ACTIEF, "taalschool-drechtsteden")
KOP = {"gemeld_op": NU, "deelnemer": P}


def test_the_programme_has_three_tracks_and_only_stabilisation_runs_without_a_clock():
    assert [s.naam for s in DRECHT.sporen] == ["participatie", "stabilisatie", "onderwijs"]
    assert not fase_klok_loopt(DRECHT.sporen, "werkshop-stabilisatie")
    assert fase_klok_loopt(DRECHT.sporen, "werkshop-participatie")
    stabilisatie = spoor_van(DRECHT.sporen, "werkshop-stabilisatie")
    assert stabilisatie is not None and "stabilisatie" in stabilisatie.succes
    [talentscan] = DRECHT.ijkpunten
    assert {b: r.partner for b, r in talentscan.besluiten.items() if r} == {
        "participatie": "werkshop-participatie",
        "stabilisatie": "werkshop-stabilisatie",
        "onderwijs": "werkshop-onderwijs",
    }
    assert DRECHT.plan is not None and DRECHT.plan.soort == "pip"
    assert [b.naam for b in DRECHT.banen] == ["taal"]
    assert "sdd-participatiewet" in DRECHT.verwijzing.regiehouders


def _lane_end(dossier: dict[str, object]) -> TrajectAfgesloten:
    return TrajectAfgesloten(
        type="traject.afgesloten",
        baan="taal",
        fase="ontwikkeling",
        contract_versie=2 if dossier else None,
        dossier=dossier,
        **KOP,
    )


def _k(g: TrajectAfgesloten) -> Kandidaat:
    rand = dossier_rand(g)
    dossier = lees_dossier(rand[0], rand[1], rand[2], 2) if rand else None
    return Kandidaat(
        inbox_id=1,
        partner="taalschool-drechtsteden",
        webhook_id="m1",
        pseudoniem=P,
        ontvangen_op=NU,
        gebeurtenis=g,
        programma=DRECHT.id,
        dossier=dossier,
    )


def _stand() -> DeelnemerStand:
    t = TrajectStand(
        fase=Fase.ONTWIKKELING,
        status=TrajectStatus.ACTIEF,
        partner="werkshop-participatie",
        banen=(TAAL,),
    )
    return DeelnemerStand(
        pseudoniem=P,
        programma=DRECHT.id,
        regiehouder="sdd-participatiewet",
        deelnemer_id=7,
        traject=t,
    )


def test_a_lane_end_with_a_vrijstelling_records_it_as_an_interim_outcome_and_the_trajectory_runs():
    vrij = {"uitkomst": {"soort": "vrijstelling", "datum": "2026-11-29"}}
    b = beslis(_stand(), _k(_lane_end(vrij)), {DRECHT.id: DRECHT}, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is not None and b.grootboek.baan == "taal"
    [gevolg] = [g for g in b.gevolgen if isinstance(g, RegistreerUitkomst)]
    assert (gevolg.uitkomst.soort, gevolg.uitkomst.datum, gevolg.tussentijds) == (
        "vrijstelling",
        date(2026, 11, 29),
        True,
    )
    assert gevolg.gemeld_door == "taalschool-drechtsteden"


def test_a_lane_end_without_a_dossier_records_nothing_as_before():
    g = _lane_end({})
    assert dossier_rand(g) is None
    b = beslis(_stand(), _k(g), {DRECHT.id: DRECHT}, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert not [g for g in b.gevolgen if isinstance(g, RegistreerUitkomst)]


@given(st.sampled_from(list(Beweging)))
def test_only_a_closing_lane_move_carries_an_outcome(beweging: Beweging):
    k = _k(_lane_end({"uitkomst": {"soort": "ontheffing", "datum": "2026-11-01"}}))
    gevolgen = baan_uitkomst(k, beweging)
    assert bool(gevolgen) is (beweging == Beweging.AFSLUITEN)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda kind: (
        st.lists(kind, max_size=3) | st.dictionaries(st.text(max_size=8), kind, max_size=3)
    ),
    max_leaves=8,
)


@given(st.dictionaries(st.sampled_from(["uitkomst", "bestemming", "x"]), _JSON, max_size=3))
def test_any_dossier_on_a_lane_end_is_read_or_refused_with_its_findings_never_half(
    dossier: dict[str, object],
):
    payload = {
        "type": "traject.afgesloten",
        "deelnemer": P,
        "baan": "taal",
        "fase": "ontwikkeling",
        "contract_versie": 2,
        "dossier": dossier,
        "gemeld_op": NU.isoformat(),
    }
    k = lees_kandidaat(
        inbox_id=1,
        partner="taalschool-drechtsteden",
        webhook_id="m1",
        type="traject.afgesloten",
        pseudoniem=P,
        payload=payload,
        ontvangen_op=NU,
        programma_van={P: DRECHT.id},
    )
    if not dossier:
        assert k.dossier is None and not k.bevindingen, "an empty lane end carries no outcome"
    else:
        assert (k.dossier is None) == bool(k.bevindingen or k.weigering), (
            "read against the exit contract, or refused naming its findings"
        )
        if k.bevindingen:
            assert all(b.kolom.startswith("dossier") for b in k.bevindingen)
