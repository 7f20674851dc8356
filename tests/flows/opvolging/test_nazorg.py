"""Nazorg follow-up on real Prefect and a real database (DOMAIN §8 scenarios 7, 19; issue 5):
a placement followed for two years, with answers by signed webhook, a missed check-in escalated,
a return to benefit recorded as an outcome, and a re-entry that cancels what was still to come."""

from __future__ import annotations

from rich.console import Console

from cli.opvolging import toon_flags, toon_followups
from cli.status import toon_status
from flows.opvolging import opvolging
from flows.verwerk_inbox import verwerk_inbox
from persistence import sessie, verloop
from schemas.fase import Fase
from schemas.opvolging import plus_maanden
from tests.beslisser import REGIEHOUDER
from tests.flows.opvolging.hulp import alleen_sqlite, bsn, dagen, soorten

UTRECHT = "utrecht-bank-tot-baan"
JOBCOACH, GEMEENTE = "jobcoach-utrecht", "gemeente-utrecht"


def antwoord(pseudoniem, maand, **velden):
    return {
        "type": "nazorg.checkin",
        "deelnemer": pseudoniem,
        "maand": maand,
        "nog_in_dienst": True,
        "uren_per_week": 32,
    } | velden


def geplaatst_en_afgesloten(keten):
    """A participant placed yesterday, handed to nazorg and closed with a regular job."""
    pseudoniem = keten.meld_aan(UTRECHT, bsn(1))
    start = keten.vandaag() - dagen(1)
    keten.loop(pseudoniem, UTRECHT, Fase.NAZORG, startdatum=start.isoformat())
    afsluiting = {"uitkomst": {"soort": "regulier_werk", "datum": start.isoformat()}}
    keten.stuur(
        JOBCOACH,
        {
            "type": "traject.afgesloten",
            "deelnemer": pseudoniem,
            "fase": "nazorg",
            "dossier": afsluiting,
        },
    )
    verwerk_inbox(stil_na_s=0)
    return pseudoniem, start


def test_een_plaatsing_twee_jaar_gevolgd_met_gemiste_checkin_terugval_en_herinstroom(keten):
    pseudoniem, start = geplaatst_en_afgesloten(keten)
    assert keten.checkins(pseudoniem) == dict.fromkeys([1, 3, 6, 12, 24], "gepland"), (
        "the cadence follows the placement, not the closed trajectory"
    )

    keten.naar(plus_maanden(start, 1))
    assert opvolging()["checkins_gevraagd"] == 1
    [vraag] = keten.berichten("nazorg.checkin")
    assert (vraag.partner, vraag.bericht["inhoud"]["maand"]) == (JOBCOACH, 1)
    keten.stuur(JOBCOACH, antwoord(pseudoniem, 1))
    keten.stuur(
        "werkgevers-utrecht", antwoord(pseudoniem, 1, nog_in_dienst=False), verwacht=(403,)
    )  # not asked of them: refused at the door
    verwerk_inbox(stil_na_s=0)
    assert keten.checkins(pseudoniem)[1] == "beantwoord"

    keten.naar(plus_maanden(start, 3))
    opvolging()
    keten.naar(plus_maanden(start, 3) + dagen(15))  # nobody answers within the 14 days' respijt
    assert opvolging()["checkins_gemist"] == 1
    assert keten.checkins(pseudoniem)[3] == "gemist"
    assert soorten(keten.signalen(pseudoniem)) == {("checkin_gemist", "overschreden")}
    [escalatie] = keten.berichten("melding.signaal")
    assert (escalatie.partner, escalatie.bericht["inhoud"]["soort"]) == (
        GEMEENTE,
        "checkin_gemist",
    ), "the regiehouder hears of it"

    keten.naar(plus_maanden(start, 6))
    opvolging()
    keten.stuur(JOBCOACH, antwoord(pseudoniem, 6, ondersteuning_nodig=True))
    verwerk_inbox(stil_na_s=0)
    assert ("steunvraag", "risico") in soorten(keten.signalen(pseudoniem))
    keten.naar(plus_maanden(start, 12))
    opvolging()
    keten.stuur(
        JOBCOACH,
        antwoord(pseudoniem, 12, nog_in_dienst=False, uren_per_week=None, terug_in_uitkering=True),
    )
    verwerk_inbox(stil_na_s=0)
    assert soorten(keten.signalen(pseudoniem)) == {
        ("checkin_gemist", "overschreden"),
        ("terugval", "overschreden"),
    }
    assert [b.bericht["inhoud"]["soort"] for b in keten.berichten("melding.signaal")] == [
        "checkin_gemist",
        "terugval",
    ]

    keten.stuur(
        GEMEENTE,
        {
            "type": "deelnemer.herinstroom",
            "deelnemer": pseudoniem,
            "naar": "instroom",
            "reden": "terug in de bijstand",
            "besluit": REGIEHOUDER,
        },
    )
    verwerk_inbox(stil_na_s=0)
    assert keten.checkins(pseudoniem) == {
        1: "beantwoord",
        3: "gemist",
        6: "beantwoord",
        12: "beantwoord",
        24: "vervallen",
    }
    assert keten.signalen(pseudoniem) == [], (
        "the regiehouder acted: the re-entry settles the placement's flags"
    )

    keten.naar(plus_maanden(start, 25))
    assert opvolging()["checkins_gevraagd"] == 0, "a cancelled check-in is never asked"
    with sessie(keten.engine) as s:
        deelnemer = verloop.vind_deelnemer(session=s, pseudoniem=pseudoniem)
        uitkomsten = [
            (u.soort, u.datum) for u in verloop.uitkomsten(session=s, deelnemer_id=deelnemer.id)
        ]
    assert uitkomsten == [
        ("regulier_werk", start),
        ("terug_in_uitkering", plus_maanden(start, 12)),
    ], "both outcomes, dated"


def test_een_tweede_ronde_verandert_niets(keten):
    pseudoniem, start = geplaatst_en_afgesloten(keten)
    keten.naar(
        plus_maanden(start, 3) + dagen(20)
    )  # months 1 and 3 due at once, nobody answered before
    eerste = opvolging()
    assert eerste["checkins_gevraagd"] == 2
    keten.naar(plus_maanden(start, 3) + dagen(40))
    tweede = opvolging()
    berichten = len(keten.berichten("nazorg.checkin")) + len(keten.berichten("melding.signaal"))
    signalen = keten.signalen(status=None)
    derde = opvolging()
    assert (tweede["checkins_gemist"], derde["checkins_gemist"], derde["checkins_gevraagd"]) == (
        2,
        0,
        0,
    )
    assert (derde["signalen_nieuw"], derde["aangekondigd"]) == (0, 0)
    assert (
        len(keten.berichten("nazorg.checkin")) + len(keten.berichten("melding.signaal"))
        == berichten
        == 4
    )
    assert keten.signalen(status=None) == signalen and len(signalen) == 2
    console = Console(record=True, width=250)
    toon_flags(keten.instellingen, console)
    toon_followups(keten.instellingen, console)
    uitvoer = console.export_text()
    assert (
        "open flags: checkin_gemist (overschreden) 2" in uitvoer
        and f"checkin_gemist │ {pseudoniem}" in uitvoer
    )
    assert "utrecht-bank-tot-baan │ jobcoach-utrecht │ 3 " in uitvoer, (
        "3 still planned (6, 12, 24 months)"
    )
    dossier = Console(record=True, width=250)
    assert toon_status(pseudoniem, keten.instellingen, dossier)
    tekst = dossier.export_text()
    assert "nazorg check-ins" in tekst and tekst.count("gemist") >= 2 and "gepland" in tekst
    assert "checkin_gemist │ overschreden" in tekst


@alleen_sqlite
def test_een_antwoord_op_een_niet_gestelde_of_al_beantwoorde_vraag_wordt_geweigerd(keten):
    pseudoniem, start = geplaatst_en_afgesloten(keten)
    keten.stuur(JOBCOACH, antwoord(pseudoniem, 1))  # not asked yet
    verwerk_inbox(stil_na_s=0)
    assert keten.checkins(pseudoniem)[1] == "gepland"
    keten.naar(plus_maanden(start, 1))
    opvolging()
    keten.stuur(JOBCOACH, antwoord(pseudoniem, 1))
    keten.stuur(
        JOBCOACH, antwoord(pseudoniem, 1, uren_per_week=12)
    )  # a second answer changes nothing
    verwerk_inbox(stil_na_s=0)
    verwerk_inbox(stil_na_s=0)
    geweigerd = [b.bericht["inhoud"]["reden"] for b in keten.berichten("overdracht.geweigerd")]
    assert geweigerd == [f"no open check-in of month 1 for {pseudoniem}"] * 2
