"""A synthetic cohort: valid people, spread over programmes, referred by signed webhooks."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from datetime import date

import httpx
import pytest
from pydantic import BaseModel, SecretStr

from connectors.simulator import WebhookAfzender, instroom_partner, maak_cohort, verwijs
from schemas.gebeurtenissen import Persoon
from schemas.medewerker import MEDEWERKER_PATROON
from settings import Catalogus, Instellingen
from tests.connectors.simulator_hulp import Ontvanger


def _leeftijd(geboren: date, vandaag: date) -> int:
    return (
        vandaag.year - geboren.year - ((vandaag.month, vandaag.day) < (geboren.month, geboren.day))
    )


def test_a_cohort_is_valid_unique_spread_and_repeatable(catalogus: Catalogus) -> None:
    programmas = list(catalogus.programmas.values())
    n = 20 * len(programmas)  # twenty per shipped programme
    cohort = maak_cohort(n, seed=3, programmas=programmas)

    assert len(cohort) == n
    assert all(
        Persoon.model_validate(a.persoon.model_dump()) == a.persoon for a in cohort
    )  # 11-test passes
    assert len({a.persoon.bsn for a in cohort}) == n
    assert len({a.verwijzing_id for a in cohort}) == n
    assert all(18 <= _leeftijd(a.persoon.geboortedatum, date.today()) <= 60 for a in cohort)
    per_programma = [sum(a.programma == p.id for a in cohort) for p in programmas]
    assert sum(per_programma) == n and max(per_programma) - min(per_programma) <= 1, (
        "spread evenly over every shipped programme"
    )
    assert [a.persoon for a in maak_cohort(n, seed=3, programmas=programmas)] == [
        a.persoon for a in cohort
    ]
    assert maak_cohort(1, seed=4, programmas=programmas)[0].persoon != cohort[0].persoon


def test_a_cohort_needs_a_programme() -> None:
    with pytest.raises(ValueError, match="at least one programme"):
        maak_cohort(3, seed=1, programmas=[])


def test_referrals_arrive_signed_from_each_programmes_gemeente_with_bounded_concurrency(
    catalogus: Catalogus, ontvanger: tuple[Ontvanger, str], caplog: pytest.LogCaptureFixture
) -> None:
    o, url = ontvanger
    o.traag_s = 0.05
    cohort = maak_cohort(8, seed=11, programmas=list(catalogus.programmas.values()))

    with caplog.at_level(logging.DEBUG):
        bewijzen = verwijs(cohort, catalogus, Instellingen(webhook_basis_url=url), gelijktijdig=3)

    assert all(b is not None and b.deelnemer and b.deelnemer.startswith("KT-") for b in bewijzen)
    assert len({b.deelnemer for b in bewijzen if b}) == 8
    assert o.weigeringen == 0 and len(o.ontvangen) == 8
    assert 1 < o.max_bezig <= 3
    per_verwijzing = {x.gebeurtenis.verwijzing_id: x.partner_id for x in o.ontvangen}
    for aanmelding in cohort:
        assert per_verwijzing[aanmelding.verwijzing_id] == instroom_partner(
            catalogus.programma(aanmelding.programma)
        )
    gemeenten = {instroom_partner(p) for p in catalogus.programmas.values()}
    assert {"gemeente-utrecht", "meerinzicht-klantmanager"} <= gemeenten
    assert {str(catalogus.partner(g).soort) for g in gemeenten} == {"gemeente"}
    for aanmelding in cohort:  # personal data never reaches a log line
        assert aanmelding.persoon.bsn not in caplog.text
        assert aanmelding.persoon.naam not in caplog.text
        assert aanmelding.persoon.geboortedatum.isoformat() not in caplog.text


class _Onzin(BaseModel):
    type: str = "geen.gebeurtenis"


def test_a_refused_webhook_is_not_retried(
    catalogus: Catalogus, ontvanger: tuple[Ontvanger, str]
) -> None:
    o, url = ontvanger

    async def stuur() -> str:
        async with httpx.AsyncClient() as client:
            afzender = WebhookAfzender(
                client, basis_url=url, catalogus=catalogus, eerste_wacht_s=0.01
            )
            aflevering = await afzender.verstuur("gemeente-utrecht", _Onzin())
            assert (afzender.geweigerd, afzender.verzonden, afzender.mislukt) == (1, 0, 0)
            return aflevering.uitslag

    assert asyncio.run(stuur()) == "geweigerd"
    assert len(o.pogingen) == 1


def test_the_receiver_really_checks_signatures(
    catalogus: Catalogus, ontvanger: tuple[Ontvanger, str]
) -> None:
    """So that `weigeringen == 0` elsewhere means something: a wrong secret is refused, not retried."""
    o, url = ontvanger
    gemeente = catalogus.partner("gemeente-utrecht").model_copy(
        update={"webhook_geheimen": [SecretStr("whsec_" + "QUJD" * 8)]}
    )
    vervalst = dataclasses.replace(
        catalogus, partners=catalogus.partners | {"gemeente-utrecht": gemeente}
    )
    cohort = maak_cohort(1, seed=1, programmas=[catalogus.programma("utrecht-bank-tot-baan")])

    assert verwijs(cohort, vervalst, Instellingen(webhook_basis_url=url)) == [None]
    assert (o.weigeringen, len(o.pogingen), o.ontvangen) == (1, 1, [])


def test_a_cohort_names_a_few_klantmanagers_per_gemeente_by_staff_code(
    catalogus: Catalogus,
) -> None:
    programmas = [catalogus.programmas[p] for p in sorted(catalogus.programmas)]
    cohort = maak_cohort(60, seed=5, programmas=programmas)
    codes = {a.regiehouder for a in cohort}
    assert all(c and re.fullmatch(MEDEWERKER_PATROON, c) for c in codes)
    assert "km-utrecht-001" in codes or "km-utrecht-002" in codes
    per_gemeente = {
        (instroom_partner(catalogus.programmas[a.programma]), a.regiehouder) for a in cohort
    }
    assert len(per_gemeente) <= 3 * len(programmas)
