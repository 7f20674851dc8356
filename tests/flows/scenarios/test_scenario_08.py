"""Scenario 8, Dordrecht participation track (DOMAIN §8; seed 004, Dordrecht).

The Talentscan puts a man in the participation track; he does a stage at a garage as a car
sprayer ("stage gelopen bij een garage"), and once his Dutch is good enough the garage offers him a
contract. Expect: stage and job recorded as successive outcomes. Played on the shipped programme
duaal-drechtsteden, on both databases.
"""

from __future__ import annotations

from datetime import timedelta

from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten
from tests.flows.scenarios._duaal import (
    DRECHT,
    SDD,
    SPOOR,
    TAAL,
    WERKGEVER,
    banen,
    grootboek,
    in_spoor,
    plek,
    uitkomsten,
    verwerk,
)


def _uitkomst(pseudoniem: str, soort: str, datum: str) -> dict[str, object]:
    return {
        "type": "uitkomst.gemeld",
        "deelnemer": pseudoniem,
        "uitkomst": {"soort": soort, "datum": datum},
    }


def test_scenario_08_stage_en_baan_als_opeenvolgende_uitkomsten_in_het_participatiespoor(
    keten: Keten,
):
    begin = keten.vandaag()
    pseudoniem = in_spoor(keten, 801, "participatie")
    # taal and participatie at once: the taal lane started when he entered ontwikkeling
    assert banen(keten, pseudoniem) == {"taal": ("ontwikkeling", TAAL, "actief")}

    # months of stage at the garage, reported by the participatiegroep's partner
    keten.naar(begin + timedelta(weeks=10))
    stage_op = (begin + timedelta(weeks=9)).isoformat()
    verwerk(keten, SPOOR["participatie"], _uitkomst(pseudoniem, "stage", stage_op))
    # his Dutch is sufficient now: the garage takes him on, a placement with a contract
    keten.naar(begin + timedelta(weeks=30))
    keten.rond_af(pseudoniem, DRECHT, Fase.ONTWIKKELING)
    baan_op = (begin + timedelta(weeks=30)).isoformat()
    verwerk(keten, WERKGEVER, _uitkomst(pseudoniem, "regulier_werk", baan_op))

    rijen = uitkomsten(keten, pseudoniem)
    assert [(u.soort, u.datum.isoformat(), u.tussentijds, u.gemeld_door) for u in rijen] == [
        ("stage", stage_op, True, SPOOR["participatie"]),
        ("regulier_werk", baan_op, True, WERKGEVER),
    ], "stage then job: two dated outcomes, in order, each with who reported it"
    assert plek(keten, pseudoniem) == ("plaatsing", WERKGEVER, "actief"), "the trajectory runs on"
    gemeld = [
        (m.partner, m.bericht["inhoud"]["uitkomst"]["soort"])
        for m in keten.berichten("melding.uitkomst")
    ]
    assert gemeld == [(SDD, "stage"), (SDD, "regulier_werk")], "the regiehouder hears of each"
    # the route is in the ledger: the track chosen at the Talentscan, then the garage
    hoofd = [(b, m, f, p) for b, m, f, p in grootboek(keten, pseudoniem) if b is None]
    assert [(f, p) for _, _, f, p in hoofd][-2:] == [
        ("ontwikkeling", SPOOR["participatie"]),
        ("plaatsing", WERKGEVER),
    ]
