"""0013_kenmerken on a database with data (SQLite and PostgreSQL): every row from before stays as
it was, the new table is there and empty, and a participant from before still moves on."""

from __future__ import annotations

import pytest
from sqlmodel import select

from persistence import maak_engine, sessie
from persistence.tabellen_kenmerk import Kenmerk
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import database_voor, migreer_en_vergelijk
from tests.persistence.test_migraties import _volgende_overdracht

NIEUW = {"kenmerk"}


@pytest.fixture
def ervoor(db_url):
    with database_voor(
        db_url, "0012_regiehouder_persoon"
    ) as engine:  # the revision before this one
        yield engine


def test_0013_houdt_de_rijen_en_de_deelnemer_van_daarvoor_beweegt(ervoor, instellingen):
    migreer_en_vergelijk(ervoor, NIEUW)
    [uitslag] = _volgende_overdracht(instellingen, rijen.MIDDEN)
    assert uitslag.status == "geaccepteerd", uitslag.reden
    with sessie(maak_engine(instellingen.db_url)) as s:
        assert s.exec(select(Kenmerk)).all() == []  # a participant from before has no row
