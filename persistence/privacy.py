"""Pseudonyms and encryption: the only code that sees a participant's identity.

The pseudonym is an HMAC of the BSN under the pepper, so a re-referral of the same person finds
the same participant and the webhook receiver can answer with it at once; without the pepper it
cannot be traced back. Name, BSN and birth date are stored only Fernet-encrypted, under
MultiFernet: KETEN_SLEUTEL may list several keys (comma-separated) so the data key can be rotated:
the first encrypts, every one decrypts; `MultiFernet.rotate` re-encrypts a token under the first.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet

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


@lru_cache(maxsize=8)
def _sleutelbos(sleutels: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in sleutels])


def sleutelbos(instellingen: Instellingen) -> MultiFernet:
    """The chain's keys (settings checked each is a Fernet key): the first encrypts, all decrypt."""
    return _sleutelbos(tuple(instellingen.sleutels))


def versleutel_tekst(tekst: str, instellingen: Instellingen) -> str:
    """Fernet under the chain's key: what is kept at rest and must stay unreadable without it."""
    return sleutelbos(instellingen).encrypt(tekst.encode()).decode()


def ontsleutel_tekst(token: str, instellingen: Instellingen) -> str:
    return sleutelbos(instellingen).decrypt(token.encode()).decode()


def herversleutel(token: str, instellingen: Instellingen) -> str:
    """The same content under the first key (after a key was added in front)."""
    return sleutelbos(instellingen).rotate(token.encode()).decode()


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
