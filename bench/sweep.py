"""What one follow-up sweep costs over 100,000 participants: nazorg check-ins plus the time-in-phase watch.

Run from the repository root: `.venv/bin/python bench/sweep.py`. Not a test: prints a table.
A fresh SQLite database gets the bench data set (bench/dataset.py: three years of registrations
over the shipped programmes and a youth programme, as a daily sweep would have left them). Then the three steps of the opvolging flow (ask, escalate, watch) run as the flow
runs them, without Prefect: the first sweep ever, the same sweep again, and the next day's.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dataset import AANTAL, NU, bench_instellingen, vul  # noqa: E402
from flows import opvolgstappen  # noqa: E402
from persistence import maak_engine, sessie, signalen  # noqa: E402
from schemas.programma import Programma  # noqa: E402
from settings import Instellingen, laad_catalogus  # noqa: E402


def sweep(
    engine: Engine, programmas: dict[str, Programma], instellingen: Instellingen, nu: datetime
) -> tuple[float, dict[str, int]]:
    """The opvolging flow's three steps, as it runs them (one transaction each), timed together."""
    begin = time.perf_counter()
    telling = {
        "gevraagd": opvolgstappen.vraag_checkins(engine=engine, nu=nu),
        "gemist": opvolgstappen.escaleer_gemiste(engine=engine, programmas=programmas, nu=nu),
        **opvolgstappen.bewaak(
            engine=engine, programmas=programmas, instellingen=instellingen, nu=nu
        ),
    }
    return time.perf_counter() - begin, telling


def main() -> None:
    with tempfile.TemporaryDirectory() as map_:
        instellingen = bench_instellingen(Path(map_))
        programmas, engine = (
            laad_catalogus(instellingen).programmas,
            maak_engine(instellingen.db_url),
        )
        begin = time.perf_counter()
        rijen = vul(engine, programmas, instellingen)
        print(
            f"{AANTAL:,} participants on SQLite, built in {time.perf_counter() - begin:.0f} s: "
            + ", ".join(f"{n:,} {t}" for t, n in rijen.items())
        )
        print(
            f"{'sweep':<24} {'s':>6} {'asked':>7} {'missed':>7} {'watched':>8} {'new flags':>10} {'resolved':>9}"
        )
        for naam, nu in (
            ("first ever", NU),
            ("same day, again", NU),
            ("next day", NU + timedelta(days=1)),
        ):
            duur, t = sweep(engine, programmas, instellingen, nu)
            print(
                f"{naam:<24} {duur:>6.2f} {t['gevraagd']:>7,} {t['gemist']:>7,} {t['bewaakt']:>8,} {t['signalen_nieuw']:>10,} {t['signalen_opgelost']:>9,}"
            )
        with sessie(engine) as s:
            per_soort: dict[str, int] = {}
            for *_, soort, niveau, n in signalen.telling(session=s):
                per_soort[f"{soort} {niveau}"] = per_soort.get(f"{soort} {niveau}", 0) + n
        print("open flags: " + ", ".join(f"{k} {n:,}" for k, n in sorted(per_soort.items())))


if __name__ == "__main__":
    main()
