"""Scenario 19, outcome change during nazorg (DOMAIN §8; seed 002, Praktijkonderwijs De Brug).

Plaatsingsstage, then a labour contract and two years of nazorg ("Alle leerlingen krijgen nog
twee jaar nazorg"); at month 14 the job ends and the former pupil enters MBO; nazorg continues.
Expect: the aftercare schedule keeps running across the outcome change."""

from __future__ import annotations

from datetime import timedelta

from flows.opvolging import opvolging
from schemas.fase import Fase
from schemas.opvolging import plus_maanden
from tests.flows.opvolging.hulp import alleen_sqlite
from tests.flows.scenarios._vso import (
    COACH,
    NAZORG_MAANDEN,
    STAGEBEDRIJF,
    VSO,
    afsluiting,
    checkin,
    in_externe_stage,
    stuur,
    traject,
    uitkomsten,
)


def _gevraagd(keten) -> list[int]:
    """Run the daily follow-up on the check-in's due day: the months asked so far."""
    opvolging()
    return [b.bericht["inhoud"]["maand"] for b in keten.berichten("nazorg.checkin")]


@alleen_sqlite
def test_scenario_19_nazorg_loopt_door_als_het_werk_eindigt_en_de_leerling_naar_het_mbo_gaat(
    keten,
):
    pseudoniem = in_externe_stage(keten, 1901, "regulier-werk")
    assert traject(keten, pseudoniem)[:3] == ("plaatsing", "actief", STAGEBEDRIJF)

    # The plaatsingsstage ends in a labour contract; the coach takes over for two years.
    start = keten.vandaag() - timedelta(days=1)
    werk = {"soort": "regulier_werk", "datum": start.isoformat()}
    stuur(
        keten, STAGEBEDRIJF, {"type": "uitkomst.gemeld", "deelnemer": pseudoniem, "uitkomst": werk}
    )
    keten.rond_af(
        pseudoniem,
        VSO,
        Fase.PLAATSING,
        werkgever="Stagebedrijf 12",
        contractsoort="regulier",
        startdatum=start.isoformat(),
        uren_per_week=24,
    )
    assert traject(keten, pseudoniem)[:3] == ("nazorg", "actief", COACH)
    gestart = {"type": "fase.gestart", "deelnemer": pseudoniem, "fase": "nazorg"}
    stuur(keten, COACH, gestart | {"gestart_op": keten.vandaag().isoformat()})
    assert keten.checkins(pseudoniem) == dict.fromkeys(NAZORG_MAANDEN, "gepland")

    for maand in (1, 3, 6, 12):
        keten.naar(plus_maanden(start, maand))
        assert _gevraagd(keten)[-1] == maand
        stuur(keten, COACH, checkin(pseudoniem, maand, in_dienst=True))

    # Month 14: the job ends, the former pupil enters MBO; the coach reports the new outcome.
    keten.naar(plus_maanden(start, 14))
    mbo = {"soort": "onderwijs", "datum": plus_maanden(start, 14).isoformat(), "mbo_niveau": 2}
    stuur(keten, COACH, {"type": "uitkomst.gemeld", "deelnemer": pseudoniem, "uitkomst": mbo})
    assert traject(keten, pseudoniem)[:2] == ("nazorg", "actief"), "nazorg is not closed"
    assert keten.checkins(pseudoniem) == {
        1: "beantwoord",
        3: "beantwoord",
        6: "beantwoord",
        12: "beantwoord",
        18: "gepland",
        24: "gepland",
    }, "the schedule keeps running across the outcome change"

    # Months 18 and 24 are still asked of the coach, and answered: no longer employed, at school.
    for maand in (18, 24):
        keten.naar(plus_maanden(start, maand))
        assert _gevraagd(keten)[-1] == maand
        stuur(keten, COACH, checkin(pseudoniem, maand, in_dienst=False))
    assert set(keten.checkins(pseudoniem).values()) == {"beantwoord"}
    vlaggen = {s.soort for s in keten.signalen(pseudoniem)}
    assert vlaggen.isdisjoint({"terugval", "checkin_gemist", "steunvraag", "wachten"}), (
        "an outcome change is no relapse, and no check-in was missed"
    )

    # Two years on, nazorg closes with the education outcome; no second schedule starts.
    roc = {"referentie": "DUO-inschrijving ROC MBO-2", "bevestigd": True}
    einde = plus_maanden(start, 24)
    stuur(keten, COACH, afsluiting(pseudoniem, Fase.NAZORG, "onderwijs", einde, roc))
    assert traject(keten, pseudoniem)[:2] == ("nazorg", "afgesloten")
    assert [(u.soort, u.tussentijds) for u in uitkomsten(keten)] == [
        ("regulier_werk", True),
        ("onderwijs", True),
        ("onderwijs", False),
    ], "the job and the change to MBO are kept as successive outcomes"
    assert list(keten.checkins(pseudoniem)) == NAZORG_MAANDEN
