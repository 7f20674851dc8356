"""An import-linter contract: a private module (`pakket._naam`) is imported only from inside `pakket`.

import-linter's module expressions cannot say "every module whose name starts with _" (a wildcard
stands for a whole name), so its own contracts would have to list each private module and would
miss the next one. This contract reads the rule off the module names instead. pyproject.toml
registers it (`contract_types`); `lint-imports` runs it from the repository root.
"""

from __future__ import annotations

from dataclasses import dataclass

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application.contract_utils import AlertLevel, remove_ignored_imports_and_report


def eigenaar(module: str) -> str | None:
    """The package `module` is private to: everything before its first `_naam` (a dunder such as
    `__main__` is not private). None for a public module, and for a top-level one such as
    `_pytest`, which is nobody's package here."""
    delen = module.split(".")
    for i, deel in enumerate(delen[1:], start=1):
        if deel.startswith("_") and not deel.startswith("__"):
            return ".".join(delen[:i])
    return None


@dataclass(frozen=True)
class Schending:
    importeur: str
    module: str
    regels: tuple[int, ...]


class PriveModules(Contract):
    """Every package keeps its private modules to itself; `ignore_imports` lists known exceptions,
    and one that no longer matches an import is an error, so the list cannot go stale."""

    type_name = "prive_modules"

    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        verwijderd = remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=AlertLevel.ERROR,
        )
        schendingen = []
        for module in sorted(graph.modules):
            pakket = eigenaar(module)
            if pakket is None:
                continue
            for importeur in sorted(graph.find_modules_that_directly_import(module)):
                if importeur == pakket or importeur.startswith(f"{pakket}."):
                    continue
                regels = tuple(
                    d["line_number"]
                    for d in graph.get_import_details(importer=importeur, imported=module)
                )
                schendingen.append(Schending(importeur, module, regels))
        return ContractCheck(
            kept=not schendingen,
            warnings=list(verwijderd.warnings),
            ignored_import_count=verwijderd.ignored_import_count,
            metadata={"schendingen": schendingen},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        for s in check.metadata["schendingen"]:
            output.print_error(
                f"{s.importeur} -> {s.module} (l.{', '.join(map(str, s.regels))})", bold=False
            )
            output.new_line()
        output.print(
            "Give it a public home: export it from its package's __init__, or drop the underscore."
        )
