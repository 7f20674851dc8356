"""What the equal-chances page costs over 100,000 participants (the sweep bench's data set, with
intake attributes and outcomes added): the monitor's three queries plus suppression, per breakdown.

Run from the repository root: `.venv/bin/python bench/gelijke_kansen.py`. Not a test: prints a table.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dataset import AANTAL, NU, Bouwer, _blokken  # noqa: E402
from persistence import maak_engine, migreer, monitor, sessie  # noqa: E402
from persistence.tabellen import UitkomstRegel  # noqa: E402
from persistence.tabellen_kenmerk import Kenmerk  # noqa: E402
from schemas.monitor import UITSPLITSINGEN, bouw  # noqa: E402
from settings import Instellingen, laad_catalogus  # noqa: E402

PERIODEN = {"3 maanden (default)": 91, "12 maanden": 365, "drie jaar": 3 * 365 + 400}


def _kenmerken_en_uitkomsten(
    bouwer: Bouwer,
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    rng = random.Random(9)
    kenmerken, uitkomsten = [], []
    trajecten = {t["deelnemer_id"]: t for t in bouwer.rijen[bouwer_traject(bouwer)]}
    for d in bouwer.rijen[bouwer_deelnemer(bouwer)]:
        kenmerken.append(
            {
                "deelnemer_id": d["id"],
                "geslacht": rng.choices(["man", "vrouw", "anders", None], [48, 48, 1, 3])[0],
                "leeftijdsband": rng.choice(["18-22", "23-26", "27-34", "35-49", "50+"]),
                "doelgroep": rng.choice(["participatiewet", "nugger", "inburgering"]),
                "regio": "GM0344",
            }
        )
        t = trajecten[d["id"]]
        if t["status"] in ("afgesloten", "uitgevallen"):
            soort = (
                "uitval"
                if t["status"] == "uitgevallen"
                else rng.choice(["regulier_werk", "onderwijs"])
            )
            uitkomsten.append(
                {
                    "deelnemer_id": d["id"],
                    "traject_id": t["id"],
                    "soort": soort,
                    "datum": t["beeindigd_op"].date(),
                    "mbo_niveau": 2 if soort == "onderwijs" else None,
                    "vastgelegd_op": t["beeindigd_op"],
                }
            )
    return kenmerken, uitkomsten


def bouwer_deelnemer(bouwer: Bouwer) -> type:
    return next(t for t in bouwer.rijen if t.__name__ == "Deelnemer")


def bouwer_traject(bouwer: Bouwer) -> type:
    return next(t for t in bouwer.rijen if t.__name__ == "Traject")


def main() -> None:
    with tempfile.TemporaryDirectory() as map_:
        config = Path(map_) / "config"
        shutil.copytree(ROOT / "config", config)
        shutil.copy(
            ROOT / "tests/flows/opvolging/programmas/roermond-up-test.yaml", config / "programmas"
        )
        instellingen = Instellingen(
            data_map=Path(map_), config_map=config, database_url=f"sqlite:///{map_}/bench.db"
        )
        programmas, engine = (
            laad_catalogus(instellingen).programmas,
            maak_engine(instellingen.db_url),
        )
        migreer(engine)
        bouwer = Bouwer(programmas, instellingen)
        for i in range(AANTAL):
            bouwer.deelnemer(i)
        bouwer.schrijf(engine)
        kenmerken, uitkomsten = _kenmerken_en_uitkomsten(bouwer)
        with sessie(engine) as s:
            for tabel, rijen in ((Kenmerk, kenmerken), (UitkomstRegel, uitkomsten)):
                for blok in _blokken(rijen, 20_000):
                    s.execute(insert(tabel), blok)
        print(f"{AANTAL:,} participants on SQLite, {len(uitkomsten):,} outcomes")
        print(
            f"{'programme':<30} {'period':<20} {'cohort':>7} {'queries ms':>11} {'suppress ms':>12} {'hidden':>7}"
        )
        p = programmas["utrecht-bank-tot-baan"]
        fasen = tuple(f.value for f in p.fase_volgorde)
        for naam, dagen in PERIODEN.items():
            for _ in range(2):  # the second run is the warm one a user sees after the first
                begin = time.perf_counter()
                with sessie(engine) as s:
                    g = monitor.gegevens(
                        session=s,
                        programma=p.id,
                        fasen=fasen,
                        van=NU - timedelta(days=dagen),
                        tot=NU,
                        nu=NU,
                    )
                midden = time.perf_counter()
                uit = [bouw(g, k) for k in UITSPLITSINGEN if k != "herkomst"]
                einde = time.perf_counter()
            cohort = int(uit[0].geheel.bereik.waarde or 0)
            print(
                f"{p.id:<30} {naam:<20} {cohort:>7,} {1000 * (midden - begin):>11.0f} "
                f"{1000 * (einde - midden) / len(uit):>12.0f} {sum(u.onderdrukt for u in uit):>7}"
            )


if __name__ == "__main__":
    _ = datetime.now(UTC)
    main()
