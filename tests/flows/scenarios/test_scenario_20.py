"""Scenario 20, late partner report / missing plan (DOMAIN §8; seed 002), played on the VSO/PRO
programme.

(a) Hilversum: "Het ROC rapporteert periodiek over de voortgang aan de klantmanager", which the
gemeente calls "eigenlijk nazorg". Here a PRO pupil leaves for the MBO (De Brug: "of kunnen
overstappen naar het MBO") and the ROC is asked the nazorg progress reports; one is overdue.
Expect: SLA alert.
(b) Career & Kids hands over "zonder" the persoonlijk actieplan. Here the school hands a pupil to
the external stage without the plan every pupil has ("één kind, één plan", Cambier), which the
employer needs ("voor de werkgever [zijn] de leerdoelen helder", Stedelijk VSO). Expect: handoff
rejected."""

from __future__ import annotations

from datetime import timedelta

from flows.opvolging import opvolging
from flows.verwerk_inbox import verwerk_inbox
from schemas.fase import Fase
from schemas.opvolging import plus_maanden
from tests.flows.opvolging.hulp import alleen_sqlite, soorten
from tests.flows.scenarios._vso import (
    GEMEENTE,
    ROC,
    SCHOOL,
    STAGEBEDRIJF,
    afsluiting,
    checkin,
    geweigerd,
    in_externe_stage,
    in_interne_stages,
    naar_externe_stage,
    plan,
    stuur,
    traject,
    uitstroombespreking,
)


@alleen_sqlite
def test_scenario_20_a_een_achterstallige_voortgangsrapportage_van_het_roc_geeft_een_sla_signaal(
    keten,
):
    pseudoniem = in_externe_stage(keten, 2001, "mbo")
    start = keten.vandaag() - timedelta(days=1)
    inschrijving = {"referentie": "DUO-inschrijving ROC MBO-1", "bevestigd": True}
    stuur(
        keten,
        STAGEBEDRIJF,
        afsluiting(pseudoniem, Fase.PLAATSING, "onderwijs", start, inschrijving),
    )
    assert traject(keten, pseudoniem)[:2] == ("plaatsing", "afgesloten")

    keten.naar(plus_maanden(start, 1))
    opvolging()
    [vraag] = keten.berichten("nazorg.checkin")
    assert (vraag.partner, vraag.bericht["inhoud"]["maand"]) == (ROC, 1), "the ROC is asked"
    stuur(keten, ROC, checkin(pseudoniem, 1, in_dienst=False))

    gevraagd = plus_maanden(start, 3)
    keten.naar(gevraagd)
    opvolging()
    keten.naar(gevraagd + timedelta(days=13))
    assert opvolging()["checkins_gemist"] == 0, "within the 14 days' respijt nothing is late"
    assert keten.signalen(pseudoniem) == []
    keten.naar(gevraagd + timedelta(days=15))
    assert opvolging()["checkins_gemist"] == 1
    assert keten.checkins(pseudoniem)[3] == "gemist"
    assert soorten(keten.signalen(pseudoniem)) == {("checkin_gemist", "overschreden")}
    [alert] = keten.berichten("melding.signaal")
    assert (alert.partner, alert.bericht["inhoud"]["soort"]) == (GEMEENTE, "checkin_gemist"), (
        "the regiehouder hears the report is overdue"
    )

    stuur(
        keten, ROC, checkin(pseudoniem, 3, in_dienst=False)
    )  # the report arrives late: the alert is settled
    assert keten.checkins(pseudoniem)[3] == "beantwoord" and keten.signalen(pseudoniem) == []


@alleen_sqlite
def test_scenario_20_b_een_overdracht_zonder_ontwikkelplan_wordt_geweigerd(keten):
    pseudoniem = in_interne_stages(keten, 2002)
    stuur(keten, SCHOOL, uitstroombespreking(pseudoniem, "regulier-werk"))

    stuur(keten, SCHOOL, naar_externe_stage(pseudoniem))
    # the plan may still be on its way (webhooks carry no order): the handoff waits for it ...
    assert traject(keten, pseudoniem)[0] == "ontwikkeling" and geweigerd(keten, pseudoniem) == []
    keten.naar(keten.vandaag() + timedelta(days=1))
    verwerk_inbox(stil_na_s=0)
    # ... and once the wait is over without a plan it is rejected, with its reason
    reden = (
        "ontwikkeling→plaatsing requires a current ontwikkelplan (plan.vastgesteld); none recorded"
    )
    assert geweigerd(keten, pseudoniem) == [reden]
    [weigering] = keten.berichten("overdracht.geweigerd")
    assert (weigering.partner, weigering.bericht["inhoud"]["reden"]) == (SCHOOL, reden)
    assert traject(keten, pseudoniem)[:3] == ("ontwikkeling", "actief", SCHOOL), (
        "nothing half-applied: the pupil stays with the school"
    )
    assert keten.berichten("traject.start")[-1].partner != STAGEBEDRIJF

    stuur(keten, SCHOOL, plan(pseudoniem, keten.vandaag()))
    stuur(keten, SCHOOL, naar_externe_stage(pseudoniem))
    assert traject(keten, pseudoniem)[:3] == ("plaatsing", "actief", STAGEBEDRIJF)
    assert keten.berichten("traject.start")[-1].partner == STAGEBEDRIJF
