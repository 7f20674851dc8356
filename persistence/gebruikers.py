"""Local accounts and the access log: argon2 hashes (argon2-cffi), never a password kept.

An unknown name costs the same hash check as a wrong password, so timing does not tell which
names exist.
"""

from __future__ import annotations

from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from persistence.tabellen_toegang import Gebruiker as GebruikerRij
from persistence.tabellen_toegang import Toegangslog
from schemas.rollen import Gebruiker, Rol, Zicht

_HASHER = PasswordHasher()
_LEGE_HASH = _HASHER.hash("ketenregie: no such account")


def als_gebruiker(rij: GebruikerRij) -> Gebruiker:
    return Gebruiker(rij.gebruikersnaam, Rol(rij.rol), rij.partner, rij.persoon)


def voeg_toe(
    *,
    session: Session,
    gebruikersnaam: str,
    rol: Rol,
    wachtwoord: str | None,
    nu: datetime,
    partner: str | None = None,
    persoon: str | None = None,
    oidc_subject: str | None = None,
) -> Gebruiker:
    rij = GebruikerRij(
        gebruikersnaam=gebruikersnaam,
        rol=rol.value,
        partner=partner,
        persoon=persoon,
        wachtwoord_hash=_HASHER.hash(wachtwoord) if wachtwoord else None,
        oidc_subject=oidc_subject,
        aangemaakt_op=nu,
    )
    session.add(rij)
    session.flush()
    return als_gebruiker(rij)


def rij_met(*, session: Session, gebruikersnaam: str) -> GebruikerRij | None:
    return session.exec(
        select(GebruikerRij).where(GebruikerRij.gebruikersnaam == gebruikersnaam)
    ).first()


def met_oidc_subject(*, session: Session, subject: str) -> GebruikerRij | None:
    """The account the identity provider's `sub` signed in as before, if any."""
    return session.exec(select(GebruikerRij).where(GebruikerRij.oidc_subject == subject)).first()


def zet_wachtwoord(*, rij: GebruikerRij, wachtwoord: str) -> None:
    rij.wachtwoord_hash = _HASHER.hash(wachtwoord)


def controleer(*, session: Session, gebruikersnaam: str, wachtwoord: str) -> Gebruiker | None:
    """The active account this name and password open, or None (one hash check either way)."""
    rij = session.exec(
        select(GebruikerRij).where(GebruikerRij.gebruikersnaam == gebruikersnaam)
    ).first()
    try:
        _HASHER.verify(
            rij.wachtwoord_hash if rij and rij.wachtwoord_hash else _LEGE_HASH, wachtwoord
        )
    except (VerificationError, InvalidHashError):
        return None
    if rij is None or not rij.actief or not rij.wachtwoord_hash:
        return None
    return als_gebruiker(rij)


def log_toegang(
    *,
    session: Session,
    gebruiker: Gebruiker,
    handeling: str,
    toegestaan: bool,
    nu: datetime,
    pseudoniem: str | None = None,
    reden: str | None = None,
    zicht: Zicht | None = None,
) -> None:
    session.add(
        Toegangslog(
            gebruikersnaam=gebruiker.gebruikersnaam,
            rol=gebruiker.rol.value,
            pseudoniem=pseudoniem,
            handeling=handeling,
            reden=reden,
            toegestaan=toegestaan,
            zicht=zicht.value if zicht else None,
            tijdstip=nu,
        )
    )
