"""What a schema upgrade costs: a fresh database to head (every test database pays this once),
and the at-head check every process pays on its first connection.

Run from the repository root: `.venv/bin/python bench/migraties.py [postgresql+psycopg://...]`.
Not a test: prints medians. With a PostgreSQL URL it empties that database's public schema.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so `python bench/migraties.py` finds the project packages

from persistence import kale_engine, migreer  # noqa: E402
from persistence.migraties import BASIS  # noqa: E402

HERHALINGEN = 15


def _mediaan_ms(stap: Callable[[], None], voor: Callable[[], None] = lambda: None) -> float:
    tijden = []
    for _ in range(HERHALINGEN):
        voor()
        begin = time.perf_counter()
        stap()
        tijden.append((time.perf_counter() - begin) * 1000)
    return statistics.median(tijden)


def _sqlite() -> dict[str, float]:
    map_ = Path(tempfile.mkdtemp())
    teller = iter(range(10**6))

    def vers(doel: str = "head") -> Callable[[], None]:
        def stap() -> None:
            engine = kale_engine(f"sqlite:///{map_ / f'{next(teller)}.db'}")
            migreer(engine, doel)
            engine.dispose()

        return stap

    aan_kop = kale_engine(f"sqlite:///{map_ / 'kop.db'}")
    migreer(aan_kop)
    return {
        "fresh → head": _mediaan_ms(vers()),
        f"fresh → {BASIS}": _mediaan_ms(vers(BASIS)),
        "at head": _mediaan_ms(lambda: migreer(aan_kop)),
    }


def _postgresql(url: str) -> dict[str, float]:
    engine = kale_engine(url)

    def leeg() -> None:
        with engine.begin() as c:
            c.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")

    uitslag = {
        "fresh → head": _mediaan_ms(lambda: migreer(engine), leeg),
        f"fresh → {BASIS}": _mediaan_ms(lambda: migreer(engine, BASIS), leeg),
    }
    leeg()
    migreer(engine)
    return uitslag | {"at head": _mediaan_ms(lambda: migreer(engine))}


def main() -> None:
    metingen: dict[str, Callable[[], dict[str, float]]] = {"sqlite": _sqlite}
    if len(sys.argv) > 1:
        metingen["postgresql"] = lambda: _postgresql(sys.argv[1])
    for naam, meting in metingen.items():
        for stap, ms in meting().items():
            print(f"{naam:<11} {stap:<22} {ms:8.1f} ms (median of {HERHALINGEN})")


if __name__ == "__main__":
    main()
