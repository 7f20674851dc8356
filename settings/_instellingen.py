"""Settings: pydantic-settings, nested per concern, every field described."""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Literal, Self

from cryptography.fernet import Fernet
from pydantic import (
    BaseModel,
    Field,
    PositiveFloat,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import BaseSettings, SettingsConfigDict

from schemas.fase import PartnerSoort
from schemas.grenzen import Grenzen

PROJECT_MAP = Path(__file__).resolve().parent.parent
# Standard Webhooks' recommended retry schedule: seconds after each failed attempt (≈ 27 h in all).
STANDARD_WEBHOOKS_SCHEMA_S = (5.0, 300.0, 1800.0, 7200.0, 18000.0, 36000.0, 36000.0)


def ontwikkelgeheim(doel: str) -> str:
    """A deterministic development-only secret; refused when omgeving=production."""
    return base64.b64encode(
        hashlib.sha256(f"ketenregie-development:{doel}".encode()).digest()
    ).decode()


class PartnerInstellingen(BaseModel):
    """One partner organisation's system: where it lives and how we trust each other."""

    id: str = Field(pattern=r"^[a-z0-9-]+$", description="Stable partner id, used in webhook URLs.")
    soort: PartnerSoort = Field(description="Which connector talks to it.")
    naam: str = Field(description="Organisation name shown to coordinators.")
    basis_url: str = Field(description="Base URL of the partner's API.")
    webhook_geheimen: list[SecretStr] = Field(
        min_length=1,
        max_length=2,
        description="Standard Webhooks secrets (whsec_...); two during a rotation.",
    )
    api_sleutel: SecretStr = Field(description="Bearer key we present to the partner's API.")
    timeout_s: float = Field(
        default=10.0, gt=0, description="Per-request timeout towards this partner."
    )
    auth: Literal["api_sleutel", "oauth2"] = Field(
        default="api_sleutel",
        description="How we authenticate to the partner's API: the bearer api_sleutel, or OAuth2 client credentials.",
    )
    token_url: str | None = Field(default=None, description="OAuth2 token endpoint (auth: oauth2).")
    client_id: str | None = Field(default=None, description="OAuth2 client id (auth: oauth2).")
    client_geheim: SecretStr | None = Field(
        default=None,
        description="OAuth2 client secret (auth: oauth2), from KETEN_PARTNER__<ID>__CLIENT_GEHEIM.",
    )

    @model_validator(mode="after")
    def _oauth2_compleet(self) -> Self:
        if self.auth == "oauth2" and not (self.token_url and self.client_id and self.client_geheim):
            raise ValueError(
                f"partner {self.id}: auth oauth2 needs token_url, client_id and a client secret"
            )
        return self


class Instellingen(BaseSettings):
    """All configuration of ketenregie; see the README's configuration table."""

    model_config = SettingsConfigDict(
        env_prefix="KETEN_", env_nested_delimiter="__", extra="ignore"
    )

    omgeving: Literal["development", "production"] = Field(
        default="development", description="production refuses development secrets."
    )
    data_map: Path = Field(
        default=PROJECT_MAP / ".keten",
        description="Folder for the SQLite database, Prefect home and logs.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL; default SQLite under data_map. PostgreSQL: postgresql+psycopg://...",
    )
    database_pool: int = Field(
        default=20,
        ge=1,
        description="PostgreSQL connections each process keeps (receiver threads, delivery threads and a processing run share them); no ping per checkout.",
    )
    verwerk_werkers: int = Field(
        default=1,
        ge=1,
        description="Processing runs side by side (the verwerk-inbox deployment's concurrency). Counts on PostgreSQL only: SQLite has one writer, so it keeps one.",
    )
    groepscommit: bool = Field(
        default=True,
        description="The receiver stores webhooks that arrive together in one commit (persistence.groepscommit); off: one commit per webhook.",
    )
    sqlite_synchronous: Literal["NORMAL", "FULL"] = Field(
        default="NORMAL",
        description="SQLite durability (WAL): NORMAL survives a process crash; FULL also a power cut, at an fsync per commit.",
    )
    config_map: Path = Field(
        default=PROJECT_MAP / "config",
        description="Folder with partners.yaml and programmas/*.yaml.",
    )
    sleutel: SecretStr = Field(
        default=SecretStr(""),
        description="Fernet keys encrypting personal data at rest (urlsafe base64, 32 bytes), comma-separated: the first encrypts, every one decrypts (a rotation).",
    )
    peper: SecretStr = Field(
        default=SecretStr(""), description="HMAC key deriving pseudonyms from BSNs."
    )
    prefect_api_url: str = Field(
        default="http://127.0.0.1:4200/api", description="Prefect API the webhook receiver nudges."
    )
    webhook_host: str = Field(
        default="127.0.0.1", description="Address the webhook API listens on."
    )
    webhook_poort: int = Field(default=8100, description="Port of the webhook API.")
    webhook_basis_url: str = Field(
        default="http://127.0.0.1:8100",
        description="Where partners (and the simulator) send webhooks.",
    )
    simulator_poort: int = Field(default=8101, description="Port of the partner simulator.")
    simulator_basis_url: str = Field(
        default="http://127.0.0.1:8101", description="Fills {simulator} in partners.yaml base URLs."
    )
    simulator_vertraging_min_s: float = Field(
        default=0.2, ge=0, description="Shortest time a simulated partner takes before it reports."
    )
    simulator_vertraging_max_s: float = Field(
        default=1.0, ge=0, description="Longest time a simulated partner takes before it reports."
    )
    simulator_seed: int = Field(
        default=7, description="Seed of the simulator's choices (rates per programme)."
    )
    max_body_bytes: int = Field(
        default=256 * 1024, description="Largest webhook body accepted (413 above)."
    )
    max_import_bytes: int = Field(
        default=32 * 1024 * 1024, description="Largest batch export accepted (413 above)."
    )
    max_import_rijen: int = Field(
        default=20_000, description="Most rows one batch export may carry (413 above)."
    )
    max_diepte: int = Field(
        default=16,
        ge=4,
        le=64,
        description="Deepest nesting of a webhook body or export row (objects and lists, the event itself counted; a CSV column's dots too). 422 above.",
    )
    max_tekst: int = Field(
        default=4096,
        ge=256,
        le=131_072,
        description="Most characters in any text of a webhook or export row (keys, CSV cells and column names too). 422 above. At most the csv module's own cell limit.",
    )
    max_getal: int = Field(
        default=2**31 - 1,
        ge=1000,
        le=2**63 - 1,
        description="Largest absolute number in a webhook or export row (int32 by default: every integer column can hold it). 422 above.",
    )
    max_webhook_id: int = Field(
        default=200,
        ge=16,
        le=1000,
        description="Most characters in a webhook-id (visible ASCII without '#', which the chain keeps for its own ids). 400 above.",
    )
    max_verzoeken_per_minuut: int = Field(
        default=1200,
        gt=0,
        description="Signed webhook and batch requests one partner may send per minute, in bursts of as many (429 with Retry-After above; per receiver process).",
    )
    max_rijen_per_uur: int = Field(
        default=100_000,
        gt=0,
        description="Batch rows one partner may send per hour, in bursts of as many (429 with Retry-After above; per receiver process).",
    )
    geheim_cache_s: float = Field(
        default=5.0,
        ge=0,
        description="How long the receiver keeps its copy of rotated webhook secrets.",
    )
    inbox_batch: int = Field(
        default=500, gt=0, description="Inbox events one processing batch claims."
    )
    inbox_claim_s: float = Field(
        default=300.0,
        gt=0,
        description="Lease on claimed inbox events; a dead worker's events are claimed again after this.",
    )
    inbox_volgorde_s: float = Field(
        default=300.0,
        ge=0,
        description="How long a webhook whose move the trajectory does not allow yet waits for an earlier event that may still arrive (out of order) before it is refused.",
    )
    inbox_max_pogingen: int = Field(
        default=3,
        ge=1,
        description="Processing attempts an inbox event gets when it fails for a reason other than its content's rules (an exception); after the last it is quarantined with rule verwerking:fout.",
    )
    inbox_herprobeer_s: float = Field(
        default=10.0,
        ge=0,
        description="Seconds before a failed event is tried again, times the attempts so far; other events go on meanwhile.",
    )
    outbox_herhaalschema_s: list[PositiveFloat] = Field(
        default=list(STANDARD_WEBHOOKS_SCHEMA_S),
        min_length=1,
        description="Seconds before each outbox retry (JSON list); after the last the message is dead. Default: Standard Webhooks.",
    )
    verwerk_deployment: str = Field(
        default="verwerk-inbox/verwerk-inbox",
        description="Deployment the receiver starts after accepting a webhook.",
    )
    bezorg_deployment: str = Field(
        default="bezorg-outbox/bezorg-outbox",
        description="Deployment the receiver's safety net starts when outbox retries are overdue.",
    )
    vangnet_s: float = Field(
        default=30.0,
        ge=0,
        description="How often the receiver's safety net looks for work no run carries (0: off).",
    )

    dashboard_host: str = Field(
        default="127.0.0.1", description="Address the coordinators' dashboard listens on."
    )
    dashboard_poort: int = Field(default=8102, description="Port of the coordinators' dashboard.")
    sessiesleutel: SecretStr = Field(
        default=SecretStr(""),
        description="Key signing the dashboard's session cookie (itsdangerous); a long random string.",
    )
    sessie_uren: float = Field(
        default=8.0,
        gt=0,
        le=24,
        description="Hours a dashboard session lasts before signing in again.",
    )
    oidc_issuer: str | None = Field(
        default=None,
        description="OpenID Connect issuer of the municipality's identity provider (its /.well-known/openid-configuration is read); unset: local accounts only.",
    )
    oidc_client_id: str | None = Field(default=None, description="The dashboard's OIDC client id.")
    oidc_client_geheim: SecretStr | None = Field(
        default=None, description="The dashboard's OIDC client secret."
    )
    oidc_rol_claim: str = Field(
        default="keten_rol",
        description="ID-token claim naming the user's role (ketenregisseur, regiehouder, partner_medewerker, onderzoeker, beheerder).",
    )

    @model_validator(mode="after")
    def _geheimen(self) -> Self:
        for veld in ("sleutel", "peper", "sessiesleutel"):
            waarde: SecretStr = getattr(self, veld)
            if not waarde.get_secret_value():
                if self.omgeving == "production":
                    raise ValueError(f"KETEN_{veld.upper()} must be set in production")
                setattr(self, veld, SecretStr(self._ontwikkelwaarde(veld)))
            elif (
                self.omgeving == "production"
                and waarde.get_secret_value() == self._ontwikkelwaarde(veld)
            ):
                raise ValueError(
                    f"KETEN_{veld.upper()} is a development value; refused in production"
                )
        for nummer, sleutel in enumerate(self.sleutels, start=1):
            try:
                Fernet(sleutel)
            except ValueError:
                raise ValueError(
                    f"KETEN_SLEUTEL: key {nummer} of {len(self.sleutels)} is not a Fernet key "
                    "(32 bytes, url-safe base64: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())')"
                ) from None
        return self

    @property
    def sleutels(self) -> list[str]:
        """The Fernet keys of KETEN_SLEUTEL in order: the first encrypts, all decrypt."""
        return [k.strip() for k in self.sleutel.get_secret_value().split(",") if k.strip()]

    @staticmethod
    def _ontwikkelwaarde(veld: str) -> str:
        geheim = ontwikkelgeheim(veld)
        return geheim.replace("+", "-").replace("/", "_") if veld == "sleutel" else geheim

    @property
    def grenzen(self) -> Grenzen:
        """The door's limits on every value (`schemas.grenzen`)."""
        return Grenzen(diepte=self.max_diepte, tekst=self.max_tekst, getal=self.max_getal)

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_map / 'keten.db'}"

    @property
    def werkers(self) -> int:
        """Processing runs that may run at once on this database (SQLite: one)."""
        return 1 if self.db_url.startswith("sqlite") else self.verwerk_werkers


@lru_cache
def get_settings() -> Instellingen:
    return Instellingen()


def instellingenfout(exc: ValidationError) -> str:
    """A settings error in one line, naming the variable; never the value (it may be a secret)."""
    eerste = exc.errors()[0]
    uitleg = eerste["msg"].removeprefix("Value error, ")
    if not eerste["loc"]:
        return uitleg
    return "KETEN_" + "__".join(str(d).upper() for d in eerste["loc"]) + ": " + uitleg
