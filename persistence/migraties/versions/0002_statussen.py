"""statussen: CHECK constraints hold the status columns to the values the code writes.

The values are the ones persistence/ and flows/ wrote when this revision was made (hard-coded:
frozen history). On SQLite each table is rebuilt (batch mode); `migreer` runs that with foreign
keys off and checks every reference afterwards. `overgang` is not rebuilt, so its trigger stays.

Revision ID: 0002_statussen
Revises: 0001_basis
"""

from __future__ import annotations

from alembic import op

revision = "0002_statussen"
down_revision = "0001_basis"
branch_labels = None
depends_on = None

STATUSSEN = {
    "overdracht": ("geaccepteerd", "quarantaine", "geweigerd", "vervangen"),
    "inboxbericht": ("nieuw", "geaccepteerd", "quarantaine", "geweigerd"),
    "outboxbericht": ("wachtend", "mislukt", "afgeleverd", "dood"),
    "checkin": ("gepland", "gevraagd", "beantwoord", "gemist", "vervallen"),
}


def _voorwaarde(waarden: tuple[str, ...]) -> str:
    return "status IN ({})".format(", ".join(f"'{w}'" for w in waarden))


def _weiger_onbekende(tabel: str, waarden: tuple[str, ...]) -> None:
    """Name the rows the constraint would refuse, instead of failing on the first one."""
    rijen = (
        op.get_bind()
        .exec_driver_sql(
            f"SELECT status, count(*) FROM {tabel} WHERE NOT ({_voorwaarde(waarden)}) GROUP BY status"
        )
        .all()
    )
    if rijen:
        raise RuntimeError(
            f"{tabel}: unknown status values {', '.join(f'{status} ×{aantal}' for status, aantal in rijen)}; settle those rows before upgrading"
        )


def upgrade() -> None:
    for tabel, waarden in STATUSSEN.items():
        _weiger_onbekende(tabel, waarden)
        with op.batch_alter_table(tabel) as batch:
            batch.create_check_constraint(f"ck_{tabel}_status", _voorwaarde(waarden))


def downgrade() -> None:
    for tabel in STATUSSEN:
        with op.batch_alter_table(tabel) as batch:
            batch.drop_constraint(f"ck_{tabel}_status", type_="check")
