"""Scenario 6, the portaal's bounds (DOMAIN §8; seed 000: "minimaal 6 weken tot maximaal een jaar").

(a) Someone leaves the portaal for a job after three weeks. Expect: the 6-week minimum is
overridden, with the decision and its reason recorded. (b) Someone is still in the portaal after
twelve months with no exit. Expect: an alert that the maximum is breached.
"""

from __future__ import annotations

from datetime import timedelta

from flows.opvolging import opvolging
from flows.verwerk_inbox import verwerk_inbox
from tests.flows.opvolging.hulp import alleen_sqlite, bsn, soorten
from tests.flows.scenarios._portaal import (
    GEMEENTE,
    PORTAAL,
    WERKPLAATS,
    afsluiting,
    geweigerd,
    in_het_portaal,
    laatste_overgang,
    traject,
    uitkomsten,
)

BESLUIT = {
    "reden": "vaste baan bij een hovenier aangeboden",
    "rol": "trajectbegeleider",
    "persoon": "TB-3021",
}


def test_scenario_06_a_wie_na_drie_weken_werk_vindt_gaat_met_een_vastgelegd_besluit(keten):
    pseudoniem = keten.meld_aan(PORTAAL, bsn(601))
    begin = in_het_portaal(keten, pseudoniem)
    keten.naar(begin + timedelta(weeks=3))
    baan = {"soort": "regulier_werk", "datum": keten.vandaag().isoformat()}
    keten.stuur(WERKPLAATS, afsluiting(pseudoniem, baan))
    verwerk_inbox(stil_na_s=0)
    [reden] = geweigerd(keten)
    assert reden == (
        "the exit to regulier_werk comes before the minimum stay (21 days in ontwikkeling,"
        " minimum 6 weeks); overriding it needs besluit (reden, rol, persoon)"
    )
    assert traject(keten, pseudoniem)[:2] == ("ontwikkeling", "actief") and not uitkomsten(keten)

    keten.stuur(WERKPLAATS, afsluiting(pseudoniem, baan, besluit=BESLUIT))
    verwerk_inbox(stil_na_s=0)
    assert traject(keten, pseudoniem)[:2] == ("ontwikkeling", "afgesloten")
    overgang = laatste_overgang(keten)
    assert overgang.beweging == "afsluiten" and overgang.besloten_door == WERKPLAATS
    assert overgang.reden == (
        "afgesloten met uitkomst regulier_werk vanuit ontwikkeling; minimum stay overridden by"
        " trajectbegeleider: vaste baan bij een hovenier aangeboden"
    )
    assert (overgang.besluit_rol, overgang.besluit_persoon, overgang.besluit_reden) == (
        "trajectbegeleider",
        "TB-3021",
        "vaste baan bij een hovenier aangeboden",
    )
    assert [u.soort for u in uitkomsten(keten)] == ["regulier_werk"]
    [melding] = keten.berichten("melding.afgesloten")
    assert melding.partner == GEMEENTE


@alleen_sqlite
def test_scenario_06_b_een_jaar_in_het_portaal_zonder_uitgang_geeft_een_signaal(keten):
    pseudoniem = keten.meld_aan(PORTAAL, bsn(602))
    begin = in_het_portaal(keten, pseudoniem)
    keten.naar(begin + timedelta(weeks=40))
    opvolging()
    assert keten.signalen(pseudoniem) == [], "40 of 52 weeks: nothing to flag yet"
    keten.naar(begin + timedelta(weeks=43))
    opvolging()
    assert soorten(keten.signalen(pseudoniem)) == {("fase_te_lang", "risico")}
    keten.naar(begin + timedelta(weeks=52, days=3))  # twelve months and no exit
    opvolging()
    opvolging()  # a second sweep adds nothing
    [signaal] = keten.signalen(pseudoniem)
    assert (signaal.soort, signaal.niveau, signaal.partner, signaal.termijn) == (
        "fase_te_lang",
        "overschreden",
        WERKPLAATS,
        begin + timedelta(weeks=52),
    )
    assert traject(keten, pseudoniem)[:2] == ("ontwikkeling", "actief"), "flagged, not closed"
