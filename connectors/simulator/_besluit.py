"""The simulated partners' decider on each routing decision (issue 10 e): a role for the kind of
partner, a pseudonymous employee number per partner ("MW-" + digits, never a name), a short reason."""

from __future__ import annotations

import zlib

from schemas.fase import PartnerSoort
from schemas.verantwoording import Rol, Verantwoording

_ROL: dict[PartnerSoort, Rol] = {
    PartnerSoort.GEMEENTE: Rol.REGIEHOUDER,
    PartnerSoort.WERKGEVER: Rol.WERKGEVER,
    PartnerSoort.NAZORG: Rol.JOBCOACH,
    PartnerSoort.OPLEIDING: Rol.DOCENT,
}


def medewerker(partner_id: str) -> str:
    """The same employee reference for every decision of one simulated partner."""
    return f"MW-{10000 + zlib.crc32(partner_id.encode()) % 90000}"


def besluit(partner_id: str, soort: PartnerSoort | None, reden: str) -> Verantwoording:
    rol = _ROL.get(soort, Rol.TRAJECTBEGELEIDER) if soort else Rol.TRAJECTBEGELEIDER
    return Verantwoording(reden=reden, rol=rol, persoon=medewerker(partner_id))
