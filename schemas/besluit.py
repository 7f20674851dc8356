"""Which decisions must say who decided, and which roles a sender may claim (issue 10 e).

A routing decision (a skip, a return, a route choice, a track switch, a re-entry, a measure)
must carry `besluit`: the seeds ask each organisation to account for its decisions
("verantwoording afleggen") and reserve measures to the gemeente (seed 004, Wet inburgering
2021). Pure: the event models call `eis_besluit` in their validators, the door and the decision
call `rol_fout`.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import InitErrorDetails, PydanticCustomError, ValidationError

from schemas.verantwoording import Rol, Verantwoording

BESLUIT_VEREIST = "besluit_vereist"


def eis_besluit(model: Any, waarom: str) -> None:
    """Refuse `model` without `besluit`, the error located at the field `besluit` (a 422 names it).

    pydantic-core turns a ValidationError raised in a validator into its own errors, locations
    kept, so the door's 422 says `[..., "besluit"]` rather than the model as a whole.
    """
    if getattr(model, "besluit", None) is not None:
        return
    fout = PydanticCustomError(
        BESLUIT_VEREIST,
        "besluit is required: {waarom} is a decision; say why (reden), in which role (rol) and "
        "who decided (persoon, a reference, never a name)",
        {"waarom": waarom},
    )
    raise ValidationError.from_exception_data(
        type(model).__name__,
        [InitErrorDetails(type=fout, loc=("besluit",), input=None)],
    )


def rol_fout(partner: str, besluit: Verantwoording | None, regiehouder: str) -> str | None:
    """Why `partner` may not claim the role in `besluit`, or None.

    Only the participant's regiehouder organisation decides as `regiehouder`: a partner that
    claims it would take a decision the gemeente keeps for itself (measures, re-entry).
    """
    if besluit is None or besluit.rol != Rol.REGIEHOUDER or partner == regiehouder:
        return None
    return f"{partner} may not decide as regiehouder: only the participant's regiehouder does"


def maatregel_fout(
    partner: str, besluit: Verantwoording | None, regiehouder: str, deelnemer: str
) -> str | None:
    """Why `partner` may not record this measure, or None: the gemeente decides (seed 004)."""
    if partner != regiehouder:
        return f"only the regiehouder of {deelnemer} takes a measure"
    if besluit is not None and besluit.rol != Rol.REGIEHOUDER:
        return f"a measure is decided in the role regiehouder, not {besluit.rol.value}"
    return None
