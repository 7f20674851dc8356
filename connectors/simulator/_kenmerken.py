"""Plausible intake attributes for the simulator's referrals (schemas.kenmerken): the target
group follows the programme, the region is its gemeente's CBS code, origin only where the
programme names a lawful basis for it."""

from __future__ import annotations

import random

from schemas.kenmerken import Doelgroep, Geslacht, Herkomst, Kenmerken
from schemas.programma import Programma

D = Doelgroep
# Per programme (config/programmas/*.yaml): its target groups, most common first.
DOELGROEPEN: dict[str, tuple[Doelgroep, ...]] = {
    "duaal-drechtsteden": (D.INBURGERING,),
    "roermond-up-jongeren": (D.INBURGERING, D.JONGEREN),
    "utrecht-bank-tot-baan": (D.PARTICIPATIEWET, D.NUGGER, D.WW),
    "harderwijk-voltijd-klantreis": (D.PARTICIPATIEWET, D.NUGGER),
    "instroomportaal": (D.PARTICIPATIEWET, D.NUGGER, D.WW),
    "vso-pro-uitstroom": (D.VSO_PRO,),
}
REGIO = {  # CBS gemeentecodes
    "duaal-drechtsteden": "GM0505",  # Dordrecht
    "roermond-up-jongeren": "GM0957",  # Roermond
    "utrecht-bank-tot-baan": "GM0344",  # Utrecht
    "harderwijk-voltijd-klantreis": "GM0243",  # Harderwijk
    "instroomportaal": "GM0301",  # Zutphen (iederz)
    "vso-pro-uitstroom": "GM0281",  # Tiel (Rivierenland)
}


def kenmerken_voor(programma: Programma, rng: random.Random) -> Kenmerken:
    """Sex mostly known, the programme's target groups weighted to the first, its region."""
    groepen = DOELGROEPEN.get(programma.id, (D.ANDERS,))
    geslacht = rng.choices(list(Geslacht), weights=[48, 48, 1, 3])[0]
    doelgroep = rng.choices(groepen, weights=[6, *([2] * (len(groepen) - 1))])[0]
    herkomst = (
        rng.choices(list(Herkomst), weights=[50, 15, 30, 5])[0]
        if programma.monitor.herkomst_grondslag
        else None
    )
    return Kenmerken(
        geslacht=geslacht, doelgroep=doelgroep, regio=REGIO.get(programma.id), herkomst=herkomst
    )
