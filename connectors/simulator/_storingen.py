"""Per-partner faults of the simulator, switched at runtime (`PUT /_sim/storing/{partner_id}`).

A real partner system is slow, fails, times out, answers nonsense, sends a webhook twice or in
another order than it happened, and is sometimes down for a while; after that it catches up on
what it would have sent. Each of those can be turned on for one partner without a restart, and
`GET /_sim/status` counts what was injected so a test can check the chain saw it.
"""

from __future__ import annotations

import asyncio
import math
import random
from collections import Counter
from typing import Any

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from connectors.simulator._afzender import Aflevering, WebhookAfzender
from settings import logboek

log = logboek(__name__)


class Storing(BaseModel):
    """A fault of all partners at once (`PUT /_sim/storing`): the demo's drift."""

    webhook_kwijt: float = Field(
        ge=0, le=1, description="Chance a completion's webhook never leaves."
    )


class PartnerStoring(BaseModel):
    """What is wrong with one partner's system from now on (all off by default)."""

    vertraging_s: float = Field(
        default=0.0, ge=0, le=120, description="Extra seconds before every answer."
    )
    fout_kans: float = Field(default=0.0, ge=0, le=1, description="Share of requests answered 5xx.")
    retry_after_kans: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Share of those 5xx that are a 503 with Retry-After (the rest are 500).",
    )
    retry_after_s: int = Field(
        default=1, ge=0, le=3600, description="Retry-After sent with such a 503."
    )
    timeout_kans: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Share of messages taken in but answered only after `hangen_s`.",
    )
    hangen_s: float = Field(
        default=30.0,
        ge=0,
        le=600,
        description="How long such an answer hangs (longer than the client's timeout).",
    )
    kapot_kans: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="Share of messages taken in and answered 2xx with a body that is no PartnerAntwoord.",
    )
    dubbel: bool = Field(
        default=False, description="Every webhook goes twice, at once, under the same webhook-id."
    )
    husselen_s: float = Field(
        default=0.0,
        ge=0,
        le=600,
        description="Each webhook leaves after a random delay up to this, so a participant's events can overtake each other.",
    )
    plat_s: float = Field(
        default=0.0,
        ge=0,
        le=86_400,
        description="Down for this many seconds from now: every request 503, no webhook leaves; afterwards it catches up.",
    )


class Storingen:
    """The faults of every partner and the counts of what they did."""

    def __init__(self, seed: int) -> None:
        self._rng = random.Random(f"{seed}:storingen")
        self._storing: dict[str, PartnerStoring] = {}
        self._plat_tot: dict[str, float] = {}
        self.tellers: dict[str, Counter[str]] = {}

    def zet(self, partner_id: str, storing: PartnerStoring) -> None:
        self._storing[partner_id] = storing
        self._plat_tot[partner_id] = _nu() + storing.plat_s
        log.info("storing_gezet", partner=partner_id, **storing.model_dump(exclude_defaults=True))

    def van(self, partner_id: str) -> PartnerStoring:
        return self._storing.get(partner_id) or PartnerStoring()

    def status(self) -> dict[str, dict[str, Any]]:
        return {
            pid: {
                "storing": self.van(pid).model_dump(exclude_defaults=True),
                "plat_nog_s": round(self._plat_nog(pid), 1),
                **self.tellers.get(pid, {}),
            }
            for pid in self._storing
        }

    # -- answers ----------------------------------------------------------------------------

    async def voor_antwoord(self, partner_id: str) -> None:
        """Before a request is handled: wait the latency; raise the 503/500 of a down or failing system."""
        storing = self.van(partner_id)
        if storing.vertraging_s:
            self._tel(partner_id, "vertraagd")
            await asyncio.sleep(storing.vertraging_s)
        if (nog := self._plat_nog(partner_id)) > 0:
            self._tel(partner_id, "plat_geweigerd")
            raise HTTPException(
                503, detail="down for maintenance", headers={"Retry-After": str(math.ceil(nog))}
            )
        if self._rng.random() < storing.fout_kans:
            if self._rng.random() < storing.retry_after_kans:
                self._tel(partner_id, "fout_503")
                raise HTTPException(
                    503,
                    detail="temporarily unavailable",
                    headers={"Retry-After": str(storing.retry_after_s)},
                )
            self._tel(partner_id, "fout_500")
            raise HTTPException(500, detail="internal error")

    async def na_verwerking(
        self, partner_id: str, antwoord: dict[str, str], status: int
    ) -> dict[str, str] | JSONResponse:
        """After a message was taken in: perhaps hang past the client's timeout, perhaps answer nonsense."""
        storing = self.van(partner_id)
        if self._rng.random() < storing.timeout_kans:
            self._tel(partner_id, "traag")
            await asyncio.sleep(storing.hangen_s)
        if self._rng.random() < storing.kapot_kans:
            self._tel(partner_id, "kapot")
            return JSONResponse({"ok": True, "sleutel": None}, status_code=status)
        return antwoord

    # -- webhooks ---------------------------------------------------------------------------

    def hussel_wacht_s(self, partner_id: str) -> float | None:
        """How long this webhook waits when the partner shuffles (None: it does not)."""
        husselen_s = self.van(partner_id).husselen_s
        if husselen_s <= 0:
            return None
        self._tel(partner_id, "gehusseld")
        return self._rng.uniform(0, husselen_s)

    async def verstuur(
        self, afzender: WebhookAfzender, partner_id: str, gebeurtenis: BaseModel, *, webhook_id: str
    ) -> Aflevering:
        """Send one webhook as the partner's faults say: held while down, twice when it doubles."""
        if self._plat_nog(partner_id) > 0:
            self._tel(partner_id, "vastgehouden")
            while (nog := self._plat_nog(partner_id)) > 0:
                await asyncio.sleep(min(nog, 0.5))
        if not self.van(partner_id).dubbel:
            return await afzender.verstuur(partner_id, gebeurtenis, webhook_id=webhook_id)
        self._tel(partner_id, "dubbel_verzonden")
        eerste, tweede = await asyncio.gather(
            *(afzender.verstuur(partner_id, gebeurtenis, webhook_id=webhook_id) for _ in range(2))
        )
        return eerste if eerste.uitslag == "verzonden" else tweede

    def _plat_nog(self, partner_id: str) -> float:
        return max(0.0, self._plat_tot.get(partner_id, 0.0) - _nu())

    def _tel(self, partner_id: str, wat: str) -> None:
        self.tellers.setdefault(partner_id, Counter())[wat] += 1


def _nu() -> float:
    return asyncio.get_running_loop().time()
