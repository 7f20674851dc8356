"""Partners see only what they need: the allowlists per partner kind."""

from __future__ import annotations

import pytest

import connectors
from connectors import CLIENT_PER_SOORT
from schemas.berichten import PartnerBericht
from schemas.contracten import ALLE_CONTRACTEN, InstroomNaarAssessment, contract_voor
from schemas.fase import SOORT_PER_FASE, Fase, PartnerSoort


def _start(soort: PartnerSoort) -> frozenset[str]:
    return CLIENT_PER_SOORT[soort].TOEGESTAAN["traject.start"]


def test_every_partner_kind_has_a_client() -> None:
    assert set(CLIENT_PER_SOORT) == set(PartnerSoort)
    assert all(soort == cls.SOORT for soort, cls in CLIENT_PER_SOORT.items())


# The forward edges: a later phase than the one left, each with its own contract.
VOORUIT = sorted(
    (van, naar)
    for van in Fase
    for naar in Fase
    if naar.volgnummer > van.volgnummer and contract_voor(van, naar)
)


@pytest.mark.parametrize(("van", "naar"), VOORUIT)
def test_every_kind_that_may_run_a_phase_receives_the_whole_dossier_into_it(
    van: Fase, naar: Fase
) -> None:
    """Nothing a contract requires is stripped on the way to a partner allowed to run its phase."""
    contract = contract_voor(van, naar)
    assert contract is not None
    for soort in SOORT_PER_FASE[naar]:
        assert set(contract.model_fields) <= _start(soort), (soort, contract.NAAM)


def test_a_werkgever_never_sees_language_level_or_the_gemeentes_referral() -> None:
    verboden = set(InstroomNaarAssessment.model_fields) - {"programma"}
    assert "taalniveau" not in _start(PartnerSoort.WERKGEVER)
    assert not verboden & _start(PartnerSoort.WERKGEVER)
    assert not verboden & _start(PartnerSoort.NAZORG)


def test_only_the_assessment_partner_gets_the_referral_dossier() -> None:
    for soort in PartnerSoort:
        krijgt = {"toestemming_delen", "taaltoets_datum", "doelgroep", "regiehouder"} <= _start(
            soort
        )
        assert krijgt == (soort == PartnerSoort.ASSESSMENT), soort


def test_notifications_go_only_to_the_gemeente_and_refusals_to_everyone() -> None:
    for soort, cls in CLIENT_PER_SOORT.items():
        assert ("melding.uitval" in cls.TOEGESTAAN) == (soort == PartnerSoort.GEMEENTE)
        assert ("melding.afgesloten" in cls.TOEGESTAAN) == (soort == PartnerSoort.GEMEENTE)
        assert cls.TOEGESTAAN["overdracht.geweigerd"] == {
            "webhook_id",
            "type",
            "fase",
            "reden",
            "bevindingen",
        }
    gemeente = CLIENT_PER_SOORT[PartnerSoort.GEMEENTE].TOEGESTAAN
    assert gemeente["melding.uitval"] == {"fase", "reden"}
    assert gemeente["melding.afgesloten"] == {"uitkomst", "contract_versie", "bestemming"}
    assert gemeente["melding.uitkomst"] == {"uitkomst", "gemeld_door"}
    assert all(
        ("melding.uitkomst" in cls.TOEGESTAAN) == (soort == PartnerSoort.GEMEENTE)
        for soort, cls in CLIENT_PER_SOORT.items()
    )


def test_allowlists_name_only_real_contract_fields() -> None:
    bekend = {naam for contract in ALLE_CONTRACTEN for naam in contract.model_fields}
    for cls in CLIENT_PER_SOORT.values():
        assert _start(cls.SOORT) <= bekend


def test_public_surface_is_complete() -> None:
    publiek = {naam for naam in dir(connectors) if not naam.startswith("_")}
    modules = {
        "assessment",
        "partnerclient",
        "errors",
        "fabriek",
        "gemeente",
        "nazorg",
        "ontwikkeling",
        "opleiding",
        "ondertekening",
        "werkgever",
        "simulator",
        "annotations",
    }
    assert publiek - modules == set(connectors.__all__)
    assert all(hasattr(connectors, naam) for naam in connectors.__all__)


def test_every_kind_receives_the_regiehouders_measure_on_its_own_report() -> None:
    """Any kind of partner may report a breach (schemas.schending), so any kind hears the
    measure the regiehouder took on it: the measure, its date and the breaches, nothing else."""
    bericht = PartnerBericht(
        sleutel="k", soort="melding.maatregel", deelnemer="KT-ABCDEFGH23", programma="p",
        inhoud={"maatregel": "waarschuwing", "datum": "2026-12-01", "schendingen": [], "x": 1},
    )  # fmt: skip
    for cls in CLIENT_PER_SOORT.values():
        client = cls.__new__(cls)
        client._partner_id = "p"
        verstrekking = client.verstrekking(bericht)
        assert verstrekking.velden == ("datum", "maatregel", "schendingen")
        assert verstrekking.weggelaten == ("x",)


def test_a_lanes_start_tells_every_kind_of_partner_which_lane_it_is() -> None:
    """A lane's partner must know a start is the lane's (schemas.banen): `baan` is never stripped."""
    bericht = PartnerBericht(
        sleutel="k", soort="traject.start", deelnemer="KT-ABCDEFGH23", programma="p",
        fase=Fase.ONTWIKKELING, inhoud={"baan": "taal", "geheim": 1},
    )  # fmt: skip
    for cls in CLIENT_PER_SOORT.values():
        client = cls.__new__(cls)
        client._partner_id = "p"
        verstrekking = client.verstrekking(bericht)
        assert "baan" in verstrekking.velden and "geheim" in verstrekking.weggelaten
