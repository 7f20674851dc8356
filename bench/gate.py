"""What the GX gate costs per record, next to the same rules in pydantic and in plain python.

Run from the repository root: `.venv/bin/python bench/gate.py`. Not a test: prints a table.
Contract plaatsing→nazorg (rules: unique deelnemer, no future date, 1 <= uren_per_week <= 40,
placement not before the training ended);
every 50th row breaks the hours rule, so the failure path is part of the cost.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # so `python bench/gate.py` finds the project packages

from pydantic import BaseModel, Field, ValidationError  # noqa: E402

from schemas.contracten import PlaatsingNaarNazorg  # noqa: E402

GROOTTES = (1, 10, 1_000, 10_000)
HERHALINGEN = 7
Uitslag = list[list[str]]


class PlaatsingRij(BaseModel):
    """The row rules as a pydantic model: what the gate would cost without GX."""

    deelnemer: str
    dagen_tot_laatste_datum: int = Field(le=0)
    uren_per_week: float = Field(ge=1, le=40)
    dagen_start_na_opleiding: int = Field(ge=0)


_REGEL_PER_KOLOM = {
    "dagen_tot_laatste_datum": "datums_niet_in_toekomst",
    "uren_per_week": "uren_binnen_1_40",
    "dagen_start_na_opleiding": "start_na_opleiding",
}


def rijen(n: int) -> list[dict[str, Any]]:
    return [
        {
            "dagen_tot_laatste_datum": -(i % 30),
            "uren_per_week": 45.0 if i % 50 == 49 else 32.0,
            "dagen_start_na_opleiding": -1 if i % 70 == 69 else i % 20,
            "deelnemer": f"p-{i:06d}",
        }
        for i in range(n)
    ]


def met_gx(batch: list[dict[str, Any]]) -> Uitslag:
    from quality import get_poort

    return [[b.regel for b in r] for r in get_poort().keur(PlaatsingNaarNazorg, batch)]


def met_pydantic(batch: list[dict[str, Any]]) -> Uitslag:
    dubbel = {d for d, n in Counter(r["deelnemer"] for r in batch).items() if n > 1}
    uitslag: Uitslag = []
    for rij in batch:
        fout = ["geen_dubbele_deelnemer"] if rij["deelnemer"] in dubbel else []
        try:
            PlaatsingRij.model_validate(rij)
        except ValidationError as exc:
            fout += [_REGEL_PER_KOLOM[str(e["loc"][0])] for e in exc.errors()]
        uitslag.append(fout)
    return uitslag


def met_python(batch: list[dict[str, Any]]) -> Uitslag:
    dubbel = {d for d, n in Counter(r["deelnemer"] for r in batch).items() if n > 1}
    uitslag: Uitslag = []
    for rij in batch:
        fout = ["geen_dubbele_deelnemer"] if rij["deelnemer"] in dubbel else []
        if rij["dagen_tot_laatste_datum"] > 0:
            fout.append("datums_niet_in_toekomst")
        if not 1 <= rij["uren_per_week"] <= 40:
            fout.append("uren_binnen_1_40")
        if rij["dagen_start_na_opleiding"] < 0:
            fout.append("start_na_opleiding")
        uitslag.append(fout)
    return uitslag


def mediaan(
    functie: Callable[[list[dict[str, Any]]], Uitslag], batch: list[dict[str, Any]]
) -> float:
    """Median seconds of one call over a few repeats."""
    tijden = []
    for _ in range(HERHALINGEN):
        begin = time.perf_counter()
        functie(batch)
        tijden.append(time.perf_counter() - begin)
    return statistics.median(tijden)


def opstart() -> None:
    begin = time.perf_counter()
    from quality import get_poort

    poort = get_poort()
    gebouwd = time.perf_counter()
    poort.keur(PlaatsingNaarNazorg, rijen(1))
    klaar = time.perf_counter()
    print(
        f"Poort() incl. GX import: {gebouwd - begin:.2f} s; first keur (builds the suite): {(klaar - gebouwd) * 1000:.0f} ms"
    )


def main() -> None:
    opstart()
    print(f"median of {HERHALINGEN} runs; µs per record; ratio = GX / other")
    print(
        f"{'rows':>7} {'GX ms/batch':>12} {'GX µs/rec':>11} {'pydantic µs/rec':>16} {'python µs/rec':>14} {'GX/pydantic':>12} {'GX/python':>10}"
    )
    for n in GROOTTES:
        batch = rijen(n)
        if not met_gx(batch) == met_pydantic(batch) == met_python(batch):
            raise SystemExit(f"the three checks disagree on {n} rows")
        gx_s, pd_s, py_s = (mediaan(f, batch) for f in (met_gx, met_pydantic, met_python))
        per = [s / n * 1e6 for s in (gx_s, pd_s, py_s)]
        print(
            f"{n:>7} {gx_s * 1000:>12.1f} {per[0]:>11.1f} {per[1]:>16.2f} {per[2]:>14.2f}"
            f" {gx_s / pd_s:>12,.0f} {gx_s / py_s:>10,.0f}"
        )


if __name__ == "__main__":
    main()
