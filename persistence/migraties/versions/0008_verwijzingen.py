"""verwijzingen: referrals and their answers, the regiehouder's periods, and who referred a
participant when that was not the gemeente (issue 10 f, g, l).

New tables only: existing rows are untouched. A participant referred before this revision has no
referral rows and one regiehouder (`deelnemer.gemeente_partner`); its first period is written
when the regie first changes hands.

Frozen history: never import model code here, and never edit a revision once it has shipped.

Revision ID: 0008_verwijzingen
Revises: 0003_inbox_pogingen
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008_verwijzingen"
down_revision = "0007_besluiten"
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


def _besluit() -> list[sa.Column[Any]]:
    return [_tekst(f"besluit_{k}", nullable=True) for k in ("rol", "persoon", "reden")]


def upgrade() -> None:
    op.create_table(
        "verwijzing",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _naar("traject_id", "traject"),
        _tekst("fase"),
        _tekst("partner"),
        _tekst("status"),
        _tijd("aangevraagd_op"),
        _tijd("beantwoord_op", nullable=True),
        _tekst("reden", nullable=True),
        sa.Column("verwachte_start", sa.Date(), nullable=True),
        _tijd("wachtlijst_sinds", nullable=True),
        _tijd("wachtlijst_tot", nullable=True),
        sa.Column("gestart_op", sa.Date(), nullable=True),
        *_besluit(),
    )
    for kolom in ("deelnemer_id", "traject_id", "status"):
        op.create_index(f"ix_verwijzing_{kolom}", "verwijzing", [kolom])
    op.create_table(
        "regiehouderperiode",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _tekst("regiehouder"),
        _tijd("van"),
        _tijd("tot", nullable=True),
        _tekst("soort"),
        *_besluit(),
    )
    for kolom in ("deelnemer_id", "regiehouder"):
        op.create_index(f"ix_regiehouderperiode_{kolom}", "regiehouderperiode", [kolom])
    op.create_table(
        "aanmelder",
        _id(),
        _naar("deelnemer_id", "deelnemer"),
        _tekst("verwijzer"),
        _tekst("regiehouder"),
        _tijd("aangemeld_op"),
        sa.UniqueConstraint("deelnemer_id"),
    )
    op.create_index("ix_aanmelder_verwijzer", "aanmelder", ["verwijzer"])


def downgrade() -> None:
    op.drop_table("aanmelder")
    op.drop_table("regiehouderperiode")
    op.drop_table("verwijzing")
