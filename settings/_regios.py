"""Loads config/regios.yaml and checks it against the partners: every gemeente partner is in
exactly one region, and a region names only gemeente partners."""

from __future__ import annotations

from pydantic import ValidationError

from schemas.fase import PartnerSoort
from schemas.regios import Regiokaart, Regios
from settings._catalogus import Catalogus, _lees_yaml
from settings._instellingen import Instellingen


def laad_regios(instellingen: Instellingen, catalogus: Catalogus) -> Regiokaart:
    """The region mapping (with each programme's referrers), or a `ConfigFout` naming the file, line and field."""
    bestand = _lees_yaml(instellingen.config_map / "regios.yaml")
    try:
        regios = Regios.model_validate(bestand.inhoud)
    except ValidationError as exc:
        raise bestand.ongeldig((), exc) from None
    for i, regio in enumerate(regios.regios):
        for j, g in enumerate(regio.gemeenten):
            partner = catalogus.partners.get(g)
            if partner is None or partner.soort != PartnerSoort.GEMEENTE:
                raise bestand.fout(("regios", i, "gemeenten", j), f"{g} is no gemeente partner")
    gemapt = {g for r in regios.regios for g in r.gemeenten}
    for p in catalogus.partners.values():
        if p.soort == PartnerSoort.GEMEENTE and p.id not in gemapt:
            raise bestand.fout(("regios",), f"gemeente partner {p.id} is in no region")
    verwijzers = {
        (p.id, v.partner): v.regiehouder
        for p in catalogus.programmas.values()
        for v in p.verwijzing.verwijzers
    }
    return Regiokaart(regios, verwijzers)
