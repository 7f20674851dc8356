"""Intake attributes in a fixed format (seed 002: "vaste formats bij de intake"), for the
equal-chances monitor only: sex, target group, region, origin (where a lawful basis is
configured) and an age band derived at the door from the birth date, which stays encrypted.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Geslacht(StrEnum):
    MAN = "man"
    VROUW = "vrouw"
    ANDERS = "anders"
    ONBEKEND = "onbekend"


class Doelgroep(StrEnum):
    """The target groups of the chain's programmes (config/programmas/*.yaml)."""

    INBURGERING = "inburgering"  # Wet inburgering: duaal-drechtsteden, roermond-up-jongeren
    PARTICIPATIEWET = "participatiewet"  # bijstand: utrecht, harderwijk, instroomportaal
    VSO_PRO = "vso_pro"  # pupils leaving special or practical education (seed 002)
    JONGEREN = "jongeren"  # young people without a start qualification
    NUGGER = "nugger"  # niet-uitkeringsgerechtigd werkzoekend
    WW = "ww"  # from unemployment benefit (UWV)
    ANDERS = "anders"


class Herkomst(StrEnum):
    """CBS's origin classification since 2022 (herkomstland in groups); never a country."""

    NEDERLAND = "nederland"
    EUROPA = "europa"  # Europe outside the Netherlands
    BUITEN_EUROPA = "buiten_europa"
    ONBEKEND = "onbekend"


class Leeftijdsband(StrEnum):
    """Age at referral in bands wide enough that the band says little about one person."""

    TOT_15 = "<15"
    B15_17 = "15-17"
    B18_22 = "18-22"
    B23_26 = "23-26"
    B27_34 = "27-34"
    B35_49 = "35-49"
    B50_PLUS = "50+"


_GRENZEN: tuple[tuple[int, Leeftijdsband], ...] = (
    (50, Leeftijdsband.B50_PLUS),
    (35, Leeftijdsband.B35_49),
    (27, Leeftijdsband.B27_34),
    (23, Leeftijdsband.B23_26),
    (18, Leeftijdsband.B18_22),
    (15, Leeftijdsband.B15_17),
)

REGIO_PATROON = (
    r"^(GM[0-9]{4}|CR[0-9]{2}|AM[0-9]{2})$"  # CBS codes: gemeente, COROP, arbeidsmarktregio
)


class Kenmerken(BaseModel):
    """What the gemeente sends with a referral; every field optional (unknown stays unknown)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    geslacht: Geslacht | None = None
    doelgroep: Doelgroep | None = None
    regio: str | None = Field(
        default=None, pattern=REGIO_PATROON, description="CBS region code: GM0344, CR17, AM12."
    )
    herkomst: Herkomst | None = Field(
        default=None,
        description="Only for a programme whose config names a lawful basis (monitor.herkomst_grondslag).",
    )


def leeftijd(geboren: date, op: date) -> int:
    """Whole years on `op`."""
    return op.year - geboren.year - ((op.month, op.day) < (geboren.month, geboren.day))


def leeftijdsband(geboren: date, op: date) -> Leeftijdsband:
    """The band of the age on `op` (the referral's date)."""
    jaren = leeftijd(geboren, op)
    return next((band for grens, band in _GRENZEN if jaren >= grens), Leeftijdsband.TOT_15)


def herkomst_fout(kenmerken: Kenmerken | None, grondslag: str | None) -> str | None:
    """Why origin may not be kept for this programme, or None: it needs a configured basis."""
    if kenmerken is None or kenmerken.herkomst is None or grondslag:
        return None
    return (
        "herkomst is kept only for a programme whose config names a lawful basis "
        "(monitor.herkomst_grondslag); this programme names none"
    )
