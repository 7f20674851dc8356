"""What the ORM's flush does one row at a time, done per batch on PostgreSQL.

A batch of 500 handoffs adds 500 handoff records and outbox messages and moves 500 trajectories.
Left to the ORM, PostgreSQL gets a multi-row `INSERT … RETURNING` per table whose thousands of
placeholders psycopg converts anew every batch, and one `UPDATE` round trip per trajectory (the
ORM never batches updates of a versioned row). Before the flush, this draws the new rows' ids
from their sequences in one statement per table, so the ORM inserts them with a plain executemany
(pipelined, its short statement's conversion cached), and it writes the changed trajectories with
one version-guarded executemany per set of changed columns, checking that every row matched.
SQLite answers both cheaply in-process and keeps the ORM's own way.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, cast

from sqlalchemy import Column, Integer, Table, bindparam, event, inspect, text, update
from sqlalchemy.orm import ColumnProperty, InstanceState, Mapper, UOWTransaction
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from persistence.dialect import op_postgresql

VANAF = 2  # for one row the ORM's own statement costs no more

_RESERVEER = text(
    "SELECT nextval(reeks) FROM (SELECT pg_get_serial_sequence(:tabel, 'id') AS reeks) AS r,"
    " generate_series(1, :aantal)"
)


# On the project's SQLModel sessions only: another library's session in the same process (Prefect's
# own, for one) keeps the ORM's flush untouched.
@event.listens_for(Session, "before_flush")
def _per_batch(session: Session, _context: UOWTransaction, _instances: object) -> None:
    if not op_postgresql(session):
        return
    if session.new:
        _geef_ids(session)
    if session.dirty:
        _werk_versies_bij(session)


def _reserveer(session: Session, tabel: str, aantal: int) -> list[int]:
    """`aantal` fresh ids of `tabel`'s serial `id`, ascending (the ledger's order is the id's)."""
    ids = session.connection().execute(_RESERVEER, {"tabel": tabel, "aantal": aantal}).scalars()
    return sorted(ids)


def _geef_ids(session: Session) -> None:
    per_tabel: dict[str, list[InstanceState[Any]]] = defaultdict(list)
    for obj in session.new:
        staat = inspect(obj)
        sleutel = staat.mapper.primary_key
        serieel = (
            len(sleutel) == 1 and sleutel[0].name == "id" and isinstance(sleutel[0].type, Integer)
        )
        if serieel and getattr(obj, "id", 0) is None:
            per_tabel[sleutel[0].table.name].append(staat)
    for tabel, staten in per_tabel.items():
        if len(staten) >= VANAF:
            staten.sort(key=lambda s: s.insert_order or 0)  # session.new has no order; adding has
            for staat, id_ in zip(staten, _reserveer(session, tabel, len(staten)), strict=True):
                staat.obj().id = id_  # type: ignore[union-attr]


def _werk_versies_bij(session: Session) -> None:
    per_soort: dict[tuple[Mapper[Any], tuple[str, ...]], list[InstanceState[Any]]] = defaultdict(
        list
    )
    for obj in session.dirty:
        staat = inspect(obj)
        if staat.mapper.version_id_col is not None and (kolommen := _gewijzigd(staat)):
            per_soort[(staat.mapper, kolommen)].append(staat)
    for (mapper, kolommen), staten in per_soort.items():
        if len(staten) >= VANAF:
            _schrijf_versies(session, mapper, kolommen, staten)


def _gewijzigd(staat: InstanceState[Any]) -> tuple[str, ...]:
    """The changed column attributes, or () when anything else changed (the ORM keeps that row)."""
    gewijzigd = tuple(sorted(a.key for a in staat.attrs if a.history.has_changes()))
    props = staat.mapper.attrs
    return gewijzigd if all(isinstance(props[k], ColumnProperty) for k in gewijzigd) else ()


def _schrijf_versies(
    session: Session,
    mapper: Mapper[Any],
    kolommen: tuple[str, ...],
    staten: list[InstanceState[Any]],
) -> None:
    versie = cast(Column[Any], mapper.version_id_col)
    tabel = cast(Table, mapper.local_table)
    sleutel = mapper.primary_key[0]
    kolom = {k: cast(ColumnProperty[Any], mapper.attrs[k]).columns[0] for k in kolommen}
    opdracht = (
        update(tabel)
        .where(sleutel == bindparam("w_id"), versie == bindparam("w_versie"))
        .values({kolom[k]: bindparam(f"n_{k}", type_=kolom[k].type) for k in kolommen})
        .values({versie: bindparam("n_versie")})
    )
    objecten: list[Any] = [s.obj() for s in staten]
    rijen = [
        {
            "w_id": getattr(obj, str(sleutel.key)),
            "w_versie": staat.committed_state.get(versie.key, getattr(obj, versie.key)),
            "n_versie": getattr(obj, versie.key) + 1,
            **{f"n_{k}": getattr(obj, k) for k in kolommen},
        }
        for staat, obj in zip(staten, objecten, strict=True)
    ]
    geraakt = session.connection().execute(opdracht, rijen).rowcount
    if geraakt != len(rijen):
        raise StaleDataError(
            f"{tabel.name}: {len(rijen)} rows to update, {geraakt} matched their version"
        )
    for obj, rij in zip(objecten, rijen, strict=True):
        for k in kolommen:
            set_committed_value(obj, k, rij[f"n_{k}"])
        set_committed_value(obj, versie.key, rij["n_versie"])
