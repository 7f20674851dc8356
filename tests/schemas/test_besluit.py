"""Issue 10 e/h/i as pure functions: which events must say who decided, who may claim which role,
and the decisions about breaches, measures and incidents. No database, no Prefect, no HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.beslissen import beslis
from schemas.besluit import rol_fout
from schemas.fase import Beweging, Fase, TrajectStatus
from schemas.gebeurtenissen import FaseAfgerond, Herinstroom, TrackGewisseld
from schemas.overdracht import Afhandeling, DeelnemerStand, Kandidaat, TrajectStand
from schemas.programma import Programma
from schemas.verantwoording import Rol, Verantwoording
from tests.beslisser import BESLUIT, BESLUIT_GEMEENTE
from webhooks.intake import Onjuist, lees_gebeurtenis

PROGRAMMAS = {
    p.id: p
    for p in (
        Programma.model_validate(yaml.safe_load(bestand.read_text()))
        for bestand in sorted((Path(__file__).parents[2] / "config" / "programmas").glob("*.yaml"))
    )
}
U = PROGRAMMAS["utrecht-bank-tot-baan"]
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
KOP: dict[str, Any] = {"gemeld_op": NU, "deelnemer": P}


def _stand(fase: Fase, partner: str, **extra: Any) -> DeelnemerStand:
    return DeelnemerStand(
        pseudoniem=P,
        programma=U.id,
        regiehouder="gemeente-utrecht",
        deelnemer_id=7,
        traject=TrajectStand(fase=fase, status=TrajectStatus.ACTIEF, partner=partner),
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
        programma=U.id,
    )


def _sprong(**extra: Any) -> FaseAfgerond:
    return FaseAfgerond(
        type="fase.afgerond",
        fase=Fase.ASSESSMENT,
        beweging=Beweging.OVERSLAAN,
        naar=Fase.PLAATSING,
        dossier={},
        **KOP,
        **extra,
    )


# --- e. decisions with a decider -------------------------------------------------------------


@pytest.mark.parametrize(
    "maak",
    [
        lambda **b: _sprong(**b),
        lambda **b: FaseAfgerond(
            type="fase.afgerond",
            fase=Fase.PLAATSING,
            beweging=Beweging.TERUGPLAATSEN,
            naar=Fase.ONTWIKKELING,
            dossier={},
            **KOP,
            **b,
        ),
        lambda **b: FaseAfgerond(  # a route choice: the next phase's partner named
            type="fase.afgerond",
            fase=Fase.ASSESSMENT,
            naar=Fase.ONTWIKKELING,
            naar_partner="ontwikkeling-techniek-utrecht",
            dossier={},
            **KOP,
            **b,
        ),
        lambda **b: TrackGewisseld(
            type="traject.gewisseld",
            fase=Fase.ONTWIKKELING,
            naar_partner="x",
            dossier={},
            **KOP,
            **b,
        ),
        lambda **b: Herinstroom(
            type="deelnemer.herinstroom", naar=Fase.INSTROOM, reden="opnieuw", **KOP, **b
        ),
    ],
    ids=["overslaan", "terugplaatsen", "routekeuze", "wissel", "herinstroom"],
)
def test_een_routebeslissing_zonder_besluit_wordt_geweigerd_op_het_veld_besluit(maak):
    with pytest.raises(ValidationError) as fout:
        maak()
    [e] = fout.value.errors()
    assert (e["loc"], e["type"]) == (("besluit",), "besluit_vereist")
    assert maak(besluit=BESLUIT).besluit == BESLUIT


def test_een_gewone_doorstroom_is_geen_besluit_en_mag_zonder():
    g = FaseAfgerond(
        type="fase.afgerond", fase=Fase.ASSESSMENT, naar=Fase.ONTWIKKELING, dossier={}, **KOP
    )
    assert g.besluit is None


def test_alleen_de_regiehouder_mag_als_regiehouder_beslissen():
    assert rol_fout("gemeente-utrecht", BESLUIT_GEMEENTE, "gemeente-utrecht") is None
    assert rol_fout("assessment-utrecht", BESLUIT, "gemeente-utrecht") is None
    assert rol_fout("assessment-utrecht", None, "gemeente-utrecht") is None
    assert rol_fout("assessment-utrecht", BESLUIT_GEMEENTE, "gemeente-utrecht") == (
        "assessment-utrecht may not decide as regiehouder: only the participant's regiehouder does"
    )


def test_de_beslissing_vraagt_de_rol_opnieuw_en_het_grootboek_draagt_de_beslisser():
    stand = _stand(Fase.ASSESSMENT, "assessment-utrecht")
    geweigerd = beslis(
        stand,
        _kandidaat(_sprong(besluit=BESLUIT_GEMEENTE), "assessment-utrecht"),
        PROGRAMMAS,
        nu=NU,
    )
    assert geweigerd.afhandeling == Afhandeling.GEWEIGERD
    assert "may not decide as regiehouder" in geweigerd.reden
    assert geweigerd.grootboek is None
    [bericht] = geweigerd.berichten
    assert bericht.bericht.soort == "overdracht.geweigerd"

    b = beslis(stand, _kandidaat(_sprong(besluit=BESLUIT), "assessment-utrecht"), PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is not None
    assert (b.grootboek.besloten_door, b.grootboek.verantwoording) == (
        "assessment-utrecht",
        BESLUIT,
    )


_PERSONEN = st.from_regex(r"\A[A-Z]{2}-[0-9]{3,8}\Z")
_REDENEN = st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=3, max_size=40)


@given(
    beweging=st.sampled_from(["overslaan", "terugplaatsen", "doorstromen"]),
    naar_partner=st.one_of(st.none(), st.sampled_from(["a-b", "ontwikkeling-horeca-utrecht"])),
    besluit=st.one_of(
        st.none(),
        st.builds(
            lambda r, rol, p: {"reden": r, "rol": rol, "persoon": p},
            _REDENEN,
            st.sampled_from([r.value for r in Rol]),
            _PERSONEN,
        ),
    ),
)
def test_eigenschap_de_deur_eist_besluit_precies_bij_een_keuze(beweging, naar_partner, besluit):
    """At the door: a 422 naming `besluit` exactly when a choice is made without it; otherwise
    whatever fails, it is never `besluit`."""
    body: dict[str, Any] = {
        "type": "fase.afgerond",
        "gemeld_op": NU.isoformat(),
        "deelnemer": P,
        "fase": "assessment",
        "beweging": beweging,
        "naar": "ontwikkeling",
        "naar_partner": naar_partner,
        "dossier": {},
    }
    if besluit is not None:
        body["besluit"] = besluit
    keuze = beweging != "doorstromen" or naar_partner is not None
    try:
        lees_gebeurtenis(json.dumps(body).encode())
        fouten: list[dict[str, Any]] = []
    except Onjuist as exc:
        fouten = exc.fouten
    besluitfouten = [f for f in fouten if f["loc"][-1:] == ["besluit"]]
    assert bool(besluitfouten) == (keuze and besluit is None), fouten
    if besluitfouten:
        assert besluitfouten[0]["type"] == "besluit_vereist"
        assert besluitfouten[0]["loc"] == ["fase.afgerond", "besluit"]
    if besluit is not None:
        assert Verantwoording.model_validate(besluit).rol.value == besluit["rol"]
