"""0006_ijkpunten_plannen on a database with data, SQLite and PostgreSQL: a database at
0003_inbox_pogingen holding a chain's rows reaches head with every row intact, the two new tables
take a checkpoint and plan versions of an existing participant, and a version is never overwritten."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from persistence import migreer, schemaversie
from persistence.tabellen import Traject
from persistence.tabellen_ijkpunt import Ijkpunt, PlanVersie
from tests.persistence import rijen_0001 as rijen
from tests.persistence.migratiehulp import ervoor_op

REVISIE = "0006_ijkpunten_plannen"


ervoor = ervoor_op("0005_uitgangen")  # the revision before this one


def _versie(deelnemer_id: int, versie: int, nu: datetime) -> PlanVersie:
    return PlanVersie(
        deelnemer_id=deelnemer_id,
        versie=versie,
        soort="pip",
        vastgesteld_op=date(2026, 11, 30),
        inhoud={"doelen": [{"soort": "taal", "niveau": "B1", "horizon_maanden": 18}]},
        partner="gemeente-utrecht",
        rol="regiehouder",
        persoon="MW-10423",
        reden="eerste versie",
        vastgelegd_op=nu,
    )


def test_0006_keeps_every_row_and_the_new_tables_take_checkpoints_and_plan_versions(ervoor):
    voor = {t: r for t, r in rijen.alle_rijen(ervoor).items() if t != "alembic_version"}
    migreer(ervoor, REVISIE)
    assert schemaversie(ervoor) == REVISIE
    na = rijen.alle_rijen(ervoor)
    assert {t: r for t, r in na.items() if t in voor} == voor
    assert na["ijkpunt"] == [] and na["planversie"] == []

    nu = datetime.now(UTC)
    with Session(ervoor) as s:
        # Traject and Deelnemer have columns of later revisions: read only what 0006 has
        rij = s.exec(select(Traject.id, Traject.deelnemer_id)).first()
        assert rij is not None and rij[0] is not None
        traject_id, deelnemer_id = rij
        s.add(
            Ijkpunt(
                deelnemer_id=deelnemer_id,
                traject_id=traject_id,
                naam="evaluatie-week-40",
                eigenaar="gemeente-utrecht",
                gepland_op=nu,
                vervalt_op=nu + timedelta(weeks=40),
            )
        )
        s.add(_versie(deelnemer_id, 1, nu))
        s.add(_versie(deelnemer_id, 2, nu))
        s.commit()
        assert [v.versie for v in s.exec(select(PlanVersie))] == [1, 2]
        assert s.exec(select(Ijkpunt)).one().keuze is None
        s.add(_versie(deelnemer_id, 2, nu))
        with pytest.raises(IntegrityError):
            s.commit()  # a version is never written twice
        s.rollback()
