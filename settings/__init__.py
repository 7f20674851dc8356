"""One settings object for the whole program, read from KETEN_* environment variables.

Secrets (webhook secrets, API keys, the encryption key and the pseudonym pepper) come from the
environment. In development a missing secret is derived from a fixed development seed so that
`make demo` runs with no set-up; in production a missing or development secret is refused.
"""

from settings._catalogus import Catalogus, ConfigFout, laad_catalogus
from settings._instellingen import (
    STANDARD_WEBHOOKS_SCHEMA_S,
    Instellingen,
    PartnerInstellingen,
    get_settings,
    instellingenfout,
    ontwikkelgeheim,
)
from settings._logboek import JsonRegel, Logboek, logboek, logboek_van, richt_logboek_in
from settings._regios import laad_regios

__all__ = [
    "STANDARD_WEBHOOKS_SCHEMA_S",
    "Catalogus",
    "ConfigFout",
    "Instellingen",
    "JsonRegel",
    "Logboek",
    "PartnerInstellingen",
    "get_settings",
    "instellingenfout",
    "laad_catalogus",
    "laad_regios",
    "logboek",
    "logboek_van",
    "ontwikkelgeheim",
    "richt_logboek_in",
]
