"""The receiver's group commit: rows from many threads in few commits, each stored once, each
request told whether its row was new, and a refused row failing only its own request."""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import func, select

from persistence import InboxBericht, inbox, maak_engine, sessie
from persistence.groepscommit import Groepsschrijver


def _rij(webhook_id: str, partner: str = "assessment-noord", **anders) -> InboxBericht:
    return InboxBericht(
        partner=partner,
        webhook_id=webhook_id,
        type="fase.afgerond",
        pseudoniem="KT-ABCDEFGH23",
        payload={"type": "fase.afgerond", "n": webhook_id},
        ontvangen_op=datetime.now(UTC),
        **anders,
    )


def _gelijktijdig(schrijver: Groepsschrijver, rijen: list[InboxBericht]) -> list[int | None]:
    uitkomst: list[int | None] = [None] * len(rijen)
    start = threading.Barrier(len(rijen))

    def schrijf(i: int) -> None:
        start.wait()
        uitkomst[i] = schrijver.schrijf(rijen[i])

    draden = [threading.Thread(target=schrijf, args=(i,)) for i in range(len(rijen))]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    return uitkomst


def test_veel_verzoeken_weinig_commits_elke_rij_eenmaal(db_url):
    engine = maak_engine(db_url)
    schrijver = Groepsschrijver(engine)
    try:
        ids = _gelijktijdig(schrijver, [_rij(f"w-{i}") for i in range(60)])
    finally:
        schrijver.stop()
    assert None not in ids and len(set(ids)) == 60
    assert schrijver.rijen == 60
    assert schrijver.groepen < 60, "requests that arrive together share a commit"
    with sessie(engine) as s:
        assert s.exec(select(func.count()).select_from(InboxBericht)).one() == 60
        assert {r.id for r in s.exec(select(InboxBericht))} == set(ids)


def test_dezelfde_webhook_vaak_gelijktijdig_een_is_nieuw(db_url):
    """Whatever mix of repeats arrives, in one group or across groups: one new per key."""
    engine = maak_engine(db_url)
    schrijver = Groepsschrijver(engine)
    kans = random.Random(7)
    sleutels = [(kans.choice(["a", "b"]), f"w-{kans.randrange(8)}") for _ in range(50)]
    try:
        ids = _gelijktijdig(schrijver, [_rij(w, partner=f"partner-{p}") for p, w in sleutels])
        later = schrijver.schrijf(_rij(sleutels[0][1], partner=f"partner-{sleutels[0][0]}"))
    finally:
        schrijver.stop()
    nieuw = [sleutels[i] for i, id_ in enumerate(ids) if id_ is not None]
    assert sorted(nieuw) == sorted(set(sleutels)), "each key new exactly once"
    assert later is None, "stored before: a duplicate"


def test_een_geweigerde_rij_laat_de_rest_van_zijn_groep_door(db_url):
    engine = maak_engine(db_url)
    schrijver = Groepsschrijver(engine)
    rijen = [_rij(f"w-{i}") for i in range(20)]
    rijen[7] = _rij("w-7", status="onzin")  # the table's check refuses this status
    uitkomst: dict[int, object] = {}
    try:
        toekomsten = [schrijver.verstuur(r) for r in rijen]
        for i, t in enumerate(toekomsten):
            try:
                uitkomst[i] = t.result()
            except IntegrityError as exc:
                uitkomst[i] = exc
    finally:
        schrijver.stop()
    assert isinstance(uitkomst.pop(7), IntegrityError)
    assert all(isinstance(v, int) for v in uitkomst.values())
    with sessie(engine) as s:
        assert s.exec(select(func.count()).select_from(InboxBericht)).one() == 19


def test_ontvang_via_de_groep_meldt_een_herhaling_met_de_opgeslagen_rij(db_url):
    engine = maak_engine(db_url)
    schrijver = Groepsschrijver(engine)
    try:
        with sessie(engine) as s:
            velden = {"partner": "assessment-noord", "webhook_id": "w-1", "type": "fase.afgerond"}
            extra = {"pseudoniem": "KT-ABCDEFGH23", "payload": {"x": 1}, "nu": datetime.now(UTC)}
            eerste, nieuw = inbox.ontvang(session=s, schrijf=schrijver.schrijf, **velden, **extra)
            tweede, opnieuw = inbox.ontvang(session=s, schrijf=schrijver.schrijf, **velden, **extra)
    finally:
        schrijver.stop()
    assert nieuw and not opnieuw
    assert eerste.id == tweede.id is not None


@pytest.mark.parametrize("aantal", [1, 3])
def test_stop_laat_niets_half(db_url, aantal):
    engine = maak_engine(db_url)
    schrijver = Groepsschrijver(engine)
    toekomsten = [schrijver.verstuur(_rij(f"w-{i}")) for i in range(aantal)]
    schrijver.stop()
    assert all(t.result(timeout=5) is not None for t in toekomsten)
