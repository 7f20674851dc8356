"""A batch's id list on each database (`persistence/lijsten.py`): the same rows found, and on
PostgreSQL one array parameter, so the statement stays short whatever the batch."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import event

from persistence import inbox, maak_engine, sessie, verloop
from tests.persistence.deelnemers import in_fase

NU = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _statements(engine, doe):
    gezien: list[str] = []

    def noteer(_c, _cur, statement, *_):
        gezien.append(statement)

    event.listen(engine, "before_cursor_execute", noteer)
    try:
        uitkomst = doe()
    finally:
        event.remove(engine, "before_cursor_execute", noteer)
    return uitkomst, gezien


def test_een_lijst_van_600_is_op_postgresql_een_korte_vraag(instellingen):
    engine = maak_engine(instellingen.db_url)
    with sessie(engine) as s:
        for i in range(3):
            in_fase(s, f"KT-LIJST{i:05d}", nu=NU)
    gevraagd = [f"KT-LIJST{i:05d}" for i in range(600)]
    with sessie(engine) as s:
        gevonden, gezien = _statements(
            engine, lambda: verloop.vind_deelnemers(session=s, pseudoniemen=gevraagd)
        )
    assert sorted(gevonden) == gevraagd[:3]
    (vraag,) = [g for g in gezien if "FROM deelnemer" in g]
    if engine.dialect.name == "postgresql":
        assert "= ANY (" in vraag and len(vraag) < 1000, vraag[:200]
    else:
        assert " IN (" in vraag


def test_de_claim_verzamelt_de_verhuurde_rijen_eenmaal_op_postgresql(instellingen):
    """The ordering rule's leased rows come from one materialised CTE, not a subquery per candidate."""
    engine = maak_engine(instellingen.db_url)
    with sessie(engine) as s:
        _, gezien = _statements(engine, lambda: inbox.claim_batch(session=s, maximum=10, nu=NU))
    (claim,) = [g for g in gezien if "UPDATE inboxbericht" in g]
    verwacht = (
        "WITH bezet AS MATERIALIZED" if engine.dialect.name == "postgresql" else "WITH bezet AS"
    )
    assert " ".join(claim.split()).startswith(verwacht), claim[:120]
