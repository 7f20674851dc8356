"""Scenario 15, regression (DOMAIN §8; seed 004, Nederweert / Weert / Cranendonck).

After the voorschakeltraject a participant is placed at an employer; the lockdown ends the
placement ("van voor af aan beginnen"), so back to development; later a werkervaringsplaats, then
a paid job. Expect: full history kept. Played on the shipped programme duaal-drechtsteden, which
allows the way back from placement to development for this reason.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from connectors.simulator.voorbeelden import GELDIG
from persistence import sessie
from persistence.tabellen import Deelnemer, Overgang
from schemas.contracten import Terugplaatsing
from schemas.fase import Fase
from tests.flows.opvolging.hulp import Keten, alleen_sqlite
from tests.flows.scenarios._duaal import (
    DRECHT,
    SPOOR,
    TAAL,
    WERKGEVER,
    banen,
    grootboek,
    in_spoor,
    plek,
    status,
    uitkomsten,
    verwerk,
)

LOCKDOWN = {"reden": "lockdown: de werkplek is gesloten", "rol": "werkgever", "persoon": "WG-5521"}


def _meld(keten: Keten, partner: str, pseudoniem: str, soort: str) -> None:
    verwerk(
        keten,
        partner,
        {
            "type": "uitkomst.gemeld",
            "deelnemer": pseudoniem,
            "uitkomst": {"soort": soort, "datum": keten.vandaag().isoformat()},
        },
        webhook_id=f"uitkomst-{soort}",
    )


@alleen_sqlite
def test_scenario_15_terug_naar_ontwikkeling_na_de_lockdown_en_de_hele_geschiedenis_blijft(
    keten: Keten,
):
    begin = keten.vandaag()
    pseudoniem = in_spoor(keten, 1501, "participatie")
    keten.naar(begin + timedelta(weeks=12))
    keten.rond_af(pseudoniem, DRECHT, Fase.ONTWIKKELING)  # placed at an employer
    assert plek(keten, pseudoniem) == ("plaatsing", WERKGEVER, "actief")

    keten.naar(begin + timedelta(weeks=16))  # the lockdown ends the placement
    verwerk(
        keten,
        WERKGEVER,
        {
            "type": "fase.afgerond",
            "deelnemer": pseudoniem,
            "fase": "plaatsing",
            "beweging": "terugplaatsen",
            "naar": "ontwikkeling",
            "dossier": GELDIG[Terugplaatsing],
            "besluit": LOCKDOWN,
        },
    )
    assert plek(keten, pseudoniem)[0::2] == ("ontwikkeling", "actief")

    keten.naar(begin + timedelta(weeks=30))  # later: a werkervaringsplaats, then a paid job
    _meld(keten, plek(keten, pseudoniem)[1], pseudoniem, "werkervaringsplaats")
    keten.rond_af(pseudoniem, DRECHT, Fase.ONTWIKKELING)
    keten.naar(begin + timedelta(weeks=40))
    _meld(keten, WERKGEVER, pseudoniem, "regulier_werk")

    hoofd = [(m, f, p) for b, m, f, p in grootboek(keten, pseudoniem) if b is None]
    assert hoofd == [
        ("aanmelden", "instroom", "sdd-klantmanager-inburgering"),
        ("doorstromen", "assessment", "werkshop-talentscan"),
        ("doorstromen", "ontwikkeling", SPOOR["participatie"]),
        ("doorstromen", "plaatsing", WERKGEVER),
        ("terugplaatsen", "ontwikkeling", SPOOR["participatie"]),
        ("doorstromen", "plaatsing", WERKGEVER),
    ], "every step kept, the way back included"
    with sessie(keten.engine) as s:
        d = s.exec(select(Deelnemer).where(Deelnemer.pseudoniem == pseudoniem)).one()
        rijen = s.exec(
            select(Overgang).where(Overgang.deelnemer_id == d.id).order_by(col(Overgang.id))
        ).all()
    assert len({o.traject_id for o in rijen}) == 1, "one trajectory: a regression is no new case"
    [terug] = [o for o in rijen if o.beweging == "terugplaatsen"]
    assert (terug.besluit_rol, terug.besluit_persoon, terug.besluit_reden) == (
        "werkgever",
        "WG-5521",
        LOCKDOWN["reden"],
    )
    assert [u.soort for u in uitkomsten(keten, pseudoniem)] == [
        "werkervaringsplaats",
        "regulier_werk",
    ]
    assert banen(keten, pseudoniem) == {"taal": ("ontwikkeling", TAAL, "actief")}, (
        "the language lane ran on through the way back"
    )
    getoond = status(keten, pseudoniem)
    assert "terugplaatsen" in getoond and "lockdown" in getoond
