"""The simulator's sender keeps a bounded number of webhooks in flight, however many it is asked
to send at once: an unbounded burst queued inside httpx's pool (quadratic there), the simulator's
event loop spent itself on it and the demo's partners fell silent mid-cohort."""

from __future__ import annotations

import asyncio

import httpx
from pydantic import BaseModel

from connectors.simulator import WebhookAfzender
from settings import Catalogus


class _Iets(BaseModel):
    type: str = "test.iets"


def test_een_golf_webhooks_gaat_met_begrensd_aantal_tegelijk(catalogus: Catalogus) -> None:
    bezig, hoogste, ontvangen = 0, 0, 0

    async def ketenregie(_: httpx.Request) -> httpx.Response:
        nonlocal bezig, hoogste, ontvangen
        bezig += 1
        hoogste = max(hoogste, bezig)
        await asyncio.sleep(0.002)
        bezig -= 1
        ontvangen += 1
        return httpx.Response(202, json={})

    async def golf() -> list[str]:
        transport = httpx.MockTransport(ketenregie)
        async with httpx.AsyncClient(transport=transport) as client:
            afzender = WebhookAfzender(
                client, basis_url="http://ketenregie.test", catalogus=catalogus, gelijktijdig=8
            )
            uit = await asyncio.gather(
                *(afzender.verstuur("gemeente-utrecht", _Iets()) for _ in range(300))
            )
        return [a.uitslag for a in uit]

    uitslagen = asyncio.run(golf())
    assert uitslagen == ["verzonden"] * 300 and ontvangen == 300
    assert 1 < hoogste <= 8, f"{hoogste} webhooks in flight at once"
