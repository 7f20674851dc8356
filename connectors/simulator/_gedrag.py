"""What a partner does after receiving a message: the next events, each after a delay.

Decisions roll the programme's `simulatie` rates with a generator seeded by the message key, so
a run replays the same way whatever order messages arrive in. Dossiers come from
`_dossiers` (valid) or `_afwijking` (one rule broken, kept with its correction).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from connectors.simulator import _casus, _schendingen
from connectors.simulator._afwijking import verstoor
from connectors.simulator._besluit import besluit
from connectors.simulator._dossiers import Situatie, bouw_dossier
from connectors.simulator._plan import plan_bij_start
from connectors.simulator._profiel import Deelnemer, nieuw_profiel
from connectors.simulator._stap import Stap
from schemas.berichten import PartnerBericht
from schemas.contracten import Contract, contract_voor
from schemas.fase import Beweging, Fase, PartnerSoort, UitvalReden
from schemas.gebeurtenissen import (
    FaseAfgerond,
    Gepauzeerd,
    Herinstroom,
    Hervat,
    NazorgCheckin,
    TrackGewisseld,
    TrajectAfgesloten,
    Uitgevallen,
)
from schemas.ijkpunten import routes_naar
from schemas.programma import Programma
from schemas.uitgangen import Uitgang
from schemas.verantwoording import Verantwoording
from settings import Catalogus, PartnerInstellingen

# The decider's short reason per routing decision (issue 10 e); no personal detail.
_REDEN = {
    Beweging.DOORSTROMEN: "route gekozen na het evaluatiemoment",
    Beweging.OVERSLAAN: "fase niet nodig: doel al bereikt",
    Beweging.TERUGPLAATSEN: "eerdere fase opnieuw nodig",
    Beweging.WISSELEN: "ander traject past beter",
    Beweging.HERINSTROMEN: "weer beschikbaar voor een traject",
}
AFSLUIT_VERSIE = 2  # the exit dossier with its destination (v1 is refused after its window)
_PAUZEREDENEN = ("ziekte", "zorg voor een familielid", "operatie en herstel", "zwangerschapsverlof")


def _echte_tijd() -> datetime:
    return datetime.now(UTC)


class Gedrag:
    """The simulated partners' behaviour, with the memory that keeps trajectories consistent and finite."""

    def __init__(
        self,
        catalogus: Catalogus,
        *,
        vertraging: tuple[float, float],
        seed: int,
        klok: Callable[[], datetime] = _echte_tijd,
    ) -> None:
        self._catalogus = catalogus
        self._vertraging = vertraging
        self._seed = seed
        self._nu = klok  # the chain's clock: dossier dates agree with ketenregie's (moved) date
        self.deelnemers: dict[str, Deelnemer] = {}

    def deelnemer(self, pseudoniem: str) -> Deelnemer:
        if pseudoniem not in self.deelnemers:
            rng = random.Random(f"{self._seed}:{pseudoniem}")
            self.deelnemers[pseudoniem] = Deelnemer(
                pseudoniem=pseudoniem, profiel=nieuw_profiel(rng)
            )
        return self.deelnemers[pseudoniem]

    def plan(self, partner: PartnerInstellingen, bericht: PartnerBericht) -> list[Stap]:
        """The events `partner` sends in answer to `bericht`, in order."""
        rng = random.Random(f"{self._seed}:{partner.id}:{bericht.sleutel}")
        d = self.deelnemer(bericht.deelnemer)
        programma = self._catalogus.programma(bericht.programma)
        if bericht.soort == "traject.start" and bericht.fase is not None:
            if isinstance(baan := bericht.inhoud.get("baan"), str):
                return [self._baan(partner, bericht, programma, (baan, bericht.fase), d, rng)]
            return self._start(partner, bericht, programma, bericht.fase, d, rng)
        if bericht.soort == "verwijzing.antwoord":
            return self._kies_ander(partner, bericht, programma, d, rng)
        if bericht.soort == "melding.signaal" and bericht.inhoud.get("soort") == "ijkpunt":
            return self._laat_besluit(bericht, d)
        if bericht.soort == "melding.uitval" and partner.soort == PartnerSoort.GEMEENTE:
            return self._misschien_herinstroom(programma, partner, d, rng)
        if bericht.soort == "melding.signaal" and bericht.inhoud.get("soort") == "terugval":
            return self._misschien_herinstroom(programma, partner, d, rng)
        if bericht.soort == "melding.signaal":
            maatregel = _schendingen.maatregel(partner, bericht, self._nu().date(), self._nu)
            return [Stap(self._wacht(rng), maatregel)] if maatregel else []
        if bericht.soort == "nazorg.checkin":
            return self._checkin(bericht, programma, d, rng)
        return []

    def _checkin(
        self, bericht: PartnerBericht, p: Programma, d: Deelnemer, rng: random.Random
    ) -> list[Stap]:
        """The jobcoach answers a check-in after a while, or (with the programme's chance) never."""
        if rng.random() < p.simulatie.checkin_onbeantwoord:
            return []
        terug = rng.random() < p.simulatie.terug_in_uitkering
        antwoord = NazorgCheckin(
            type="nazorg.checkin",
            gemeld_op=self._nu(),
            deelnemer=d.pseudoniem,
            maand=int(bericht.inhoud["maand"]),
            nog_in_dienst=not terug,
            uren_per_week=None if terug else float(rng.choice((16, 24, 32, 36, 38))),
            contract_gewijzigd=rng.random() < 0.1,
            ondersteuning_nodig=rng.random() < 0.08,
            terug_in_uitkering=terug,
        )
        return [Stap(self._wacht(rng), antwoord)]

    def _wacht(self, rng: random.Random, factor: float = 1.0) -> float:
        return factor * rng.uniform(*self._vertraging)

    def _start(
        self,
        partner: PartnerInstellingen,
        bericht: PartnerBericht,
        p: Programma,
        fase: Fase,
        d: Deelnemer,
        rng: random.Random,
    ) -> list[Stap]:
        leerdoelen = bericht.inhoud.get("leerdoelen")
        if isinstance(leerdoelen, list) and leerdoelen:
            d.profiel.leerdoelen = [str(doel) for doel in leerdoelen]
        situatie = Situatie(
            programma=p,
            partner_id=partner.id,
            profiel=d.profiel,
            rng=rng,
            vandaag=self._nu().date(),
            inhoud=bericht.inhoud,
        )
        if (nee := _casus.afwijzing(p, fase, d, rng, self._nu)) is not None:
            return [Stap(self._wacht(rng, 0.5), nee)]  # declined: the regiehouder picks another
        besluiten = [
            Stap(self._wacht(rng, 0.3), b, afzender=eigenaar)
            for eigenaar, b in _casus.ijkpunt_besluiten(p, fase, partner.id, d, rng, self._nu)
        ]
        wacht = bool(besluiten) and _casus.laat_ijkpunten_wachten(p, rng)
        d.laatste_fase = fase
        if fase == p.fase_volgorde[0]:  # instroom: the gemeente completes the referral dossier
            return self._houd_aan(
                wacht, [], [*besluiten, self._afronden(situatie, fase, d)], partner
            )
        stappen: list[Stap] = [
            Stap(self._wacht(rng), melding)
            for melding in _schendingen.meldingen(
                p, fase, d.pseudoniem, rng, self._nu().date(), self._nu
            )
        ]
        werk = [*besluiten, *self._regie(p, fase, d, rng)]
        if (plan := plan_bij_start(p, fase, d.pseudoniem, rng, self._nu())) is not None:
            werk.append(Stap(self._wacht(rng, 0.5), plan))  # before the phase's handoff
        if fase not in d.gepauzeerd_in and rng.random() < p.simulatie.pauzeren:
            d.gepauzeerd_in.add(fase)
            werk += self._pauze(fase, d, rng)
        if rng.random() < p.simulatie.uitvallen:
            reden_uitval = rng.choice(list(UitvalReden))
            uitval = Uitgevallen(
                type="deelnemer.uitgevallen",
                gemeld_op=self._nu(),
                deelnemer=d.pseudoniem,
                fase=fase,
                reden=reden_uitval,
            )
            return self._houd_aan(wacht, stappen, [*werk, Stap(self._wacht(rng), uitval)], partner)
        return self._houd_aan(
            wacht, stappen, [*werk, self._vervolg(situatie, partner, fase, d)], partner
        )

    def _houd_aan(
        self, wacht: bool, nu: list[Stap], werk: list[Stap], partner: PartnerInstellingen
    ) -> list[Stap]:
        """Send `werk` after `nu`, or hold it (decisions first) until the checkpoint is overdue."""
        if not wacht:
            return [*nu, *werk]
        d = self.deelnemer(str(getattr(werk[0].gebeurtenis, "deelnemer", "")))
        d.achtergehouden = [replace(s, afzender=s.afzender or partner.id) for s in werk]
        return nu

    def _laat_besluit(self, bericht: PartnerBericht, d: Deelnemer) -> list[Stap]:
        """The watch flagged a checkpoint overdue: its owner decides now and the work goes on."""
        if bericht.inhoud.get("niveau") != "overschreden" or not d.achtergehouden:
            return []
        werk, d.achtergehouden = d.achtergehouden, []
        return werk

    def _regie(self, p: Programma, fase: Fase, d: Deelnemer, rng: random.Random) -> list[Stap]:
        """The regiehouder's own moves as the phase starts: lanes on request, a regime change."""
        stappen = (
            _casus.baan_verzoeken(p, d, rng, self._nu) + _casus.toestemmingen(p, d, rng, self._nu)
            if fase == p.fase_volgorde[1]
            else []
        )
        if (wissel := _casus.regimewissel(p, d, rng, self._nu)) is not None:
            stappen.append(Stap(self._wacht(rng, 0.4), wissel[1], afzender=wissel[0]))
        return stappen

    def _kies_ander(
        self,
        gemeente: PartnerInstellingen,
        bericht: PartnerBericht,
        p: Programma,
        d: Deelnemer,
        rng: random.Random,
    ) -> list[Stap]:
        """After a decline the regiehouder picks another partner of the phase (a switch it sends)."""
        kies_uit = bericht.inhoud.get("kies_uit") or []
        if not kies_uit or bericht.fase is None:
            return []
        situatie = Situatie(
            programma=p, partner_id=gemeente.id, profiel=d.profiel, rng=rng,
            vandaag=self._nu().date(), inhoud={},
        )  # fmt: skip
        wissel = self._wissel(situatie, bericht.fase, str(rng.choice(kies_uit)), d)
        return [wissel]

    def _baan(
        self,
        partner: PartnerInstellingen,
        bericht: PartnerBericht,
        p: Programma,
        baan_fase: tuple[str, Fase],
        d: Deelnemer,
        rng: random.Random,
    ) -> Stap:
        """A lane's partner runs its phase beside the main lane, then hands on or closes the lane."""
        naam, fase = baan_fase
        volgende = _casus.baan_volgende(p, naam, fase)
        if volgende is None:
            return Stap(self._wacht(rng, 2), _casus.baan_sluiting(naam, fase, d, self._nu))
        situatie = Situatie(
            programma=p, partner_id=partner.id, profiel=d.profiel, rng=rng,
            vandaag=self._nu().date(), inhoud=bericht.inhoud, naar=volgende,
        )  # fmt: skip
        dossier, correctie = self._dossier(situatie, fase, volgende)

        def gebeurtenis(dos: dict[str, Any]) -> FaseAfgerond:
            return FaseAfgerond(
                type="fase.afgerond", gemeld_op=self._nu(), deelnemer=d.pseudoniem, baan=naam,
                fase=fase, naar=volgende, dossier=dos,
            )  # fmt: skip

        stap = self._met_correctie(situatie, gebeurtenis, dossier, correctie)
        return replace(stap, wacht_s=stap.wacht_s * 2)

    def _pauze(self, fase: Fase, d: Deelnemer, rng: random.Random) -> list[Stap]:
        """Illness and the like: paused, and resumed a while later."""
        reden = rng.choice(_PAUZEREDENEN)
        pauze = Gepauzeerd(
            type="traject.gepauzeerd",
            gemeld_op=self._nu(),
            deelnemer=d.pseudoniem,
            fase=fase,
            reden=reden,
        )
        hervat = Hervat(
            type="traject.hervat", gemeld_op=self._nu(), deelnemer=d.pseudoniem, fase=fase
        )
        return [Stap(self._wacht(rng), pauze), Stap(self._wacht(rng, 2), hervat)]

    def _vervolg(self, s: Situatie, partner: PartnerInstellingen, fase: Fase, d: Deelnemer) -> Stap:
        """After the phase's work: switch track, skip ahead, go back, or finish as planned."""
        p, rng = s.programma, s.rng
        if (uitgang := _casus.kies_uitgang(p, fase, rng)) is not None:
            return self._uitgang(s, uitgang, fase, d)
        andere = [pid for pid in p.inrichting(fase).partners if pid != partner.id]
        if (
            fase in p.wisselen_in
            and andere
            and fase not in d.gewisseld_in
            and rng.random() < p.simulatie.wisselen
        ):
            d.gewisseld_in.add(fase)
            return self._wissel(s, fase, rng.choice(andere), d)
        vooruit = [sprong.naar for sprong in p.overslaan if sprong.van == fase]
        if vooruit and rng.random() < p.simulatie.overslaan:
            return self._afgerond(s, fase, Beweging.OVERSLAAN, rng.choice(vooruit), None, d)
        terug = [sprong.naar for sprong in p.terugplaatsen if sprong.van == fase]
        if terug and not d.teruggeplaatst and rng.random() < p.simulatie.terugplaatsen:
            d.teruggeplaatst = True
            return self._afgerond(s, fase, Beweging.TERUGPLAATSEN, rng.choice(terug), None, d)
        return self._afronden(s, fase, d)

    def _afronden(self, s: Situatie, fase: Fase, d: Deelnemer) -> Stap:
        """Done as planned: on to the next phase (by the evaluatiemoment's route) or closed."""
        volgende = s.programma.volgende(fase)
        if volgende is None:
            dossier, correctie = self._dossier(s, fase, None)

            def afsluiting(dos: dict[str, Any]) -> TrajectAfgesloten:
                return TrajectAfgesloten(
                    type="traject.afgesloten",
                    gemeld_op=self._nu(),
                    deelnemer=d.pseudoniem,
                    fase=fase,
                    contract_versie=AFSLUIT_VERSIE,
                    dossier=dos,
                )

            stap = self._met_correctie(s, afsluiting, dossier, correctie)
            if stap.correctie is None and any(
                b.bij_einde_traject == "moet_klaar" for b in s.programma.banen
            ):  # refused while a lane that must finish runs: sent once more a while later
                stap = replace(stap, correctie=stap.gebeurtenis)
            return stap
        routes = routes_naar(s.programma.ijkpunten, volgende)
        naar_partner = d.routes.get(volgende)  # where a decided checkpoint routed it
        if routes and naar_partner is None:
            d.profiel.route = s.rng.choice(sorted(routes))
            naar_partner = routes[d.profiel.route]
        return self._afgerond(s, fase, Beweging.DOORSTROMEN, volgende, naar_partner, d)

    def _afgerond(
        self,
        s: Situatie,
        fase: Fase,
        beweging: Beweging,
        naar: Fase,
        naar_partner: str | None,
        d: Deelnemer,
    ) -> Stap:
        s.naar, s.naar_partner = naar, naar_partner
        dossier, correctie = self._dossier(s, fase, naar)
        keuze = beweging != Beweging.DOORSTROMEN or naar_partner is not None
        verantwoording = self._besluit(s.partner_id, _REDEN[beweging]) if keuze else None

        def gebeurtenis(dos: dict[str, Any]) -> FaseAfgerond:
            return FaseAfgerond(
                type="fase.afgerond", gemeld_op=self._nu(), deelnemer=d.pseudoniem, fase=fase,
                beweging=beweging, naar=naar, naar_partner=naar_partner, dossier=dos,
                besluit=verantwoording,
            )  # fmt: skip

        return self._met_correctie(s, gebeurtenis, dossier, correctie)

    def _uitgang(self, s: Situatie, u: Uitgang, fase: Fase, d: Deelnemer) -> Stap:
        """An exit without placement; an unconfirmed destination is refused, then sent confirmed."""
        dossier, correctie = _casus.uitgang_dossiers(u, s.programma, d, s.rng, self._nu)
        verantwoording = (
            self._besluit(s.partner_id, "uitstroom zonder plaatsing")
            if _casus.met_minimum(u, s.programma, fase)
            else None
        )

        def afsluiting(dos: dict[str, Any]) -> TrajectAfgesloten:
            return TrajectAfgesloten(
                type="traject.afgesloten", gemeld_op=self._nu(), deelnemer=d.pseudoniem,
                fase=fase, contract_versie=AFSLUIT_VERSIE, dossier=dos, besluit=verantwoording,
            )  # fmt: skip

        return self._met_correctie(s, afsluiting, dossier, correctie)

    def _wissel(self, s: Situatie, fase: Fase, naar_partner: str, d: Deelnemer) -> Stap:
        s.naar, s.naar_partner = fase, naar_partner
        dossier, _ = self._dossier(s, fase, fase)
        wissel = TrackGewisseld(
            type="traject.gewisseld",
            gemeld_op=self._nu(),
            deelnemer=d.pseudoniem,
            fase=fase,
            naar_partner=naar_partner,
            dossier=dossier.voor_ontvanger(),
            besluit=self._besluit(s.partner_id, _REDEN[Beweging.WISSELEN]),
        )
        return Stap(self._wacht(s.rng), wissel)

    def _besluit(self, partner_id: str, reden: str) -> Verantwoording:
        partner = self._catalogus.partners.get(partner_id)
        return besluit(partner_id, partner.soort if partner else None, reden)

    def _dossier(
        self, s: Situatie, van: Fase, naar: Fase | None
    ) -> tuple[Contract, Contract | None]:
        """The edge's dossier; with chance `afwijkend_dossier` a broken one plus its correction."""
        contract = contract_voor(van, naar, AFSLUIT_VERSIE if naar is None else None)
        if contract is None:
            raise ValueError(f"no contract for {van} → {naar}")
        goed = bouw_dossier(contract, s)
        if s.rng.random() < s.programma.simulatie.afwijkend_dossier:
            fout = verstoor(goed, s.rng, vandaag=s.vandaag, programma=s.programma)
            if fout is not None:
                return fout, goed
        return goed, None

    def _met_correctie(
        self,
        s: Situatie,
        maak: Callable[[dict[str, Any]], BaseModel],
        dossier: Contract,
        correctie: Contract | None,
    ) -> Stap:
        herstel = maak(correctie.voor_ontvanger()) if correctie is not None else None
        return Stap(self._wacht(s.rng), maak(dossier.voor_ontvanger()), herstel)

    def _misschien_herinstroom(
        self, p: Programma, gemeente: PartnerInstellingen, d: Deelnemer, rng: random.Random
    ) -> list[Stap]:
        """The gemeente re-refers a dropout once, with the programme's chance."""
        if d.herinstroomd or rng.random() >= p.simulatie.herinstromen:
            return []
        d.herinstroomd = True
        terug = Herinstroom(
            type="deelnemer.herinstroom",
            gemeld_op=self._nu(),
            deelnemer=d.pseudoniem,
            naar=p.herinstroom_naar[0],
            reden="opnieuw aangemeld door de klantmanager",
            besluit=self._besluit(gemeente.id, _REDEN[Beweging.HERINSTROMEN]),
        )
        return [Stap(self._wacht(rng, 3), terug)]
