"""The klantmanager's staff code: strict, short, never a name (property-based)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from schemas.medewerker import MEDEWERKER_PATROON, MedewerkerCode

CODE = TypeAdapter(MedewerkerCode)


@pytest.mark.parametrize("goed", ["km-utrecht-017", "kcc-3", "km-sdd-klantmanager-002"])
def test_staff_codes_pass(goed):
    assert CODE.validate_python(goed) == goed


@pytest.mark.parametrize(
    "fout",
    [
        "Jan de Vries",
        "jan-de-vries",
        "KM-UTRECHT-017",
        "km utrecht 017",
        "j.devries@utrecht.nl",
        "",
    ],
)
def test_names_and_addresses_do_not(fout):
    with pytest.raises(ValidationError):
        CODE.validate_python(fout)


@given(st.text(max_size=80))
def test_any_text_is_accepted_only_when_it_is_a_short_code(tekst):
    try:
        CODE.validate_python(tekst)
    except ValidationError:
        return
    assert re.fullmatch(MEDEWERKER_PATROON, tekst) and len(tekst) <= 64
    assert " " not in tekst and "@" not in tekst
