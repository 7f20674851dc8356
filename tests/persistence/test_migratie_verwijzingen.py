"""0008_verwijzingen on a database with data (SQLite and PostgreSQL): every row of 0003 stays as
it was, the new tables are there and empty, and the next handoff of a participant from before
opens its referral in them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from persistence import kale_engine, maak_engine, migreer, sessie, verloop
from persistence.migraties import BASIS
from persistence.tabellen_verwijzing import RegiehouderPeriode, Verwijzing
from tests.conftest import leeg_schema
from tests.persistence import rijen_0001 as rijen
from tests.persistence.test_migraties import _volgende_overdracht

NIEUW = {"verwijzing", "regiehouderperiode", "aanmelder"}


@pytest.fixture
def ervoor(db_url):
    engine = kale_engine(db_url)
    leeg_schema(engine)
    migreer(engine, BASIS)
    rijen.zaai(engine)
    migreer(engine, "0007_besluiten")  # the revision before this one
    yield engine
    engine.dispose()


def test_0008_houdt_de_rijen_en_de_volgende_overdracht_opent_een_verwijzing(ervoor, instellingen):
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
        [v] = s.exec(select(Verwijzing).where(Verwijzing.deelnemer_id == d.id)).all()
        assert (v.fase, v.partner, v.status) == (
            "vakopleiding",
            "vakopleiding-utrecht",
            "aangevraagd",
        )
        s.add(
            RegiehouderPeriode(
                deelnemer_id=d.id,
                regiehouder=d.gemeente_partner,
                van=d.aangemeld_op,
                tot=datetime.now(UTC),
                soort="aanmelding",
            )
        )
    with sessie(maak_engine(instellingen.db_url)) as s:
        [p] = s.exec(select(RegiehouderPeriode)).all()
        assert p.regiehouder == "gemeente-utrecht" and p.tot is not None
