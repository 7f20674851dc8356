"""A partner's export as rows of events: JSON lines or CSV, parsed without judging them.

Rows are returned as dicts (the events' JSON form); a row that cannot even be read becomes an
`OnleesbareRij` so it is kept and quarantined with its reason instead of being dropped. CSV has
flat columns: nested fields are dotted (`dossier.taalniveau.lezen`) and list fields end in `[]`
with `|` between items (`dossier.leerdoelen[]` = `op tijd komen|vaktaal`). Empty cells are absent.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines")
CSV_TYPES = ("text/csv",)


@dataclass(frozen=True)
class OnleesbareRij:
    """A row that is not an object: kept with the reason, never dropped."""

    regel: int
    reden: str
    ruw: str


Rij = dict[str, Any] | OnleesbareRij


def lees_jsonl(tekst: str) -> list[Rij]:
    rijen: list[Rij] = []
    for nummer, regel in enumerate(tekst.splitlines(), start=1):
        if not regel.strip():
            continue
        try:
            waarde = json.loads(regel)
        except json.JSONDecodeError as exc:
            rijen.append(
                OnleesbareRij(nummer, f"not JSON: {exc.msg} at column {exc.colno}", regel[:500])
            )
            continue
        rijen.append(
            waarde
            if isinstance(waarde, dict)
            else OnleesbareRij(nummer, "a row must be a JSON object", regel[:500])
        )
    return rijen


def _zet(doel: dict[str, Any], pad: str, waarde: Any) -> None:
    *hoger, laatste = pad.split(".")
    for deel in hoger:
        doel = doel.setdefault(deel, {})
    doel[laatste] = waarde


def lees_csv(tekst: str) -> list[Rij]:
    rijen: list[Rij] = []
    for nummer, rij in enumerate(csv.DictReader(io.StringIO(tekst)), start=2):
        if None in rij:
            rijen.append(
                OnleesbareRij(
                    nummer, "more cells than columns", ",".join(str(c) for c in rij.values())[:500]
                )
            )
            continue
        uit: dict[str, Any] = {}
        for kolom, cel in rij.items():
            if kolom is None or cel in (None, ""):
                continue
            if kolom.endswith("[]"):
                _zet(uit, kolom[:-2], [d.strip() for d in str(cel).split("|") if d.strip()])
            else:
                _zet(uit, kolom, cel)
        rijen.append(uit)
    return rijen


def lees_export(body: bytes, content_type: str) -> list[Rij]:
    """The rows of an export; raises ValueError for a body that is not UTF-8 or a type we do not read."""
    tekst = body.decode("utf-8")
    if content_type in JSONL_TYPES:
        return lees_jsonl(tekst)
    if content_type in CSV_TYPES:
        return lees_csv(tekst)
    raise ValueError(f"content-type must be one of {', '.join(JSONL_TYPES + CSV_TYPES)}")
