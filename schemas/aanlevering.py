"""A partner's export as rows of events: JSON lines or CSV, read within the door's limits.

Rows are returned as dicts (the events' JSON form); a row that cannot even be read becomes an
`OnleesbareRij` so it is kept and quarantined with its reason instead of being dropped. CSV has
flat columns: nested fields are dotted (`dossier.taalniveau.lezen`) and list fields end in `[]`
with `|` between items (`dossier.leerdoelen[]` = `op tijd komen|vaktaal`). Empty cells are absent.

What processing could not carry is refused for the whole export (`ExportOnleesbaar`, a 422 naming
the row, the field and the rule): text that is not UTF-8, a value over the limits of
`schemas.grenzen`, and a CSV whose header does not describe one nested object (a column nested
too deep, a column twice, `dossier` beside `dossier.x`) or whose quoting breaks. Excel's exports
are read as they come: a byte-order mark is dropped, lines may end in CR LF, LF or CR alone, and
a header with semicolons and no comma is read with `;` as the separator (Excel's "CSV" where the
decimal sign is a comma); the header decides, never a guess from the data.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Any

from schemas.grenzen import (
    Grenzen,
    Overtreding,
    TeDiep,
    lees_json,
    tekstfout,
    toets,
    utf8_fout,
    veilig,
)

JSONL_TYPES = ("application/x-ndjson", "application/jsonl", "application/json-lines")
CSV_TYPES = ("text/csv",)
MAX_FOUTEN = 20  # an answer names at most this many; the first ones are enough to fix an export
_REGELEINDE = re.compile(r"\r\n|\r|\n")  # JSON strings hold no raw CR or LF, so this never cuts one


@dataclass(frozen=True)
class OnleesbareRij:
    """A row that is not an object: kept with the reason, never dropped."""

    regel: int
    reden: str
    ruw: str


Rij = dict[str, Any] | OnleesbareRij


class ExportOnleesbaar(ValueError):
    """The export cannot be taken as it is; `fouten` name each row or column and the rule (422)."""

    def __init__(self, fouten: list[dict[str, Any]]) -> None:
        super().__init__(fouten)
        self.fouten = fouten[:MAX_FOUTEN]


def _fout(loc: list[Any], soort: str, uitleg: str) -> dict[str, Any]:
    return {"loc": loc, "msg": uitleg, "type": soort}


def _rijfout(index: int, regel: int, o: Overtreding) -> dict[str, Any]:
    pad = [veilig(deel) if isinstance(deel, str) else deel for deel in o.pad]
    return _fout(["rijen", index, *pad], o.soort, f"line {regel}: {o.uitleg}")


def lees_jsonl(tekst: str, grenzen: Grenzen | None = None) -> list[Rij]:
    grenzen = grenzen or Grenzen()
    rijen: list[Rij] = []
    fouten: list[dict[str, Any]] = []
    for nummer, regel in enumerate(_REGELEINDE.split(tekst), start=1):
        if not regel.strip():
            continue
        try:
            waarde = lees_json(regel)
        except json.JSONDecodeError as exc:
            reden = f"not JSON: {exc.msg} at column {exc.colno}"
            rijen.append(OnleesbareRij(nummer, reden, regel[:500]))
            continue
        except TeDiep:
            te_diep = Overtreding((), "te_diep", f"nested deeper than {grenzen.diepte} levels")
            fouten.append(_rijfout(len(rijen), nummer, te_diep))
            waarde = None
        else:
            fouten.extend(_rijfout(len(rijen), nummer, o) for o in toets(waarde, grenzen))
        if len(fouten) >= MAX_FOUTEN:
            break
        rijen.append(
            waarde
            if isinstance(waarde, dict)
            else OnleesbareRij(nummer, "a row must be a JSON object", regel[:500])
        )
    if fouten:
        raise ExportOnleesbaar(fouten)
    return rijen


@dataclass(frozen=True)
class _Kolom:
    pad: tuple[str, ...]  # () for a column without a name
    lijst: bool


def _scheidingsteken(tekst: str) -> str:
    kop = _REGELEINDE.split(tekst, maxsplit=1)[0]
    return ";" if ";" in kop and "," not in kop else ","


def _kolommen(kop: list[str], grenzen: Grenzen) -> list[_Kolom]:
    """The header as paths; refused when the paths cannot make one nested object within the limits."""
    kolommen: list[_Kolom] = []
    fouten: list[dict[str, Any]] = []
    eerder: dict[tuple[str, ...], int] = {}
    for nummer, naam in enumerate(kop, start=1):
        lijst = naam.endswith("[]")
        pad = tuple(naam[:-2].split(".") if lijst else naam.split(".")) if naam.strip() else ()
        kolommen.append(_Kolom(pad, lijst))
        loc = ["kolommen", nummer]
        if (fout := tekstfout(naam, grenzen)) is not None:
            fouten.append(_fout(loc, fout[0], f"column {nummer}: the name {fout[1]}"))
        elif len(pad) + lijst > grenzen.diepte:
            uitleg = f"column {nummer} nests {len(pad) + lijst} levels; at most {grenzen.diepte}"
            fouten.append(_fout(loc, "te_diep", uitleg))
        elif pad in eerder:
            uitleg = f"column {nummer} names the same field as column {eerder[pad]}"
            fouten.append(_fout(loc, "dubbele_kolom", uitleg))
        elif pad:
            eerder[pad] = nummer
    for pad, nummer in eerder.items():
        houder = next((pad[:n] for n in range(1, len(pad)) if pad[:n] in eerder), None)
        if houder is not None:
            uitleg = f"column {nummer} nests under column {eerder[houder]}, which holds a value"
            fouten.append(_fout(["kolommen", nummer], "kolom_botst", uitleg))
    if fouten:
        raise ExportOnleesbaar(fouten)
    return kolommen


def _zet(doel: dict[str, Any], pad: tuple[str, ...], waarde: Any) -> None:
    *hoger, laatste = pad
    for deel in hoger:
        doel = doel.setdefault(deel, {})  # the header was checked: never a value on the way
    doel[laatste] = waarde


def _csv_rij(
    cellen: list[str], kolommen: list[_Kolom], plek: tuple[int, int], grenzen: Grenzen
) -> tuple[Rij, list[dict[str, Any]]]:
    """One record as a row, with the cells over a limit; `plek` is (row index, line)."""
    index, nummer = plek
    if len(cellen) > len(kolommen):
        return OnleesbareRij(nummer, "more cells than columns", ",".join(cellen)[:500]), []
    uit: dict[str, Any] = {}
    fouten: list[dict[str, Any]] = []
    for kolom, cel in zip(kolommen, cellen, strict=False):
        if cel == "":
            continue
        if not kolom.pad:
            return OnleesbareRij(nummer, "a value in a column without a name", ""), []
        if (fout := tekstfout(cel, grenzen)) is not None:
            fouten.append(_rijfout(index, nummer, Overtreding(kolom.pad, *fout)))
            continue
        waarde = [d.strip() for d in cel.split("|") if d.strip()] if kolom.lijst else cel
        _zet(uit, kolom.pad, waarde)
    return uit, fouten


def lees_csv(tekst: str, grenzen: Grenzen | None = None) -> list[Rij]:
    grenzen = grenzen or Grenzen()
    lezer = csv.reader(io.StringIO(tekst, newline=""), delimiter=_scheidingsteken(tekst))
    rijen: list[Rij] = []
    fouten: list[dict[str, Any]] = []
    try:
        kop = next(lezer, None)
        kolommen = _kolommen(kop, grenzen) if kop else []
        for cellen in lezer:
            if not cellen:
                continue
            rij, rijfouten = _csv_rij(cellen, kolommen, (len(rijen), lezer.line_num), grenzen)
            rijen.append(rij)
            fouten.extend(rijfouten)
            if len(fouten) >= MAX_FOUTEN:
                break
    except csv.Error as exc:
        uitleg = f"line {lezer.line_num}: {_csv_uitleg(exc, grenzen)}"
        raise ExportOnleesbaar([*fouten, _fout(["regel", lezer.line_num], "csv", uitleg)]) from exc
    if fouten:
        raise ExportOnleesbaar(fouten)
    return rijen


def _csv_uitleg(exc: csv.Error, grenzen: Grenzen) -> str:
    if "field larger than field limit" in str(exc):
        return f"a cell longer than {grenzen.tekst} characters"
    return f"not readable as CSV ({exc})"


def lees_export(body: bytes, content_type: str, grenzen: Grenzen | None = None) -> list[Rij]:
    """The rows of an export; `ExportOnleesbaar` for what cannot be taken, ValueError for a type we do not read."""
    if content_type not in JSONL_TYPES + CSV_TYPES:
        raise ValueError(f"content-type must be one of {', '.join(JSONL_TYPES + CSV_TYPES)}")
    if (fout := utf8_fout(body)) is not None:
        raise ExportOnleesbaar([_fout(["body"], "geen_utf8", f"an export must be UTF-8: {fout}")])
    tekst = body.decode("utf-8").removeprefix("\ufeff")
    if content_type in JSONL_TYPES:
        return lees_jsonl(tekst, grenzen)
    return lees_csv(tekst, grenzen)
