"""Schemathesis hooks that let generated requests through the door: real partners, real
participants (registered by the fuzz test's fixture), valid dossiers for their edge, and a
Standard Webhooks signature over the exact bytes sent.

Without them nearly every generated event names a pseudonym nobody has and stops at the door's
403, so the contracts, the inbox and processing never see fuzzed input. With them most POSTs are
about a participant the sending partner runs; the rest stay as generated (unknown pseudonyms,
wrong partners, unsigned), so the door's refusals are fuzzed too.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from hypothesis import strategies as st
from sqlmodel import Session

from connectors.simulator.voorbeelden import GELDIG
from persistence import maak_engine, opvolging, verloop
from schemas.contracten import contract_voor
from schemas.fase import Fase
from settings import Catalogus, Instellingen
from tests.beslisser import REGIEHOUDER, TRAJECTBEGELEIDER
from tests.conftest import onderteken

# What the hooks make of a generated POST: about a registered participant, from the partner that
# runs them (ECHT); as generated but sent by a real partner (ONDERTEKEND); or left alone.
ECHT, ONDERTEKEND, GEGENEREERD = "echt", "ondertekend", "gegenereerd"
GELDIGE_BSNS = ("111222333", "123456782", "999999990")  # pass the 11-test


@dataclass(frozen=True)
class Deelnemer:
    pseudoniem: str
    fase: str
    partner: str
    regiehouder: str = "gemeente-utrecht"
    checkin_partner: str | None = None


# (phase, the partner running it, next phase): one participant per row, two of each.
STANDEN = [
    ("instroom", "gemeente-utrecht", "assessment"),
    ("assessment", "assessment-utrecht", "ontwikkeling"),
    ("ontwikkeling", "ontwikkeling-horeca-utrecht", "vakopleiding"),
    ("vakopleiding", "vakopleiding-utrecht", "plaatsing"),
    ("plaatsing", "werkgevers-utrecht", "nazorg"),
    ("nazorg", "jobcoach-utrecht", None),
]
VOLGENDE = {fase: naar for fase, _, naar in STANDEN}


def registreer(instellingen: Instellingen) -> list[Deelnemer]:
    """Participants in every phase of the Utrecht programme; those in nazorg were asked a check-in."""
    uit = []
    nu = datetime.now(UTC)
    with Session(maak_engine(instellingen.db_url)) as s:
        for i, (fase, partner, _) in enumerate(STANDEN * 2):
            pseudoniem = f"KT-FUZZ{'ABCDEFGHIJKLMNOP'[i]}AAAAA"
            d = verloop.maak_deelnemer(
                session=s,
                pseudoniem=pseudoniem,
                bsn_hash=f"fuzz-{i}",
                persoon_versleuteld="x",
                programma="utrecht-bank-tot-baan",
                gemeente_partner="gemeente-utrecht",
                verwijzing_id=f"FUZZ-{i}",
                nu=nu,
            )
            t = verloop.start_traject(
                session=s,
                deelnemer_id=d.id or 0,
                programma="utrecht-bank-tot-baan",
                fase=fase,
                partner=partner,
                nu=nu,
            )
            checkin = None
            if fase == "nazorg":
                opvolging.plan_checkins(
                    session=s,
                    deelnemer=d,
                    traject_id=t.id or 0,
                    partner=partner,
                    startdatum=date.today(),
                    maanden=[1, 3],
                )
                checkin = partner
            uit.append(Deelnemer(pseudoniem, fase, partner, checkin_partner=checkin))
        s.commit()
    return uit


def _dossier(van: str, naar: str | None) -> dict[str, Any] | None:
    contract = contract_voor(Fase(van), Fase(naar) if naar else None)
    return None if contract is None else dict(GELDIG[contract])


def richt_op(gebeurtenis: dict[str, Any], d: Deelnemer, geldig_dossier: bool) -> str:
    """Make `gebeurtenis` about `d` and return the partner that may send it."""
    soort = gebeurtenis.get("type")
    if soort == "deelnemer.aangemeld":
        gebeurtenis["programma"] = "utrecht-bank-tot-baan"
        if isinstance(gebeurtenis.get("persoon"), dict):
            gebeurtenis["persoon"]["bsn"] = GELDIGE_BSNS[len(d.pseudoniem) % 3]
        return d.regiehouder
    gebeurtenis["deelnemer"] = d.pseudoniem
    if "fase" in gebeurtenis:
        gebeurtenis["fase"] = d.fase
    if soort in ("deelnemer.herinstroom", "traject.gewisseld"):  # a decision says who decided
        gebeurtenis.setdefault(
            "besluit", REGIEHOUDER if soort == "deelnemer.herinstroom" else TRAJECTBEGELEIDER
        )
    if soort == "deelnemer.herinstroom":
        return d.regiehouder
    if soort == "nazorg.checkin":
        return d.checkin_partner or d.partner
    if soort == "fase.afgerond" and geldig_dossier and VOLGENDE[d.fase]:
        gebeurtenis |= {"beweging": "doorstromen", "naar": VOLGENDE[d.fase]}
        gebeurtenis.pop("naar_partner", None)
        gebeurtenis["dossier"] = _dossier(d.fase, VOLGENDE[d.fase])
    if soort == "traject.afgesloten" and geldig_dossier:
        gebeurtenis["dossier"] = _dossier(d.fase, None)
    if soort == "traject.gewisseld" and geldig_dossier:
        gebeurtenis["dossier"] = _dossier(d.fase, d.fase)
    return d.partner


def _rij(d: Deelnemer, soort: int) -> dict[str, Any] | str:
    nu = datetime.now(UTC).isoformat()
    basis = {"gemeld_op": nu, "deelnemer": d.pseudoniem, "fase": d.fase}
    if soort == 0 and VOLGENDE[d.fase]:
        return basis | {
            "type": "fase.afgerond",
            "naar": VOLGENDE[d.fase],
            "dossier": _dossier(d.fase, VOLGENDE[d.fase]),
        }
    if soort == 1:
        return basis | {"type": "traject.gepauzeerd", "reden": "ziekte"}
    if soort == 2:
        return basis | {"type": "fase.gestart", "gestart_op": date.today().isoformat()}
    if soort == 3:
        return basis | {"type": "fase.afgerond", "naar": "nazorg", "dossier": {"uren": "veel"}}
    if soort == 4:
        return basis | {"deelnemer": "KT-ZZZZZZZZZZ", "type": "traject.hervat"}
    return "kapot {"


def installeer(schema: Any, catalogus: Catalogus, deelnemers: list[Deelnemer]) -> None:
    """Register the hooks on `schema` (this schema only)."""

    def onderteken_case(
        case: Any, headers: dict[str, str], partner: str, body: bytes, teken: bool
    ) -> None:
        if teken:
            geheim = catalogus.partner(partner).webhook_geheimen[0].get_secret_value()
            headers |= {k: v for k, v in onderteken(geheim, body).items() if k != "content-type"}
        case.headers = headers

    def met_sleutel(case: Any, partner: str) -> Any:
        """A status request from a real partner, with its bearer key."""
        sleutel = catalogus.partner(partner).api_sleutel.get_secret_value()
        case.path_parameters = {**case.path_parameters, "partner_id": partner}
        case.headers = {**(case.headers or {}), "authorization": f"Bearer {sleutel}"}
        return case

    def flatmap_case(context: Any, case: Any) -> Any:
        if "partner_id" not in (case.path_parameters or {}):
            return st.just(case)
        if case.method == "GET":
            return st.sampled_from(deelnemers).map(lambda d: met_sleutel(case, d.partner))
        batch = case.path.endswith("/batch")
        # The same case may be drawn again while hypothesis shrinks: start from these each time.
        body, pad = copy.deepcopy(case.body), dict(case.path_parameters)
        headers, soort = {k: str(v) for k, v in (case.headers or {}).items()}, case.media_type
        # The first of each choice is the one hypothesis favours (and shrinks to): the real one.
        keuzes = st.tuples(
            st.sampled_from(deelnemers),
            st.sampled_from([ECHT] * 8 + [ONDERTEKEND, GEGENEREERD]),
            st.sampled_from([True, True, True, False]),  # signed
            st.sampled_from([True, False]),  # a valid dossier for the participant's next edge
            st.lists(
                st.tuples(st.sampled_from(deelnemers), st.integers(0, 5)), min_size=1, max_size=6
            ),
        )

        def richt(keuze: tuple[Deelnemer, str, bool, bool, list[tuple[Deelnemer, int]]]) -> Any:
            d, modus, teken, geldig, rijen = keuze
            case.body, case.media_type = copy.deepcopy(body), soort
            case.path_parameters, case.headers = dict(pad), dict(headers)
            if modus == GEGENEREERD:
                return case
            partner = d.partner
            if modus == ECHT and batch:
                regels = [_rij(r, s) for r, s in rijen if r.partner == partner or s >= 4]
                case.media_type = "application/x-ndjson"
                case.body = "\n".join(
                    r if isinstance(r, str) else json.dumps(r) for r in regels or [_rij(d, 1)]
                )
            elif modus == ECHT and isinstance(case.body, dict):
                partner = richt_op(case.body, d, geldig)
            case.path_parameters["partner_id"] = partner
            onderteken_case(case, dict(headers), partner, _bytes(case.body), teken)
            return case

        return keuzes.map(richt)

    schema.hook(flatmap_case)  # registered by its name, for this schema only


def _bytes(body: Any) -> bytes:
    """The bytes the fuzz test sends for this body (and so the bytes to sign)."""
    if body is None or type(body).__name__ == "NotSet":
        return b""
    if isinstance(body, bytes):
        return body
    return body.encode() if isinstance(body, str) else json.dumps(body).encode()
