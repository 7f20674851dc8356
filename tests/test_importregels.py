"""The private-module contract reads the owner off the name: the part before the first `_naam`."""

from __future__ import annotations

import pytest

from scripts.importregels import eigenaar


@pytest.mark.parametrize(
    ("module", "pakket"),
    [
        ("flows._toepassen", "flows"),
        ("connectors.simulator._gedrag", "connectors.simulator"),
        ("connectors._intern.deel", "connectors"),
        ("flows.onderdelen", None),
        ("connectors.simulator.__main__", None),
        ("_pytest", None),
    ],
)
def test_eigenaar(module: str, pakket: str | None) -> None:
    assert eigenaar(module) == pakket
