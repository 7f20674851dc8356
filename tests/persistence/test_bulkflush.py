"""The per-batch flush on PostgreSQL (`persistence/bulkflush.py`), beside SQLite's ORM flush: the
same rows, ids in the order the rows were added, the trajectory's version still guarding every
move, and on PostgreSQL one statement for a batch where the ORM sent one per row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from persistence import maak_engine, sessie, verloop
from persistence.tabellen import Deelnemer, Traject
from tests.persistence.deelnemers import in_fase

NU = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
AANTAL = 6


def _trajecten(engine: Engine, aantal: int = AANTAL) -> list[int]:
    with sessie(engine) as s:
        return [in_fase(s, f"KT-BULK{i:05d}", nu=NU)[1].id or 0 for i in range(aantal)]


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    gezien: list[str] = []

    def noteer(_c: object, _cur: object, statement: str, *_: object) -> None:
        gezien.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", noteer)
    try:
        yield gezien
    finally:
        event.remove(engine, "before_cursor_execute", noteer)


def _verplaats(s: Session, ids: list[int], fase: str) -> list[Traject]:
    trajecten = [s.get_one(Traject, i) for i in ids]
    for t in trajecten:
        verloop.werk_traject_bij(
            session=s, traject=t, fase=fase, status="actief", partner="assessor", nu=NU
        )
    return trajecten


def test_een_batch_verplaatsingen_is_op_postgresql_een_statement(instellingen):
    engine = maak_engine(instellingen.db_url)
    ids = _trajecten(engine)
    with _statements(engine) as gezien, sessie(engine) as s:
        _verplaats(s, ids, "assessment")
    updates = [g for g in gezien if g.startswith("UPDATE traject")]
    verwacht = 1 if engine.dialect.name == "postgresql" else AANTAL
    assert len(updates) == verwacht, updates
    with Session(engine) as s:
        rijen = s.exec(select(Traject).where(Traject.id.in_(ids))).all()
    assert {(t.fase, t.partner, t.versie) for t in rijen} == {("assessment", "assessor", 2)}


def test_na_de_batch_kent_de_sessie_de_nieuwe_versie(instellingen):
    """The objects carry the version written, so a second move in the same transaction is guarded
    by it and not refused as stale."""
    engine = maak_engine(instellingen.db_url)
    ids = _trajecten(engine)
    with sessie(engine) as s:
        trajecten = _verplaats(s, ids, "assessment")
        s.flush()
        assert {t.versie for t in trajecten} == {2}
        _verplaats(s, ids, "ontwikkeling")
    with Session(engine) as s:
        assert {s.get_one(Traject, i).versie for i in ids} == {3}
        assert {s.get_one(Traject, i).fase for i in ids} == {"ontwikkeling"}


def test_een_verouderde_rij_in_de_batch_weigert_de_hele_batch(instellingen):
    engine = maak_engine(instellingen.db_url)
    ids = _trajecten(engine)
    with Session(engine) as batch, Session(engine) as ander:
        _ = [batch.get_one(Traject, i) for i in ids]  # the batch reads every trajectory first
        _verplaats(ander, ids[2:3], "uitstroom")
        ander.commit()
        _verplaats(batch, ids, "assessment")
        with pytest.raises(StaleDataError):
            batch.commit()
    with Session(engine) as s:
        fases = [s.get_one(Traject, i).fase for i in ids]
    assert fases == ["instroom", "instroom", "uitstroom", "instroom", "instroom", "instroom"]


def test_nieuwe_rijen_krijgen_ids_in_de_volgorde_van_toevoegen(instellingen):
    engine = maak_engine(instellingen.db_url)
    with _statements(engine) as gezien, sessie(engine) as s:
        nieuw = [
            Deelnemer(
                pseudoniem=f"KT-VOLG{i:05d}",
                bsn_hash=f"v{i}",
                persoon_versleuteld="v",
                programma="utrecht-bank-tot-baan",
                gemeente_partner="gemeente-utrecht",
                verwijzing_id=f"v{i}",
                aangemeld_op=NU,
            )
            for i in range(AANTAL)
        ]
        s.add_all(nieuw)
        s.flush()
        ids = [d.id for d in nieuw]
    assert ids == sorted(ids) and len(set(ids)) == AANTAL
    inserts = [g for g in gezien if g.startswith("INSERT INTO deelnemer")]
    if engine.dialect.name == "postgresql":  # ids drawn first, so no RETURNING to wait for
        assert len(inserts) == 1 and "RETURNING" not in inserts[0], inserts
    with Session(engine) as s:
        bewaard = s.exec(select(Deelnemer.id, Deelnemer.pseudoniem).order_by(Deelnemer.id)).all()
    assert [p for _, p in bewaard] == [f"KT-VOLG{i:05d}" for i in range(AANTAL)]
