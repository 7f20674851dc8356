"""The trajectory's optimistic version, SQLite and PostgreSQL: of two writers that loaded the same
trajectory the second is refused instead of silently undoing the first's move."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from persistence import maak_engine, sessie, verloop
from persistence.tabellen import Traject
from tests.persistence.deelnemers import in_fase

NU = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_de_tweede_schrijver_van_een_geladen_traject_wordt_geweigerd(instellingen):
    engine = maak_engine(instellingen.db_url)
    with sessie(engine) as s:
        traject_id = in_fase(s, "KT-VERSIE0001", nu=NU)[1].id
    with Session(engine) as een, Session(engine) as twee:
        eerste, tweede = een.get_one(Traject, traject_id), twee.get_one(Traject, traject_id)
        assert eerste.versie == tweede.versie == 1
        verloop.werk_traject_bij(
            session=een, traject=eerste, fase="assessment", status="actief", partner="a", nu=NU
        )
        een.commit()
        verloop.werk_traject_bij(
            session=twee, traject=tweede, fase="instroom", status="uitgevallen", partner="g", nu=NU
        )
        with pytest.raises(StaleDataError):
            twee.commit()
    with Session(engine) as s:
        bewaard = s.get_one(Traject, traject_id)
        assert (bewaard.fase, bewaard.status, bewaard.versie) == ("assessment", "actief", 2)
