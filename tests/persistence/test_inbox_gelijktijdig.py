"""Many threads of one receiver storing webhooks at once: each stored once, duplicates answered as such."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlmodel import Session, func, select

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
