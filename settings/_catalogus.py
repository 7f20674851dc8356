"""Loads and cross-checks the configuration files: partners and programmes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import SecretStr

from schemas.fase import SOORT_PER_FASE
from schemas.programma import Programma
from settings._instellingen import Instellingen, PartnerInstellingen, ontwikkelgeheim


@dataclass(frozen=True)
class Catalogus:
    """Partners and programmes, validated together."""

    partners: dict[str, PartnerInstellingen]
    programmas: dict[str, Programma]

    def partner(self, partner_id: str) -> PartnerInstellingen:
        return self.partners[partner_id]

    def programma(self, programma_id: str) -> Programma:
        return self.programmas[programma_id]


def _omgevingsnaam(partner_id: str, veld: str) -> str:
    return f"KETEN_PARTNER__{partner_id.upper().replace('-', '_')}__{veld.upper()}"


def _geheimen(partner_id: str, instellingen: Instellingen) -> dict[str, Any]:
    """Secrets per partner from the environment; development falls back to derived values."""
    geheimen = os.environ.get(_omgevingsnaam(partner_id, "webhook_geheimen"))
    sleutel = os.environ.get(_omgevingsnaam(partner_id, "api_sleutel"))
    if instellingen.omgeving == "production" and not (geheimen and sleutel):
        raise ValueError(
            f"partner {partner_id}: set {_omgevingsnaam(partner_id, 'webhook_geheimen')} and _API_SLEUTEL"
        )
    lijst = (
        geheimen.split(",") if geheimen else ["whsec_" + ontwikkelgeheim(f"webhook:{partner_id}")]
    )
    return {
        "webhook_geheimen": [SecretStr(g.strip()) for g in lijst],
        "api_sleutel": SecretStr(sleutel or ontwikkelgeheim(f"api:{partner_id}")),
    }


def _client_geheim(partner: dict[str, Any], instellingen: Instellingen) -> dict[str, Any]:
    """The OAuth2 client secret of an `auth: oauth2` partner: from the environment; derived in
    development, refused missing in production."""
    if partner.get("auth") != "oauth2":
        return {}
    naam = _omgevingsnaam(partner["id"], "client_geheim")
    geheim = os.environ.get(naam)
    if instellingen.omgeving == "production" and not geheim:
        raise ValueError(f"partner {partner['id']}: set {naam}")
    return {"client_geheim": SecretStr(geheim or ontwikkelgeheim(f"oauth2:{partner['id']}"))}


def _adressen(partner: dict[str, Any], instellingen: Instellingen) -> dict[str, Any]:
    """The partner's URLs with {simulator} filled in."""
    return {
        veld: partner[veld].format(simulator=instellingen.simulator_basis_url)
        for veld in ("basis_url", "token_url")
        if partner.get(veld)
    }


def _lees_yaml(pad: Path) -> Any:
    with pad.open(encoding="utf-8") as bestand:
        return yaml.safe_load(bestand)


def laad_catalogus(instellingen: Instellingen) -> Catalogus:
    """Read config/partners.yaml and config/programmas/*.yaml; refuse inconsistent references."""
    ruw = _lees_yaml(instellingen.config_map / "partners.yaml")
    partners = {
        p["id"]: PartnerInstellingen.model_validate(
            p
            | _adressen(p, instellingen)
            | _geheimen(p["id"], instellingen)
            | _client_geheim(p, instellingen)
        )
        for p in ruw["partners"]
    }
    programmas = {}
    for pad in sorted((instellingen.config_map / "programmas").glob("*.yaml")):
        programma = Programma.model_validate(_lees_yaml(pad))
        _controleer_partners(programma, partners)
        programmas[programma.id] = programma
    return Catalogus(partners=partners, programmas=programmas)


def _controleer_partners(programma: Programma, partners: dict[str, PartnerInstellingen]) -> None:
    for inrichting in programma.fasen:
        for partner_id in inrichting.partners:
            if partner_id not in partners:
                raise ValueError(f"programme {programma.id}: unknown partner {partner_id}")
            if partners[partner_id].soort not in SOORT_PER_FASE[inrichting.fase]:
                raise ValueError(
                    f"programme {programma.id}: a {partners[partner_id].soort} partner cannot run {inrichting.fase}"
                )
