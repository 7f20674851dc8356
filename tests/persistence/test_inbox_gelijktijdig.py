"""Many threads at once on one inbox: each webhook stored once, duplicates answered as such; each
event claimed by one worker, a participant's events in order across workers, locked rows skipped."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, col, func, select

from persistence import InboxBericht, inbox, maak_engine

NU = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def test_gelijktijdige_ontvangst_slaat_elk_bericht_eenmaal_op(instellingen):
    engine = maak_engine(instellingen.db_url)

    def ontvang(i: int) -> bool:
        with Session(engine, expire_on_commit=False) as s:
            _, nieuw = inbox.ontvang(
                session=s,
                partner="p",
                webhook_id=f"w{i % 100}",
                type="fase.gestart",
                pseudoniem=None,
                payload={"i": i},
                nu=NU,
            )
        return nieuw

    with ThreadPoolExecutor(max_workers=12) as pool:
        nieuw = list(pool.map(ontvang, range(300)))  # every webhook-id three times

    assert sum(nieuw) == 100
    with Session(engine) as s:
        assert s.exec(select(func.count()).select_from(InboxBericht)).one() == 100


def _stroom(engine, pseudoniemen: list[str | None]) -> list[int]:
    """One event per entry, in this order; their ids."""
    ids = []
    with Session(engine, expire_on_commit=False) as s:
        for i, pseudoniem in enumerate(pseudoniemen):
            rij, _ = inbox.ontvang(
                session=s,
                partner="p",
                webhook_id=f"w{i}",
                type="fase.afgerond",
                pseudoniem=pseudoniem,
                payload={},
                nu=NU,
            )
            ids.append(rij.id or 0)
    return ids


def test_twee_werkers_houden_de_gebeurtenissen_van_een_deelnemer_op_volgorde(instellingen):
    """A's events 1 and 3, B's event 2: while worker 1 holds event 1, worker 2 may take B's event
    but not A's later one; once event 1 is done, A's next is free."""
    engine = maak_engine(instellingen.db_url)
    a1, b2, a3 = _stroom(engine, ["KT-A", "KT-B", "KT-A"])
    with Session(engine, expire_on_commit=False) as s:
        assert inbox.claim_volgende(session=s, maximum=1, nu=NU) == [a1]
        assert inbox.claim_volgende(session=s, maximum=10, nu=NU) == [b2]
        assert inbox.claim_volgende(session=s, maximum=10, nu=NU) == []
        inbox.markeer(session=s, bericht=s.get_one(InboxBericht, a1), status="geaccepteerd", nu=NU)
        s.commit()
        assert inbox.claim_volgende(session=s, maximum=10, nu=NU) == [a3]


def test_gelijktijdige_claims_nemen_elk_bericht_eenmaal(instellingen):
    engine = maak_engine(instellingen.db_url)
    _stroom(engine, [f"KT-{i % 97}" if i % 3 else None for i in range(600)])

    def werker(_: int) -> list[int]:
        genomen: list[int] = []
        with Session(engine, expire_on_commit=False) as s:
            while batch := inbox.claim_volgende(session=s, maximum=20, nu=NU):
                genomen += batch
                for i in batch:  # done at once, so a participant's next event comes free
                    inbox.markeer(
                        session=s, bericht=s.get_one(InboxBericht, i), status="geaccepteerd", nu=NU
                    )
                s.commit()
        return genomen

    with ThreadPoolExecutor(max_workers=4) as pool:
        genomen = [i for lijst in pool.map(werker, range(4)) for i in lijst]
    assert len(genomen) == len(set(genomen)) == 600


def test_een_tweede_werker_slaat_vergrendelde_rijen_over_op_postgresql(instellingen):
    """SKIP LOCKED: rows another transaction holds are passed, not waited for and not lost."""
    if not instellingen.db_url.startswith("postgresql"):
        pytest.skip("SQLite has one writer at a time; there is nothing to skip")
    engine = maak_engine(instellingen.db_url)
    ids = _stroom(engine, [f"KT-{i}" for i in range(20)])
    with Session(engine) as houder, Session(engine, expire_on_commit=False) as tweede:
        houder.exec(
            select(InboxBericht.id).where(col(InboxBericht.id).in_(ids[:10])).with_for_update()
        ).all()
        assert inbox.claim_volgende(session=tweede, maximum=10, nu=NU) == ids[10:]
        houder.rollback()
        assert inbox.claim_volgende(session=tweede, maximum=10, nu=NU) == ids[:10]


def test_een_geclaimde_import_houdt_de_stroom_van_zijn_deelnemers_niet_op(instellingen):
    """An import is claimed whole (one poison row in it may wait for its next attempt): the
    participant's own stream events go on beside it."""
    engine = maak_engine(instellingen.db_url)
    with Session(engine) as s:
        assert inbox.neem_import_op(
            session=s, partner="p", batch="export-1", rijen=[("nazorg.checkin", "KT-A", {})], nu=NU
        )
    [stroom] = _stroom(engine, ["KT-A"])
    with Session(engine, expire_on_commit=False) as s:
        [geimporteerd] = inbox.claim_volgende(session=s, maximum=10, nu=NU)
        assert geimporteerd != stroom
        assert inbox.claim_volgende(session=s, maximum=10, nu=NU) == [stroom]
