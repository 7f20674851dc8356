"""The one place that picks a client class for a partner: by its kind."""

from __future__ import annotations

import httpx

from connectors._http import PartnerHttpClient
from connectors._oauth2 import ClientCredentials
from connectors.assessment import AssessmentClient
from connectors.gemeente import GemeenteClient
from connectors.nazorg import NazorgClient
from connectors.ontwikkeling import OntwikkelingClient
from connectors.opleiding import OpleidingClient
from connectors.partnerclient import PartnerClient
from connectors.werkgever import WerkgeverClient
from schemas.fase import PartnerSoort
from settings import PartnerInstellingen

CLIENT_PER_SOORT: dict[PartnerSoort, type[PartnerHttpClient]] = {
    PartnerSoort.GEMEENTE: GemeenteClient,
    PartnerSoort.ASSESSMENT: AssessmentClient,
    PartnerSoort.ONTWIKKELING: OntwikkelingClient,
    PartnerSoort.OPLEIDING: OpleidingClient,
    PartnerSoort.WERKGEVER: WerkgeverClient,
    PartnerSoort.NAZORG: NazorgClient,
}


def client_voor(
    partner: PartnerInstellingen, transport: httpx.BaseTransport | None = None
) -> PartnerClient:
    """The client for `partner`'s kind, authenticating as `partner.auth` says.

    Args:
        partner: the partner's settings; `partner.soort` picks the class.
        transport: an httpx transport to use instead of the network (tests).
    """
    auth = ClientCredentials(partner) if partner.auth == "oauth2" else None
    return CLIENT_PER_SOORT[partner.soort](partner, transport=transport, auth=auth)
