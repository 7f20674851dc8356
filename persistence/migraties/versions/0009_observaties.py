"""Observations held until a basis to share them is recorded, and that basis (issue 11,
scenario 10; schemas.observatie).

New tables only: existing rows are untouched. A participant from before this revision has no
basis on record, so an observation about them is held until the regiehouder records one.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0009_observaties
Revises: 0008_verwijzingen
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009_observaties"
down_revision = "0008_verwijzingen"
branch_labels = None
depends_on = None


def _id() -> sa.Column[Any]:
    return sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True)


def _naar(kolom: str, tabel: str) -> sa.Column[Any]:
    return sa.Column(kolom, sa.Integer(), sa.ForeignKey(f"{tabel}.id"), nullable=False)


def _tekst(kolom: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(kolom, sa.String(), nullable=nullable)


def _tijd(kolom: str, *, nullable: bool = False) -> sa.Column[Any]:
    return sa.Column(kolom, sa.DateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "observatie",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _naar("traject_id", "traject"),
        _tekst("pseudoniem"),
        _tekst("partner"),
        _tekst("fase"),
        _tekst("soort"),
        _tekst("code"),
        _tekst("ontvangers"),
        _tekst("status"),
        _tijd("gemeld_op"),
        _tijd("gedeeld_op", nullable=True),
    )
    for kolom in ("deelnemer_id", "pseudoniem", "status"):
        op.create_index(f"ix_observatie_{kolom}", "observatie", [kolom])
    op.create_table(
        "grondslag",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _tekst("pseudoniem"),
        _tekst("grondslag"),
        _tekst("vastgelegd_door"),
        *[_tekst(f"besluit_{k}", nullable=True) for k in ("rol", "persoon", "reden")],
        _tijd("vastgelegd_op"),
    )
    for kolom in ("deelnemer_id", "pseudoniem"):
        op.create_index(f"ix_grondslag_{kolom}", "grondslag", [kolom])


def downgrade() -> None:
    op.drop_table("grondslag")
    op.drop_table("observatie")
