"""A small cohort moved through the chain, some with consent for research and some without."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from persistence import klok
from persistence.tabellen_toestemming import Toestemming
from persistence.verloop import vind_deelnemer
from schemas.fase import Fase
from schemas.toestemming import ONDERZOEK
from tests.flows.opvolging.hulp import Keten, bsn

PROGRAMMA = "utrecht-bank-tot-baan"
BRON = "schriftelijk, intake"
NAAM = "Test Deelnemer"  # the name tests.flows.opvolging.hulp refers everyone under


@dataclass(frozen=True)
class Cohort:
    doorgestroomd: str  # consent; instroom → assessment → ontwikkeling
    aangemeld: str  # consent; only referred
    zonder: str  # no consent; moved like the first
    ingetrokken: str  # consent withdrawn yesterday
    bsns: tuple[str, ...]
    geboortedata: tuple[str, ...]

    @property
    def met_grondslag(self) -> tuple[str, str]:
        return self.doorgestroomd, self.aangemeld


def geef_toestemming(keten: Keten, pseudoniem: str, *, ingetrokken: bool = False) -> None:
    engine = keten.engine
    nu = klok.nu(engine=engine)
    with Session(engine) as s:
        d = vind_deelnemer(session=s, pseudoniem=pseudoniem)
        assert d is not None and d.id is not None
        s.add(
            Toestemming(
                deelnemer_id=d.id,
                pseudoniem=pseudoniem,
                ontvanger=ONDERZOEK,
                soort="toestemming",
                bron=BRON,
                van=nu - timedelta(days=2),
                tot=nu - timedelta(days=1) if ingetrokken else None,
                vastgelegd_door="regiehouder-test",
                vastgelegd_op=nu,
            )
        )
        s.commit()


def cohort(keten: Keten) -> Cohort:
    bsns = tuple(bsn(900 + i) for i in range(4))
    geboren = ("2001-03-04", "1968-11-30", "1995-07-15", "2008-01-20")
    p = [keten.meld_aan(PROGRAMMA, b, g) for b, g in zip(bsns, geboren, strict=True)]
    keten.loop([p[0], p[2]], PROGRAMMA, tot=Fase.ONTWIKKELING)
    for pseudoniem in (p[0], p[1]):
        geef_toestemming(keten, pseudoniem)
    geef_toestemming(keten, p[3], ingetrokken=True)
    return Cohort(p[0], p[1], p[2], p[3], bsns, geboren)


def verboden_teksten(c: Cohort) -> list[str]:
    """What must never be in an export: names, BSNs, birth dates (both ways round), the chain's
    pseudonyms."""
    data = [*c.geboortedata, *("-".join(reversed(g.split("-"))) for g in c.geboortedata)]
    return [NAAM, *c.bsns, *data, "KT-"]
