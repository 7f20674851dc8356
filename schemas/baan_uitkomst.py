"""A lane that ends on its own records its outcome (DOMAIN §8 scenario 14).

Seed 004 (Hoeksche Waard): an older, illiterate participant gets a vrijstelling and the case moves
to Participatiewet or volwasseneneducatie colleagues. In a duaal traject the inburgering is the
taal lane: it ends with the outcome "vrijstelling" while the trajectory runs on under the new
regiehouder. The outcome is recorded like any other (`UitkomstRegel`), marked interim because the
trajectory itself has not ended; the lane's ledger entry says which lane closed. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import replace

from schemas.contracten import Afsluiting
from schemas.fase import Beweging
from schemas.overdracht import Gevolg, Kandidaat
from schemas.tussenuitkomst import RegistreerUitkomst
from schemas.uitstroom import uitkomst_gevolg


def baan_uitkomst(k: Kandidaat, beweging: Beweging) -> tuple[Gevolg, ...]:
    """The outcome a lane's own closing carries, as a record; nothing for any other lane move."""
    if beweging != Beweging.AFSLUITEN or not isinstance(k.dossier, Afsluiting):
        return ()
    gevolg = uitkomst_gevolg(k.dossier, k.partner)  # v2 carries the destination, v1 none
    if isinstance(gevolg, RegistreerUitkomst):
        return (replace(gevolg, tussentijds=True),)
    return (RegistreerUitkomst(k.dossier.uitkomst, gemeld_door=k.partner, tussentijds=True),)
