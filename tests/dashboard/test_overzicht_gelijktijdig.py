"""The overview's parts are read side by side, each on a connection of its own (README
"Performance": a year's period on SQLite went from the sum of its parts to its slowest), and the
page shows the same figures as reading them one after the other."""

from __future__ import annotations

import threading

from sqlalchemy import event
from sqlmodel import Session

from dashboard import overzicht as pagina
from schemas.overzicht import Selectie
from settings import laad_catalogus
from tests.dashboard.overzicht_hulp import zaai


def _na_elkaar(engine, s, catalogus):
    """The same parts, read in turn in one session (what the page did before)."""
    with Session(engine) as session:
        uit: dict[str, object] = {}
        for deel in pagina.DELEN:
            uit |= deel(session, s, catalogus)
        return uit


def test_de_delen_van_het_overzicht_lezen_naast_elkaar_hetzelfde(
    dashboard_engine, dashboard_instellingen
):
    nu = zaai(dashboard_engine)
    s = Selectie(None, None, 365, nu)
    catalogus = laad_catalogus(dashboard_instellingen)
    draden: set[str] = set()

    def noteer(*_: object) -> None:
        draden.add(threading.current_thread().name)

    event.listen(dashboard_engine, "before_cursor_execute", noteer)
    try:
        samen = pagina.lees(dashboard_engine, s, catalogus)
    finally:
        event.remove(dashboard_engine, "before_cursor_execute", noteer)
    assert samen == _na_elkaar(dashboard_engine, s, catalogus)
    assert samen["trechter"] and samen["checkins"] is not None
    lezers = {d for d in draden if d.startswith("overzicht")}
    assert len(lezers) >= 2, f"the parts ran on {draden}, not side by side"
    assert threading.current_thread().name not in draden
