"""Who sees what: the view rules over every role and every relation to a participant."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from schemas.rollen import DeelnemerBetrokkenen, Gebruiker, Recht, Rol, Zicht, mag, zicht_op

BETROKKEN = DeelnemerBetrokkenen(
    regiehouder="km-utrecht-017", partners=frozenset({"assessment-utrecht", "werkgever-x"})
)


def test_the_coordinator_sees_status_never_the_file():
    assert zicht_op(Gebruiker("r", Rol.KETENREGISSEUR), BETROKKEN) == Zicht.STATUS


def test_the_regiehouder_sees_the_file_only_of_those_they_hold():
    houder = Gebruiker("k", Rol.REGIEHOUDER, "gemeente-utrecht", "km-utrecht-017")
    collega = Gebruiker("c", Rol.REGIEHOUDER, "gemeente-utrecht", "km-utrecht-018")
    zonder = Gebruiker("z", Rol.REGIEHOUDER, "gemeente-utrecht", None)
    assert zicht_op(houder, BETROKKEN) == Zicht.DOSSIER
    assert zicht_op(collega, BETROKKEN) == Zicht.GEEN
    assert zicht_op(zonder, DeelnemerBetrokkenen(None, frozenset())) == Zicht.GEEN


def test_a_partner_medewerker_sees_status_of_their_own_organisations_participants():
    eigen = Gebruiker("p", Rol.PARTNER_MEDEWERKER, "werkgever-x")
    ander = Gebruiker("q", Rol.PARTNER_MEDEWERKER, "werkgever-y")
    assert zicht_op(eigen, BETROKKEN) == Zicht.STATUS
    assert zicht_op(ander, BETROKKEN) == Zicht.GEEN


def test_the_researcher_and_the_beheerder_see_no_participant():
    assert zicht_op(Gebruiker("o", Rol.ONDERZOEKER), BETROKKEN) == Zicht.GEEN
    assert zicht_op(Gebruiker("b", Rol.BEHEERDER), BETROKKEN) == Zicht.GEEN
    assert mag(Gebruiker("o", Rol.ONDERZOEKER), Recht.EXPORT)
    assert not mag(Gebruiker("r", Rol.KETENREGISSEUR), Recht.EXPORT)


@given(
    rol=st.sampled_from(list(Rol)),
    partner=st.one_of(st.none(), st.sampled_from(["werkgever-x", "werkgever-y"])),
    persoon=st.one_of(st.none(), st.sampled_from(["km-utrecht-017", "km-utrecht-018"])),
    regiehouder=st.one_of(st.none(), st.sampled_from(["km-utrecht-017", "km-utrecht-018"])),
)
def test_only_the_regiehouder_holding_the_case_ever_sees_the_file(
    rol, partner, persoon, regiehouder
):
    zicht = zicht_op(
        Gebruiker("x", rol, partner, persoon),
        DeelnemerBetrokkenen(regiehouder, frozenset({"werkgever-x"})),
    )
    if zicht == Zicht.DOSSIER:
        assert rol == Rol.REGIEHOUDER and persoon is not None and persoon == regiehouder
    if zicht != Zicht.GEEN:
        assert mag(Gebruiker("x", rol), Recht.DEELNEMER)
