"""Scenario 10, consent-gated observation (DOMAIN §8, §6; seed 004).

In practice lessons a ROC teacher finds that a participant "erg goed kon lassen" and wants to tell
the werkcoach and the klantmanager; "door de AVG ... kun je tegenwoordig weinig informatie
uitwisselen" (seed 004, Hengelo). Played on the UP youth route of the same seed: the Gilde teacher
of Fase 1 reports it for the casemanager and Westrom's werkcoach; a welding course (Fase 2) and a
job (Fase 3) follow. Expect: the observation is held until the regiehouder records consent or a
legal basis; only then does it reach the partners it names.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from persistence import sessie
from persistence.tabellen_jeugd import Grondslag, Observatie
from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten, alleen_sqlite, bsn
from tests.flows.scenarios._jeugd import (
    CASEMANAGER,
    FASE1,
    GEMEENTE,
    UP,
    WERKGEVER,
    WESTROM,
    balans,
    rond_af_bij,
    stuur,
    traject,
)


def _observatie(pseudoniem: str, **velden: Any) -> dict[str, Any]:
    return {
        "type": "observatie.gemeld",
        "deelnemer": pseudoniem,
        "fase": "ontwikkeling",
        "soort": "talent",
        "code": "lassen",
        "ontvangers": [GEMEENTE, WESTROM],
    } | velden


def _toestemming(pseudoniem: str) -> dict[str, Any]:
    return {
        "type": "grondslag.vastgelegd",
        "deelnemer": pseudoniem,
        "grondslag": "toestemming",
        "besluit": CASEMANAGER | {"reden": "toestemming van de deelnemer, formulier getekend"},
    }


def _observaties(keten: Keten, pseudoniem: str) -> list[Observatie]:
    with sessie(keten.engine) as s:
        return list(s.exec(select(Observatie).where(Observatie.pseudoniem == pseudoniem)))


def _gedeeld(keten: Keten, pseudoniem: str) -> list[tuple[str, str]]:
    return [
        (m.partner, m.bericht["inhoud"]["code"])
        for m in keten.berichten("melding.observatie")
        if m.pseudoniem == pseudoniem
    ]


@alleen_sqlite
def test_scenario_10_an_observation_is_held_until_consent_is_recorded_then_shared(keten):
    jongere = keten.meld_aan(UP, bsn(1001), "2006-09-10")
    keten.loop(jongere, UP, Fase.ONTWIKKELING)

    # Free text is no observation; a partner outside the chain is no recipient.
    fout = keten.stuur(FASE1, _observatie(jongere, code="kan goed lassen"), verwacht=(422,))
    assert [f["loc"][-1] for f in fout["detail"]] == ["code"]
    stuur(keten, FASE1, _observatie(jongere, ontvangers=["werkgevers-utrecht"]))
    assert _observaties(keten, jongere) == [], "refused whole: nothing kept"

    # No basis on record: kept, held; the casemanager only hears that something waits.
    stuur(keten, FASE1, _observatie(jongere))
    [gehouden] = _observaties(keten, jongere)
    assert (gehouden.status, gehouden.code, gehouden.gedeeld_op) == ("aangehouden", "lassen", None)
    assert _gedeeld(keten, jongere) == [], "nobody is told what was seen"
    [wacht] = [
        m for m in keten.berichten("melding.observatie_aangehouden") if m.pseudoniem == jongere
    ]
    assert wacht.partner == GEMEENTE and "lassen" not in str(wacht.bericht)

    # Only the regiehouder records the basis.
    nee = keten.stuur(FASE1, _toestemming(jongere), verwacht=(403,))
    assert "regiehouder" in nee["detail"]
    stuur(keten, GEMEENTE, _toestemming(jongere))
    with sessie(keten.engine) as s:
        [basis] = s.exec(select(Grondslag).where(Grondslag.pseudoniem == jongere)).all()
    assert (basis.grondslag, basis.vastgelegd_door, basis.besluit_persoon) == (
        "toestemming",
        GEMEENTE,
        CASEMANAGER["persoon"],
    )
    assert sorted(_gedeeld(keten, jongere)) == [(GEMEENTE, "lassen"), (WESTROM, "lassen")]
    assert [o.status for o in _observaties(keten, jongere)] == ["gedeeld"]

    # With the basis on record the next observation goes out at once.
    stuur(keten, FASE1, _observatie(jongere, soort="voortgang", code="vca", ontvangers=[GEMEENTE]))
    assert (GEMEENTE, "vca") in _gedeeld(keten, jongere)
    assert [o.status for o in _observaties(keten, jongere)] == ["gedeeld", "gedeeld"]

    # The welding course in Fase 2, then the job in Fase 3.
    balans(keten, jongere, "balans-fase-1", "opleiding")
    keten.rond_af(jongere, UP, Fase.ONTWIKKELING)
    assert traject(keten, jongere)[:3] == ("vakopleiding", "actief", "gilde-up-fase2")
    balans(keten, jongere, "balans-fase-2", "werk")
    rond_af_bij(keten, "gilde-up-fase2", jongere, Fase.VAKOPLEIDING)
    assert traject(keten, jongere)[:3] == ("plaatsing", "actief", WERKGEVER)
