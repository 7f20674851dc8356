"""What every migration test on a database with data does: build the database at the revision
before, holding the rows of `rijen_0001`; upgrade it to head; show that every row from before is
as it was and that the new tables are there and empty, that a participant from before still moves
on, and that the operator's downgrade gives the rows back as they were."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from persistence import kale_engine, migreer, schemaversie
from persistence.migraties import BASIS, alembic_config
from settings import Instellingen
from tests.conftest import leeg_schema
from tests.persistence import rijen_0001 as rijen
from tests.persistence.test_migraties import _volgende_overdracht


@contextmanager
def database_voor(db_url: str, revisie: str) -> Iterator[Engine]:
    """A database at `revisie` (the one before the revision under test), with rows in it."""
    engine = kale_engine(db_url)
    leeg_schema(engine)
    migreer(engine, BASIS)
    rijen.zaai(engine)
    migreer(engine, revisie)
    try:
        yield engine
    finally:
        engine.dispose()


def ervoor_op(revisie: str) -> Any:
    """The `ervoor` fixture of a migration test: `database_voor` at `revisie`, one per test."""

    @pytest.fixture(name="ervoor")
    def ervoor(db_url: str) -> Iterator[Engine]:
        with database_voor(db_url, revisie) as engine:
            yield engine

    return ervoor


# Columns later revisions added to tables that already had rows: the value old rows get.
NIEUWE_KOLOMMEN: dict[str, dict[str, Any]] = {
    "deelnemer": {"regiehouder_persoon": None},  # 0012_regiehouder_persoon
    "regiehouderperiode": {"persoon": None},
    "outboxbericht": {"claim": None, "geclaimd_tot": None},  # 0015_schaal
    "traject": {"versie": 1},  # 0015_schaal: not nullable, old trajectories start at 1
}


def zonder_nieuwe_kolommen(
    voor: dict[str, list[dict[str, Any]]], na: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """`na` without the columns added since `voor`, after checking old rows hold their default."""
    uit = {}
    for tabel, rijen_ in na.items():
        oud = set(voor[tabel][0]) if voor.get(tabel) else None
        nieuw = {k: v for k, v in NIEUWE_KOLOMMEN.get(tabel, {}).items() if oud and k not in oud}
        for rij in rijen_:
            assert {k: rij[k] for k in nieuw} == nieuw, (tabel, rij)
        uit[tabel] = [{k: v for k, v in rij.items() if k not in nieuw} for rij in rijen_]
    return uit


def migreer_en_vergelijk(engine: Engine, nieuw: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Upgrade to head; every table from before keeps its rows, the `nieuw` tables start empty."""
    voor = rijen.alle_rijen(engine)
    assert not nieuw & set(inspect(engine).get_table_names())
    migreer(engine)
    na = zonder_nieuwe_kolommen(voor, rijen.alle_rijen(engine))
    assert {t: r for t, r in na.items() if t in voor and t != "alembic_version"} == {
        t: r for t, r in voor.items() if t != "alembic_version"
    }
    assert {t: na[t] for t in nieuw} == {t: [] for t in nieuw}
    return na


def migreer_en_draag_over(
    engine: Engine, nieuw: set[str], instellingen: Instellingen
) -> dict[str, list[dict[str, Any]]]:
    """`migreer_en_vergelijk`, then a participant from before still moves on: the next handoff of
    `rijen.MIDDEN` is accepted."""
    na = migreer_en_vergelijk(engine, nieuw)
    [uitslag] = _volgende_overdracht(instellingen, rijen.MIDDEN)
    assert uitslag.status == "geaccepteerd", uitslag.reden
    return na


def terug_naar(engine: Engine, revisie: str) -> None:
    """The operator's downgrade to `revisie` (migreer only goes up)."""
    with engine.begin() as verbinding:
        command.downgrade(alembic_config(verbinding), revisie)
    assert schemaversie(engine) == revisie


def heen_en_terug(engine: Engine, revisie: str) -> None:
    """Upgrade to head and down again to `revisie`: every row from before is back as it was."""
    voor = rijen.alle_rijen(engine)
    migreer(engine)
    terug_naar(engine, revisie)
    assert rijen.alle_rijen(engine) == voor
