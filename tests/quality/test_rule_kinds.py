"""Every rule kind through real GX, on a test-only contract: attribution and missing values."""

from __future__ import annotations

from typing import Any

from quality import Bevinding, Poort
from schemas.contracten import Contract
from schemas.regels import in_set, niet_groter_dan, tussen, uniek, verplicht


def namen(uitslag: list[list[Bevinding]]) -> list[list[str]]:
    return [[b.regel for b in bevindingen] for bevindingen in uitslag]


class _Proef(Contract):
    """Test-only contract with every rule kind, including `verplicht`, which no real contract uses yet."""

    NAAM = "proef"
    REGELS = (
        verplicht("naam_verplicht", "naam", "a name is given"),
        tussen("alleen_minimum", "leeftijd", "16 or older", minimum=16),
        in_set("bekende_kleur", "kleur", "a known colour", ("rood", "groen")),
        uniek("unieke_code", "code", "codes do not repeat"),
        niet_groter_dan("binnen_budget", "kosten", "budget", "costs stay within budget"),
    )


def _proefrij(i: int, **anders: Any) -> dict[str, Any]:
    rij = {
        "deelnemer": f"p-{i}",
        "dagen_tot_laatste_datum": 0,
        "naam": "a",
        "leeftijd": 20,
        "kleur": "rood",
        "code": f"c-{i}",
        "kosten": 5,
        "budget": 10,
    }
    return rij | anders


def test_every_rule_kind_attributes_rows(poort: Poort) -> None:
    rijen = [
        _proefrij(0),
        _proefrij(1, naam=None, leeftijd=15),
        _proefrij(2, kleur="blauw", kosten=11, code="dubbel"),
        _proefrij(3, code="dubbel"),
    ]
    assert namen(poort.keur(_Proef, rijen)) == [
        [],
        ["naam_verplicht", "alleen_minimum"],
        ["bekende_kleur", "unieke_code", "binnen_budget"],
        ["unieke_code"],
    ]


def test_missing_values_fail_only_the_required_rule(poort: Poort) -> None:
    leeg = dict.fromkeys(("naam", "leeftijd", "kleur", "code", "kosten"))
    rijen = [
        _proefrij(0) | leeg,
        _proefrij(1) | leeg,
        _proefrij(2, kosten=None),
        _proefrij(3, budget=None),
    ]
    assert namen(poort.keur(_Proef, rijen)) == [["naam_verplicht"], ["naam_verplicht"], [], []]
