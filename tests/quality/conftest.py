"""One gate for the quality tests: building it imports GX (seconds), so share it."""

from __future__ import annotations

import pytest

from quality import Poort, get_poort


@pytest.fixture(scope="module")
def poort() -> Poort:
    return get_poort()
