"""The researcher export's vocabulary: a study's name and pseudonym, generalised attributes, and
the columns a researcher receives (issue 12, part 5; DOMAIN §6).

A study gets a pseudonym of its own per participant: an HMAC of the chain pseudonym under a key
derived from the chain's pepper and the study's name. Within one study the same participant keeps
the same pseudonym (across exports), two studies cannot join their files, and without the pepper
nobody can go back to the chain pseudonym. Attributes are generalised before they leave: an age
band instead of a birth date, a region instead of a gemeente, a month instead of a day.
No I/O: pure functions over values.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from schemas.fase import Beweging

# Lower case, digits and hyphens, 3 to 40 characters, starting with a letter: it becomes part of
# a key, a file name and the disclosure log's recipient, so nothing else is allowed.
STUDIENAAM = re.compile(r"[a-z][a-z0-9-]{2,39}")
STUDIENAAM_REGEL = "3-40 characters: lower-case letters, digits and hyphens, starting with a letter"
STUDIE_VOORVOEGSEL = "studie:"
# The disclosure log's recipient of an export: the purpose plus the study (schemas.toestemming).
ONTVANGER_VOORVOEGSEL = "doel:onderzoek:"


class Formaat(StrEnum):
    PARQUET = "parquet"
    CSV = "csv"


def studienaam(naam: str) -> str:
    """The study's name if it has the strict form, else ValueError saying the rule."""
    if not STUDIENAAM.fullmatch(naam):
        raise ValueError(STUDIENAAM_REGEL)
    return naam


def ontvanger(studie: str) -> str:
    return ONTVANGER_VOORVOEGSEL + studienaam(studie)


def studiesleutel(peper: bytes, studie: str) -> bytes:
    """The study's own key: one per study, derived so it needs no storage of its own."""
    return hmac.new(
        peper, (STUDIE_VOORVOEGSEL + studienaam(studie)).encode(), hashlib.sha256
    ).digest()


def studiepseudoniem(sleutel: bytes, ketenpseudoniem: str) -> str:
    """SP- and 24 hex digits (96 bits) of the keyed hash of the chain pseudonym."""
    return "SP-" + hmac.new(sleutel, ketenpseudoniem.encode(), hashlib.sha256).hexdigest()[:24]


# Age bands at referral (issue 12): the youth ages the programmes distinguish (15-17, 18-22,
# 23-26: Participatiewet and jongerenloket), then wide adult bands.
LEEFTIJDSBANDEN: tuple[tuple[int, str], ...] = (
    (15, "15-17"),
    (18, "18-22"),
    (23, "23-26"),
    (27, "27-34"),
    (35, "35-49"),
    (50, "50+"),
)


def leeftijd(geboortedatum: date, op: date) -> int:
    return (
        op.year
        - geboortedatum.year
        - ((op.month, op.day) < (geboortedatum.month, geboortedatum.day))
    )


def leeftijdsband(geboortedatum: date, op: date) -> str:
    """The band of the age on `op`; under 15 is one band of its own."""
    jaren = leeftijd(geboortedatum, op)
    band = "<15"
    for ondergrens, naam in LEEFTIJDSBANDEN:
        if jaren >= ondergrens:
            band = naam
    return band


def maand(tijdstip: datetime | date | None) -> str | None:
    """A month instead of a day: YYYY-MM."""
    return None if tijdstip is None else f"{tijdstip.year:04d}-{tijdstip.month:02d}"


# The moves counted per trajectory (its referral is every trajectory's first move: not counted).
GETELDE_BEWEGINGEN: tuple[Beweging, ...] = tuple(b for b in Beweging if b != Beweging.AANMELDEN)
HOOFDBAAN = "hoofd"

# The export's columns, the same in Parquet and CSV: one row per stay in a phase (long form), the
# trajectory's columns repeated on each of its rows. Type: "str", "int" or "bool"; a trailing "?"
# allows an empty value.
KOLOMMEN: tuple[tuple[str, str], ...] = (
    ("studie", "str"),
    ("studiepseudoniem", "str"),
    ("traject_volgnummer", "int"),
    ("programma", "str"),
    ("regio", "str"),
    ("leeftijdsband", "str"),
    ("aanmeldmaand", "str"),
    ("traject_startmaand", "str"),
    ("traject_eindmaand", "str?"),
    ("traject_status", "str"),
    ("banen", "str"),
    *((f"bewegingen_{b.value}", "int") for b in GETELDE_BEWEGINGEN),
    ("uitkomst", "str?"),
    ("uitkomstmaand", "str?"),
    ("fase_volgnummer", "int"),
    ("fase_baan", "str"),
    ("fase", "str"),
    ("fase_in_maand", "str"),
    ("fase_uit_maand", "str?"),
    ("fase_duur_dagen", "int"),
    ("fase_lopend", "bool"),
)
VELDEN: tuple[str, ...] = tuple(naam for naam, _ in KOLOMMEN)


class Ongeldig(ValueError):
    """A field of an export request that is wrong: which field and the rule it broke."""

    def __init__(self, veld: str, regel: str) -> None:
        super().__init__(f"{veld}: {regel}")
        self.veld, self.regel = veld, regel


@dataclass(frozen=True)
class Aanvraag:
    """An export request as both doors (the command line, the dashboard) read it."""

    studie: str
    formaat: Formaat
    programma: str | None
    van: date | None
    tot: date | None


_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")


def _datum(veld: str, tekst: str | None) -> date | None:
    if not tekst:
        return None
    try:
        if _DATUM.fullmatch(tekst):
            return date.fromisoformat(tekst)
    except ValueError:
        pass
    raise Ongeldig(veld, "a date as YYYY-MM-DD")


def lees_aanvraag(
    *,
    studie: str,
    formaat: str,
    programma: str | None,
    van: str | None,
    tot: str | None,
    programmas: Collection[str],
) -> Aanvraag:
    """The request, or `Ongeldig` naming the first wrong field."""
    try:
        naam = studienaam(studie)
    except ValueError as exc:
        raise Ongeldig("studie", str(exc)) from None
    if formaat not in {f.value for f in Formaat}:
        raise Ongeldig("formaat", "parquet or csv")
    if programma and programma not in programmas:
        raise Ongeldig("programma", "a programme of the chain")
    begin, eind = _datum("van", van), _datum("tot", tot)
    if begin and eind and eind < begin:
        raise Ongeldig("tot", "on or after van")
    return Aanvraag(naam, Formaat(formaat), programma or None, begin, eind)
