"""0014_dashboard_indexen on a database with data (SQLite and PostgreSQL): every row from before
stays as it was, no table is added, the overview's indexes are there, and a participant from
before still moves on."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from persistence.migraties import alembic_config, migreer, schemaversie
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import database_voor, migreer_en_vergelijk
from tests.persistence.test_migraties import _volgende_overdracht

INDEXEN = {
    ("traject", "ix_traject_trechter"),
    ("traject", "ix_traject_fasetijd"),
    ("overgang", "ix_overgang_instroom"),
    ("checkin", "ix_checkin_gevraagd"),
    ("fasestart", "ix_fasestart_gestart"),
}


@pytest.fixture
def ervoor(db_url):
    with database_voor(db_url, "0013_kenmerken") as engine:  # the revision before this one
        yield engine


def _indexen(engine):
    inspector = inspect(engine)
    return {(t, i["name"]) for t, _ in INDEXEN for i in inspector.get_indexes(t)}


def test_0014_houdt_de_rijen_en_legt_de_indexen_aan(ervoor, instellingen):
    assert not INDEXEN & _indexen(ervoor)
    migreer_en_vergelijk(ervoor, set())
    assert _indexen(ervoor) >= INDEXEN
    [uitslag] = _volgende_overdracht(instellingen, rijen.MIDDEN)
    assert uitslag.status == "geaccepteerd", uitslag.reden


def test_0014_terug_haalt_alleen_de_indexen_weg(ervoor):
    voor = rijen.alle_rijen(ervoor)
    migreer(ervoor)
    with ervoor.begin() as verbinding:  # the downgrade is the operator's, not migreer's
        command.downgrade(alembic_config(verbinding), "0013_kenmerken")
    assert schemaversie(ervoor) == "0013_kenmerken"
    assert not INDEXEN & _indexen(ervoor)
    assert rijen.alle_rijen(ervoor) == voor
