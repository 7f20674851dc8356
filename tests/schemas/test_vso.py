"""The VSO/PRO programme's own rules, decided purely (seed 002): nazorg for every leaver after an
exit with a confirmed vervolgvoorziening, checked at load; no database, no Prefect, no HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from schemas.beslissen import beslis
from schemas.fase import Fase, TrajectStatus, UitkomstSoort
from schemas.inlezen import lees_kandidaat
from schemas.nazorg_na_uitgang import nazorg_partner
from schemas.overdracht import (
    Afhandeling,
    DeelnemerStand,
    Kandidaat,
    PlanCheckins,
    TrajectStand,
)
from schemas.programma import Programma
from schemas.tussenuitkomst import RegistreerUitkomst

VSO = Programma.model_validate(
    yaml.safe_load(
        (Path(__file__).parents[2] / "config" / "programmas" / "vso-pro-uitstroom.yaml").read_text()
    )
)
NU = datetime(2026, 11, 30, 12, tzinfo=UTC)
P = "KT-AAAAAAAAAA"
GEMEENTE, COACH, ROC = (
    "gemeente-rivierenland-onderwijs-werk",
    "vso-pro-nazorgcoach",
    "roc-rivierenland-voortgang",
)
BEVESTIGD = {"referentie": "plek-dagbesteding", "bevestigd": True, "bevestigd_op": "2026-11-20"}


def _stand(fase: Fase, partner: str) -> DeelnemerStand:
    sinds = NU - timedelta(weeks=30)
    traject = TrajectStand(
        fase=fase,
        status=TrajectStatus.ACTIEF,
        partner=partner,
        fase_sinds=sinds,
        begonnen_op=sinds - timedelta(weeks=60),
    )
    return DeelnemerStand(
        pseudoniem=P, programma=VSO.id, regiehouder=GEMEENTE, deelnemer_id=7, traject=traject
    )


def _afsluiting(partner: str, fase: Fase, soort: str, bestemming: Any) -> Kandidaat:
    uitkomst: dict[str, Any] = {"soort": soort, "datum": "2026-11-25"}
    if soort == "onderwijs":
        uitkomst["mbo_niveau"] = 2
    dossier = {"uitkomst": uitkomst} | ({"bestemming": bestemming} if bestemming else {})
    return lees_kandidaat(
        inbox_id=1,
        partner=partner,
        webhook_id="msg_1",
        type="traject.afgesloten",
        pseudoniem=P,
        payload={
            "type": "traject.afgesloten",
            "gemeld_op": NU.isoformat(),
            "deelnemer": P,
            "fase": fase.value,
            "contract_versie": 2,
            "dossier": dossier,
        },
        ontvangen_op=NU,
        programma_van={P: VSO.id},
    )


@pytest.mark.parametrize(
    ("fase", "partner", "soort", "gevraagd"),
    [
        (Fase.PLAATSING, "beschut-werk-rivierenland", "beschut_werk", COACH),
        (Fase.PLAATSING, "dagbesteding-rivierenland", "dagbesteding", COACH),
        (Fase.ONTWIKKELING, "vso-pro-interne-stages", "dagbesteding", COACH),
        (Fase.PLAATSING, "stagebedrijven-rivierenland", "onderwijs", ROC),
    ],
)
def test_elke_vertrekker_met_bevestigde_vervolgvoorziening_krijgt_twee_jaar_nazorg(
    fase, partner, soort, gevraagd
):
    b = beslis(
        _stand(fase, partner), _afsluiting(partner, fase, soort, BEVESTIGD), {VSO.id: VSO}, nu=NU
    )
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    uitkomst, checkins = b.gevolgen
    assert isinstance(uitkomst, RegistreerUitkomst) and uitkomst.bevestigd is True
    assert checkins == PlanCheckins(
        partner=gevraagd, startdatum=date(2026, 11, 25), maanden=(1, 3, 6, 12, 18, 24)
    )


def test_zonder_bevestigde_vervolgvoorziening_geen_vertrek_en_geen_nazorg():
    partner = "beschut-werk-rivierenland"
    onbevestigd = BEVESTIGD | {"bevestigd": False, "bevestigd_op": None}
    for bestemming in (None, onbevestigd):
        k = _afsluiting(partner, Fase.PLAATSING, "beschut_werk", bestemming)
        b = beslis(_stand(Fase.PLAATSING, partner), k, {VSO.id: VSO}, nu=NU)
        assert b.afhandeling == Afhandeling.GEWEIGERD
        assert "needs a confirmed destination" in b.reden
        assert b.gevolgen == () and b.grootboek is None, "nothing half-applied"


def test_sluiten_na_de_nazorg_begint_geen_tweede_nazorg():
    k = _afsluiting(COACH, Fase.NAZORG, "onderwijs", BEVESTIGD)
    b = beslis(_stand(Fase.NAZORG, COACH), k, {VSO.id: VSO}, nu=NU)
    assert b.afhandeling == Afhandeling.GEACCEPTEERD, b.reden
    assert not any(isinstance(g, PlanCheckins) for g in b.gevolgen)


@given(fase=st.sampled_from(Fase), soort=st.sampled_from(UitkomstSoort))
def test_nazorg_na_uitgang_alleen_voor_de_genoemde_uitgangen_en_nooit_vanuit_nazorg(fase, soort):
    partner = nazorg_partner(VSO.nazorg_na_uitgang, fase, soort)
    genoemd = {r.uitkomst: r.partner for r in VSO.nazorg_na_uitgang}
    verwacht = None if fase == Fase.NAZORG else genoemd.get(soort)
    assert partner == verwacht


def _met(**velden: Any) -> dict[str, Any]:
    return VSO.model_dump(mode="json") | velden


@pytest.mark.parametrize(
    ("ruw", "melding"),
    [
        (
            _met(nazorg_na_uitgang=[{"uitkomst": "regulier_werk", "partner": COACH}]),
            "regulier_werk is not an exit",
        ),
        (
            _met(
                nazorg_na_uitgang=[
                    {"uitkomst": "dagbesteding", "partner": "stagebedrijven-rivierenland"}
                ]
            ),
            "not a partner of this programme's nazorg phase",
        ),
        (
            _met(nazorg_na_uitgang=[{"uitkomst": "dagbesteding", "partner": COACH}] * 2),
            "each exit kind at most once",
        ),
        (
            _met(nazorg_na_uitgang=[{"uitkomst": "dagbesteding", "partner": COACH, "extra": 1}]),
            "extra",
        ),
        (
            _met(fasen=[f for f in VSO.model_dump(mode="json")["fasen"] if f["fase"] != "nazorg"]),
            "has no nazorg phase",
        ),
    ],
)
def test_een_slechte_nazorg_na_uitgang_wordt_bij_het_laden_geweigerd(ruw, melding):
    with pytest.raises(ValidationError, match=melding):
        Programma.model_validate(ruw)


def test_het_vso_programma_volgt_het_seed():
    """The moves seed 002 names are in the shipped file: the checkpoint with the parents, the
    plan before the external stage, exits only with a confirmed destination, two years of nazorg."""
    [bespreking] = VSO.ijkpunten
    assert (bespreking.naam, bespreking.eigenaar) == ("uitstroombespreking", Fase.ONTWIKKELING)
    assert {r.partner for r in bespreking.besluiten.values() if r} == set(
        VSO.inrichting(Fase.PLAATSING).partners
    )
    assert VSO.plan is not None and VSO.plan.soort.value == "ontwikkelplan"
    assert all(u.bevestigde_bestemming for u in VSO.uitgangen)
    assert {u.uitkomst for u in VSO.uitgangen} == {r.uitkomst for r in VSO.nazorg_na_uitgang}
    assert VSO.nazorg.maanden[-1] == 24
