"""Scenario 14, regime change (DOMAIN §8; seed 004, Hoeksche Waard).

An older illiterate participant struggles with the online lessons, falls a year behind and gets a
vrijstelling; the case moves to the Participatiewet colleagues ("andere collega's"). Expect: owner
reassigned, not closed; outcome "exempt", not "dropout". In a duaal traject the inburgering is
the taal lane: it ends with the outcome vrijstelling while the participation lane runs on under
the new regiehouder. Played on the shipped programme duaal-drechtsteden.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from persistence import sessie, verloop
from persistence.tabellen_verwijzing import RegiehouderPeriode
from tests.flows.opvolging.hulp import Keten, alleen_sqlite
from tests.flows.scenarios._duaal import (
    KLANTMANAGER,
    PW,
    SDD,
    SPOOR,
    TAAL,
    banen,
    grootboek,
    in_spoor,
    plek,
    status,
    uitkomsten,
    verwerk,
)

VRIJSTELLING = KLANTMANAGER | {"reden": "vrijstelling inburgering na een jaar achterstand"}


@alleen_sqlite
def test_scenario_14_vrijstelling_wisselt_de_regiehouder_zonder_afsluiten_en_is_geen_uitval(
    keten: Keten,
):
    begin = keten.vandaag()
    pseudoniem = in_spoor(keten, 1401, "participatie")
    keten.naar(begin + timedelta(weeks=56))  # a year behind on the language route
    wissel = {
        "type": "regiehouder.gewisseld",
        "deelnemer": pseudoniem,
        "naar_regiehouder": PW,
        "soort": "regimewissel",
        "besluit": VRIJSTELLING,
    }
    # only the regiehouder hands the case over; the taalschool may not
    keten.stuur(TAAL, wissel, verwacht=(403,))
    verwerk(keten, SDD, wissel)
    # the taalschool ends the inburgering lane: exempt
    vrijgesteld = {"soort": "vrijstelling", "datum": keten.vandaag().isoformat()}
    verwerk(
        keten,
        TAAL,
        {
            "type": "traject.afgesloten",
            "deelnemer": pseudoniem,
            "baan": "taal",
            "fase": "ontwikkeling",
            "contract_versie": 2,
            "dossier": {"uitkomst": vrijgesteld},
        },
    )

    # owner reassigned, with the decider's account; the old period closed, the new one open
    with sessie(keten.engine) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None and d.gemeente_partner == PW
        perioden = s.exec(
            select(RegiehouderPeriode).where(RegiehouderPeriode.deelnemer_id == d.id)
        ).all()
    assert [(p.regiehouder, p.soort, p.tot is None) for p in perioden] == [
        (SDD, "aanmelding", False),
        (PW, "regimewissel", True),
    ]
    assert (perioden[1].besluit_rol, perioden[1].besluit_persoon) == ("regiehouder", "KM-40211")
    [overdracht] = keten.berichten("regiehouder.overdracht")
    assert overdracht.partner == PW and overdracht.bericht["inhoud"]["fase"] == "ontwikkeling"

    # not closed: the participation lane runs on; the taal lane ended with its outcome
    assert plek(keten, pseudoniem) == ("ontwikkeling", SPOOR["participatie"], "actief")
    assert banen(keten, pseudoniem) == {"taal": ("ontwikkeling", TAAL, "afgesloten")}
    assert grootboek(keten, pseudoniem)[-1] == ("taal", "afsluiten", "ontwikkeling", TAAL)
    assert [(u.soort, u.tussentijds, u.gemeld_door) for u in uitkomsten(keten, pseudoniem)] == [
        ("vrijstelling", True, TAAL)
    ], "exempt, recorded; no dropout"
    assert not keten.berichten("melding.uitval")
    [einde] = keten.berichten("melding.afgesloten")
    assert einde.partner == PW, "the new regiehouder hears the lane ended"
    getoond = status(keten, pseudoniem)
    assert f"regiehouder {PW}" in getoond and "vrijstelling" in getoond
