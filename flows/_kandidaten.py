"""Step 1 and 2 of a batch: read each inbox event into a candidate handoff, check its shape,
then run the great-expectations gate once per contract over the whole batch."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import TypeAdapter, ValidationError

from quality import Poort
from schemas.contracten import Contract, OnbekendeRand, contract_voor, lees_dossier
from schemas.fase import Fase
from schemas.gebeurtenissen import AanmeldingKern, OpgeslagenGebeurtenis, dossier_rand
from settings import Catalogus

_OPGESLAGEN: TypeAdapter[OpgeslagenGebeurtenis] = TypeAdapter(OpgeslagenGebeurtenis)


@dataclass
class Kandidaat:
    """One inbox event on its way through the gate; carries no personal data in clear."""

    inbox_id: int
    partner: str
    webhook_id: str
    pseudoniem: str | None
    gebeurtenis: Any = None
    contract: type[Contract] | None = None
    dossier: Contract | None = None
    programma: str | None = None
    bevindingen: list[dict[str, Any]] = field(default_factory=list)
    weigering: str | None = None
    persoon_versleuteld: str | None = None
    bsn_hash: str | None = None
    toelichting: str = ""  # e.g. "replayed by the coordinator": appended to the ledger's reason

    @property
    def in_quarantaine(self) -> bool:
        return bool(self.bevindingen)


def _pydantic_bevindingen(exc: ValidationError, prefix: str) -> list[dict[str, Any]]:
    return [
        {
            "regel": f"vorm:{fout['type']}",
            "uitleg": fout["msg"],
            "kolom": ".".join([prefix, *map(str, fout["loc"])]).strip("."),
            "waarde": fout.get("input") if isinstance(fout.get("input"), str | int | float | bool) else None,
        }
        for fout in exc.errors(include_url=False)
    ]


def lees(rij: Any, programma_van: dict[str, str]) -> Kandidaat:
    """Parse one stored event and check its dossier's shape against the edge's contract."""
    k = Kandidaat(
        inbox_id=rij.id, partner=rij.partner, webhook_id=rij.webhook_id, pseudoniem=rij.pseudoniem,
        persoon_versleuteld=rij.persoon_versleuteld, bsn_hash=rij.bsn_hash,
    )
    if rij.type == "onleesbaar":  # a row of an import that could not even be read
        k.bevindingen = [{"regel": "vorm:onleesbaar", "uitleg": rij.payload["reden"], "kolom": f"regel {rij.payload['regel']}", "waarde": None}]
        return k
    try:
        k.gebeurtenis = _OPGESLAGEN.validate_python(rij.payload)
    except ValidationError as exc:
        k.bevindingen = _pydantic_bevindingen(exc, "")
        return k
    k.programma = k.gebeurtenis.programma if isinstance(k.gebeurtenis, AanmeldingKern) else programma_van.get(rij.pseudoniem or "")
    if k.programma is None:
        k.weigering = f"unknown participant {rij.pseudoniem}"
        return k
    rand = dossier_rand(k.gebeurtenis)
    if rand is not None:
        _lees_dossier(k, *rand)
    return k


def _lees_dossier(k: Kandidaat, van: Fase, naar: Fase | None, dossier: dict[str, Any]) -> None:
    k.contract = contract_voor(van, naar)
    try:
        k.dossier = lees_dossier(van, naar, dossier)
    except OnbekendeRand as exc:
        k.weigering = str(exc)
    except ValidationError as exc:
        k.bevindingen = _pydantic_bevindingen(exc, "dossier")


def keur(
    kandidaten: list[Kandidaat], poort: Poort, catalogus: Catalogus, vandaag: date,
    vorige_van: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """One gate validation per contract over all its candidates; failures go to quarantine.

    `vorige_van` holds each participant's previous accepted dossier, for rules across handoffs.
    """
    vorige_van = vorige_van or {}
    per_contract: dict[type[Contract], list[Kandidaat]] = {}
    for k in kandidaten:
        if k.dossier is not None and k.contract is not None and k.programma in catalogus.programmas:
            per_contract.setdefault(k.contract, []).append(k)
    for contract, groep in per_contract.items():
        rijen = [
            {"deelnemer": k.pseudoniem}
            | k.dossier.kenmerken(  # type: ignore[union-attr]
                vandaag=vandaag, programma=catalogus.programma(k.programma or ""), vorige=vorige_van.get(k.pseudoniem or "")
            )
            for k in groep
        ]
        for k, bevindingen in zip(groep, poort.keur(contract, rijen), strict=True):
            k.bevindingen = [b.model_dump(mode="json") for b in bevindingen]
