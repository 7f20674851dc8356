"""The one rule on who may act on a participant (the door's 403 and processing's refusal)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schemas.fase import Fase
from schemas.gebeurtenissen import FaseGestart, Gepauzeerd, Herinstroom, NazorgCheckin
from schemas.toegang import NIET_BETROKKEN, Betrokkenheid, kent, weigering
from tests.beslisser import BESLUIT

NU = datetime(2026, 11, 22, tzinfo=UTC)
P = "KT-ABCDEFGH23"
IN_ASSESSMENT = Betrokkenheid(
    regiehouder="gemeente-utrecht",
    fase="assessment",
    partner="assessment-utrecht",
    checkin_partners=frozenset({"jobcoach-utrecht"}),
)

PAUZE = Gepauzeerd(
    type="traject.gepauzeerd", gemeld_op=NU, deelnemer=P, fase=Fase.ASSESSMENT, reden="ziekte"
)
START = FaseGestart(
    type="fase.gestart",
    gemeld_op=NU,
    deelnemer=P,
    fase=Fase.ASSESSMENT,
    gestart_op=date(2026, 11, 20),
)
TERUG = Herinstroom(
    type="deelnemer.herinstroom",
    gemeld_op=NU,
    deelnemer=P,
    naar=Fase.INSTROOM,
    reden="opnieuw proberen",
    besluit=BESLUIT,
)
CHECKIN = NazorgCheckin(
    type="nazorg.checkin", gemeld_op=NU, deelnemer=P, maand=1, nog_in_dienst=True
)


@pytest.mark.parametrize(
    ("partner", "gebeurtenis", "toegestaan"),
    [
        ("assessment-utrecht", PAUZE, True),
        ("assessment-utrecht", START, True),
        ("ontwikkeling-horeca-utrecht", PAUZE, False),
        ("gemeente-utrecht", PAUZE, False),
        ("gemeente-utrecht", TERUG, True),
        ("assessment-utrecht", TERUG, False),
        ("jobcoach-utrecht", CHECKIN, True),
        ("assessment-utrecht", CHECKIN, False),
    ],
)
def test_wie_mag_wat(partner, gebeurtenis, toegestaan):
    assert (weigering(partner, gebeurtenis, IN_ASSESSMENT) is None) is toegestaan


def test_andere_fase_van_de_eigen_partner_is_geweigerd():
    elders = PAUZE.model_copy(update={"fase": Fase.ONTWIKKELING})
    assert (
        weigering("assessment-utrecht", elders, IN_ASSESSMENT)
        == f"{P} is in assessment, not ontwikkeling"
    )


def test_onbekende_deelnemer_verraadt_niet_of_die_bestaat():
    assert weigering("assessment-utrecht", PAUZE, None) == NIET_BETROKKEN


PARTNERS = [
    "gemeente-utrecht",
    "assessment-utrecht",
    "ontwikkeling-horeca-utrecht",
    "jobcoach-utrecht",
    "werkgevers-utrecht",
    "meerinzicht-klantmanager",
]


@given(
    partner=st.sampled_from(PARTNERS),
    gebeurtenis=st.sampled_from([PAUZE, START, TERUG, CHECKIN]),
    fase=st.sampled_from(list(Fase)),
)
def test_eigenschap_wie_er_niets_mee_te_maken_heeft_hoort_hetzelfde_als_bij_onbekend(
    partner, gebeurtenis, fase
):
    """Before, someone else's participant was refused with a different sentence ("does not run
    ...'s current phase", "only the regiehouder ...") than an unknown pseudonym: an oracle."""
    gebeurtenis = (
        gebeurtenis.model_copy(update={"fase": fase})
        if hasattr(gebeurtenis, "fase")
        else gebeurtenis
    )
    reden = weigering(partner, gebeurtenis, IN_ASSESSMENT)
    if not kent(partner, IN_ASSESSMENT):
        assert reden == weigering(partner, gebeurtenis, None) == NIET_BETROKKEN
    else:
        assert reden != NIET_BETROKKEN  # who has a part hears why


def test_late_startmelding_van_een_afgeronde_eigen_fase_mag():
    verder = Betrokkenheid(
        regiehouder="gemeente-utrecht",
        fase="ontwikkeling",
        partner="ontwikkeling-horeca-utrecht",
        afgerond=frozenset({("assessment-utrecht", "assessment")}),
    )
    assert weigering("assessment-utrecht", START, verder) is None
    assert weigering("assessment-utrecht", PAUZE, verder) is not None, (
        "only a start report may come late"
    )
    assert weigering("participatiehuis-competensys", START, verder) is not None
