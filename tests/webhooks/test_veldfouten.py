"""A 422 names the field and the rule, never what was sent: a name, a BSN or a birth date put in
any field, in the wrong place, as the event type or as a key, does not come back in the answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.simulator.voorbeelden import GELDIG
from schemas.contracten import InstroomNaarAssessment, PlaatsingNaarNazorg
from tests.conftest import json_body, onderteken
from tests.webhooks.test_receiver import aanmelding, geheim, inbox_rijen
from webhooks.intake import Onjuist, lees_gebeurtenis

NU = datetime.now(UTC).isoformat()
GEBEURTENISSEN: list[dict[str, Any]] = [
    aanmelding(),
    {
        "type": "fase.afgerond",
        "gemeld_op": NU,
        "deelnemer": "KT-ABCDEFGH23",
        "fase": "instroom",
        "naar": "assessment",
        "dossier": GELDIG[InstroomNaarAssessment],
    },
    {
        "type": "fase.afgerond",
        "gemeld_op": NU,
        "deelnemer": "KT-ABCDEFGH23",
        "fase": "plaatsing",
        "naar": "nazorg",
        "dossier": GELDIG[PlaatsingNaarNazorg],
    },
    {"type": "nazorg.checkin", "gemeld_op": NU, "deelnemer": "KT-ABCDEFGH23", "maand": 1},
    {"type": "traject.gepauzeerd", "gemeld_op": NU, "deelnemer": "KT-ABCDEFGH23", "fase": "x"},
]

# What a hostile or confused sender might put anywhere: a name, a BSN, a birth date.
PERSOONSGEGEVEN = st.one_of(
    st.from_regex(r"[A-Z][a-z]{2,9} (van |de )?[A-Z][a-z]{2,9}", fullmatch=True),
    st.from_regex(r"[0-9]{9}", fullmatch=True),
    st.dates().map(lambda d: d.isoformat()),
)


def _paden(waarde: Any, pad: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    uit = [pad]
    if isinstance(waarde, dict):
        for k, v in waarde.items():
            uit += _paden(v, (*pad, k))
    elif isinstance(waarde, list):
        for i, v in enumerate(waarde):
            uit += _paden(v, (*pad, i))
    return uit


def _zet(doel: Any, pad: tuple[Any, ...], waarde: Any) -> Any:
    if not pad:
        return waarde
    kopie = json.loads(json.dumps(doel))
    plek = kopie
    for stap in pad[:-1]:
        plek = plek[stap]
    plek[pad[-1]] = waarde
    return kopie


@st.composite
def besmet(draw: st.DrawFn) -> tuple[bytes, str]:
    """A valid event with personal data put at one place: as a value (bare, in a list or an
    object), as a key beside the fields, or as the event type."""
    gebeurtenis = draw(st.sampled_from(GEBEURTENISSEN))
    gegeven = draw(PERSOONSGEGEVEN)
    pad = draw(st.sampled_from(_paden(gebeurtenis)))
    wijze = draw(st.sampled_from(["waarde", "lijst", "object", "sleutel", "getal"]))
    if wijze == "sleutel":
        ouder = pad if isinstance(_haal(gebeurtenis, pad), dict) else pad[:-1]
        nieuw = _zet(gebeurtenis, ouder, {**_haal(gebeurtenis, ouder), gegeven: gegeven})
    else:
        waarde = {
            "waarde": gegeven,
            "lijst": [gegeven],
            "object": {"naam": gegeven},
            "getal": int(gegeven) if gegeven.isdigit() else gegeven,
        }[wijze]
        nieuw = _zet(gebeurtenis, pad, waarde)
    return json_body(nieuw) if isinstance(nieuw, dict) else json.dumps(nieuw).encode(), gegeven


def _haal(waarde: Any, pad: tuple[Any, ...]) -> Any:
    for stap in pad:
        waarde = waarde[stap]
    return waarde


@given(geval=besmet())
@settings(max_examples=400, deadline=None)
def test_eigenschap_een_422_herhaalt_niets_wat_gestuurd_werd(geval):
    body, gegeven = geval
    try:
        lees_gebeurtenis(body)
    except Onjuist as exc:
        tekst = json.dumps(exc.fouten, ensure_ascii=False)
        assert gegeven not in tekst, tekst
        assert all(f["loc"] is not None and f["msg"] and f["type"] for f in exc.fouten)


@pytest.mark.parametrize(
    ("gebeurtenis", "type_", "loc"),
    [
        ({"type": "Fatima el Amrani"}, "union_tag_invalid", []),
        (aanmelding() | {"Fatima el Amrani": "111222333"}, "extra_forbidden", ["…"]),
        (aanmelding() | {"naam": "Fatima el Amrani"}, "extra_forbidden", ["naam"]),
    ],
    ids=["als_type", "als_sleutel", "in_het_verkeerde_veld"],
)
def test_naam_op_de_verkeerde_plek_komt_niet_terug(
    client, catalogus, instellingen, gebeurtenis, type_, loc
):
    """Before, the unknown event type was quoted back and an unknown key was a step of `loc`."""
    body = json_body(gebeurtenis)
    antwoord = client.post(
        "/webhooks/gemeente-utrecht", content=body, headers=onderteken(geheim(catalogus), body)
    )
    assert antwoord.status_code == 422
    assert "Fatima" not in antwoord.text and "111222333" not in antwoord.text
    fout = antwoord.json()["detail"][0]
    assert fout["type"] == type_ and fout["loc"][1:] == loc or fout["loc"] == loc
    assert inbox_rijen(instellingen) == []


def test_een_404_herhaalt_het_pad_niet(client, catalogus):
    """Paths are input too: someone may type a name where a partner id or webhook id belongs."""
    sleutel = {
        "authorization": f"Bearer {catalogus.partner('gemeente-utrecht').api_sleutel.get_secret_value()}"
    }
    for methode, pad in (
        (client.post, "/webhooks/Fatima-el-Amrani"),
        (client.get, "/webhooks/gemeente-utrecht/status/Fatima-el-Amrani"),
        (client.get, "/contracten/Fatima-el-Amrani"),
    ):
        antwoord = methode(pad, headers=sleutel)
        assert antwoord.status_code == 404, antwoord.text
        assert "Fatima" not in antwoord.text
