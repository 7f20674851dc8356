"""Tables of the dashboard's people (revision 0010_gebruikers): local accounts and the access log.

A local account keeps an argon2 hash, never a password; an account signed in through the
municipality's identity provider (OIDC) keeps no hash at all. The access log says who looked at
whom, when, why, and whether it was allowed: pseudonyms only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from persistence.tabellen import UTCDatum


def _tijd(*, nullable: bool = False, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDatum(), nullable=nullable, index=index))


class Gebruiker(SQLModel, table=True):
    """One person who may sign in: role, organisation and person reference (schemas.rollen)."""

    id: int | None = Field(default=None, primary_key=True)
    gebruikersnaam: str = Field(unique=True, index=True)
    rol: str
    partner: str | None = None  # the organisation of a partner_medewerker or regiehouder
    persoon: str | None = None  # a regiehouder's person reference (RegiehouderPeriode.regiehouder)
    wachtwoord_hash: str | None = None  # argon2; None for an OIDC-only account
    oidc_subject: str | None = Field(default=None, unique=True)
    actief: bool = True
    aangemaakt_op: datetime = _tijd()


class Toegangslog(SQLModel, table=True):
    """Each drill-down and each refused attempt: who, whom (a pseudonym), what, why, when."""

    id: int | None = Field(default=None, primary_key=True)
    gebruikersnaam: str = Field(index=True)
    rol: str
    pseudoniem: str | None = Field(default=None, index=True)
    handeling: str  # e.g. deelnemer, export, toestemming, monitor
    reden: str | None = None  # the why the user gave, or the rule that refused them
    toegestaan: bool
    zicht: str | None = None  # schemas.rollen.Zicht granted
    tijdstip: datetime = _tijd(index=True)
