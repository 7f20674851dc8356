"""0015_schaal on a database with data (SQLite and PostgreSQL): every row from before stays as it
was, old outbox messages start unclaimed and old trajectories at version 1, a participant from
before still moves on, and the downgrade takes only the new columns away."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from persistence.migraties import alembic_config, migreer, schemaversie
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import database_voor, migreer_en_vergelijk
from tests.persistence.test_migraties import _volgende_overdracht

NIEUW = {("outboxbericht", "claim"), ("outboxbericht", "geclaimd_tot"), ("traject", "versie")}


@pytest.fixture
def ervoor(db_url):
    with database_voor(db_url, "0014_dashboard_indexen") as engine:  # the revision before
        yield engine


def _kolommen(engine):
    inspector = inspect(engine)
    return {(t, k["name"]) for t in ("outboxbericht", "traject") for k in inspector.get_columns(t)}


def test_0015_houdt_de_rijen_en_een_deelnemer_van_ervoor_gaat_door(ervoor, instellingen):
    assert not NIEUW & _kolommen(ervoor)
    na = migreer_en_vergelijk(ervoor, set())  # checks old rows: claim NULL, versie 1
    assert na["outboxbericht"] and na["traject"], "the seeded rows are there"
    [uitslag] = _volgende_overdracht(instellingen, rijen.MIDDEN)
    assert uitslag.status == "geaccepteerd", uitslag.reden


def test_0015_terug_haalt_alleen_de_kolommen_weg(ervoor):
    voor = rijen.alle_rijen(ervoor)
    migreer(ervoor)
    with ervoor.begin() as verbinding:  # the downgrade is the operator's, not migreer's
        command.downgrade(alembic_config(verbinding), "0014_dashboard_indexen")
    assert schemaversie(ervoor) == "0014_dashboard_indexen"
    assert not NIEUW & _kolommen(ervoor)
    assert rijen.alle_rijen(ervoor) == voor
