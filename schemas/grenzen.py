"""The limits every value keeps at the door, so nothing that passes can poison processing.

A webhook body and every row of a batch export are read as plain JSON values and walked once,
without recursion, before anything is stored: nesting depth, the length of every text (keys too),
the size of every number, no NUL character, no lone surrogate, no NaN or Infinity. What breaks a
limit is answered 422 naming the field and the limit; processing never sees it. The limits are
settings (`KETEN_MAX_DIEPTE`, `KETEN_MAX_TEKST`, `KETEN_MAX_GETAL`); the contracts' own ranges
(hours, levels, months) are checked by their models after this.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

PAD_DEEL_MAX = 64  # a key named in an answer is cut here, so an answer never echoes a long text


@dataclass(frozen=True)
class Grenzen:
    """Depth of nesting (containers, the outermost counted), characters per text, largest |number|."""

    diepte: int = 16
    tekst: int = 4096
    getal: int = 2**31 - 1


@dataclass(frozen=True)
class Overtreding:
    """One value over a limit: where (keys and list positions), which rule, in words."""

    pad: tuple[str | int, ...]
    soort: str
    uitleg: str


@dataclass(frozen=True)
class TeGrootGetal:
    """What the JSON reader makes of an integer literal too long to be any number we accept.

    Python refuses to convert more than 4,300 digits (and converting many long ones is slow), so
    such a literal is never converted: the walk reports it with its place instead.
    """

    cijfers: int


_CIJFERS_MAX = 20  # longer than any 64-bit integer; a shorter literal is converted and compared


class TeDiep(ValueError):
    """The JSON nests deeper than the reader itself can follow (Python's recursion limit)."""


def _geheel(literal: str) -> int | TeGrootGetal:
    return int(literal) if len(literal) <= _CIJFERS_MAX else TeGrootGetal(len(literal.lstrip("-")))


_LANG_GETAL = re.compile(rf"\d{{{_CIJFERS_MAX + 1}}}")


def lees_json(tekst: str) -> Any:
    """One JSON value; `json.JSONDecodeError` when it is not JSON, `TeDiep` when nested past reading."""
    try:
        if _LANG_GETAL.search(tekst) is None:  # the usual case: json's own int conversion is faster
            return json.loads(tekst)
        return json.loads(tekst, parse_int=_geheel)
    except RecursionError as exc:
        raise TeDiep("nested deeper than the reader follows") from exc


def tekstfout(tekst: str, grenzen: Grenzen) -> tuple[str, str] | None:
    """(kind, explanation) of the first rule this text breaks, or None."""
    if len(tekst) > grenzen.tekst:
        return "te_lang", f"is {len(tekst)} characters long; at most {grenzen.tekst}"
    if "\x00" in tekst:
        return "nul_teken", "contains a NUL character (\\u0000), which no text may hold"
    if not tekst.isascii():
        try:
            tekst.encode("utf-8")
        except UnicodeEncodeError:
            return "geen_unicode", "contains a lone surrogate (\\ud800-\\udfff): not valid Unicode"
    return None


def _getalfout(waarde: object, grenzen: Grenzen) -> tuple[str, str] | None:
    if isinstance(waarde, TeGrootGetal):
        return "te_groot", f"a number of {waarde.cijfers} digits; at most ±{grenzen.getal}"
    if isinstance(waarde, float) and not math.isfinite(waarde):
        return "geen_getal", "NaN and Infinity are not numbers here"
    if isinstance(waarde, bool) or not isinstance(waarde, int | float):
        return None
    if abs(waarde) > grenzen.getal:
        return "te_groot", f"a number outside ±{grenzen.getal}"
    return None


def veilig(tekst: str) -> str:
    """A text fit to name in an answer: cut short, and never unencodable (a lone surrogate is escaped)."""
    kort = tekst if len(tekst) <= PAD_DEEL_MAX else tekst[:PAD_DEEL_MAX] + "…"
    return kort.encode("utf-8", "backslashreplace").decode("utf-8")


def _kinderen(waarde: Any) -> Iterator[tuple[str | int, Any, str | None]]:
    """(place, value, key) of a container's members; `key` is the text to check for an object."""
    if isinstance(waarde, dict):
        for sleutel, kind in waarde.items():
            yield veilig(sleutel), kind, sleutel
    else:
        for i, kind in enumerate(waarde):
            yield i, kind, None


def _binnen(waarde: Any, grenzen: Grenzen) -> bool:
    """Whether everything is within the limits: the walk of `toets` without keeping places (3× faster)."""
    stapel: list[tuple[Any, int]] = [(waarde, 1)]
    while stapel:
        huidig, diepte = stapel.pop()
        if isinstance(huidig, dict):
            if diepte > grenzen.diepte or any(tekstfout(k, grenzen) for k in huidig):
                return False
            stapel.extend((kind, diepte + 1) for kind in huidig.values())
        elif isinstance(huidig, list):
            if diepte > grenzen.diepte:
                return False
            stapel.extend((kind, diepte + 1) for kind in huidig)
        elif isinstance(huidig, str):
            if tekstfout(huidig, grenzen) is not None:
                return False
        elif _getalfout(huidig, grenzen) is not None:
            return False
    return True


def toets(waarde: Any, grenzen: Grenzen, *, hoogstens: int = 10) -> list[Overtreding]:
    """Every value over a limit (at most `hoogstens`), walked with a stack: no depth can crash it."""
    if _binnen(waarde, grenzen):
        return []
    gevonden: list[Overtreding] = []
    stapel: list[tuple[tuple[str | int, ...], Any, int]] = [((), waarde, 1)]
    while stapel and len(gevonden) < hoogstens:
        pad, huidig, diepte = stapel.pop()
        if isinstance(huidig, dict | list):
            if diepte > grenzen.diepte:
                gevonden.append(
                    Overtreding(pad, "te_diep", f"nested deeper than {grenzen.diepte} levels")
                )
                continue
            for plek, kind, sleutel in _kinderen(huidig):
                fout = tekstfout(sleutel, grenzen) if sleutel is not None else None
                if fout is not None:
                    gevonden.append(Overtreding((*pad, plek), fout[0], f"the key {fout[1]}"))
                stapel.append(((*pad, plek), kind, diepte + 1))
            continue
        fout = (
            tekstfout(huidig, grenzen) if isinstance(huidig, str) else _getalfout(huidig, grenzen)
        )
        if fout is not None:
            gevonden.append(Overtreding(pad, *fout))
    return gevonden[:hoogstens]


def utf8_fout(body: bytes) -> str | None:
    """Where a body stops being UTF-8 (line and byte), or None when it is UTF-8."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        regel = body.count(b"\n", 0, exc.start) + body.count(b"\r", 0, exc.start) + 1
        regel -= body.count(b"\r\n", 0, exc.start)
        return f"not UTF-8: byte 0x{body[exc.start]:02x} at offset {exc.start} (line {regel})"
    return None
