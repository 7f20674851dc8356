"""The partner simulator: every partner system of the catalogue as one real HTTP service.

It receives ketenregie's messages (`POST /{partner_id}/berichten`), decides what a real partner
would do next with the programme's simulation rates, and reports back through signed webhooks.
`maak_cohort` and `verwijs` start a synthetic cohort at the gemeenten. Its parts are public too,
so tests and benchmarks drive them directly: `Simulator` and `Gedrag` (what partners do),
`bouw_dossier` (valid dossiers), `verstoor` (one gate rule broken), `nieuw_profiel`, `nep_bsn`.
"""

from connectors.simulator._afwijking import AFWIJKINGEN, verstoor
from connectors.simulator._afzender import Aflevering, WebhookAfzender
from connectors.simulator._dossiers import BOUWERS, Situatie, bouw_dossier
from connectors.simulator._gedrag import Gedrag
from connectors.simulator._kenmerken import DOELGROEPEN, kenmerken_voor
from connectors.simulator._profiel import Profiel, nieuw_profiel
from connectors.simulator._simulator import Simulator
from connectors.simulator._stap import Stap
from connectors.simulator.app import app_uit_omgeving, create_simulator_app, serve_simulator
from connectors.simulator.cohort import (
    instroom_partner,
    maak_cohort,
    nep_bsn,
    verwijs,
    verwijs_async,
)

__all__ = [
    "AFWIJKINGEN",
    "BOUWERS",
    "DOELGROEPEN",
    "Aflevering",
    "Gedrag",
    "Profiel",
    "Simulator",
    "Situatie",
    "Stap",
    "WebhookAfzender",
    "app_uit_omgeving",
    "bouw_dossier",
    "create_simulator_app",
    "instroom_partner",
    "kenmerken_voor",
    "maak_cohort",
    "nep_bsn",
    "nieuw_profiel",
    "serve_simulator",
    "verstoor",
    "verwijs",
    "verwijs_async",
]
