"""The simulator as a real HTTP service on loopback, talking to a real signed-webhook receiver."""

from __future__ import annotations

import httpx
import pytest

from connectors import PartnerRejected
from schemas.berichten import PartnerBericht
from schemas.contracten import (
    AssessmentNaarOntwikkeling,
    InstroomNaarAssessment,
    PlaatsingNaarNazorg,
)
from schemas.fase import Beweging, Fase
from schemas.gebeurtenissen import FaseAfgerond
from tests.connectors.simulator_hulp import (
    LopendeSimulator,
    Ontvanger,
    SimulatorFabriek,
    schendingen,
    wacht_tot,
)

PSEUDONIEM = "KT-ABCDEFGH23"
UTRECHT = "utrecht-bank-tot-baan"


def _start(fase: str, sleutel: str = "uitbox-1", **velden: object) -> PartnerBericht:
    return PartnerBericht.model_validate(
        {
            "sleutel": sleutel,
            "soort": "traject.start",
            "deelnemer": PSEUDONIEM,
            "programma": UTRECHT,
            "fase": fase,
        }
        | velden
    )


def _eerste(ontvanger: Ontvanger, soort: str) -> FaseAfgerond:
    wacht_tot(lambda: ontvanger.van_type(soort))
    gebeurtenis = ontvanger.van_type(soort)[0].gebeurtenis
    assert isinstance(gebeurtenis, FaseAfgerond)
    return gebeurtenis


def test_traject_start_comes_back_as_a_signed_fase_afgerond_with_a_valid_dossier(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator()
    antwoord = sim.client("assessment-utrecht").lever(_start("assessment"))
    assert antwoord.status == "ontvangen"

    afgerond = _eerste(ontvanger[0], "fase.afgerond")
    [ontvangen] = ontvanger[0].ontvangen
    assert ontvangen.partner_id == "assessment-utrecht" and ontvangen.webhook_id.startswith("msg_")
    assert (afgerond.deelnemer, afgerond.fase, afgerond.beweging, afgerond.naar) == (
        PSEUDONIEM,
        Fase.ASSESSMENT,
        Beweging.DOORSTROMEN,
        Fase.ONTWIKKELING,
    )
    dossier = AssessmentNaarOntwikkeling.model_validate(afgerond.dossier)
    assert schendingen(dossier, sim.catalogus.programma(UTRECHT)) == []
    assert ontvanger[0].weigeringen == 0

    sim.wacht_tot_stil()
    kennis = httpx.get(
        f"{sim.url}/assessment-utrecht/deelnemers/{PSEUDONIEM}",
        headers=_bearer(sim, "assessment-utrecht"),
    ).json()
    assert (kennis["fase"], kennis["status"], kennis["programma"]) == (
        "assessment",
        "afgerond",
        UTRECHT,
    )


def test_the_gemeente_completes_instroom_with_the_referral_dossier(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator()
    sim.client("gemeente-utrecht").lever(_start("instroom"))
    afgerond = _eerste(ontvanger[0], "fase.afgerond")
    dossier = InstroomNaarAssessment.model_validate(afgerond.dossier)
    assert dossier.toestemming_delen and dossier.programma == UTRECHT
    assert schendingen(dossier, sim.catalogus.programma(UTRECHT)) == []


def test_a_repeated_idempotency_key_is_dubbel_and_has_no_second_effect(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator()
    client = sim.client("assessment-utrecht")
    assert client.lever(_start("assessment")).status == "ontvangen"
    assert client.lever(_start("assessment")).status == "dubbel"
    wacht_tot(lambda: ontvanger[0].ontvangen)
    sim.wacht_tot_stil()
    assert len(ontvanger[0].ontvangen) == 1
    status = sim.status()
    assert (status["ontvangen"], status["dubbel"], status["verzonden"], status["openstaand"]) == (
        1,
        1,
        1,
        0,
    )
    assert (
        client.lever(_start("assessment", sleutel="uitbox-2")).status == "ontvangen"
    )  # a new key is new work


def test_a_wrong_bearer_key_is_401_and_nothing_happens(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator()
    with pytest.raises(PartnerRejected) as fout:
        sim.client("assessment-utrecht", api_sleutel="niet-de-sleutel").lever(_start("assessment"))
    assert fout.value.status == 401
    # another partner's key does not open this partner either
    ander = sim.catalogus.partner("gemeente-utrecht").api_sleutel.get_secret_value()
    with pytest.raises(PartnerRejected):
        sim.client("assessment-utrecht", api_sleutel=ander).lever(_start("assessment"))
    assert sim.status()["ontvangen"] == 0
    assert ontvanger[0].pogingen == []


def test_unknown_partner_is_404_and_a_malformed_message_422(
    start_simulator: SimulatorFabriek,
) -> None:
    sim = start_simulator()
    assert httpx.post(f"{sim.url}/onbekend/berichten", json={}).status_code == 404
    kop = _bearer(sim, "assessment-utrecht")
    assert (
        httpx.post(
            f"{sim.url}/assessment-utrecht/berichten", json={"soort": "x"}, headers=kop
        ).status_code
        == 422
    )
    geen_pseudoniem = _start("assessment").model_dump(mode="json") | {"deelnemer": "Jan Jansen"}
    assert (
        httpx.post(
            f"{sim.url}/assessment-utrecht/berichten", json=geen_pseudoniem, headers=kop
        ).status_code
        == 422
    )
    niet_haar_fase = _start("plaatsing").model_dump(mode="json")
    assert (
        httpx.post(
            f"{sim.url}/assessment-utrecht/berichten", json=niet_haar_fase, headers=kop
        ).status_code
        == 422
    )
    zonder_fase = _start("assessment").model_dump(mode="json") | {"fase": None}
    assert (
        httpx.post(
            f"{sim.url}/assessment-utrecht/berichten", json=zonder_fase, headers=kop
        ).status_code
        == 422
    )
    assert sim.status()["ontvangen"] == 0
    assert (
        httpx.get(f"{sim.url}/assessment-utrecht/deelnemers/{PSEUDONIEM}", headers=kop).status_code
        == 404
    )
    assert httpx.get(f"{sim.url}/assessment-utrecht/deelnemers/{PSEUDONIEM}").status_code == 401


def test_a_refused_broken_dossier_is_resent_corrected_under_a_new_webhook_id(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator(afwijkend_dossier=1.0)
    programma = sim.catalogus.programma(UTRECHT)
    client = sim.client("werkgevers-utrecht")
    client.lever(_start("plaatsing"))
    wacht_tot(lambda: ontvanger[0].ontvangen)
    fout = ontvanger[0].ontvangen[0]
    assert schendingen(PlaatsingNaarNazorg.model_validate(fout.gebeurtenis.dossier), programma) == [
        "uren_binnen_1_40"
    ]

    client.lever(_weigering(fout.webhook_id, "uitbox-weigering-1"))
    wacht_tot(lambda: len(ontvanger[0].ontvangen) == 2)
    herstel = ontvanger[0].ontvangen[1]
    assert herstel.webhook_id != fout.webhook_id
    assert herstel.gebeurtenis.naar == Fase.NAZORG
    assert (
        schendingen(PlaatsingNaarNazorg.model_validate(herstel.gebeurtenis.dossier), programma)
        == []
    )

    client.lever(_weigering(herstel.webhook_id, "uitbox-weigering-2"))  # a valid one is not resent
    sim.wacht_tot_stil()
    assert len(ontvanger[0].ontvangen) == 2


def test_pause_resume_and_completion_arrive_in_order(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    sim = start_simulator(pauzeren=1.0)
    sim.client("vakopleiding-utrecht").lever(_start("vakopleiding"))
    wacht_tot(lambda: len(ontvanger[0].ontvangen) == 3)
    assert [o.gebeurtenis.type for o in ontvanger[0].ontvangen] == [
        "traject.gepauzeerd",
        "traject.hervat",
        "fase.afgerond",
    ]


def test_webhooks_are_retried_under_the_same_id_when_ketenregie_is_briefly_down(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    ontvanger[0].storing = 2
    sim = start_simulator()
    sim.client("assessment-utrecht").lever(_start("assessment"))
    wacht_tot(lambda: ontvanger[0].ontvangen, timeout=15)
    assert len(ontvanger[0].pogingen) == 3 and len(set(ontvanger[0].pogingen)) == 1
    sim.wacht_tot_stil()
    assert (sim.status()["verzonden"], sim.status()["mislukt"]) == (1, 0)


def test_a_webhook_nobody_receives_is_given_up_and_counted(
    start_simulator: SimulatorFabriek,
) -> None:
    sim = start_simulator(herhaal_tot_s=0.3, webhook_url="http://127.0.0.1:9")
    sim.client("assessment-utrecht").lever(_start("assessment"))
    wacht_tot(lambda: sim.status()["mislukt"] == 1)
    assert sim.status()["verzonden"] == 0


def _bearer(sim: LopendeSimulator, partner_id: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {sim.catalogus.partner(partner_id).api_sleutel.get_secret_value()}"
    }


def _weigering(webhook_id: str, sleutel: str) -> PartnerBericht:
    bevinding = {
        "regel": "uren_binnen_1_40",
        "uitleg": "hours per week lie within 1–40",
        "kolom": "uren_per_week",
        "waarde": 60,
    }
    inhoud = {
        "webhook_id": webhook_id,
        "type": "fase.afgerond",
        "fase": "plaatsing",
        "bevindingen": [bevinding],
    }
    return PartnerBericht(
        sleutel=sleutel,
        soort="overdracht.geweigerd",
        deelnemer=PSEUDONIEM,
        programma=UTRECHT,
        fase=Fase.PLAATSING,
        inhoud=inhoud,
    )
