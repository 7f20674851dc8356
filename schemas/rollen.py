"""People of the chain and what each may see: roles, rights, and the view on one participant.

The AVG (DOMAIN §5, §6) limits who sees what. The ketenregisseur conducts the chain and sees
status (phase, partner, flags, dates), never the file; the regiehouder (the klantmanager) sees the
file of the participants they hold; a partner's medewerker sees their own organisation's
participants; the onderzoeker sees aggregates and exports only; the beheerder manages accounts.
Pure decisions over frozen values: the dashboard asks, these answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Rol(StrEnum):
    KETENREGISSEUR = "ketenregisseur"
    REGIEHOUDER = "regiehouder"
    PARTNER_MEDEWERKER = "partner_medewerker"
    ONDERZOEKER = "onderzoeker"
    BEHEERDER = "beheerder"


class Recht(StrEnum):
    OVERZICHT = "overzicht"  # the funnel, times, flags, worklist: counts and pseudonyms
    DEELNEMER = "deelnemer"  # drill down to one participant (how far: `zicht_op`)
    TOESTEMMING = "toestemming"  # record or withdraw consent for a participant
    MONITOR = "monitor"  # the equal-chances monitor (suppressed aggregates)
    EXPORT = "export"  # the researcher export
    BEHEER = "beheer"  # accounts


_RECHTEN: dict[Rol, frozenset[Recht]] = {
    Rol.KETENREGISSEUR: frozenset({Recht.OVERZICHT, Recht.DEELNEMER, Recht.MONITOR}),
    Rol.REGIEHOUDER: frozenset(
        {Recht.OVERZICHT, Recht.DEELNEMER, Recht.TOESTEMMING, Recht.MONITOR}
    ),
    Rol.PARTNER_MEDEWERKER: frozenset({Recht.OVERZICHT, Recht.DEELNEMER}),
    Rol.ONDERZOEKER: frozenset({Recht.MONITOR, Recht.EXPORT}),
    Rol.BEHEERDER: frozenset({Recht.BEHEER}),
}


@dataclass(frozen=True)
class Gebruiker:
    """Who is signed in: an account name, a role, and what ties them to participants.

    `partner` is the organisation of a partner_medewerker (and of a regiehouder: their gemeente);
    `persoon` is the person reference a regiehouder holds cases under (RegiehouderPeriode.regiehouder).
    """

    gebruikersnaam: str
    rol: Rol
    partner: str | None = None
    persoon: str | None = None


class Zicht(StrEnum):
    """How far a user sees one participant."""

    GEEN = "geen"
    STATUS = "status"  # phase, partner, dates, flags, decisions' kinds: no reasons, no file
    DOSSIER = "dossier"  # everything, the reasons of decisions included


@dataclass(frozen=True)
class DeelnemerBetrokkenen:
    """Who is involved with one participant: their regiehouder now, and every partner that ran
    or runs a phase or lane of theirs."""

    regiehouder: str | None
    partners: frozenset[str]


def mag(gebruiker: Gebruiker, recht: Recht) -> bool:
    return recht in _RECHTEN[gebruiker.rol]


def zicht_op(gebruiker: Gebruiker, betrokkenen: DeelnemerBetrokkenen) -> Zicht:
    """The coordinator sees status of everyone; the regiehouder the file of those they hold; a
    partner's medewerker status of their organisation's participants; nobody else anything."""
    if not mag(gebruiker, Recht.DEELNEMER):
        return Zicht.GEEN
    if gebruiker.rol == Rol.KETENREGISSEUR:
        return Zicht.STATUS
    if gebruiker.rol == Rol.REGIEHOUDER:
        houdt = gebruiker.persoon is not None and gebruiker.persoon == betrokkenen.regiehouder
        return Zicht.DOSSIER if houdt else Zicht.GEEN
    if gebruiker.rol == Rol.PARTNER_MEDEWERKER and gebruiker.partner in betrokkenen.partners:
        return Zicht.STATUS
    return Zicht.GEEN
