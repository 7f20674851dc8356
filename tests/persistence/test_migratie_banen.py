"""0004_banen on a database with data, on SQLite and PostgreSQL: every earlier row is the main
lane (baan null), the ledger stays append-only, and a lane row and a lane's ledger entry can be
written and read after the upgrade."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import DatabaseError
from sqlmodel import col, select

from persistence import kale_engine, migreer, schemaversie, sessie
from persistence.banen import lees_banen
from persistence.migraties import BASIS
from persistence.tabellen import Overgang, Traject
from persistence.tabellen_banen import TrajectBaan
from schemas.fase import Fase, TrajectStatus
from tests.conftest import leeg_schema
from tests.persistence import rijen_0001 as rijen


@pytest.fixture
def op_0003(db_url):
    engine = kale_engine(db_url)
    leeg_schema(engine)
    migreer(engine, BASIS)
    rijen.zaai(engine)
    migreer(engine, "0003_inbox_pogingen")
    yield engine
    engine.dispose()


def test_0004_keeps_every_row_as_the_main_lane_and_lanes_work_after_it(op_0003):
    voor = rijen.alle_rijen(op_0003)
    assert voor["overgang"] and voor["traject"] and voor["overdracht"]
    migreer(op_0003, "0004_banen")
    assert schemaversie(op_0003) == "0004_banen"
    na = rijen.alle_rijen(op_0003)
    for tabel in ("overgang", "overdracht", "fasestart"):
        assert [r.pop("baan") for r in na[tabel]] == [None] * len(voor[tabel]), tabel
        assert na[tabel] == voor[tabel], tabel
    assert na["trajectbaan"] == []
    for opdracht in ("UPDATE overgang SET baan = 'taal'", "DELETE FROM overgang"):
        with pytest.raises(DatabaseError, match="append-only"), op_0003.begin() as c:
            c.exec_driver_sql(opdracht)

    migreer(op_0003)  # on to head: today's models write the lane and its ledger entry
    nu = datetime.now(UTC)
    with sessie(op_0003) as s:
        traject = s.exec(select(Traject).order_by(col(Traject.id))).first()
        assert traject is not None
        s.add(
            TrajectBaan(
                traject_id=traject.id or 0,
                baan="taal",
                fase="ontwikkeling",
                partner="taalaanbieder-voltijd",
                status="actief",
                fase_sinds=nu,
                begonnen_op=nu,
            )
        )
        s.add(
            Overgang(
                deelnemer_id=traject.deelnemer_id,
                traject_id=traject.id or 0,
                beweging="aanmelden",
                naar_fase="ontwikkeling",
                naar_status="actief",
                naar_partner="taalaanbieder-voltijd",
                reden="baan taal gestart",
                besloten_door="gemeente-utrecht",
                tijdstip=nu,
                baan="taal",
            )
        )
        s.flush()
        [taal] = lees_banen(session=s, traject_ids=[traject.id or 0])[traject.id or 0]
        assert (taal.naam, taal.fase, taal.status) == (
            "taal",
            Fase.ONTWIKKELING,
            TrajectStatus.ACTIEF,
        )
        traject_id = traject.id
    with sessie(op_0003) as s:
        assert [o.baan for o in s.exec(select(Overgang).where(Overgang.traject_id == traject_id))][
            -1
        ] == "taal"
