"""Pseudonyms and encryption: the only code that sees a participant's identity.

The pseudonym is an HMAC of the BSN under the pepper, so a re-referral of the same person finds
the same participant and the webhook receiver can answer with it at once; without the pepper it
cannot be traced back. Name, BSN and birth date are stored only Fernet-encrypted.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from cryptography.fernet import Fernet

from schemas.gebeurtenissen import Persoon
from settings import Instellingen


def bsn_hash(bsn: str, instellingen: Instellingen) -> str:
    sleutel = instellingen.peper.get_secret_value().encode()
    return hmac.new(sleutel, f"bsn:{bsn}".encode(), hashlib.sha256).hexdigest()


def pseudoniem_voor(bsn: str, instellingen: Instellingen) -> str:
    """KT- plus ten base32 characters of a keyed hash: stable per person, not reversible."""
    sleutel = instellingen.peper.get_secret_value().encode()
    digest = hmac.new(sleutel, f"pseudoniem:{bsn}".encode(), hashlib.sha256).digest()
    return "KT-" + base64.b32encode(digest).decode()[:10]


def versleutel_tekst(tekst: str, instellingen: Instellingen) -> str:
    """Fernet under the chain's key: what is kept at rest and must stay unreadable without it."""
    return Fernet(instellingen.sleutel.get_secret_value().encode()).encrypt(tekst.encode()).decode()


def ontsleutel_tekst(token: str, instellingen: Instellingen) -> str:
    return Fernet(instellingen.sleutel.get_secret_value().encode()).decrypt(token.encode()).decode()


def versleutel(persoon: Persoon, instellingen: Instellingen) -> str:
    inhoud = json.dumps(
        {
            "naam": persoon.naam,
            "bsn": persoon.bsn,
            "geboortedatum": persoon.geboortedatum.isoformat(),
        }
    )
    return versleutel_tekst(inhoud, instellingen)


def ontsleutel(token: str, instellingen: Instellingen) -> Persoon:
    return Persoon.model_validate_json(ontsleutel_tekst(token, instellingen))
