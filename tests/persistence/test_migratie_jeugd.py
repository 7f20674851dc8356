"""0009_observaties on a database with data (SQLite and PostgreSQL): every row from before stays as it
was, the new tables are there and empty, and the next handoff of a participant from before is
still accepted; an observation about them can then be held."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from persistence import kale_engine, maak_engine, migreer, sessie, verloop
from persistence.migraties import BASIS
from persistence.tabellen_jeugd import Observatie
from tests.conftest import leeg_schema
from tests.persistence import rijen_0001 as rijen
from tests.persistence.test_migraties import _volgende_overdracht

NIEUW = {"observatie", "grondslag"}


@pytest.fixture
def ervoor(db_url):
    engine = kale_engine(db_url)
    leeg_schema(engine)
    migreer(engine, BASIS)
    rijen.zaai(engine)
    migreer(engine, "0008_verwijzingen")  # the revision before this one
    yield engine
    engine.dispose()


def test_0009_houdt_de_rijen_en_een_observatie_van_daarvoor_kan_wachten(ervoor, instellingen):
    voor = rijen.alle_rijen(ervoor)
    assert not NIEUW & set(inspect(ervoor).get_table_names())
    migreer(ervoor)
    na = rijen.alle_rijen(ervoor)
    assert {t: r for t, r in na.items() if t in voor and t != "alembic_version"} == {
        t: r for t, r in voor.items() if t != "alembic_version"
    }
    assert {t: na[t] for t in NIEUW} == {t: [] for t in NIEUW}

    [uitslag] = _volgende_overdracht(instellingen, rijen.MIDDEN)
    assert uitslag.status == "geaccepteerd", uitslag.reden
    with sessie(maak_engine(instellingen.db_url)) as s:
        d = verloop.vind_deelnemer(session=s, pseudoniem=rijen.MIDDEN)
        t = verloop.huidig_traject(session=s, deelnemer_id=d.id)
        s.add(
            Observatie(
                deelnemer_id=d.id,
                traject_id=t.id,
                pseudoniem=d.pseudoniem,
                partner=t.partner,
                fase=t.fase,
                soort="talent",
                code="lassen",
                ontvangers="gemeente-utrecht",
                status="aangehouden",
                gemeld_op=datetime.now(UTC),
            )
        )
    with sessie(maak_engine(instellingen.db_url)) as s:
        [o] = s.exec(select(Observatie)).all()
        assert (o.status, o.gedeeld_op) == ("aangehouden", None)
