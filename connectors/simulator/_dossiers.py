"""Valid handoff dossiers, one builder per contract, as a real partner's system would fill them.

Every builder returns an instance of the edge's contract class, so the shape is checked where it
is made; dates lie in the past, the language test is fresh, consent is given, hours lie within
8–40 and the training level is one the language level can carry. Builders record what the
partner decided (new sector, contract type) on the profile, so later dossiers agree with it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from faker import Faker

from connectors.simulator._profiel import Profiel
from schemas.contracten import (
    Afsluiting,
    AfsluitingV2,
    AssessmentNaarOntwikkeling,
    AssessmentNaarVakopleiding,
    Bestemmingsopgave,
    Bewijs,
    Competentierapport,
    Contract,
    Contractsoort,
    DirectNaarPlaatsing,
    InstroomNaarAssessment,
    OntwikkelingNaarVakopleiding,
    PlaatsingNaarNazorg,
    Sector,
    Terugplaatsing,
    Trackwissel,
    VakopleidingNaarPlaatsing,
)
from schemas.fase import Fase, UitkomstSoort
from schemas.programma import Programma
from schemas.uitkomst import Uitkomst

_STERKTES = ("doorzetter", "handig", "sociaal", "nauwkeurig", "leergierig", "rustig onder druk")
_INTERESSES = ("koken", "techniek", "buiten werken", "met mensen werken", "logistiek", "schoonmaak")
_AANDACHTSPUNTEN = ("taal", "werkritme", "vervoer", "kinderopvang", "zelfvertrouwen")
_UITKOMST_PER_CONTRACT = {
    Contractsoort.REGULIER: UitkomstSoort.REGULIER_WERK,
    Contractsoort.LOONKOSTENSUBSIDIE: UitkomstSoort.WERK_MET_LOONKOSTENSUBSIDIE,
    Contractsoort.BESCHUT: UitkomstSoort.BESCHUT_WERK,
}
_faker = Faker("nl_NL")


@dataclass
class Situatie:
    """Everything a builder may look at: the programme, the sending partner, the participant."""

    programma: Programma
    partner_id: str
    profiel: Profiel
    rng: random.Random
    vandaag: date
    naar: Fase | None = None
    naar_partner: str | None = None
    inhoud: Mapping[str, Any] = field(default_factory=dict)

    def dagen_terug(self, minimaal: int, maximaal: int) -> date:
        return self.vandaag - timedelta(days=self.rng.randint(minimaal, maximaal))

    def na_vorige(self, veld: str, maximaal: int) -> date:
        """A date in the last `maximaal` days, not before the received dossier's `veld`: a real
        partner's dates follow the ones it was handed (plan after test, job after training)."""
        gisteren = self.vandaag - timedelta(days=1)
        vroegst = self.vandaag - timedelta(days=maximaal)
        eerder = self.inhoud.get(veld)
        if isinstance(eerder, str):
            vroegst = min(max(vroegst, date.fromisoformat(eerder)), gisteren)
        return vroegst + timedelta(days=self.rng.randint(0, max((gisteren - vroegst).days, 0)))


def _rapport(s: Situatie) -> Competentierapport:
    return Competentierapport(
        sterktes=s.rng.sample(_STERKTES, k=2),
        interesses=s.rng.sample(_INTERESSES, k=2),
        aandachtspunten=s.rng.sample(_AANDACHTSPUNTEN, k=s.rng.randint(0, 2)),
        geadviseerde_sector=s.profiel.sector,
    )


def _instroom(s: Situatie) -> InstroomNaarAssessment:
    vers_tot = s.programma.taaltoets_max_maanden * 31 - 1
    return InstroomNaarAssessment(
        programma=s.programma.id,
        gemeente=s.partner_id,
        doelgroep=s.profiel.doelgroep,
        taalniveau=s.profiel.taalniveau,
        taaltoets_datum=s.dagen_terug(7, min(120, vers_tot)),
        toestemming_delen=True,
        regiehouder=f"klantmanager-{s.rng.randint(1, 999):04d}",
    )


def _naar_ontwikkeling(s: Situatie) -> AssessmentNaarOntwikkeling:
    return AssessmentNaarOntwikkeling(
        leerdoelen=s.profiel.leerdoelen,
        competentierapport=_rapport(s),
        plan_referentie=f"PIP-{s.rng.randint(10000, 99999)}",
        plan_datum=s.na_vorige("taaltoets_datum", 30),
    )


def _assessment_naar_vakopleiding(s: Situatie) -> AssessmentNaarVakopleiding:
    return AssessmentNaarVakopleiding(
        leerdoelen=s.profiel.leerdoelen,
        gekozen_sector=s.profiel.sector,
        taalniveau=s.profiel.taalniveau,
        beoogd_mbo_niveau=s.profiel.beoogd_mbo_niveau,
        competentierapport=_rapport(s),
    )


def _ontwikkeling_naar_vakopleiding(s: Situatie) -> OntwikkelingNaarVakopleiding:
    return OntwikkelingNaarVakopleiding(
        leerdoelen=s.profiel.leerdoelen,
        gekozen_sector=s.profiel.sector,
        taalniveau=s.profiel.taalniveau,
        beoogd_mbo_niveau=s.profiel.beoogd_mbo_niveau,
        actieplan_referentie=f"AP-{s.rng.randint(10000, 99999)}",
        aanwezigheid_pct=round(s.rng.uniform(60, 98), 1),
        werkritme_dagdelen=s.rng.randint(4, 8),
    )


def _direct_naar_plaatsing(s: Situatie) -> DirectNaarPlaatsing:
    return DirectNaarPlaatsing(
        leerdoelen=s.profiel.leerdoelen, werkfit=True, gewenste_sector=s.profiel.sector
    )


def _vakopleiding_naar_plaatsing(s: Situatie) -> VakopleidingNaarPlaatsing:
    bewijs = s.rng.choice(list(Bewijs))
    return VakopleidingNaarPlaatsing(
        leerdoelen=s.profiel.leerdoelen,
        werkfit=True,
        bewijs=bewijs,
        mbo_niveau=None if bewijs == Bewijs.PRAKTIJKVERKLARING else s.profiel.beoogd_mbo_niveau,
        afgerond_op=s.dagen_terug(1, 21),
    )


def _plaatsing_naar_nazorg(s: Situatie) -> PlaatsingNaarNazorg:
    soort = s.rng.choices(list(Contractsoort), weights=(0.6, 0.3, 0.1))[0]
    s.profiel.contractsoort = soort
    _faker.seed_instance(s.rng.randrange(2**32))
    return PlaatsingNaarNazorg(
        werkgever=_faker.company(),
        contractsoort=soort,
        startdatum=s.na_vorige("afgerond_op", 28),
        uren_per_week=float(s.rng.choice((8, 12, 16, 20, 24, 28, 32, 36, 38, 40))),
    )


def _trackwissel(s: Situatie) -> Trackwissel:
    oud = s.profiel.sector
    genoemd = [sector for sector in Sector if s.naar_partner and sector.value in s.naar_partner]
    nieuw = genoemd[0] if genoemd else s.rng.choice([sector for sector in Sector if sector != oud])
    s.profiel.sector = nieuw
    return Trackwissel(
        leerdoelen=s.profiel.leerdoelen,
        reden=f"past beter bij {nieuw.value} dan bij {oud.value}",
        nieuwe_sector=nieuw,
    )


def _terugplaatsing(s: Situatie) -> Terugplaatsing:
    doel = s.naar.value if s.naar else "een eerdere fase"
    return Terugplaatsing(
        leerdoelen=s.profiel.leerdoelen, reden=f"plaatsing niet passend, terug naar {doel}"
    )


def _afsluiting(s: Situatie) -> Afsluiting:
    """The outcome follows what happened: the school route ends in education, else the contract."""
    datum = s.dagen_terug(1, 14)
    if s.profiel.route == "school":
        return Afsluiting(
            uitkomst=Uitkomst(
                soort=UitkomstSoort.ONDERWIJS, datum=datum, mbo_niveau=s.profiel.beoogd_mbo_niveau
            )
        )
    soort = Contractsoort(
        s.inhoud.get("contractsoort") or s.profiel.contractsoort or Contractsoort.REGULIER
    )
    return Afsluiting(uitkomst=Uitkomst(soort=_UITKOMST_PER_CONTRACT[soort], datum=datum))


def _afsluiting_v2(s: Situatie) -> AfsluitingV2:
    """The exit dossier v2: the same outcome, with where the participant goes, confirmed."""
    v1 = _afsluiting(s)
    referentie = "DUO-inschrijving" if s.profiel.route == "school" else "arbeidscontract"
    bestemming = Bestemmingsopgave(
        referentie=referentie, bevestigd=True, bevestigd_op=v1.uitkomst.datum
    )
    return AfsluitingV2(uitkomst=v1.uitkomst, bestemming=bestemming)


BOUWERS: dict[type[Contract], Callable[[Situatie], Contract]] = {
    InstroomNaarAssessment: _instroom,
    AssessmentNaarOntwikkeling: _naar_ontwikkeling,
    AssessmentNaarVakopleiding: _assessment_naar_vakopleiding,
    OntwikkelingNaarVakopleiding: _ontwikkeling_naar_vakopleiding,
    DirectNaarPlaatsing: _direct_naar_plaatsing,
    VakopleidingNaarPlaatsing: _vakopleiding_naar_plaatsing,
    PlaatsingNaarNazorg: _plaatsing_naar_nazorg,
    Trackwissel: _trackwissel,
    Terugplaatsing: _terugplaatsing,
    Afsluiting: _afsluiting,
    AfsluitingV2: _afsluiting_v2,
}


def bouw_dossier(contract: type[Contract], situatie: Situatie) -> Contract:
    """A valid dossier of `contract` for this participant."""
    return BOUWERS[contract](situatie)
