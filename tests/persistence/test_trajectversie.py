"""The trajectory's optimistic version, SQLite and PostgreSQL: of two writers that loaded the same
trajectory the second is refused instead of silently undoing the first's move."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from persistence import maak_engine, sessie, verloop
from persistence.tabellen import Traject

NU = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def test_de_tweede_schrijver_van_een_geladen_traject_wordt_geweigerd(instellingen):
    engine = maak_engine(instellingen.db_url)
    with sessie(engine) as s:
        d = verloop.maak_deelnemer(
            session=s,
            pseudoniem="KT-VERSIE0001",
            bsn_hash="h",
            persoon_versleuteld="v",
            programma="utrecht-bank-tot-baan",
            gemeente_partner="gemeente-utrecht",
            verwijzing_id="r1",
            nu=NU,
        )
        assert d.id is not None
        traject_id = verloop.start_traject(
            session=s,
            deelnemer_id=d.id,
            programma="utrecht-bank-tot-baan",
            fase="instroom",
            partner="gemeente-utrecht",
            nu=NU,
        ).id
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
