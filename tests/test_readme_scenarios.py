"""The README's promise about the twenty scenarios: one test file per scenario, and every test
the table names exists there, so a renamed or deleted scenario test turns this red."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SCENARIOS = PROJECT / "tests" / "flows" / "scenarios"


def _rijen() -> dict[int, list[str]]:
    """README table rows of the scenario section: number → the test names it lists."""
    tekst = (PROJECT / "README.md").read_text(encoding="utf-8")
    sectie = tekst.split("## The twenty scenarios", 1)[1].split("\n## ", 1)[0]
    rijen: dict[int, list[str]] = {}
    for regel in sectie.splitlines():
        if m := re.match(r"\| (\d+) \|", regel):
            rijen[int(m.group(1))] = re.findall(r"`(test_scenario_\w+)`", regel)
    return rijen


def _tests_in(pad: Path) -> set[str]:
    boom = ast.parse(pad.read_text(encoding="utf-8"))
    return {n.name for n in boom.body if isinstance(n, ast.FunctionDef)}


def test_every_scenario_has_its_file_and_the_tests_the_readme_names() -> None:
    rijen = _rijen()
    assert sorted(rijen) == list(range(1, 21))
    for nummer, namen in rijen.items():
        pad = SCENARIOS / f"test_scenario_{nummer:02d}.py"
        assert pad.exists(), pad
        assert namen, f"scenario {nummer} names no test"
        gevonden = _tests_in(pad)
        for naam in namen:
            assert naam.startswith(f"test_scenario_{nummer:02d}_"), naam
            assert naam in gevonden, f"{naam} is not in {pad.name}"
