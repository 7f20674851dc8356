"""Scenario 5, back to school (DOMAIN §8; seed 000, the instroomportaal of iederz).

A coach meedoen refers someone who has long sat at home; the portaal starts them at two dagdelen
and builds the rhythm up; after five months they leave for MBO Entree at the Alfa-College (and
after it, perhaps, a wijkgilde). Expect: the outcome is "education", and the portaal's "beeld van
iemand" is handed to the school.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import select

from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie, verloop
from persistence.tabellen_verwijzing import Aanmelder
from tests.flows.opvolging.hulp import Keten, alleen_sqlite, bsn
from tests.flows.scenarios._portaal import (
    ALFA,
    COACH,
    GEMEENTE,
    PORTAAL,
    WERKPLAATS,
    afsluiting,
    geweigerd,
    in_het_portaal,
    traject,
    uitkomsten,
)

# What the portaal learned: "wie ben ik, wat wil ik, wat kan ik?", and the rhythm from 2 dagdelen.
BEELD = {
    "kan": ["samenwerken", "handig met gereedschap"],
    "wil": ["buiten werken", "wijkbewoners helpen"],
    "aandachtspunten": ["op tijd komen"],
    "werkritme_dagdelen": [2, 2, 3, 4, 6],
    "aanwezigheid_pct": 86.0,
    "beoogd_mbo_niveau": 0,
}


def _door_de_coach(keten: Keten, n: int) -> str:
    """The coach meedoen refers into the instroomportaal; the gemeente holds the regie."""
    bewijs = keten.stuur(
        COACH,
        {
            "type": "deelnemer.aangemeld",
            "verwijzing_id": f"CM-{n}",
            "programma": PORTAAL,
            "persoon": {"naam": "Test Deelnemer", "bsn": bsn(n), "geboortedatum": "1988-02-03"},
        },
    )
    verwerk_inbox(stil_na_s=0)
    return str(bewijs["deelnemer"])


def _naar_school(keten: Keten, pseudoniem: str, **dossier: Any) -> dict[str, Any]:
    entree = {"soort": "onderwijs", "datum": keten.vandaag().isoformat(), "mbo_niveau": 0}
    plek = {"referentie": ALFA, "bevestigd": True, "bevestigd_op": keten.vandaag().isoformat()}
    return afsluiting(pseudoniem, entree, **({"bestemming": plek} | dossier))


@alleen_sqlite
def test_scenario_05_terug_naar_school_geeft_onderwijs_en_het_beeld_gaat_naar_de_school(keten):
    pseudoniem = _door_de_coach(keten, 501)
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None
        aanmelder = s.exec(select(Aanmelder).where(Aanmelder.deelnemer_id == d.id)).one()
    assert (aanmelder.verwijzer, aanmelder.regiehouder) == (COACH, GEMEENTE)
    [gehoord] = keten.berichten("verwijzing.uitkomst")
    assert gehoord.partner == COACH, "the coach hears that the referral was taken on"

    begin = in_het_portaal(keten, pseudoniem)
    keten.naar(begin + timedelta(weeks=22))  # five months in the portaal
    keten.stuur(WERKPLAATS, _naar_school(keten, pseudoniem, beeld=BEELD))
    verwerk_inbox(stil_na_s=0)

    fase, status, _, bewegingen = traject(keten, pseudoniem)
    assert (fase, status) == ("ontwikkeling", "afgesloten")
    assert bewegingen == ["aanmelden", "doorstromen", "doorstromen", "afsluiten"]
    [uitkomst] = uitkomsten(keten)
    assert (uitkomst.soort, uitkomst.bestemming, uitkomst.bevestigd) == ("onderwijs", ALFA, True)
    assert keten.checkins(pseudoniem) == {}, "straight to school: no placement, no nazorg"
    # the school receives the portaal's picture; the regiehouder hears of the closing
    [beeld] = keten.berichten("beeld.overdracht")
    assert (beeld.partner, beeld.pseudoniem) == (ALFA, pseudoniem)
    assert beeld.bericht["inhoud"]["beeld"] == BEELD
    assert beeld.bericht["inhoud"]["van"] == WERKPLAATS
    assert beeld.bericht["inhoud"]["uitkomst"]["soort"] == "onderwijs"
    [afgesloten] = keten.berichten("melding.afgesloten")
    assert afgesloten.partner == GEMEENTE
    assert "beeld" not in afgesloten.bericht["inhoud"], "the picture goes to the school only"


@alleen_sqlite
def test_scenario_05_zonder_beeld_of_met_een_andere_bestemming_blijft_het_traject_open(keten):
    pseudoniem = _door_de_coach(keten, 502)
    begin = in_het_portaal(keten, pseudoniem)
    keten.naar(begin + timedelta(weeks=22))
    keten.stuur(WERKPLAATS, _naar_school(keten, pseudoniem))
    verwerk_inbox(stil_na_s=0)
    elders = {"referentie": "DUO-inschrijving MBO-1", "bevestigd": True}
    keten.stuur(WERKPLAATS, _naar_school(keten, pseudoniem, beeld=BEELD, bestemming=elders))
    verwerk_inbox(stil_na_s=0)

    assert geweigerd(keten) == [
        "the exit to onderwijs from ontwikkeling hands the beeld van iemand on:"
        " dossier.beeld is required (contract v2)",
        "the exit to onderwijs from ontwikkeling hands the beeld van iemand to its receiver:"
        " dossier.bestemming.referentie must be one of alfa-college",
    ]
    assert traject(keten, pseudoniem)[:2] == ("ontwikkeling", "actief")
    assert uitkomsten(keten) == [] and keten.berichten("beeld.overdracht") == []
    assert [w.partner for w in keten.berichten("overdracht.geweigerd")] == [WERKPLAATS] * 2
