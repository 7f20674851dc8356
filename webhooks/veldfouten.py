"""The body of a 422: per field its place and the rule it breaks, never a value that was sent.

A partner may put a name, a BSN or a birth date anywhere, also in the wrong field or as a key.
pydantic's messages can carry what was sent (an unknown event type is quoted back, an unknown
key is a step of `loc`), so every 4xx that names fields is built here: a step of `loc` is shown
only when it is a name the API itself defines, and a message is rendered again from its
template with every part that came from the input replaced by `…`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from pydantic import TypeAdapter, ValidationError
from pydantic_core import ErrorDetails, PydanticKnownError

from schemas.contracten import ALLE_CONTRACTEN
from schemas.gebeurtenissen import PartnerGebeurtenis

VERBORGEN = "…"
VASTE_NAMEN = frozenset({"body", "rijen", "dossier", "naar", "type"})


def _namen(schema: object) -> Iterator[str]:
    """Every property name, model name and discriminator tag a JSON Schema defines."""
    if isinstance(schema, dict):
        for sleutel in ("properties", "$defs"):
            yield from (schema.get(sleutel) or {}).keys()
        yield from ((schema.get("discriminator") or {}).get("mapping") or {}).keys()
        for waarde in schema.values():
            yield from _namen(waarde)
    elif isinstance(schema, list):
        for waarde in schema:
            yield from _namen(waarde)


@lru_cache(maxsize=1)
def bekende_namen() -> frozenset[str]:
    """The names the API defines (events, dossiers, their nested blocks): safe to echo in `loc`."""
    schemas = [TypeAdapter(PartnerGebeurtenis).json_schema()]
    schemas += [c.model_json_schema() for c in ALLE_CONTRACTEN]
    return VASTE_NAMEN | frozenset(n for s in schemas for n in _namen(s))


def _bladeren(waarde: object, diepte: int = 0) -> Iterator[str]:
    """The strings in what was sent (keys and values, numbers as text), as far as 20 levels down."""
    if diepte > 20:
        return
    if isinstance(waarde, dict):
        for k, v in waarde.items():
            yield str(k)
            yield from _bladeren(v, diepte + 1)
    elif isinstance(waarde, list | tuple):
        for v in waarde:
            yield from _bladeren(v, diepte + 1)
    elif waarde is not None and not isinstance(waarde, bool):
        yield str(waarde)


def _bevat_invoer(tekst: str, invoer: Sequence[str]) -> bool:
    """Whether any string sent (names the API defines aside) occurs in `tekst`."""
    return any(len(s) >= 2 and s in tekst for s in invoer)


def _melding(fout: ErrorDetails, invoer: Sequence[str]) -> str:
    """pydantic's message for this rule, with each context part that came from the input hidden."""
    context = {
        k: (VERBORGEN if _bevat_invoer(str(v), invoer) else v)
        for k, v in (fout.get("ctx") or {}).items()
    }
    try:
        melding = PydanticKnownError(fout["type"], context or None).message()  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):  # a custom error type: its own message, if clean
        melding = fout["msg"]
    return f"breaks the rule {fout['type']}" if _bevat_invoer(melding, invoer) else melding


def _plek(loc: Sequence[int | str]) -> list[int | str]:
    namen = bekende_namen()
    return [stap if isinstance(stap, int) or stap in namen else VERBORGEN for stap in loc]


def veldfouten(exc: ValidationError, prefix: Sequence[int | str] = ()) -> list[dict[str, Any]]:
    """The 422 detail of a validation error: `loc`, `msg` and `type` per field, no value sent."""
    uit = []
    for fout in exc.errors(include_url=False):
        invoer = [s for s in set(_bladeren(fout.get("input"))) if s not in bekende_namen()]
        uit.append(
            {
                "loc": [*prefix, *_plek(fout["loc"])],
                "msg": _melding(fout, invoer),
                "type": fout["type"],
            }
        )
    return uit
