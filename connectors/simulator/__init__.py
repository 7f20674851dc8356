"""The partner simulator: every partner system of the catalogue as one real HTTP service.

It receives ketenregie's messages (`POST /{partner_id}/berichten`), decides what a real partner
would do next with the programme's simulation rates, and reports back through signed webhooks.
`maak_cohort` and `verwijs` start a synthetic cohort at the gemeenten.
"""

from connectors.simulator._afzender import Aflevering, WebhookAfzender
from connectors.simulator.app import app_uit_omgeving, create_simulator_app, serve_simulator
from connectors.simulator.cohort import instroom_partner, maak_cohort, verwijs, verwijs_async

__all__ = [
    "Aflevering",
    "WebhookAfzender",
    "app_uit_omgeving",
    "create_simulator_app",
    "instroom_partner",
    "maak_cohort",
    "serve_simulator",
    "verwijs",
    "verwijs_async",
]
