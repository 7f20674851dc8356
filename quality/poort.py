"""The data-quality gate: one great-expectations validation per batch, findings per row.

GX costs ≈60 ms per validation whatever the batch size (shared/STACK.md), so the gate judges a
whole batch in one run and traces each failure back to its row through a row-number column.
`great_expectations` and `pandas` are imported only when a `Poort` is built: `import quality`
stays cheap for the webhook API and the CLI.
"""

from __future__ import annotations

import functools
import logging
import threading
from typing import TYPE_CHECKING, Any, TypeVar

from quality.fouten import PoortFout
from quality.verwachtingen import REGEL_SLEUTEL, regels_per_naam, vul_suite
from schemas.regels import Bevinding

if TYPE_CHECKING:
    from collections.abc import Callable

    from great_expectations import ValidationDefinition
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )
    from great_expectations.data_context.data_context.abstract_data_context import (
        AbstractDataContext,
    )
    from great_expectations.datasource.fluent.pandas_datasource import PandasDatasource

    from schemas.contracten import Contract
    from schemas.regels import Regel

T = TypeVar("T")

RIJ = "_rij"  # row number the gate adds, so GX can say which rows failed
_RESULTAAT = {"result_format": "COMPLETE", "unexpected_index_column_names": [RIJ]}


class Poort:
    """The gate: one ephemeral GX context per process, one suite per contract, built on first use.

    Build it once (`get_poort()`): the context and the suites are the expensive part.
    """

    def __init__(self) -> None:
        self._context = _ephemere_context()
        self._definities: dict[str, ValidationDefinition] = {}
        # GX's in-memory stores make no thread-safety promise; Prefect may call from threads.
        self._slot = threading.Lock()

    def keur(self, contract: type[Contract], rijen: list[dict[str, Any]]) -> list[list[Bevinding]]:
        """Judge a batch of rows (`Contract.kenmerken` plus `deelnemer`) in one validation.

        Args:
            contract: the handoff contract whose rules apply.
            rijen: the rows; uniqueness rules look across all of them.

        Returns:
            Per input row, in order, the rules it fails; an empty list means it passed.

        Raises:
            PoortFout: a rule could not be evaluated, e.g. its column is missing.
        """
        if not rijen:
            return []
        import pandas as pd

        frame = pd.DataFrame.from_records(rijen)
        frame.insert(0, RIJ, range(len(rijen)))
        with self._slot:
            definitie = self._definitie(contract)
            uitslag = definitie.run(batch_parameters={"dataframe": frame}, result_format=_RESULTAAT)
        return _per_rij(contract, uitslag, rijen)

    def beschrijf(self, contract: type[Contract]) -> dict[str, Any]:
        """The contract's GX suite as a dict, to publish what the gate checks."""
        with self._slot:
            beschrijving: dict[str, Any] = self._definitie(contract).suite.to_json_dict()
        return beschrijving

    def _definitie(self, contract: type[Contract]) -> ValidationDefinition:
        naam = contract.contract_id()
        if naam not in self._definities:
            self._definities[naam] = _bouw_definitie(self._context, contract)
        return self._definities[naam]


@functools.lru_cache(maxsize=1)
def get_poort() -> Poort:
    """The process's gate, built on first use."""
    return Poort()


def _ephemere_context() -> AbstractDataContext:
    """In-memory context without progress bars (GX prints one per validation otherwise)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    # Importing GX logs ≈200 INFO lines.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    config = DataContextConfig(
        progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        store_backend_defaults=InMemoryStoreBackendDefaults(),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _bouw_definitie(context: AbstractDataContext, contract: type[Contract]) -> ValidationDefinition:
    """Get or create data source, asset, batch definition, suite and validation definition.

    All share the contract id as name; GX accepts its arrow and spaces.
    """
    import great_expectations as gx

    naam = contract.contract_id()
    bron = _pandas_bron(context, naam)
    asset = _haal_of_maak(lambda: bron.get_asset(naam), lambda: bron.add_dataframe_asset(naam))
    batch = _haal_of_maak(
        lambda: asset.get_batch_definition(naam),
        lambda: asset.add_batch_definition_whole_dataframe(naam),
    )
    suite = _haal_of_maak(
        lambda: context.suites.get(naam),
        lambda: context.suites.add(vul_suite(gx.ExpectationSuite(name=naam), contract)),
    )
    return _haal_of_maak(
        lambda: context.validation_definitions.get(naam),
        lambda: context.validation_definitions.add(
            gx.ValidationDefinition(data=batch, suite=suite, name=naam)
        ),
    )


def _pandas_bron(context: AbstractDataContext, naam: str) -> PandasDatasource:
    from great_expectations.datasource.fluent.pandas_datasource import PandasDatasource

    bron = _haal_of_maak(
        lambda: context.data_sources.get(naam), lambda: context.data_sources.add_pandas(naam)
    )
    if not isinstance(bron, PandasDatasource):
        raise TypeError(f"data source {naam!r} exists but is not a pandas data source")
    return bron


def _haal_of_maak(haal: Callable[[], T], maak: Callable[[], T]) -> T:
    """GX raises KeyError/LookupError or DataContextError for a missing name, depending on the store."""
    from great_expectations.exceptions.exceptions import DataContextError

    try:
        return haal()
    except (LookupError, DataContextError):
        return maak()


def _per_rij(
    contract: type[Contract], uitslag: ExpectationSuiteValidationResult, rijen: list[dict[str, Any]]
) -> list[list[Bevinding]]:
    """Hand each failed expectation's rows their finding, in the contract's rule order."""
    regels = regels_per_naam(contract)
    volgorde = {naam: plek for plek, naam in enumerate(regels)}
    per_rij: list[list[Bevinding]] = [[] for _ in rijen]
    for resultaat in uitslag.results:
        regel = regels[_regelnaam(resultaat)]
        for rij in _foute_rijen(contract, regel, resultaat, len(rijen)):
            per_rij[rij].append(Bevinding.van(regel, rijen[rij].get(regel.kolom)))
    for bevindingen in per_rij:
        bevindingen.sort(key=lambda b: volgorde[b.regel])
    return per_rij


def _regelnaam(resultaat: ExpectationValidationResult) -> str:
    configuratie = resultaat.expectation_config
    if configuratie is None or REGEL_SLEUTEL not in (configuratie.meta or {}):
        raise RuntimeError("a GX result without the rule name this gate put on its expectation")
    return str(configuratie.meta[REGEL_SLEUTEL])


def _foute_rijen(
    contract: type[Contract], regel: Regel, resultaat: ExpectationValidationResult, aantal: int
) -> list[int]:
    """Row numbers that broke one rule; refuse to guess when GX gives no exact answer."""
    fout = _uitzondering(resultaat.exception_info)
    if fout is not None:
        raise PoortFout(contract.contract_id(), regel.naam, fout)
    if resultaat.success:
        return []
    # GX 1.24 returns the index column's values as strings ("3"), so convert back.
    rijen = [int(plek[RIJ]) for plek in resultaat.result.get("unexpected_index_list") or []]
    if not rijen or len(rijen) != resultaat.result.get("unexpected_count") or max(rijen) >= aantal:
        raise PoortFout(contract.contract_id(), regel.naam, "GX did not say which rows failed")
    return rijen


def _uitzondering(info: dict[str, Any] | None) -> str | None:
    """The error message GX caught, if any: flat, or nested per metric when a metric failed."""
    if not info:
        return None
    if "raised_exception" in info:
        return str(info["exception_message"]) if info["raised_exception"] else None
    for deel in info.values():
        if isinstance(deel, dict) and deel.get("raised_exception"):
            return str(deel.get("exception_message"))
    return None
