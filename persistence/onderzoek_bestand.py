"""The export's file: Parquet (pyarrow) or CSV, the same columns, written block by block.

Neither format holds the whole export in memory: Parquet gets a row group per block, CSV is
appended per block. Columns and types come from schemas.onderzoek.KOLOMMEN.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from schemas.onderzoek import KOLOMMEN, VELDEN, Formaat

Schrijf = Callable[[Sequence[dict[str, object]]], None]
_TYPEN = {"str": pa.string(), "int": pa.int64(), "bool": pa.bool_()}


def arrow_schema() -> pa.Schema:
    return pa.schema(
        [
            pa.field(naam, _TYPEN[soort.rstrip("?")], nullable=soort.endswith("?"))
            for naam, soort in KOLOMMEN
        ]
    )


def _csv_waarde(waarde: object) -> object:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "true" if waarde else "false"
    return waarde


@contextmanager
def schrijver(formaat: Formaat, pad: Path) -> Iterator[Schrijf]:
    """A function that appends rows to the file at `pad`; the file is complete on exit."""
    if formaat == Formaat.PARQUET:
        schema = arrow_schema()
        with pq.ParquetWriter(pad, schema, compression="zstd") as parquet:

            def schrijf_parquet(rijen: Sequence[dict[str, object]]) -> None:
                if rijen:
                    parquet.write_table(pa.Table.from_pylist(list(rijen), schema=schema))

            yield schrijf_parquet
        return
    with pad.open("w", encoding="utf-8", newline="") as bestand:
        uit = csv.writer(bestand)
        uit.writerow(VELDEN)

        def schrijf_csv(rijen: Sequence[dict[str, object]]) -> None:
            uit.writerows([_csv_waarde(r[v]) for v in VELDEN] for r in rijen)

        yield schrijf_csv
