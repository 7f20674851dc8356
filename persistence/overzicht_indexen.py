"""Indexes the dashboard's overview reads with (revision 0014_dashboard_indexen).

Covering indexes, so each GROUP BY reads an index instead of the table: the funnel (programme,
phase, status, partner), time in phase (running trajectories by status), the period's moves
(the ledger by time), and the period's check-ins and reported starts. Kept beside the tables
they index; importing this module adds them to the metadata.
"""

from __future__ import annotations

from sqlalchemy import Index, Table

from persistence.tabellen import Checkin, FaseStart, Overgang, Traject


def _t(model: type) -> Table:
    tabel: Table = model.__table__  # type: ignore[attr-defined]
    return tabel


_traject, _overgang = _t(Traject).c, _t(Overgang).c
_checkin, _fasestart = _t(Checkin).c, _t(FaseStart).c

INDEXEN = (
    Index(
        "ix_traject_trechter", _traject.programma, _traject.fase, _traject.status, _traject.partner
    ),
    Index(
        "ix_traject_fasetijd",
        _traject.status,
        _traject.programma,
        _traject.fase,
        _traject.partner,
        _traject.fase_sinds,
    ),
    Index(
        "ix_overgang_instroom",
        _overgang.tijdstip,
        _overgang.beweging,
        _overgang.naar_fase,
        _overgang.baan,
        _overgang.traject_id,
        _overgang.naar_partner,
    ),
    Index(
        "ix_checkin_gevraagd",
        _checkin.gevraagd_op,
        _checkin.programma,
        _checkin.partner,
        _checkin.status,
    ),
    Index(
        "ix_fasestart_gestart",
        _fasestart.gestart_op,
        _fasestart.partner,
        _fasestart.traject_id,
        _fasestart.fase_sinds,
    ),
)
