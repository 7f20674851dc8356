"""0013_kenmerken on a database with data (SQLite and PostgreSQL): every row from before stays as
it was, the new table is there and empty, and a participant from before still moves on."""

from __future__ import annotations

from sqlmodel import select

from persistence import maak_engine, sessie
from persistence.tabellen_kenmerk import Kenmerk
from tests.persistence.migratiehulp import ervoor_op, migreer_en_draag_over

NIEUW = {"kenmerk"}


ervoor = ervoor_op("0012_regiehouder_persoon")  # the revision before this one


def test_0013_houdt_de_rijen_en_de_deelnemer_van_daarvoor_beweegt(ervoor, instellingen):
    migreer_en_draag_over(ervoor, NIEUW, instellingen)
    with sessie(maak_engine(instellingen.db_url)) as s:
        assert s.exec(select(Kenmerk)).all() == []  # a participant from before has no row
