"""What the researcher export costs over 100,000 participants (the sweep bench's data set).

Run from the repository root: `.venv/bin/python bench/onderzoek.py [aantal]`. Not a test: prints
a line per format. The sweep bench's builder makes the chain's tables; 80% of the participants
get consent for doel:onderzoek, the rest is excluded. Each export reads per block of 5,000
participants, writes the file and logs one disclosure row per participant included.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.dataset import NU, Bouwer  # noqa: E402
from connectors.simulator import nep_bsn  # noqa: E402
from persistence import maak_engine, privacy, sessie  # noqa: E402
from persistence.onderzoek import Selectie  # noqa: E402
from persistence.onderzoek_export import Opdracht, exporteer  # noqa: E402
from persistence.tabellen_toestemming import Toestemming  # noqa: E402
from schemas.gebeurtenissen import Persoon  # noqa: E402
from schemas.onderzoek import Formaat  # noqa: E402
from schemas.toestemming import ONDERZOEK  # noqa: E402
from settings import Instellingen, laad_catalogus, laad_regios  # noqa: E402

BSN = nep_bsn(random.Random(12))


def main() -> None:
    aantal = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as map_:
        config = Path(map_) / "config"
        shutil.copytree(ROOT / "config", config)
        shutil.copy(
            ROOT / "tests/flows/opvolging/programmas/roermond-up-test.yaml", config / "programmas"
        )
        instellingen = Instellingen(
            data_map=Path(map_), config_map=config, database_url=f"sqlite:///{map_}/bench.db"
        )
        catalogus = laad_catalogus(instellingen)
        engine = maak_engine(instellingen.db_url)
        bouwer = Bouwer(catalogus.programmas, instellingen)
        for i in range(aantal):
            bouwer.deelnemer(i)
        deelnemers = next(r for t, r in bouwer.rijen.items() if t.__name__ == "Deelnemer")
        for d in deelnemers:  # the sweep bench encrypts only its youth programme's people
            if d["persoon_versleuteld"] == "x":
                geboren = d["aangemeld_op"].date() - timedelta(days=6000 + d["id"] % 12000)
                persoon = Persoon(naam=f"Deelnemer {d['id']}", bsn=BSN, geboortedatum=geboren)
                d["persoon_versleuteld"] = privacy.versleutel(persoon, instellingen)
        bouwer.schrijf(engine)
        with sessie(engine) as s:
            toestemmingen = [
                {
                    "deelnemer_id": d["id"],
                    "pseudoniem": d["pseudoniem"],
                    "ontvanger": ONDERZOEK,
                    "soort": "toestemming",
                    "bron": "schriftelijk, intake",
                    "van": NU - timedelta(days=1),
                    "vastgelegd_door": "bench",
                    "vastgelegd_op": NU,
                }
                for d in deelnemers
                if d["id"] % 5
            ]
            s.execute(insert(Toestemming), toestemmingen)
        regios = laad_regios(instellingen, catalogus)
        print(f"{aantal:,} participants on SQLite, {len(toestemmingen):,} with consent")
        for formaat in (Formaat.PARQUET, Formaat.CSV):
            pad = Path(map_) / f"export.{formaat.value}"
            begin = time.perf_counter()
            r = exporteer(
                engine=engine,
                instellingen=instellingen,
                regios=regios,
                opdracht=Opdracht("bench-studie", formaat, Selectie(), wettelijk={}),
                pad=pad,
                nu=NU,
            )
            print(
                f"{formaat.value:<8} {time.perf_counter() - begin:6.1f} s: {r.deelnemers:,} included, "
                f"{r.uitgesloten:,} excluded, {r.rijen:,} rows, {pad.stat().st_size / 1e6:.1f} MB"
            )


if __name__ == "__main__":
    main()
