"""Contracts as a partner's integrator reads them: JSON Schema for the shape, words for the rules."""

from __future__ import annotations

from typing import Any

from schemas.contracten import ALLE_CONTRACTEN, Contract, contract_voor, versies
from schemas.fase import Fase
from schemas.regels import Regel, RegelSoort


def slug(contract: type[Contract]) -> str:
    """A URL- and file-friendly name: 'plaatsing→nazorg' → 'plaatsing-naar-nazorg'."""
    return contract.NAAM.replace("→", "-naar-")


def randen(contract: type[Contract]) -> list[str]:
    """The edges of the chain this contract serves, e.g. ['assessment → plaatsing', ...]."""
    gevonden = []
    for van in Fase:
        for naar in [*Fase, None]:
            if contract_voor(van, naar, contract.VERSIE) is contract:
                gevonden.append(f"{van.value} → {naar.value if naar else 'afgesloten'}")
    return gevonden


def controle(regel: Regel) -> str:
    """The rule's check in words, naming the column of the row the gate reads."""
    match regel.soort:
        case RegelSoort.VERPLICHT:
            return f"{regel.kolom} is present"
        case RegelSoort.TUSSEN:
            onder = f"{regel.minimum:g} <= " if regel.minimum is not None else ""
            boven = f" <= {regel.maximum:g}" if regel.maximum is not None else ""
            return f"{onder}{regel.kolom}{boven}"
        case RegelSoort.IN_SET:
            return f"{regel.kolom} in {list(regel.waarden or ())}"
        case RegelSoort.UNIEK:
            return f"{regel.kolom} unique within a batch"
        case RegelSoort.NIET_GROTER_DAN_KOLOM:
            return f"{regel.kolom} <= {regel.ander}"
    raise ValueError(regel.soort)


def beschrijving(contract: type[Contract]) -> dict[str, Any]:
    """Everything published about one contract version."""
    return {
        "contract": contract.NAAM,
        "versie": contract.VERSIE,
        "id": contract.contract_id(),
        "slug": slug(contract),
        "geldig_tot": contract.GELDIG_TOT.isoformat() if contract.GELDIG_TOT else None,
        "randen": randen(contract),
        "omschrijving": (contract.__doc__ or "").strip(),
        "json_schema": contract.model_json_schema(),
        "regels": [
            {"naam": r.naam, "uitleg": r.uitleg, "controle": controle(r)}
            for r in contract.alle_regels()
        ],
    }


def markdown(contract: type[Contract]) -> str:
    """A readable page per contract: edges, fields, rules."""
    b = beschrijving(contract)
    velden = b["json_schema"].get("properties", {})
    verplicht = set(b["json_schema"].get("required", []))
    regels = [
        f"# {b['id']}",
        "",
        b["omschrijving"],
        "",
        "Edges: " + ", ".join(b["randen"]),
        "",
        "## Fields",
        "",
    ]
    regels += [
        f"- `{naam}`{' (required)' if naam in verplicht else ''}: {_soort(v)}"
        for naam, v in velden.items()
    ]
    regels += ["", "## Rules (checked by the gate over each batch)", ""]
    regels += [f"- **{r['naam']}**: {r['uitleg']} — `{r['controle']}`" for r in b["regels"]]
    return "\n".join(regels) + "\n"


def _soort(veld: dict[str, Any]) -> str:
    """A field's type in a few words: 'string (date)', 'Contractsoort', 'integer | null'."""
    if "anyOf" in veld:
        return " | ".join(_soort(v) for v in veld["anyOf"])
    if "$ref" in veld:
        return str(veld["$ref"]).rsplit("/", 1)[-1]
    soort = str(veld.get("type", "any")) + (f" ({veld['format']})" if "format" in veld else "")
    return soort + (f" — {veld['description']}" if "description" in veld else "")


def pad(contract: type[Contract]) -> str:
    """Where a version is published: the newest under its slug, an older one under slug-vN."""
    nieuwste = max(versies(contract.NAAM))
    return slug(contract) if nieuwste == contract.VERSIE else f"{slug(contract)}-v{contract.VERSIE}"


def per_slug() -> dict[str, type[Contract]]:
    """Each contract's newest version by slug, and every version also by slug-vN."""
    nieuwste = {slug(c): c for c in sorted(ALLE_CONTRACTEN, key=lambda c: c.VERSIE)}
    return nieuwste | {f"{slug(c)}-v{c.VERSIE}": c for c in ALLE_CONTRACTEN}
