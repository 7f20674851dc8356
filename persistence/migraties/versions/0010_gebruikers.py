"""The dashboard's people and its access log (issue 12; persistence.tabellen_toegang).

New tables only: existing rows are untouched.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0010_gebruikers
Revises: 0009_observaties
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_gebruikers"
down_revision = "0009_observaties"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gebruiker",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("gebruikersnaam", sa.String(), nullable=False),
        sa.Column("rol", sa.String(), nullable=False),
        sa.Column("partner", sa.String(), nullable=True),
        sa.Column("persoon", sa.String(), nullable=True),
        sa.Column("wachtwoord_hash", sa.String(), nullable=True),
        sa.Column("oidc_subject", sa.String(), nullable=True, unique=True),
        sa.Column("actief", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("aangemaakt_op", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_gebruiker_gebruikersnaam", "gebruiker", ["gebruikersnaam"], unique=True)
    op.create_table(
        "toegangslog",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("gebruikersnaam", sa.String(), nullable=False),
        sa.Column("rol", sa.String(), nullable=False),
        sa.Column("pseudoniem", sa.String(), nullable=True),
        sa.Column("handeling", sa.String(), nullable=False),
        sa.Column("reden", sa.String(), nullable=True),
        sa.Column("toegestaan", sa.Boolean(), nullable=False),
        sa.Column("zicht", sa.String(), nullable=True),
        sa.Column("tijdstip", sa.DateTime(), nullable=False),
    )
    for kolom in ("gebruikersnaam", "pseudoniem", "tijdstip"):
        op.create_index(f"ix_toegangslog_{kolom}", "toegangslog", [kolom])


def downgrade() -> None:
    op.drop_table("toegangslog")
    op.drop_table("gebruiker")
