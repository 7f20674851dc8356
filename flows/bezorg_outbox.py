"""Scheduled delivery of the outbox: retries what failed before, on its backoff schedule."""

from __future__ import annotations

from prefect import flow

from flows import onderdelen
from flows._logboek import run_logboek
from flows.bezorging import bezorg


@flow(name="bezorg-outbox")
def bezorg_outbox() -> dict[str, int]:
    """Deliver every due outbox message; failures wait for their next attempt."""
    o = onderdelen.onderdelen()
    telling = dict(
        bezorg(
            engine=o.engine,
            client_van=onderdelen.partnerclient,
            catalogus=o.catalogus,
            nu=onderdelen.nu(),
            schema=o.instellingen.outbox_herhaalschema_s,
        )
    )
    run_logboek().info("outbox_bezorgd", **telling)
    return telling


if __name__ == "__main__":
    bezorg_outbox()
