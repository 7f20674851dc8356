"""SQLModel tables: participants by pseudonym, trajectories, the ledger, handoffs, inbox, outbox.

Personal data lives only in `Deelnemer.persoon_versleuteld` (Fernet) and `Deelnemer.bsn_hash`
(HMAC); every other table knows a participant by pseudonym or id. Datetimes are stored as UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Integer,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel

from schemas.opvolging import CheckinStatus
from schemas.overdracht import Afhandeling

# The statuses each table may hold; the database refuses any other (CHECK, revision 0002_statussen).
# A new status needs a migration too: tests/persistence/test_migraties.py compares the two.
# A handoff is stored with what became of it; `wacht` is never stored (the row just stays open).
OVERDRACHT_STATUSSEN = tuple(a.value for a in Afhandeling if a != Afhandeling.WACHT)
# An inbox row is new until applied; `vervangen` happens to a handoff record, not to its inbox row.
INBOX_STATUSSEN = (
    "nieuw",
    *(a.value for a in Afhandeling if a not in (Afhandeling.WACHT, Afhandeling.VERVANGEN)),
)
OUTBOX_STATUSSEN = ("wachtend", "mislukt", "afgeleverd", "dood", "aangehouden")
CHECKIN_STATUSSEN = tuple(s.value for s in CheckinStatus)


class UTCDatum(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; SQLite would otherwise drop the zone."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


def _tijd(*, index: bool = False, nullable: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDatum(), index=index, nullable=nullable))


def _json() -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=True))


def _status_een_van(tabel: str, waarden: tuple[str, ...]) -> CheckConstraint:
    return CheckConstraint(
        "status IN ({})".format(", ".join(f"'{w}'" for w in waarden)), name=f"ck_{tabel}_status"
    )


class Deelnemer(SQLModel, table=True):
    """A participant: a pseudonym; who they are is encrypted."""

    id: int | None = Field(default=None, primary_key=True)
    pseudoniem: str = Field(index=True, unique=True)
    bsn_hash: str = Field(index=True, unique=True)
    persoon_versleuteld: str
    programma: str
    gemeente_partner: str
    # The klantmanager holding the case now, by staff code (0012_regiehouder_persoon); None when
    # the referral or the last handover named no one.
    regiehouder_persoon: str | None = None
    verwijzing_id: str
    aangemeld_op: datetime = _tijd()


_TRAJECTVERSIE = Column("versie", Integer, nullable=False, server_default="1")


class Traject(SQLModel, table=True):
    """One episode of a participant in a programme; a re-entry starts a new one."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    programma: str
    fase: str
    partner: str
    status: str = Field(index=True)
    fase_sinds: datetime = _tijd()
    begonnen_op: datetime = _tijd()
    beeindigd_op: datetime | None = _tijd(nullable=True)
    # Raised by every update (0015_schaal): an UPDATE names the version it read, so of two
    # writers that loaded the same trajectory the second fails (StaleDataError) and retries.
    versie: int = Field(default=1, sa_column=_TRAJECTVERSIE)

    __mapper_args__ = {"version_id_col": _TRAJECTVERSIE}


class Overgang(SQLModel, table=True):
    """The append-only ledger: who moved whom from where to where, why, when, on which handoff."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    beweging: str = Field(index=True)
    van_fase: str | None = None
    naar_fase: str
    van_status: str | None = None
    naar_status: str
    van_partner: str | None = None
    naar_partner: str
    reden: str
    besloten_door: str
    overdracht_id: int | None = Field(default=None, foreign_key="overdracht.id")
    flow_run_id: str | None = None
    tijdstip: datetime = _tijd(index=True)
    # Who decided (issue 10 e): role, person reference (never a name) and stated reason; None
    # for a move that is no decision (a plain handoff) and for rows from before 0007_besluiten.
    besluit_rol: str | None = None
    besluit_persoon: str | None = None
    besluit_reden: str | None = None
    baan: str | None = Field(
        default=None, description="The lane moved (revision 0004); None: the main lane."
    )


class Overdracht(SQLModel, table=True):
    """A handoff as received: its contract, its gate result, and what became of it."""

    __table_args__ = (_status_een_van("overdracht", OVERDRACHT_STATUSSEN),)

    id: int | None = Field(default=None, primary_key=True)
    inbox_id: int = Field(foreign_key="inboxbericht.id", unique=True)
    deelnemer_id: int | None = Field(default=None, foreign_key="deelnemer.id", index=True)
    pseudoniem: str | None = Field(default=None, index=True)
    partner: str
    type: str
    beweging: str
    van_fase: str | None = None
    naar_fase: str | None = None
    contract: str | None = None
    status: str = Field(index=True)
    reden: str | None = None
    bevindingen: list[dict[str, Any]] | None = _json()
    dossier: dict[str, Any] | None = _json()
    flow_run_id: str | None = None
    verwerkt_op: datetime = _tijd()
    baan: str | None = Field(
        default=None, description="The lane the handoff is about (revision 0004)."
    )


class InboxBericht(SQLModel, table=True):
    """A received webhook, durable before we answer; personal data only encrypted."""

    __table_args__ = (
        UniqueConstraint("partner", "webhook_id"),
        _status_een_van("inboxbericht", INBOX_STATUSSEN),
    )

    id: int | None = Field(default=None, primary_key=True)
    webhook_id: str
    partner: str
    type: str
    pseudoniem: str | None = Field(default=None, index=True)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    persoon_versleuteld: str | None = None
    bsn_hash: str | None = None
    status: str = Field(default="nieuw", index=True)
    batch: str | None = Field(
        default=None, index=True, description="The import this row came in with, if any."
    )
    claim: str | None = Field(default=None, index=True)
    geclaimd_tot: datetime | None = _tijd(nullable=True)
    ontvangen_op: datetime = _tijd()
    verwerkt_op: datetime | None = _tijd(nullable=True)
    # Processing attempts that failed on something other than the content's rules (revision 0003);
    # the server default lets a receiver of the release before write rows during a rolling upgrade.
    pogingen: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    laatste_fout: str | None = Field(
        default=None, description="The last failure: step and exception class, never values."
    )


class OutboxBericht(SQLModel, table=True):
    """A message we owe a partner, written before it is sent; delivery state lives here."""

    __table_args__ = (_status_een_van("outboxbericht", OUTBOX_STATUSSEN),)

    id: int | None = Field(default=None, primary_key=True)
    sleutel: str = Field(unique=True)
    partner: str = Field(index=True)
    soort: str
    pseudoniem: str = Field(index=True)
    bericht: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(default="wachtend", index=True)
    pogingen: int = 0
    volgende_poging_op: datetime = _tijd(index=True)
    laatste_fout: str | None = None
    aangemaakt_op: datetime = _tijd()
    afgeleverd_op: datetime | None = _tijd(nullable=True)
    # The delivery run that leased the message, and until when (0015_schaal).
    claim: str | None = Field(default=None, index=True)
    geclaimd_tot: datetime | None = _tijd(nullable=True)


class OutboxHerhaling(SQLModel, table=True):
    """A dead outbox message put back in the queue: who did it, when, and what it looked like before."""

    id: int | None = Field(default=None, primary_key=True)
    bericht_id: int = Field(foreign_key="outboxbericht.id", index=True)
    door: str
    op: datetime = _tijd()
    vorige_status: str
    vorige_pogingen: int
    vorige_fout: str | None = None


class UitkomstRegel(SQLModel, table=True):
    """A dated outcome; a participant can have several (DOMAIN §3.3)."""

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    traject_id: int = Field(foreign_key="traject.id")
    soort: str = Field(index=True)
    datum: date
    mbo_niveau: int | None = None
    reden: str | None = None
    vastgelegd_op: datetime = _tijd()
    # Case model v2 (0005_uitgangen): reached while the trajectory runs, who reported it, and an
    # exit's destination and whether it was confirmed (schemas.tussenuitkomst).
    tussentijds: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    gemeld_door: str | None = None
    bestemming: str | None = None
    bevestigd: bool | None = None


class Verstrekking(SQLModel, table=True):
    """Disclosure log: which partner received which fields of which participant, when, why."""

    id: int | None = Field(default=None, primary_key=True)
    partner: str = Field(index=True)
    pseudoniem: str = Field(index=True)
    velden: list[str] = Field(sa_column=Column(JSON, nullable=False))
    grondslag: str
    bericht_sleutel: str
    tijdstip: datetime = _tijd()


class KlokStand(SQLModel, table=True):
    """The program's one clock: an offset from real time, shared by every process (one row)."""

    id: int = Field(default=1, primary_key=True)
    verschuiving_s: float = 0.0
    gewijzigd_op: datetime = _tijd()


class Checkin(SQLModel, table=True):
    """A nazorg check-in, planned when the placement starts; it follows the placement, not the trajectory."""

    __table_args__ = (
        UniqueConstraint("traject_id", "maand"),
        _status_een_van("checkin", CHECKIN_STATUSSEN),
    )

    id: int | None = Field(default=None, primary_key=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    traject_id: int = Field(foreign_key="traject.id")
    pseudoniem: str = Field(index=True)
    programma: str
    partner: str = Field(description="The nazorg partner that is asked.")
    regiehouder: str
    maand: int
    startdatum: date
    vervaldatum: date = Field(index=True)
    status: str = Field(default="gepland", index=True)
    gevraagd_op: datetime | None = _tijd(nullable=True)
    beantwoord_op: datetime | None = _tijd(nullable=True)
    antwoord: dict[str, Any] | None = _json()


class FaseStart(SQLModel, table=True):
    """A partner reported that the participant started its phase (ends the wait after a handoff)."""

    __table_args__ = (UniqueConstraint("traject_id", "fase", "partner", "fase_sinds"),)

    id: int | None = Field(default=None, primary_key=True)
    traject_id: int = Field(foreign_key="traject.id", index=True)
    fase: str
    partner: str
    fase_sinds: datetime = _tijd()
    gestart_op: date
    ontvangen_op: datetime = _tijd()
    baan: str | None = Field(
        default=None, description="The lane started (revision 0004); None: the main lane."
    )


class SignaalRegel(SQLModel, table=True):
    """A flag: one per (participant, kind, subject, level), raised once, resolved when the cause is gone."""

    id: int | None = Field(default=None, primary_key=True)
    sleutel: str = Field(unique=True)
    deelnemer_id: int = Field(foreign_key="deelnemer.id", index=True)
    pseudoniem: str = Field(index=True)
    programma: str
    partner: str
    soort: str = Field(index=True)
    niveau: str
    onderwerp: str
    termijn: date | None = None
    toelichting: str = ""
    status: str = Field(default="open", index=True)
    ontstaan_op: datetime = _tijd()
    gemeld_op: datetime | None = _tijd(index=True, nullable=True)
    opgelost_op: datetime | None = _tijd(nullable=True)


class WebhookGeheim(SQLModel, table=True):
    """A partner's webhook secret set by a rotation; Fernet-encrypted, valid until `vervalt_op`.

    Once a partner has rows here they replace its configured secrets, so an operator rotates
    without restarting the receiver.
    """

    id: int | None = Field(default=None, primary_key=True)
    partner: str = Field(index=True)
    geheim_versleuteld: str
    vingerafdruk: str = Field(
        description="First 12 hex of the secret's SHA-256: names it in lists and logs."
    )
    aangemaakt_op: datetime = _tijd()
    vervalt_op: datetime | None = _tijd(nullable=True)
