"""A cohort through the whole chain: the simulator only makes moves the programmes allow."""

from __future__ import annotations

import time
from collections.abc import Callable

from connectors.simulator import maak_cohort, verwijs
from schemas.fase import TrajectStatus
from settings import Instellingen
from tests.connectors.keten_hulp import Dirigent
from tests.connectors.simulator_hulp import Ontvanger, SimulatorFabriek

DRUK = {
    "overslaan": 0.25,
    "wisselen": 0.4,
    "pauzeren": 0.2,
    "uitvallen": 0.12,
    "terugplaatsen": 0.4,
    "herinstromen": 0.6,
    "afwijkend_dossier": 0.2,
}


def _wacht_tot_alles_stil(
    dirigent: Dirigent, sim_status: Callable[[], dict[str, int]], timeout: float = 60
) -> None:
    stil, einde = 0, time.monotonic() + timeout
    while stil < 5:
        assert time.monotonic() < einde, "the chain did not come to rest"
        time.sleep(0.1)
        stil = stil + 1 if dirigent.stil() and sim_status()["openstaand"] == 0 else 0


def test_a_cohort_reaches_an_end_through_allowed_moves_only(
    start_simulator: SimulatorFabriek, ontvanger: tuple[Ontvanger, str]
) -> None:
    o, url = ontvanger
    sim = start_simulator(**DRUK)
    dirigent = Dirigent(sim)
    o.doorsturen = dirigent.wachtrij.put
    cohort = maak_cohort(30, seed=5, programmas=list(sim.catalogus.programmas.values()))

    assert all(verwijs(cohort, sim.catalogus, Instellingen(webhook_basis_url=url)))
    _wacht_tot_alles_stil(dirigent, sim.status)

    assert dirigent.fouten == []
    assert dirigent.geweigerde_bewegingen == []
    assert o.weigeringen == 0 and sim.status()["mislukt"] == 0 and sim.status()["geweigerd"] == 0
    eindstand = {t.status for t in dirigent.toestand.values()}
    assert len(dirigent.toestand) == 30
    assert eindstand <= {TrajectStatus.AFGESLOTEN, TrajectStatus.UITGEVALLEN}, dirigent.toestand
    gezien = set(dirigent.bewegingen)
    assert gezien >= {
        "aanmelden",
        "doorstromen",
        "overslaan",
        "wisselen",
        "pauzeren",
        "hervatten",
        "uitvallen",
        "herinstromen",
        "terugplaatsen",
        "afsluiten",
    }
    # Refused dossiers happened, and since everyone still reached an end, each was resent corrected.
    assert dirigent.weigeringen
