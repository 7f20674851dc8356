"""Indexes for the dashboard's overview (issue 12; persistence.overzicht_indexen).

Indexes only: no table or row changes. The funnel, time in phase, the period's moves, check-ins
and reported starts are read with GROUP BY over these instead of the tables.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0014_dashboard_indexen
Revises: 0013_kenmerken
"""

from __future__ import annotations

from alembic import op

revision = "0014_dashboard_indexen"
down_revision = "0013_kenmerken"
branch_labels = None
depends_on = None

INDEXEN = {
    "ix_traject_trechter": ("traject", ["programma", "fase", "status", "partner"]),
    "ix_traject_fasetijd": ("traject", ["status", "programma", "fase", "partner", "fase_sinds"]),
    "ix_overgang_instroom": (
        "overgang",
        ["tijdstip", "beweging", "naar_fase", "baan", "traject_id", "naar_partner"],
    ),
    "ix_checkin_gevraagd": ("checkin", ["gevraagd_op", "programma", "partner", "status"]),
    "ix_fasestart_gestart": ("fasestart", ["gestart_op", "partner", "traject_id", "fase_sinds"]),
}


def upgrade() -> None:
    for naam, (tabel, kolommen) in INDEXEN.items():
        op.create_index(naam, tabel, kolommen)


def downgrade() -> None:
    for naam, (tabel, _) in INDEXEN.items():
        op.drop_index(naam, table_name=tabel)
