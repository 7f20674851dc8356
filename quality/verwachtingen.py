"""Rules as data (schemas.regels) turned into great-expectations 1.x expectations, one suite per contract.

Every expectation carries its rule's name in `meta["regel"]`, so a validation result maps back to
the rule (and its explanation) without relying on GX's ordering of results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schemas.regels import Regel, RegelSoort

if TYPE_CHECKING:
    from great_expectations import ExpectationSuite
    from great_expectations.expectations.expectation import Expectation

    from schemas.contracten import Contract

REGEL_SLEUTEL = "regel"


def verwachting(regel: Regel) -> Expectation:
    """The GX expectation that checks one rule. Nulls fail only `verplicht`, as in GX itself."""
    from quality import _gx as gxe

    meta = {REGEL_SLEUTEL: regel.naam}
    match regel.soort:
        case RegelSoort.VERPLICHT:
            return gxe.ExpectColumnValuesToNotBeNull(column=regel.kolom, meta=meta)
        case RegelSoort.TUSSEN:
            return gxe.ExpectColumnValuesToBeBetween(
                column=regel.kolom, min_value=regel.minimum, max_value=regel.maximum, meta=meta
            )
        case RegelSoort.IN_SET:
            return gxe.ExpectColumnValuesToBeInSet(
                column=regel.kolom, value_set=list(regel.waarden or ()), meta=meta
            )
        case RegelSoort.UNIEK:
            # GX marks every row of a duplicated value (not only the second), nulls excepted.
            return gxe.ExpectColumnValuesToBeUnique(column=regel.kolom, meta=meta)
        case RegelSoort.NIET_GROTER_DAN_KOLOM:
            return _niet_groter_dan(regel, meta)
    raise ValueError(f"unknown rule kind {regel.soort!r}")  # pragma: no cover - exhaustive match


def _niet_groter_dan(regel: Regel, meta: dict[str, str]) -> Expectation:
    """`kolom <= ander` is GX's `A >= B` with A = ander, B = kolom."""
    from quality import _gx as gxe

    if regel.ander is None:
        raise ValueError(f"rule {regel.naam!r} compares with no other column")
    # GX's default only skips rows missing both values; a single missing value would fail the
    # row, unlike every other rule. Missing values are `verplicht`'s business.
    return gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A=regel.ander,
        column_B=regel.kolom,
        or_equal=True,
        ignore_row_if="either_value_is_missing",
        meta=meta,
    )


def regels_per_naam(contract: type[Contract]) -> dict[str, Regel]:
    """The contract's rules by name; names must be unique, they are how results come back."""
    regels = contract.alle_regels()
    per_naam = {regel.naam: regel for regel in regels}
    if len(per_naam) != len(regels):
        raise ValueError(f"{contract.contract_id()}: rule names are not unique")
    return per_naam


def vul_suite(suite: ExpectationSuite, contract: type[Contract]) -> ExpectationSuite:
    """Add one expectation per rule of the contract to an empty suite."""
    for regel in regels_per_naam(contract).values():
        suite.add_expectation(verwachting(regel))
    return suite
