"""The worklist's vocabulary: why a participant needs action, the kind filter, and paging.

A participant is on the list for an open flag, an overdue checkpoint, a quarantined handoff or a
dead outbox message; the oldest reason sorts them. Pure: the database groups, this decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from schemas.opvolging import SignaalSoort
from schemas.overzicht import OngeldigeVraag

PER_PAGINA = 50

# Reasons besides a flag; a flag's reason is its kind (SignaalSoort).
IJKPUNT_VERLOPEN = "ijkpunt_verlopen"
QUARANTAINE = "quarantaine"
DOOD_BERICHT = "dood_bericht"
ANDERE_REDENEN = (IJKPUNT_VERLOPEN, QUARANTAINE, DOOD_BERICHT)
SOORTEN = (*(s.value for s in SignaalSoort), *ANDERE_REDENEN)

OMSCHRIJVING = {
    IJKPUNT_VERLOPEN: "ijkpunt over de vervaldatum",
    QUARANTAINE: "overdracht in quarantaine",
    DOOD_BERICHT: "bericht niet afgeleverd",
}


def omschrijving(soort: str) -> str:
    return OMSCHRIJVING.get(soort, f"signaal: {soort.replace('_', ' ')}")


def lees_pagina(waarde: str | None) -> int:
    """`?pagina=`: a page number from 1; absent means the first."""
    if waarde is None or waarde == "":
        return 1
    if not (waarde.isascii() and waarde.isdigit()) or not 1 <= int(waarde) <= 100_000:
        raise OngeldigeVraag("pagina", "moet een geheel getal vanaf 1 zijn")
    return int(waarde)


@dataclass(frozen=True)
class Reden:
    """One reason a participant is on the list: its kind, the partner concerned, since when."""

    soort: str
    partner: str
    sinds: datetime


@dataclass(frozen=True)
class Actiepunt:
    """A row of the worklist: a participant by pseudonym and their reasons, oldest first."""

    pseudoniem: str
    programma: str
    sinds: datetime
    redenen: tuple[Reden, ...]

    def dagen(self, nu: datetime) -> int:
        return max(0, (nu - self.sinds).days)


def actiepunten(
    volgorde: list[tuple[int, str, str, datetime]], redenen: list[tuple[int, Reden]]
) -> list[Actiepunt]:
    """Join a page of (participant id, pseudonym, programme, oldest) with their reasons, keeping
    the page's order and sorting each participant's reasons oldest first."""
    per: dict[int, list[Reden]] = {}
    for deelnemer_id, reden in redenen:
        per.setdefault(deelnemer_id, []).append(reden)
    return [
        Actiepunt(p, prog, sinds, tuple(sorted(per.get(d, []), key=lambda r: (r.sinds, r.soort))))
        for d, p, prog, sinds in volgorde
    ]


@dataclass(frozen=True)
class Bladeren:
    """Where a page sits among all: its number, how many pages, the offset to query."""

    pagina: int
    totaal: int

    @property
    def paginas(self) -> int:
        return max(1, -(-self.totaal // PER_PAGINA))

    @property
    def offset(self) -> int:
        return (self.pagina - 1) * PER_PAGINA

    @property
    def vorige(self) -> int | None:
        return self.pagina - 1 if self.pagina > 1 else None

    @property
    def volgende(self) -> int | None:
        return self.pagina + 1 if self.pagina < self.paginas else None
