"""The monitor over a real database (SQLite and PostgreSQL): the counts shown equal the
database's own, a small group is suppressed with its complement, and nothing suppressed can be
recomputed from what is shown."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from persistence import maak_engine, migreer, monitor
from schemas.monitor import bouw
from tests.monitor.hulp import FASEN, GROEPEN, PROGRAMMA, tel_per_geslacht, zaai

VAN, TOT = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)


def _gegevens(engine):
    with Session(engine) as s:
        return monitor.gegevens(
            session=s,
            programma=PROGRAMMA,
            fasen=FASEN,
            van=VAN,
            tot=TOT,
            nu=datetime(2027, 6, 1, tzinfo=UTC),
        )


def test_de_monitor_telt_wat_de_database_telt_en_verbergt_de_kleine_groep(instellingen):
    engine = maak_engine(instellingen.db_url)
    migreer(engine)
    zaai(engine, op=date(2026, 10, 5))
    zaai(engine, op=date(2026, 9, 5), groepen={"man": 12}, seed=8)  # another period: not counted
    u = bouw(_gegevens(engine), "geslacht")
    per_groep = {g.naam: g for g in u.groepen}
    eigen = tel_per_geslacht(engine, van=VAN, tot=TOT)
    assert eigen == GROEPEN
    assert per_groep["man"].bereik.waarde == eigen["man"]
    assert per_groep["vrouw"].bereik.waarde == eigen["vrouw"]
    assert per_groep["anders"].bereik.onderdrukt  # 4 people
    assert per_groep["onbekend"].bereik.onderdrukt  # 15, but it would give away anders
    assert u.geheel.bereik.waarde == sum(GROEPEN.values())
    assert per_groep["anders"].uitval.onderdrukt and per_groep["anders"].uitval_verschil.onderdrukt
    # time in phase: a median for the whole cohort's first phase
    assert u.geheel.mediaan[0].waarde is not None


def test_drie_statements_wat_de_omvang_ook_is(instellingen):
    from sqlalchemy import event

    engine = maak_engine(instellingen.db_url)
    migreer(engine)
    tellingen, opdrachten = [], []
    event.listen(engine, "before_cursor_execute", lambda *a, **k: opdrachten.append(1))
    for groot in (1, 5):
        zaai(
            engine,
            op=date(2026, 10, 5),
            groepen={"man": 10 * groot, "vrouw": 10 * groot},
            seed=groot,
        )
        opdrachten.clear()
        _gegevens(engine)
        tellingen.append(len(opdrachten))
    assert tellingen[0] == tellingen[1] <= 4  # three queries (and a session's own at most one)
