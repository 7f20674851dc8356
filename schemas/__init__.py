"""The chain's vocabulary: phases, moves, programmes, handoff contracts and webhook events. No I/O."""

from schemas.contracts import ALLE_CONTRACTEN, Contract, contract_voor
from schemas.events import PartnerGebeurtenis, Persoon, beweging_van
from schemas.messages import PartnerAntwoord, PartnerBericht
from schemas.outcome import Uitkomst
from schemas.phase import Beweging, Fase, PartnerSoort, TrajectStatus, UitkomstSoort, UitvalReden
from schemas.programme import Besluit, Programma, Toestand
from schemas.rules import Regel, RegelSoort

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
