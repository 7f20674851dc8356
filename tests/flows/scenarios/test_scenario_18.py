"""Scenario 18, VSO exit blocked (DOMAIN §8; seed 002, Brede Zorgschool de Cambier).

Internal stages, then the uitstroombespreking with the parents, then external stages; no
vervolgvoorziening yet, so the pupil stays; a place at "nieuw beschut werken" is found and a coach
takes over. Expect: the exit cannot complete without a confirmed destination ("Een leerling
verlaat de school pas als er een vervolgvoorziening is")."""

from __future__ import annotations

from datetime import timedelta

from flows.opvolging import opvolging
from schemas.fase import Fase
from schemas.opvolging import plus_maanden
from tests.flows.scenarios._vso import (
    BESCHUT,
    COACH,
    GEMEENTE,
    NAZORG_MAANDEN,
    SCHOOL,
    afsluiting,
    bespreking,
    checkin,
    geweigerd,
    in_externe_stage,
    stuur,
    traject,
    uitkomsten,
)

AANGEVRAAGD = {"referentie": "beschut-werk-indicatie-aangevraagd", "bevestigd": False}


def test_scenario_18_de_leerling_verlaat_school_pas_met_bevestigde_vervolgvoorziening(keten):
    begin = keten.vandaag()
    pseudoniem = in_externe_stage(keten, 1801, "beschut-werk")
    assert bespreking(keten, pseudoniem) == (SCHOOL, "beschut-werk", begin + timedelta(weeks=40)), (
        "the school owns the uitstroombespreking with the parents and decided the direction"
    )
    assert traject(keten, pseudoniem)[:3] == ("plaatsing", "actief", BESCHUT), (
        "the uitstroombespreking routed the external stage to nieuw beschut werken"
    )
    gisteren = keten.vandaag() - timedelta(days=1)

    # No vervolgvoorziening yet: an exit without a destination, or with one not confirmed, is refused.
    stuur(keten, BESCHUT, afsluiting(pseudoniem, Fase.PLAATSING, "beschut_werk", gisteren, None))
    stuur(
        keten,
        BESCHUT,
        afsluiting(pseudoniem, Fase.PLAATSING, "beschut_werk", gisteren, AANGEVRAAGD),
    )
    reden = (
        "the exit to beschut_werk from plaatsing needs a confirmed destination"
        " (dossier.bestemming.bevestigd, contract v2)"
    )
    assert geweigerd(keten, pseudoniem) == [reden, reden]
    assert [b.bericht["inhoud"]["reden"] for b in keten.berichten("overdracht.geweigerd")] == [
        reden,
        reden,
    ], "the sender hears why"
    fase, status, partner, ledger = traject(keten, pseudoniem)
    assert (fase, status, partner) == ("plaatsing", "actief", BESCHUT), "the pupil stays"
    assert ledger[-1] != "afsluiten"
    assert uitkomsten(keten) == [] and keten.berichten("melding.afgesloten") == []
    assert keten.checkins(pseudoniem) == {}, "nothing half-applied: no nazorg yet"

    # A place at nieuw beschut werken is confirmed: the pupil leaves school.
    bevestigd = {
        "referentie": "nieuw-beschut-werk Rivierenland",
        "bevestigd": True,
        "bevestigd_op": gisteren.isoformat(),
    }
    stuur(
        keten, BESCHUT, afsluiting(pseudoniem, Fase.PLAATSING, "beschut_werk", gisteren, bevestigd)
    )
    assert traject(keten, pseudoniem)[:2] == ("plaatsing", "afgesloten")
    [uitkomst] = uitkomsten(keten)
    assert (uitkomst.soort, uitkomst.bestemming, uitkomst.bevestigd, uitkomst.tussentijds) == (
        "beschut_werk",
        "nieuw-beschut-werk Rivierenland",
        True,
        False,
    )
    [melding] = keten.berichten("melding.afgesloten")
    assert melding.partner == GEMEENTE, "the regiehouder hears where the pupil went"
    assert melding.bericht["inhoud"]["bestemming"]["bevestigd"] is True

    # A coach takes over: two years of nazorg for this leaver too, asked of the school's coach.
    assert keten.checkins(pseudoniem) == dict.fromkeys(NAZORG_MAANDEN, "gepland")
    keten.naar(plus_maanden(gisteren, 1))
    assert opvolging()["checkins_gevraagd"] == 1
    [vraag] = keten.berichten("nazorg.checkin")
    assert (vraag.partner, vraag.bericht["inhoud"]["maand"]) == (COACH, 1)
    stuur(keten, COACH, checkin(pseudoniem, 1, in_dienst=True))
    assert keten.checkins(pseudoniem)[1] == "beantwoord"
    assert SCHOOL not in {b.partner for b in keten.berichten("nazorg.checkin")}
