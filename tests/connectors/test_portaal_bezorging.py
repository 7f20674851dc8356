"""The instroomportaal's messages reach their partners (seed 000): the school receives the "beeld van
iemand" and nothing else of the exit, a referring coach of the gemeente hears what became of its
referral, and a nazorg or development partner never receives the picture."""

from __future__ import annotations

from connectors import CLIENT_PER_SOORT
from schemas.berichten import PartnerBericht
from schemas.fase import PartnerSoort
from settings import Catalogus

BEELD = {
    "kan": ["samenwerken"],
    "wil": ["techniek"],
    "werkritme_dagdelen": [2, 4],
    "aanwezigheid_pct": 90,
}


def _bericht(soort: str, inhoud: dict[str, object]) -> PartnerBericht:
    return PartnerBericht.model_validate(
        {
            "sleutel": f"iederz-instroomportaal/msg_1/{soort}",
            "soort": soort,
            "deelnemer": "KT-AAAAAAAAAA",
            "programma": "instroomportaal",
            "fase": "ontwikkeling",
            "inhoud": inhoud,
        }
    )


def test_de_school_krijgt_het_beeld_en_de_coach_de_uitkomst_van_haar_verwijzing(
    catalogus: Catalogus,
) -> None:
    beeld = _bericht(
        "beeld.overdracht",
        {
            "uitkomst": {"soort": "onderwijs", "datum": "2026-11-29", "mbo_niveau": 0},
            "beeld": BEELD,
            "van": "iederz-instroomportaal",
            "bestemming": {"referentie": "alfa-college", "bevestigd": True},
        },
    )
    school = catalogus.partner("alfa-college")
    keuze = CLIENT_PER_SOORT[school.soort](school).verstrekking(beeld)
    assert (keuze.velden, keuze.weggelaten) == (("beeld", "uitkomst", "van"), ("bestemming",))

    coach = catalogus.partner("coach-meedoen-groningen")
    uitkomst = _bericht(
        "verwijzing.uitkomst",
        {
            "uitkomst": "aangemeld",
            "programma": "instroomportaal",
            "regiehouder": "gemeente-groningen",
        },
    )
    gehoord = CLIENT_PER_SOORT[coach.soort](coach).verstrekking(uitkomst)
    assert gehoord.velden == ("programma", "regiehouder", "uitkomst") and not gehoord.weggelaten


def test_alleen_een_school_of_werkgever_ontvangt_een_beeld() -> None:
    ontvangers = {s for s, cls in CLIENT_PER_SOORT.items() if "beeld.overdracht" in cls.TOEGESTAAN}
    assert ontvangers == {PartnerSoort.OPLEIDING, PartnerSoort.WERKGEVER}
