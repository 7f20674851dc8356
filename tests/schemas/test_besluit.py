"""Issue 10 e/h/i as pure functions: which events must say who decided, who may claim which role,
and the decisions about breaches, measures and incidents. No database, no Prefect, no HTTP."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
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
from schemas.opvolging import NAAR_REGIEHOUDER, Niveau, SignaalSoort
from schemas.overdracht import (
    Afhandeling,
    Beslissing,
    DeelnemerStand,
    GeefSignalen,
    Kandidaat,
    LosSignalenOp,
    TrajectStand,
)
from schemas.programma import Programma
from schemas.reeks import beslis_reeks
from schemas.schending import (
    IncidentGemeld,
    IncidentSoort,
    LegIncidentVast,
    LegMaatregelVast,
    LegSchendingVast,
    MaatregelGenomen,
    MaatregelSoort,
    SchendingGemeld,
    SchendingRegels,
    SchendingSoort,
    SchendingStand,
)
from schemas.verantwoording import Rol, Verantwoording
from tests.beslisser import BESLUIT, BESLUIT_GEMEENTE, REGIEHOUDER
from webhooks.intake import Onjuist, lees_gebeurtenis
from webhooks.veldfouten import bekende_namen

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


# --- h. breaches and measures ------------------------------------------------------------------


def _schending(soort: SchendingSoort, datum: date, fase: Fase = Fase.ASSESSMENT) -> SchendingGemeld:
    return SchendingGemeld(type="schending.gemeld", fase=fase, soort=soort, datum=datum, **KOP)


def _maatregel(besluit: Verantwoording | None = BESLUIT_GEMEENTE) -> MaatregelGenomen:
    return MaatregelGenomen(
        type="maatregel.genomen",
        soort=MaatregelSoort.WAARSCHUWING,
        datum=date(2026, 11, 20),
        besluit=besluit,
        **KOP,
    )


def _oud(soort: SchendingSoort, datum: date, id: int = 1, maatregel_id: int | None = None):
    return SchendingStand(
        id=id, partner="assessment-utrecht", soort=soort, datum=datum, maatregel_id=maatregel_id
    )


NOSHOW, PIP = SchendingSoort.NIET_VERSCHENEN, SchendingSoort.PIP_SCHENDING
IN_ASSESSMENT = _stand(Fase.ASSESSMENT, "assessment-utrecht")


def _vlaggen(b: Beslissing) -> list[SignaalSoort]:
    return [s.soort for g in b.gevolgen if isinstance(g, GeefSignalen) for s in g.signalen]


@pytest.mark.parametrize(
    ("eerder", "datum", "vlag"),
    [
        ((), date(2026, 11, 16), False),  # the first no-show: recorded, no flag
        ((_oud(NOSHOW, date(2026, 11, 2)),), date(2026, 11, 16), True),  # the second within 8 weeks
        ((_oud(NOSHOW, date(2026, 8, 3)),), date(2026, 11, 16), False),  # the first fell out of it
        ((_oud(PIP, date(2026, 11, 2)),), date(2026, 11, 16), False),  # a PIP breach is no no-show
    ],
    ids=["eerste", "tweede-binnen-venster", "buiten-venster", "pip-telt-niet"],
)
def test_een_noshow_wordt_vastgelegd_en_de_drempel_binnen_het_venster_vlagt(eerder, datum, vlag):
    stand = replace(IN_ASSESSMENT, schendingen=eerder)
    b = beslis(
        stand, _kandidaat(_schending(NOSHOW, datum), "assessment-utrecht"), PROGRAMMAS, nu=NU
    )
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is None and not b.vastleggen
    assert LegSchendingVast("assessment-utrecht", NOSHOW, datum, None) in b.gevolgen
    assert _vlaggen(b) == ([SignaalSoort.NIET_VERSCHENEN] if vlag else [])
    if vlag:
        [g] = [g for g in b.gevolgen if isinstance(g, GeefSignalen)]
        assert g.regiehouder == "gemeente-utrecht"


def test_de_drempel_komt_uit_het_programma():
    streng = U.model_copy(update={"schendingen": SchendingRegels(noshow_drempel=1)})
    b = beslis(
        IN_ASSESSMENT,
        _kandidaat(_schending(NOSHOW, date(2026, 11, 16)), "assessment-utrecht"),
        {U.id: streng},
        nu=NU,
    )
    assert _vlaggen(b) == [SignaalSoort.NIET_VERSCHENEN]


def test_twee_noshows_in_een_batch_tellen_samen():
    eerste = _kandidaat(_schending(NOSHOW, date(2026, 11, 2)), "assessment-utrecht")
    tweede = _kandidaat(_schending(NOSHOW, date(2026, 11, 9)), "assessment-utrecht")
    [(_, b1), (_, b2)] = beslis_reeks([eerste, tweede], {P: IN_ASSESSMENT}, PROGRAMMAS, nu=NU)
    assert (_vlaggen(b1), _vlaggen(b2)) == ([], [SignaalSoort.NIET_VERSCHENEN])


def test_dezelfde_noshow_tweemaal_gemeld_telt_eenmaal():
    stand = replace(IN_ASSESSMENT, schendingen=(_oud(NOSHOW, date(2026, 11, 2)),))
    b = beslis(
        stand,
        _kandidaat(_schending(NOSHOW, date(2026, 11, 2)), "assessment-utrecht"),
        PROGRAMMAS,
        nu=NU,
    )
    assert b.afhandeling == Afhandeling.GEACCEPTEERD and b.gevolgen == ()


def test_een_schending_van_wie_de_fase_niet_meer_heeft_wordt_geweigerd():
    """The door let it in, then the participant moved on: refused, nothing recorded."""
    verder = _stand(Fase.PLAATSING, "werkgevers-utrecht")
    b = beslis(
        verder,
        _kandidaat(_schending(PIP, date(2026, 11, 2)), "assessment-utrecht"),
        PROGRAMMAS,
        nu=NU,
    )
    assert b.afhandeling == Afhandeling.GEWEIGERD and b.gevolgen == ()
    assert [x.bericht.soort for x in b.berichten] == ["overdracht.geweigerd"]


def test_de_maatregel_van_de_regiehouder_beantwoordt_de_open_schendingen_en_vertelt_de_melders():
    stand = replace(
        IN_ASSESSMENT,
        schendingen=(
            _oud(NOSHOW, date(2026, 11, 2), id=1),
            _oud(PIP, date(2026, 10, 1), id=2, maatregel_id=9),  # answered before
            replace(_oud(NOSHOW, date(2026, 11, 9), id=3), partner="ontwikkeling-horeca-utrecht"),
        ),
    )
    b = beslis(stand, _kandidaat(_maatregel(), "gemeente-utrecht"), PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is None
    assert (
        LegMaatregelVast(
            MaatregelSoort.WAARSCHUWING, date(2026, 11, 20), "gemeente-utrecht", BESLUIT_GEMEENTE
        )
        in b.gevolgen
    )
    assert LosSignalenOp((SignaalSoort.NIET_VERSCHENEN,)) in b.gevolgen
    verteld = {x.ontvanger: x.bericht for x in b.berichten}
    assert set(verteld) == {"assessment-utrecht", "ontwikkeling-horeca-utrecht"}
    assert {x.soort for x in verteld.values()} == {"melding.maatregel"}
    assert verteld["assessment-utrecht"].inhoud["schendingen"] == [
        {"soort": "niet_verschenen", "datum": "2026-11-02"}
    ]
    assert BESLUIT_GEMEENTE.reden not in str(verteld), (
        "the decider's reason stays with the gemeente"
    )


@pytest.mark.parametrize(
    ("partner", "besluit", "reden"),
    [
        ("assessment-utrecht", BESLUIT_GEMEENTE, "may not decide as regiehouder"),
        ("assessment-utrecht", BESLUIT, f"only the regiehouder of {P} takes a measure"),
        ("gemeente-utrecht", BESLUIT, "a measure is decided in the role regiehouder"),
    ],
)
def test_alleen_de_regiehouder_neemt_een_maatregel(partner, besluit, reden):
    b = beslis(IN_ASSESSMENT, _kandidaat(_maatregel(besluit), partner), PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEWEIGERD and reden in b.reden
    assert b.gevolgen == () and [x.bericht.soort for x in b.berichten] == ["overdracht.geweigerd"]


def test_een_maatregel_na_uitval_wordt_vastgelegd_een_schending_niet():
    """The gemeente may act on what happened after a dropout; a partner no longer reports."""
    uit = replace(
        IN_ASSESSMENT,
        traject=replace(IN_ASSESSMENT.traject, status=TrajectStatus.UITGEVALLEN),
        schendingen=(_oud(NOSHOW, date(2026, 11, 2)),),
    )
    b = beslis(uit, _kandidaat(_maatregel(), "gemeente-utrecht"), PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert [x.ontvanger for x in b.berichten] == ["assessment-utrecht"]
    melding = beslis(
        uit, _kandidaat(_schending(PIP, date(2026, 11, 9)), "assessment-utrecht"), PROGRAMMAS, nu=NU
    )
    assert melding.afhandeling == Afhandeling.GEWEIGERD
    assert melding.reden == f"{P}'s trajectory is uitgevallen"


def test_een_maatregel_zonder_besluit_is_geen_maatregel():
    with pytest.raises(ValidationError) as fout:
        _maatregel(besluit=None)
    assert [(e["loc"], e["type"]) for e in fout.value.errors()] == [
        (("besluit",), "besluit_vereist")
    ]


# --- i. incidents during placement -------------------------------------------------------------


def _incident(fase: Fase = Fase.PLAATSING) -> IncidentGemeld:
    return IncidentGemeld(
        type="incident.gemeld",
        fase=fase,
        soort=IncidentSoort.ONGEVAL,
        datum=date(2026, 11, 25),
        **KOP,
    )


def test_een_incident_vlagt_een_risico_en_de_plaatsing_blijft():
    stand = _stand(Fase.PLAATSING, "werkgevers-utrecht")
    b = beslis(stand, _kandidaat(_incident(), "werkgevers-utrecht"), PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert b.grootboek is None and b.naar_fase is None, "no move"
    assert (
        LegIncidentVast(
            "werkgevers-utrecht", Fase.PLAATSING, IncidentSoort.ONGEVAL, date(2026, 11, 25)
        )
        in b.gevolgen
    )
    [g] = [g for g in b.gevolgen if isinstance(g, GeefSignalen)]
    [s] = g.signalen
    assert (s.soort, s.niveau, g.regiehouder) == (
        SignaalSoort.INCIDENT,
        Niveau.RISICO,
        "gemeente-utrecht",
    )
    assert SignaalSoort.INCIDENT in NAAR_REGIEHOUDER
    assert beslis_reeks(
        [_kandidaat(_incident(), "werkgevers-utrecht")], {P: stand}, PROGRAMMAS, nu=NU
    )


def test_een_incident_van_een_ander_of_buiten_de_plaatsing_wordt_geweigerd():
    stand = _stand(Fase.PLAATSING, "werkgevers-utrecht")
    b = beslis(stand, _kandidaat(_incident(), "jobcoach-utrecht"), PROGRAMMAS, nu=NU)
    assert b.afhandeling == Afhandeling.GEWEIGERD and b.gevolgen == ()
    with pytest.raises(ValidationError) as fout:
        _incident(Fase.ONTWIKKELING)
    assert [e["loc"] for e in fout.value.errors()] == [("fase",)]


# --- the door's parsers: any body is a 202-able event or a 422 naming fields, never a crash --------


REGIEHOUDER_BESLUIT = REGIEHOUDER
_BEKEND = bekende_namen() | {
    e.value for e in (*Fase, *SchendingSoort, *MaatregelSoort, *IncidentSoort)
}
_TEKST = st.one_of(st.none(), st.integers(), st.text(max_size=40), st.dates().map(str))


@given(
    soort=st.sampled_from(["schending.gemeld", "maatregel.genomen", "incident.gemeld"]),
    velden=st.fixed_dictionaries(
        {},
        optional={
            "fase": st.one_of(st.sampled_from([f.value for f in Fase]), _TEKST),
            "soort": st.one_of(
                st.sampled_from([*SchendingSoort, *MaatregelSoort, *IncidentSoort]).map(str),
                _TEKST,
            ),
            "datum": st.one_of(st.dates().map(str), _TEKST),
            "code": st.one_of(st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,40}\Z"), _TEKST),
            "besluit": st.one_of(
                st.just(REGIEHOUDER_BESLUIT),
                st.none(),
                st.dictionaries(st.text(max_size=5), _TEKST, max_size=3),
            ),
            "toelichting": _TEKST,
        },
    ),
)
def test_eigenschap_de_deur_leest_schending_maatregel_incident_of_noemt_de_velden(soort, velden):
    body = {"type": soort, "gemeld_op": NU.isoformat(), "deelnemer": P} | velden
    try:
        g = lees_gebeurtenis(json.dumps(body).encode())
    except Onjuist as exc:
        assert exc.fouten and all(f["loc"] and f["msg"] for f in exc.fouten)
        for f in exc.fouten:  # nothing sent comes back, whatever field it was in
            for waarde in velden.values():
                if isinstance(waarde, str) and len(waarde) >= 4 and waarde not in _BEKEND:
                    assert waarde not in json.dumps(f), f
        return
    assert g.type == soort
    if isinstance(g, MaatregelGenomen):
        assert g.besluit is not None
    if isinstance(g, SchendingGemeld) and g.code is not None:
        assert len(g.code) <= 32 and g.code == g.code.lower()
    if isinstance(g, IncidentGemeld):
        assert g.fase in (Fase.PLAATSING, Fase.NAZORG)


def test_een_programma_met_een_onmogelijke_drempel_wordt_geweigerd_met_het_veld():
    ruw = yaml.safe_load(
        (
            Path(__file__).parents[2] / "config" / "programmas" / "utrecht-bank-tot-baan.yaml"
        ).read_text()
    )
    assert Programma.model_validate(ruw).schendingen == SchendingRegels(
        noshow_drempel=2, noshow_venster_weken=8
    )
    ruw["schendingen"] = {"noshow_drempel": 0}
    with pytest.raises(ValidationError) as fout:
        Programma.model_validate(ruw)
    assert [e["loc"] for e in fout.value.errors()] == [("schendingen", "noshow_drempel")]
