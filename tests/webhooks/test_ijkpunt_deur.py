"""The door's reading of the two new events (ijkpunt.besloten, plan.vastgesteld), as properties:
whatever a partner sends, a valid event parses unchanged; a missing field is a 422 naming it;
a name, a BSN or a narrative put anywhere in a plan is refused without being echoed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from schemas.ijkpunten import IjkpuntBesloten
from schemas.plan import (
    BelemmeringSoort,
    BelemmeringStatus,
    DoelSoort,
    OndersteuningSoort,
    PlanSoort,
    PlanVastgesteld,
    Taalniveau,
)
from schemas.verantwoording import Rol
from webhooks.intake import Onjuist, lees_gebeurtenis

NU = datetime.now(UTC).isoformat()
PSEUDONIEM = st.from_regex(r"KT-[A-Z2-7]{10}", fullmatch=True)
CODE = st.from_regex(r"[a-z0-9][a-z0-9-]{1,39}", fullmatch=True)
VERANTWOORDING = st.fixed_dictionaries(
    {
        "reden": st.from_regex(r"[A-Za-z0-9éë][A-Za-z0-9 ,.éë-]{2,199}", fullmatch=True),
        "rol": st.sampled_from([r.value for r in Rol]),
        "persoon": st.from_regex(r"[A-Z]{0,3}-?[0-9]{3,8}", fullmatch=True),
    }
)


def _besloten() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "type": st.just("ijkpunt.besloten"),
            "gemeld_op": st.just(NU),
            "deelnemer": PSEUDONIEM,
            "ijkpunt": CODE,
            "keuze": CODE,
            "besluit": VERANTWOORDING,
        }
    )


def _plan() -> st.SearchStrategy[dict[str, Any]]:
    doel = st.fixed_dictionaries(
        {
            "soort": st.sampled_from([d.value for d in DoelSoort]),
            "horizon_maanden": st.integers(1, 60),
        },
        optional={"niveau": st.sampled_from([n.value for n in Taalniveau])},
    )
    steun = st.fixed_dictionaries(
        {"soort": st.sampled_from([o.value for o in OndersteuningSoort])},
        optional={"uren_per_week": st.integers(0, 40), "partner": CODE},
    )
    belemmeringen = st.lists(
        st.sampled_from([b.value for b in BelemmeringSoort]), unique=True, max_size=6
    ).flatmap(
        lambda soorten: st.tuples(
            *[st.sampled_from([s.value for s in BelemmeringStatus]) for _ in soorten]
        ).map(lambda st_: [{"soort": s, "status": x} for s, x in zip(soorten, st_, strict=True)])
    )
    return st.fixed_dictionaries(
        {
            "type": st.just("plan.vastgesteld"),
            "gemeld_op": st.just(NU),
            "deelnemer": PSEUDONIEM,
            "soort": st.sampled_from([p.value for p in PlanSoort]),
            "vastgesteld_op": st.dates().map(lambda d: d.isoformat()),
            "doelen": st.lists(doel, min_size=1, max_size=10),
            "ondersteuning": st.lists(steun, max_size=5),
            "belemmeringen": belemmeringen,
            "besluit": VERANTWOORDING,
        }
    )


EVENT = st.one_of(_besloten(), _plan())


@given(inhoud=EVENT)
@settings(max_examples=200, deadline=None)
def test_eigenschap_een_geldig_besluit_of_plan_komt_ongeschonden_door_de_deur(inhoud):
    gelezen = lees_gebeurtenis(json.dumps(inhoud).encode())
    assert isinstance(gelezen, IjkpuntBesloten | PlanVastgesteld)
    assert gelezen.deelnemer == inhoud["deelnemer"]
    assert gelezen.besluit.model_dump(mode="json") == inhoud["besluit"]
    if isinstance(gelezen, PlanVastgesteld):
        bewaard = gelezen.inhoud()
        assert bewaard["belemmeringen"] == inhoud["belemmeringen"]
        assert len(bewaard["doelen"]) == len(inhoud["doelen"])
    else:
        assert (gelezen.ijkpunt, gelezen.keuze) == (inhoud["ijkpunt"], inhoud["keuze"])


@given(inhoud=EVENT, data=st.data())
@settings(max_examples=200, deadline=None)
def test_eigenschap_een_ontbrekend_verplicht_veld_is_een_422_die_het_noemt(inhoud, data):
    verplicht = [k for k in inhoud if k not in ("type", "ondersteuning", "belemmeringen")]
    weg = data.draw(st.sampled_from(verplicht))
    try:
        lees_gebeurtenis(json.dumps({k: v for k, v in inhoud.items() if k != weg}).encode())
    except Onjuist as exc:
        assert any(weg in map(str, f["loc"]) for f in exc.fouten), exc.fouten
    else:
        raise AssertionError(f"{inhoud['type']} without {weg} was accepted")


PERSOONSGEGEVEN = st.one_of(
    st.from_regex(r"[A-Z][a-z]{2,9} (van |de )?[A-Z][a-z]{2,9}", fullmatch=True),
    st.from_regex(r"[0-9]{9}", fullmatch=True),
    st.just("vader is ernstig ziek en de kinderen slapen slecht"),
)


@given(inhoud=_plan(), tekst=PERSOONSGEGEVEN, data=st.data())
@settings(max_examples=200, deadline=None)
def test_eigenschap_een_verhaal_in_het_plan_wordt_geweigerd_en_niet_herhaald(inhoud, tekst, data):
    plek = data.draw(
        st.sampled_from(
            [
                ("toelichting",),
                ("doelen", 0, "omschrijving"),
                ("doelen", 0, "soort"),
                ("belemmeringen_toelichting",),
                ("ondersteuning", "x"),
                ("soort",),
            ]
        )
    )
    kopie = json.loads(json.dumps(inhoud))
    doel: Any = kopie
    for stap in plek[:-1]:
        doel = doel[stap] if stap != "ondersteuning" else doel.setdefault(stap, [])
    if isinstance(doel, list):
        doel.append({"soort": tekst})
    else:
        doel[plek[-1]] = tekst
    try:
        lees_gebeurtenis(json.dumps(kopie).encode())
    except Onjuist as exc:
        assert tekst not in json.dumps(exc.fouten, ensure_ascii=False)
    else:
        raise AssertionError(f"free text at {plek} was accepted")
