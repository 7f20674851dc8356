"""Partner connectors: one httpx client per partner kind, translating errors at the boundary.

`client_voor(partner)` picks the client; every client sends a partner only the `inhoud` fields
its kind may receive and raises only `connectors.errors` types. The partner simulator lives in
`connectors.simulator`.
"""

from connectors._http import PartnerHttpClient, retry_after_s
from connectors._oauth2 import ClientCredentials
from connectors.assessment import AssessmentClient
from connectors.errors import (
    BerichtNietToegestaan,
    ConnectorError,
    PartnerAuthGeweigerd,
    PartnerContractViolation,
    PartnerRejected,
    PartnerUnavailable,
    herhaalbaar,
)
from connectors.fabriek import CLIENT_PER_SOORT, client_voor
from connectors.gemeente import GemeenteClient
from connectors.nazorg import NazorgClient
from connectors.ondertekening import nieuw_webhook_id, onderteken
from connectors.ontwikkeling import OntwikkelingClient
from connectors.opleiding import OpleidingClient
from connectors.partnerclient import Afgeleverd, PartnerClient, Verstrekking
from connectors.werkgever import WerkgeverClient

__all__ = [
    "CLIENT_PER_SOORT",
    "Afgeleverd",
    "AssessmentClient",
    "BerichtNietToegestaan",
    "ClientCredentials",
    "ConnectorError",
    "GemeenteClient",
    "NazorgClient",
    "OntwikkelingClient",
    "OpleidingClient",
    "PartnerAuthGeweigerd",
    "PartnerClient",
    "PartnerContractViolation",
    "PartnerHttpClient",
    "PartnerRejected",
    "PartnerUnavailable",
    "Verstrekking",
    "WerkgeverClient",
    "client_voor",
    "herhaalbaar",
    "nieuw_webhook_id",
    "onderteken",
    "retry_after_s",
]
