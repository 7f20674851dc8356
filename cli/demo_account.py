"""The demo's coordinator account: `regisseur`, with a development-only password.

Derived like the other development secrets (`settings.ontwikkelgeheim`), so every demo prints the
same one and nobody has to set it up; refused in production, where accounts are made with
`keten gebruikers` or come from the municipality's identity provider.
"""

from __future__ import annotations

from sqlmodel import Session

from persistence import gebruikers, klok, maak_engine
from schemas.rollen import Rol
from settings import Instellingen, ontwikkelgeheim

REGISSEUR = "regisseur"


def demo_wachtwoord(instellingen: Instellingen) -> str:
    if instellingen.omgeving == "production":
        raise ValueError("no development password in production: use `keten gebruikers toevoegen`")
    ruw = ontwikkelgeheim("dashboard:regisseur")
    return "demo-" + "".join(t for t in ruw if t.isalnum())[:16]


def zorg_voor_regisseur(instellingen: Instellingen) -> str:
    """The coordinator account exists (made once, left alone after); its password."""
    wachtwoord = demo_wachtwoord(instellingen)
    engine = maak_engine(instellingen.db_url)
    with Session(engine) as s:
        if gebruikers.rij_met(session=s, gebruikersnaam=REGISSEUR) is None:
            gebruikers.voeg_toe(
                session=s,
                gebruikersnaam=REGISSEUR,
                rol=Rol.KETENREGISSEUR,
                wachtwoord=wachtwoord,
                nu=klok.nu(engine=engine),
            )
            s.commit()
    return wachtwoord
