"""The chain's vocabulary: phases, moves, programmes, handoff contracts and webhook events. No I/O."""

from schemas.berichten import PartnerAntwoord, PartnerBericht
from schemas.contracten import ALLE_CONTRACTEN, Contract, contract_voor
from schemas.fase import Beweging, Fase, PartnerSoort, TrajectStatus, UitkomstSoort, UitvalReden
from schemas.gebeurtenissen import PartnerGebeurtenis, Persoon, beweging_van
from schemas.programma import Besluit, Programma, Toestand
from schemas.regels import Regel, RegelSoort
from schemas.uitkomst import Uitkomst

__all__ = [
    "ALLE_CONTRACTEN",
    "Besluit",
    "Beweging",
    "Contract",
    "Fase",
    "PartnerAntwoord",
    "PartnerBericht",
    "PartnerGebeurtenis",
    "PartnerSoort",
    "Persoon",
    "Programma",
    "Regel",
    "RegelSoort",
    "Toestand",
    "TrajectStatus",
    "Uitkomst",
    "UitkomstSoort",
    "UitvalReden",
    "beweging_van",
    "contract_voor",
]
