"""Group commit for the receiver: the webhooks that arrive together are stored in one transaction.

One commit per webhook made the write its own queue: on SQLite one writer at a time, each paying
the ORM's flush and a commit of its own, so requests waited on the write lock far longer than on
their own work. Here one writer thread per receiver process takes every row waiting, stores them
with one `INSERT … ON CONFLICT DO NOTHING RETURNING` and one commit, and answers each request
through its own future. A request is answered only after the commit that holds its row: an
accepted webhook is durable, exactly as before. A failed request hears its own error: when a
group of several fails, each row is tried alone, so a row the database refuses fails its own
request only (a 4xx), and the database being away fails them all (503, retry).
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from typing import Any

from sqlalchemy import Engine, Table
from sqlalchemy.dialects import postgresql, sqlite

from persistence.inbox import schrijfslot
from persistence.tabellen import InboxBericht

_TABEL: Table = InboxBericht.__table__  # type: ignore[attr-defined]
_KOLOMMEN = [k.name for k in _TABEL.columns if k.name != "id"]
_STOP = object()


def _insert(dialect: str) -> Any:
    """The dialect's insert that skips a (partner, webhook_id) already stored."""
    maker = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        maker(_TABEL)
        .on_conflict_do_nothing(index_elements=["partner", "webhook_id"])
        .returning(_TABEL.c.id, _TABEL.c.partner, _TABEL.c.webhook_id)
    )


def sleutel(rij: InboxBericht) -> tuple[str, str]:
    return rij.partner, rij.webhook_id


class Groepsschrijver:
    """Stores inbox rows for many threads at once; `schrijf` blocks until its row's commit."""

    def __init__(self, engine: Engine, *, max_groep: int = 500) -> None:
        self._engine = engine
        self._max_groep = max_groep
        self._insert = _insert(engine.dialect.name)
        self._wachtrij: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._draad: threading.Thread | None = None
        self._start_slot = threading.Lock()
        self.groepen = 0  # commits made, for the bench and the tests
        self.rijen = 0

    def schrijf(self, rij: InboxBericht) -> int | None:
        """The new row's id, or None when this partner's webhook-id is stored already."""
        return self.verstuur(rij).result()

    def verstuur(self, rij: InboxBericht) -> Future[int | None]:
        self._zorg_voor_draad()
        toekomst: Future[int | None] = Future()
        self._wachtrij.put((rij, toekomst))
        return toekomst

    def stop(self) -> None:
        if self._draad is not None:
            self._wachtrij.put(_STOP)
            self._draad.join(timeout=10)
            self._draad = None

    def _zorg_voor_draad(self) -> None:
        if self._draad is None:
            with self._start_slot:
                if self._draad is None:
                    self._draad = threading.Thread(
                        target=self._lus, name="groepscommit", daemon=True
                    )
                    self._draad.start()

    def _lus(self) -> None:
        while True:
            eerste = self._wachtrij.get()
            if eerste is _STOP:
                return
            groep = [eerste]
            while len(groep) < self._max_groep:
                try:
                    volgende = self._wachtrij.get_nowait()
                except queue.Empty:
                    break
                if volgende is _STOP:
                    self._wachtrij.put(_STOP)
                    break
                groep.append(volgende)
            self._bewaar(groep)

    def _bewaar(self, groep: list[tuple[InboxBericht, Future[int | None]]]) -> None:
        eerst: dict[tuple[str, str], InboxBericht] = {}
        for rij, _ in groep:  # the same webhook twice in one group: the first is stored
            eerst.setdefault(sleutel(rij), rij)
        try:
            nieuw = self._commit(list(eerst.values()))
        except Exception as exc:
            if len(groep) == 1:  # the database is away, or refused this row: its request hears it
                groep[0][1].set_exception(exc)
            else:  # one row may be what it refused: each alone, so only that request fails
                for enkel in groep:
                    self._bewaar([enkel])
            return
        for rij, toekomst in groep:
            toekomst.set_result(nieuw.get(sleutel(rij)) if eerst[sleutel(rij)] is rij else None)

    def _commit(self, rijen: list[InboxBericht]) -> dict[tuple[str, str], int]:
        """One transaction for the rows; the ids of those that were new, by key."""
        with schrijfslot(self._engine), self._engine.begin() as verbinding:
            waarden = [{k: getattr(r, k) for k in _KOLOMMEN} for r in rijen]
            nieuw = {(p, w): i for i, p, w in verbinding.execute(self._insert, waarden)}
        self.groepen += 1
        self.rijen += len(nieuw)
        return nieuw
