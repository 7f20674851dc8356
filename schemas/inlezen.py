"""Reading one stored inbox event into a candidate handoff: its event, programme and dossier shape.

Pure: the flows hand in the stored fields and the programme each known participant follows.
The gate's rules (great-expectations) run afterwards, over the whole batch (`quality.keur_kandidaten`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from schemas.contracten import Contract, OnbekendeRand, contract_voor, lees_dossier, vervallen
from schemas.fase import Fase
from schemas.gebeurtenissen import (
    AanmeldingKern,
    OpgeslagenGebeurtenis,
    contract_versie_van,
    dossier_rand,
)
from schemas.overdracht import Kandidaat
from schemas.regels import Bevinding, json_waarde

_OPGESLAGEN: TypeAdapter[OpgeslagenGebeurtenis] = TypeAdapter(OpgeslagenGebeurtenis)
ONLEESBAAR = "onleesbaar"  # the type of an import row that could not even be read


def vormfouten(exc: ValidationError, prefix: str) -> tuple[Bevinding, ...]:
    """pydantic's errors as the gate's findings: rule `vorm:<type>`, the column and the value."""
    return tuple(
        Bevinding(
            regel=f"vorm:{fout['type']}",
            uitleg=fout["msg"],
            kolom=".".join([prefix, *map(str, fout["loc"])]).strip("."),
            waarde=json_waarde(fout["input"])
            if isinstance(fout.get("input"), str | int | float | bool)
            else None,
        )
        for fout in exc.errors(include_url=False)
    )


def lees_kandidaat(
    *,
    inbox_id: int,
    partner: str,
    webhook_id: str,
    type: str,
    pseudoniem: str | None,
    payload: Mapping[str, Any],
    ontvangen_op: datetime,
    programma_van: Mapping[str, str],
    persoon_versleuteld: str | None = None,
    bsn_hash: str | None = None,
) -> Kandidaat:
    """Parse one stored event and check its dossier's shape against the edge's contract."""
    k = Kandidaat(
        inbox_id=inbox_id,
        partner=partner,
        webhook_id=webhook_id,
        pseudoniem=pseudoniem,
        ontvangen_op=ontvangen_op,
        persoon_versleuteld=persoon_versleuteld,
        bsn_hash=bsn_hash,
    )
    if type == ONLEESBAAR:
        uitleg, kolom = str(payload.get("reden")), f"regel {payload.get('regel')}"
        return replace(
            k,
            bevindingen=(
                Bevinding(regel="vorm:onleesbaar", uitleg=uitleg, kolom=kolom, waarde=None),
            ),
        )
    try:
        gebeurtenis = _OPGESLAGEN.validate_python(payload)
    except ValidationError as exc:
        return replace(k, bevindingen=vormfouten(exc, ""))
    programma = (
        gebeurtenis.programma
        if isinstance(gebeurtenis, AanmeldingKern)
        else programma_van.get(pseudoniem or "")
    )
    if programma is None:
        return replace(k, gebeurtenis=gebeurtenis, weigering=f"unknown participant {pseudoniem}")
    rand = dossier_rand(gebeurtenis)
    if rand is None:
        return replace(k, gebeurtenis=gebeurtenis, programma=programma)
    contract, dossier, weigering, bevindingen = _lees_dossier(
        *rand, versie=contract_versie_van(gebeurtenis)
    )
    if contract is not None and weigering is None:  # a version past its window: refused
        weigering = vervallen(contract, ontvangen_op.date())
    return replace(
        k,
        gebeurtenis=gebeurtenis,
        programma=programma,
        contract=contract,
        dossier=dossier,
        weigering=weigering,
        bevindingen=bevindingen,
    )


def _lees_dossier(
    van: Fase, naar: Fase | None, dossier: dict[str, Any], *, versie: int | None
) -> tuple[type[Contract] | None, Contract | None, str | None, tuple[Bevinding, ...]]:
    """The dossier's contract, and the dossier read or why not (a refusal, or its shape errors)."""
    contract = contract_voor(van, naar, versie)
    try:
        return contract, lees_dossier(van, naar, dossier, versie), None, ()
    except OnbekendeRand as exc:
        return contract, None, str(exc), ()
    except ValidationError as exc:
        return contract, None, None, vormfouten(exc, "dossier")
