"""Loads and cross-checks the configuration files: partners and programmes."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import SecretStr, ValidationError

from schemas.fase import SOORT_PER_FASE
from schemas.programma import FaseInrichting, Programma
from schemas.toestemming import DOEL_VOORVOEGSEL
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

    def wettelijke_grondslagen(self) -> dict[str, dict[str, str]]:
        """Per programme, the legal tasks its configuration names (recipient → law)."""
        return {p.id: dict(p.grondslagen.wettelijk) for p in self.programmas.values()}


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


class ConfigFout(ValueError):
    """A mistake in a configuration file, in one line: file, line, field and what is wrong (never
    the value itself: a field may hold a secret)."""

    def __init__(self, pad: Path, regel: int, veld: str, uitleg: str) -> None:
        super().__init__(f"{pad}:{regel}: {veld}: {uitleg}")


@dataclass(frozen=True)
class _Bestand:
    pad: Path
    inhoud: Any
    knoop: yaml.Node | None

    def fout(self, loc: tuple[str | int, ...], uitleg: str) -> ConfigFout:
        veld = "".join(f"[{d}]" if isinstance(d, int) else f".{d}" for d in loc).lstrip(".")
        return ConfigFout(self.pad, _regel(self.knoop, loc), veld or "(file)", uitleg)

    def ongeldig(self, loc: tuple[str | int, ...], exc: ValidationError) -> ConfigFout:
        eerste = exc.errors()[0]
        uitleg = eerste["msg"].removeprefix("Value error, ")
        return self.fout((*loc, *eerste["loc"]), uitleg)


def _regel(knoop: yaml.Node | None, loc: tuple[str | int, ...]) -> int:
    """The line (1-based) of the deepest node of `loc` the file has (a missing field: its parent)."""
    if knoop is None:
        return 1
    for stap in loc:
        if isinstance(knoop, yaml.MappingNode):
            gevonden = [w for k, w in knoop.value if k.value == str(stap)]
        elif isinstance(knoop, yaml.SequenceNode) and isinstance(stap, int):
            gevonden = knoop.value[stap : stap + 1]
        else:
            gevonden = []
        if not gevonden:
            break
        knoop = gevonden[0]
    return int(knoop.start_mark.line) + 1


def _lees_yaml(pad: Path) -> _Bestand:
    try:
        tekst = pad.read_text(encoding="utf-8")
        return _Bestand(pad, yaml.safe_load(tekst), yaml.compose(tekst, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ConfigFout(pad, mark.line + 1 if mark else 1, "yaml", str(exc.problem)) from None
    except OSError as exc:
        raise ConfigFout(pad, 0, "file", exc.strerror or str(exc)) from None


def _partner(bestand: _Bestand, i: int, p: Any, instellingen: Instellingen) -> PartnerInstellingen:
    if not isinstance(p, dict) or not isinstance(p.get("id"), str):
        raise bestand.fout(("partners", i, "id"), "every partner needs an id")
    try:
        return PartnerInstellingen.model_validate(
            p
            | _adressen(p, instellingen)
            | _geheimen(p["id"], instellingen)
            | _client_geheim(p, instellingen)
        )
    except ValidationError as exc:
        raise bestand.ongeldig(("partners", i), exc) from None
    except (ValueError, KeyError) as exc:
        raise bestand.fout(("partners", i), str(exc)) from None


def laad_catalogus(instellingen: Instellingen) -> Catalogus:
    """Read config/partners.yaml and config/programmas/*.yaml; refuse inconsistent references.
    A mistake is a `ConfigFout` naming the file, the line and the field."""
    bestand = _lees_yaml(instellingen.config_map / "partners.yaml")
    lijst = bestand.inhoud.get("partners") if isinstance(bestand.inhoud, dict) else None
    if not isinstance(lijst, list):
        raise bestand.fout(("partners",), "a list of partners is required")
    partners: dict[str, PartnerInstellingen] = {}
    for i, p in enumerate(lijst):
        partner = _partner(bestand, i, p, instellingen)
        partners[partner.id] = partner
    programmas = {}
    for pad in sorted((instellingen.config_map / "programmas").glob("*.yaml")):
        programma_bestand = _lees_yaml(pad)
        try:
            programma = Programma.model_validate(programma_bestand.inhoud)
        except ValidationError as exc:
            raise programma_bestand.ongeldig((), exc) from None
        _controleer_partners(programma, partners, programma_bestand)
        programmas[programma.id] = programma
    return Catalogus(partners=partners, programmas=programmas)


def _controleer_partners(
    programma: Programma, partners: dict[str, PartnerInstellingen], bestand: _Bestand
) -> None:
    fasen: list[tuple[tuple[str | int, ...], FaseInrichting]] = [
        (("fasen", i), f) for i, f in enumerate(programma.fasen)
    ]
    fasen += [
        (("banen", b, "fasen", i), f)
        for b, baan in enumerate(programma.banen)
        for i, f in enumerate(baan.fasen)
    ]
    for plek, inrichting in fasen:
        for j, partner_id in enumerate(inrichting.partners):
            waar = (*plek, "partners", j)
            if partner_id not in partners:
                raise bestand.fout(waar, f"unknown partner {partner_id}")
            if partners[partner_id].soort not in SOORT_PER_FASE[inrichting.fase]:
                raise bestand.fout(
                    waar,
                    f"a {partners[partner_id].soort} partner cannot run {inrichting.fase}",
                )
    soorten = {p.id: str(p.soort) for p in partners.values()}
    for loc, uitleg in programma.verwijzing.fouten(soorten):  # referrers and regiehouders
        raise bestand.fout(("verwijzing", *loc), uitleg)
    for loc, uitleg in (
        programma.beeld_van_iemand.fouten(soorten) if programma.beeld_van_iemand else []
    ):
        raise bestand.fout(("beeld_van_iemand", *loc), uitleg)
    for ontvanger in sorted(programma.grondslagen.ontvangers()):
        if not ontvanger.startswith(DOEL_VOORVOEGSEL) and ontvanger not in partners:
            raise bestand.fout(("grondslagen",), f"unknown recipient {ontvanger}")
