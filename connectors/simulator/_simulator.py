"""The simulated partners' API: receive messages, remember, and answer later through webhooks.

One instance serves every partner in the catalogue under `/{partner_id}/...`, as the base URLs
in config/partners.yaml expect. State lives in memory: it is a test double, not a system of
record.
"""

from __future__ import annotations

import asyncio
import hmac
import random
import re
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError

from connectors.ondertekening import nieuw_webhook_id
from connectors.simulator._afzender import WebhookAfzender
from connectors.simulator._gedrag import Gedrag
from connectors.simulator._oauth2 import TokenUitgifte
from connectors.simulator._stap import Stap
from connectors.simulator._storingen import PartnerStoring, Storing, Storingen
from schemas.berichten import PartnerBericht
from schemas.gebeurtenissen import PSEUDONIEM_PATROON, FaseGestart
from schemas.verwijzing import VerwijzingBeantwoord
from settings import Catalogus, PartnerInstellingen, logboek

log = logboek(__name__)

# What a partner believes after sending an event of each type.
_STATUS_NA: dict[str, str] = {
    "traject.gepauzeerd": "gepauzeerd",
    "traject.hervat": "actief",
    "deelnemer.uitgevallen": "uitgevallen",
    "fase.afgerond": "afgerond",
    "traject.gewisseld": "overgedragen",
    "traject.afgesloten": "afgesloten",
    "deelnemer.herinstroom": "herinstroom_gemeld",
    "fase.gestart": "actief",
}
# Events whose loss leaves the chain behind: what reconciliation must find (the partner's system
# records its own work whether or not the webhook arrives).
_KAN_ZOEKRAKEN = ("fase.afgerond", "traject.afgesloten")
_STATUS_NA_MELDING = {"melding.uitval": "uitgevallen", "melding.afgesloten": "afgesloten"}


class Simulator:
    """All simulated partners: their inboxes, their memory and their pending callbacks."""

    def __init__(
        self,
        catalogus: Catalogus,
        *,
        vertraging: tuple[float, float],
        seed: int,
        klok: Callable[[], datetime] | None = None,
        meld_start: bool = False,
    ) -> None:
        self._catalogus = catalogus
        self._seed = seed
        self._vertraging = vertraging
        self._klok = klok or (lambda: datetime.now(UTC))
        self.meld_start = (
            meld_start  # report fase.gestart when a phase begins (the stack's partners do)
        )
        self.webhook_kwijt = 0.0  # chance a completion's webhook is lost (PUT /_sim/storing)
        self.kwijt = 0
        self.storingen = Storingen(seed)  # per-partner faults (PUT /_sim/storing/{partner_id})
        self.gedrag = Gedrag(catalogus, vertraging=vertraging, seed=seed, klok=self._klok)
        self.tokens = TokenUitgifte(catalogus, klok=self._klok)
        self.afzender: WebhookAfzender | None = None  # set by the app's lifespan
        self._gezien: set[tuple[str, str]] = set()
        self._kennis: dict[tuple[str, str], dict[str, str | None]] = {}
        self._correcties: dict[str, tuple[str, BaseModel]] = {}
        self.taken: set[asyncio.Task[None]] = set()
        self.ontvangen = 0
        self.dubbel = 0

    @asynccontextmanager
    async def in_bedrijf(
        self, webhook_basis_url: str, *, herhaal_tot_s: float
    ) -> AsyncIterator[None]:
        """While the app runs: one webhook client; on shutdown, pending callbacks are cancelled."""
        async with httpx.AsyncClient(timeout=10.0) as client:
            self.afzender = WebhookAfzender(
                client,
                basis_url=webhook_basis_url,
                catalogus=self._catalogus,
                herhaal_tot_s=herhaal_tot_s,
            )
            yield
            for taak in list(self.taken):
                taak.cancel()
            await asyncio.gather(*self.taken, return_exceptions=True)

    # -- routes -----------------------------------------------------------------------------

    async def ontvang(
        self, partner_id: str, request: Request, response: Response
    ) -> dict[str, str] | JSONResponse:
        """POST /{partner_id}/berichten: accept a message once per Idempotency-Key."""
        await self.storingen.voor_antwoord(partner_id)
        partner = self._geauthenticeerd(partner_id, request)
        bericht = self._lees_bericht(partner, await request.body())
        sleutel = request.headers.get("idempotency-key") or bericht.sleutel
        if (partner.id, sleutel) in self._gezien:
            self.dubbel += 1
            response.status_code = 200
            return await self.storingen.na_verwerking(
                partner.id, {"sleutel": bericht.sleutel, "status": "dubbel"}, 200
            )
        self._gezien.add((partner.id, sleutel))
        self.ontvangen += 1
        log.info(
            "bericht_ontvangen",
            partner=partner.id,
            soort=bericht.soort,
            deelnemer=bericht.deelnemer,
        )
        self._verwerk(partner, bericht)
        response.status_code = 202
        return await self.storingen.na_verwerking(
            partner.id, {"sleutel": bericht.sleutel, "status": "ontvangen"}, 202
        )

    async def status(self) -> dict[str, Any]:
        """GET /_sim/status: counters a test or the demo can wait on."""
        afzender = self.afzender
        return {
            "openstaand": len(self.taken),
            "verzonden": afzender.verzonden if afzender else 0,
            "mislukt": afzender.mislukt if afzender else 0,
            "geweigerd": afzender.geweigerd if afzender else 0,
            "ontvangen": self.ontvangen,
            "dubbel": self.dubbel,
            "kwijt": self.kwijt,
            "storingen": self.storingen.status(),
        }

    async def storing(self, storing: Storing) -> dict[str, Any]:
        """PUT /_sim/storing: from now on lose this share of completion webhooks (the demo's drift)."""
        self.webhook_kwijt = storing.webhook_kwijt
        return await self.status()

    async def partner_storing(self, partner_id: str, storing: PartnerStoring) -> dict[str, Any]:
        """PUT /_sim/storing/{partner_id}: from now on this partner's system misbehaves as described."""
        if partner_id not in self._catalogus.partners:
            raise HTTPException(404, detail=f"unknown partner {partner_id}")
        self.storingen.zet(partner_id, storing)
        return await self.status()

    async def bestand(
        self, partner_id: str, request: Request
    ) -> dict[str, list[dict[str, str | None]]]:
        """GET /{partner_id}/deelnemers: everyone this partner's system holds, as it sees them."""
        await self.storingen.voor_antwoord(partner_id)
        partner = self._geauthenticeerd(partner_id, request)
        return {
            "deelnemers": [
                {"deelnemer": p, **kennis}
                for (pid, p), kennis in self._kennis.items()
                if pid == partner.id
            ]
        }

    async def kennis(
        self, partner_id: str, pseudoniem: str, request: Request
    ) -> dict[str, str | None]:
        """GET /{partner_id}/deelnemers/{pseudoniem}: what this partner knows of the participant."""
        await self.storingen.voor_antwoord(partner_id)
        partner = self._geauthenticeerd(partner_id, request)
        bekend = self._kennis.get((partner.id, pseudoniem))
        if bekend is None:
            raise HTTPException(404, detail=f"{partner.id} does not know {pseudoniem}")
        return {"partner": partner.id, "deelnemer": pseudoniem, **bekend}

    # -- checks -----------------------------------------------------------------------------

    def _geauthenticeerd(self, partner_id: str, request: Request) -> PartnerInstellingen:
        partner = self._catalogus.partners.get(partner_id)
        if partner is None:
            raise HTTPException(404, detail=f"unknown partner {partner_id}")
        gekregen = request.headers.get("authorization", "")
        if partner.auth == "oauth2":
            toegelaten = self.tokens.geldig(partner.id, gekregen)
        else:
            toegelaten = hmac.compare_digest(
                f"Bearer {partner.api_sleutel.get_secret_value()}".encode(), gekregen.encode()
            )
        if not toegelaten:
            raise HTTPException(
                401, detail="missing or wrong bearer key", headers={"WWW-Authenticate": "Bearer"}
            )
        return partner

    def _lees_bericht(self, partner: PartnerInstellingen, body: bytes) -> PartnerBericht:
        try:
            bericht = PartnerBericht.model_validate_json(body)
        except ValidationError as exc:
            fouten = [
                {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()
            ]
            raise HTTPException(422, detail=fouten) from exc
        if bericht.programma not in self._catalogus.programmas:
            raise HTTPException(422, detail=f"unknown programma {bericht.programma}")
        if not re.fullmatch(PSEUDONIEM_PATROON, bericht.deelnemer):
            raise HTTPException(422, detail="deelnemer is not a chain pseudonym")
        if bericht.soort == "traject.start":
            programma = self._catalogus.programma(bericht.programma)
            baan = bericht.inhoud.get("baan")  # a lane's start names it (schemas.banen)
            if baan is not None and baan in {b.naam for b in programma.banen}:
                programma = programma.baan(str(baan)).als_programma(programma)
            if (
                bericht.fase not in programma.fase_volgorde
                or partner.id not in programma.inrichting(bericht.fase).partners
            ):
                raise HTTPException(
                    422, detail=f"{partner.id} runs no {bericht.fase} in {programma.id}"
                )
        return bericht

    # -- behaviour --------------------------------------------------------------------------

    def _verwerk(self, partner: PartnerInstellingen, bericht: PartnerBericht) -> None:
        sleutel = (partner.id, bericht.deelnemer)
        if bericht.soort == "traject.start":
            fase = bericht.fase.value if bericht.fase else None
            self._kennis[sleutel] = {
                "programma": bericht.programma,
                "fase": fase,
                "status": "actief",
            }
        elif bericht.soort in _STATUS_NA_MELDING:
            vorig = self._kennis.get(sleutel, {"programma": bericht.programma, "fase": None})
            self._kennis[sleutel] = vorig | {"status": _STATUS_NA_MELDING[bericht.soort]}
        if bericht.soort == "overdracht.geweigerd":
            stappen = self._herstel(partner, bericht)
        else:
            antwoord = self.gedrag.plan(partner, bericht)
            afgewezen = bool(antwoord) and isinstance(antwoord[0].gebeurtenis, VerwijzingBeantwoord)
            stappen = ([] if afgewezen else self._start_gemeld(bericht)) + antwoord
        if stappen:
            self._op_achtergrond(self._voer_uit(partner.id, stappen))

    def _op_achtergrond(self, werk: Coroutine[Any, Any, Any]) -> None:
        """Run `werk` as a pending task (counted in `openstaand`, cancelled on shutdown)."""
        taak = asyncio.create_task(werk)
        self.taken.add(taak)
        taak.add_done_callback(self.taken.discard)

    def _start_gemeld(self, bericht: PartnerBericht) -> list[Stap]:
        """A partner that reports starts says so at once (not for the gemeente's own instroom)."""
        programma = self._catalogus.programma(bericht.programma)
        if (
            not self.meld_start
            or bericht.soort != "traject.start"
            or bericht.fase in (None, programma.fase_volgorde[0])
        ):
            return []
        assert bericht.fase is not None
        start = FaseGestart(
            type="fase.gestart",
            gemeld_op=self._klok(),
            deelnemer=bericht.deelnemer,
            fase=bericht.fase,
            gestart_op=self._klok().date(),
            baan=bericht.inhoud.get("baan"),
        )
        return [Stap(0.0, start)]

    def _herstel(self, partner: PartnerInstellingen, bericht: PartnerBericht) -> list[Stap]:
        """A refused dossier we broke on purpose is sent again, corrected, under a new webhook-id."""
        webhook_id = str(bericht.inhoud.get("webhook_id", ""))
        gevonden = self._correcties.get(webhook_id)
        if gevonden is None or gevonden[0] != partner.id:
            log.info("weigering_genoteerd", partner=partner.id, deelnemer=bericht.deelnemer)
            return []
        del self._correcties[webhook_id]
        wacht = random.Random(f"{self._seed}:{bericht.sleutel}").uniform(*self._vertraging)
        return [Stap(wacht, gevonden[1])]

    async def _voer_uit(self, partner_id: str, stappen: list[Stap]) -> None:
        """Send the steps in order; stop when one is not delivered (the rest would make no sense)."""
        try:
            for stap in stappen:
                await asyncio.sleep(stap.wacht_s)
                if not await self._stuur(stap.afzender or partner_id, stap):
                    return
        except Exception:
            log.exception("simulatie_stap_mislukt", partner=partner_id)

    async def _stuur(self, partner_id: str, stap: Stap) -> bool:
        assert self.afzender is not None, "the simulator sends only while its app runs"
        webhook_id = nieuw_webhook_id()
        if stap.correctie is not None:  # registered first: the refusal may come back fast
            self._correcties[webhook_id] = (partner_id, stap.correctie)
        gebeurtenis = stap.gebeurtenis.model_copy(update={"gemeld_op": self._klok()})
        if self._raakt_zoek(partner_id, gebeurtenis):
            self._werk_kennis_bij(partner_id, gebeurtenis)
            return False
        if (wacht := self.storingen.hussel_wacht_s(partner_id)) is not None:
            # Out of order: the partner's system moves on now; this webhook leaves later, the next need not wait.
            self._werk_kennis_bij(partner_id, gebeurtenis)
            self._op_achtergrond(
                self._lever(partner_id, gebeurtenis, webhook_id, wacht_s=wacht, in_volgorde=False)
            )
            return True
        return await self._lever(partner_id, gebeurtenis, webhook_id)

    async def _lever(
        self,
        partner_id: str,
        gebeurtenis: Any,
        webhook_id: str,
        wacht_s: float = 0.0,
        in_volgorde: bool = True,
    ) -> bool:
        assert self.afzender is not None
        await asyncio.sleep(wacht_s)
        aflevering = await self.storingen.verstuur(
            self.afzender, partner_id, gebeurtenis, webhook_id=webhook_id
        )
        if (
            in_volgorde and aflevering.uitslag != "geweigerd"
        ):  # done in the partner's own system, delivered or not
            self._werk_kennis_bij(partner_id, gebeurtenis)
        if aflevering.uitslag != "verzonden":
            self._correcties.pop(webhook_id, None)
            return False
        return True

    def _raakt_zoek(self, partner_id: str, gebeurtenis: Any) -> bool:
        """With chance `webhook_kwijt`, a completion never leaves the partner (decided per participant and event)."""
        if self.webhook_kwijt <= 0 or getattr(gebeurtenis, "type", "") not in _KAN_ZOEKRAKEN:
            return False
        rng = random.Random(
            f"{self._seed}:kwijt:{partner_id}:{gebeurtenis.deelnemer}:{gebeurtenis.type}:{gebeurtenis.fase}"
        )
        if rng.random() >= self.webhook_kwijt:
            return False
        self.kwijt += 1
        log.info(
            "webhook_kwijt",
            partner=partner_id,
            deelnemer=gebeurtenis.deelnemer,
            type=gebeurtenis.type,
        )
        return True

    def _werk_kennis_bij(self, partner_id: str, gebeurtenis: Any) -> None:
        status = _STATUS_NA.get(getattr(gebeurtenis, "type", ""))
        if getattr(gebeurtenis, "antwoord", None) == "afgewezen":  # a declined referral: not ours
            status = "afgewezen"
        bekend = self._kennis.get((partner_id, gebeurtenis.deelnemer))
        if status is not None and bekend is not None:
            bekend["status"] = status
