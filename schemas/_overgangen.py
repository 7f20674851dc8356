"""The transition rules behind `Programma.beoordeel`, one small function per move."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from schemas.fase import Beweging, Fase, TrajectStatus

if TYPE_CHECKING:
    from schemas.programma import Besluit, Programma, Toestand

ACTIEF = TrajectStatus.ACTIEF
GEPAUZEERD = TrajectStatus.GEPAUZEERD


def _niet_toegestaan(reden: str, *, later_mogelijk: bool = False) -> Besluit:
    from schemas.programma import Besluit

    return Besluit(toegestaan=False, reden=reden, later_mogelijk=later_mogelijk)


def _sta_toe(reden: str, fase: Fase, status: TrajectStatus, partner: str | None) -> Besluit:
    from schemas.programma import Besluit

    return Besluit(toegestaan=True, reden=reden, fase=fase, status=status, partner=partner)


def _partner_in(p: Programma, fase: Fase, gevraagd: str | None) -> str | None:
    """The partner that will run `fase`: the one asked for if the programme has it, else the default."""
    partners = p.inrichting(fase).partners
    if gevraagd is None:
        return partners[0]
    return gevraagd if gevraagd in partners else None


def _naar_fase(p: Programma, naar: Fase, partner: str | None, reden: str) -> Besluit:
    gekozen = _partner_in(p, naar, partner)
    if gekozen is None:
        return _niet_toegestaan(f"partner {partner} runs no {naar.value} in programme {p.id}")
    return _sta_toe(reden, naar, ACTIEF, gekozen)


def _aanmelden(p: Programma, t: Toestand, naar: Fase | None, partner: str | None) -> Besluit:
    if t.fase is not None:
        return _niet_toegestaan(
            "participant is already in the programme; use herinstromen for a re-entry"
        )
    eerste = p.fase_volgorde[0]
    if naar not in (None, eerste):
        return _niet_toegestaan(
            f"a referral enters at {eerste.value}, not {naar.value if naar else ''}"
        )
    return _naar_fase(p, eerste, partner, f"aangemeld in {eerste.value}")


def _doorstromen(p: Programma, t: Toestand, naar: Fase | None, partner: str | None) -> Besluit:
    assert t.fase is not None
    volgende = p.volgende(t.fase)
    if volgende is None:
        return _niet_toegestaan(
            f"{t.fase.value} is the last phase of {p.id}: close the trajectory instead"
        )
    if naar not in (None, volgende):
        return _niet_toegestaan(
            f"from {t.fase.value} the next phase is {volgende.value}, not {naar.value if naar else ''}"
        )
    return _naar_fase(p, volgende, partner, f"{t.fase.value} afgerond")


def _sprong(soort: str) -> Callable[[Programma, Toestand, Fase | None, str | None], Besluit]:
    def beslis(p: Programma, t: Toestand, naar: Fase | None, partner: str | None) -> Besluit:
        assert t.fase is not None
        sprongen = p.overslaan if soort == "overslaan" else p.terugplaatsen
        if naar is None or not any(s.van == t.fase and s.naar == naar for s in sprongen):
            doel = naar.value if naar else "?"
            return _niet_toegestaan(f"{p.id} does not allow {soort} from {t.fase.value} to {doel}")
        return _naar_fase(p, naar, partner, f"{soort}: {t.fase.value} → {naar.value}")

    return beslis


def _wisselen(p: Programma, t: Toestand, naar: Fase | None, partner: str | None) -> Besluit:
    assert t.fase is not None
    if t.fase not in p.wisselen_in:
        return _niet_toegestaan(f"{p.id} does not allow a track switch in {t.fase.value}")
    if naar not in (None, t.fase):
        return _niet_toegestaan("a track switch stays in the same phase")
    if partner is None or partner == t.partner or partner not in p.inrichting(t.fase).partners:
        return _niet_toegestaan(
            f"a track switch needs another partner of {t.fase.value} in {p.id}, got {partner}"
        )
    return _sta_toe(f"wissel naar {partner}", t.fase, ACTIEF, partner)


def _pauzeren(p: Programma, t: Toestand, naar: Fase | None, partner: str | None) -> Besluit:
    assert t.fase is not None
    return _sta_toe("gepauzeerd", t.fase, GEPAUZEERD, t.partner)


def _hervatten(p: Programma, t: Toestand, naar: Fase | None, partner: str | None) -> Besluit:
    assert t.fase is not None
    return _sta_toe("hervat", t.fase, ACTIEF, t.partner)


def _uitvallen(p: Programma, t: Toestand, naar: Fase | None, partner: str | None) -> Besluit:
    assert t.fase is not None
    return _sta_toe(f"uitgevallen in {t.fase.value}", t.fase, TrajectStatus.UITGEVALLEN, t.partner)


def _herinstromen(p: Programma, t: Toestand, naar: Fase | None, partner: str | None) -> Besluit:
    doel = naar or p.herinstroom_naar[0]
    if doel not in p.herinstroom_naar:
        toegestaan = ", ".join(f.value for f in p.herinstroom_naar)
        return _niet_toegestaan(f"{p.id} lets a participant re-enter only at {toegestaan}")
    return _naar_fase(p, doel, partner, f"herinstroom in {doel.value}")


def _afsluiten(p: Programma, t: Toestand, naar: Fase | None, partner: str | None) -> Besluit:
    assert t.fase is not None
    laatste = p.fase_volgorde[-1]
    if t.fase != laatste and not any(t.fase in u.vanuit for u in p.uitgangen):
        return _niet_toegestaan(
            f"a trajectory closes from {laatste.value}, not from {t.fase.value}"
        )  # which outcome may close from where: schemas.uitgangen.toets_uitgang
    return _sta_toe("afgesloten met uitkomst", t.fase, TrajectStatus.AFGESLOTEN, t.partner)


_Regel = Callable[["Programma", "Toestand", Fase | None, str | None], "Besluit"]

# Which trajectory states each move may start from; None means "not yet in the programme".
_VANUIT: dict[Beweging, tuple[tuple[TrajectStatus | None, ...], _Regel]] = {
    Beweging.AANMELDEN: ((None,), _aanmelden),
    Beweging.DOORSTROMEN: ((ACTIEF,), _doorstromen),
    Beweging.OVERSLAAN: ((ACTIEF,), _sprong("overslaan")),
    Beweging.TERUGPLAATSEN: ((ACTIEF,), _sprong("terugplaatsen")),
    Beweging.WISSELEN: ((ACTIEF,), _wisselen),
    Beweging.PAUZEREN: ((ACTIEF,), _pauzeren),
    Beweging.HERVATTEN: ((GEPAUZEERD,), _hervatten),
    Beweging.UITVALLEN: ((ACTIEF, GEPAUZEERD), _uitvallen),
    Beweging.HERINSTROMEN: ((TrajectStatus.UITGEVALLEN, TrajectStatus.AFGESLOTEN), _herinstromen),
    Beweging.AFSLUITEN: ((ACTIEF,), _afsluiten),
}


# Moves that keep the participant in their phase: a different target phase is a mistake.
_IN_DE_FASE = (Beweging.PAUZEREN, Beweging.HERVATTEN, Beweging.UITVALLEN, Beweging.AFSLUITEN)


def beoordeel_beweging(
    p: Programma, t: Toestand, beweging: Beweging, naar: Fase | None, partner: str | None
) -> Besluit:
    """Check the state the move starts from, then the move's own rule."""
    vanuit, regel = _VANUIT[beweging]
    if t.status not in vanuit:
        huidig = t.status.value if t.status else "niet aangemeld"
        return _niet_toegestaan(
            f"{beweging.value} is not possible while the trajectory is {huidig}",
            later_mogelijk=t.status in (ACTIEF, GEPAUZEERD),
        )
    if beweging in _IN_DE_FASE and naar not in (None, t.fase):
        return _niet_toegestaan(
            f"{beweging.value} stays in {t.fase.value if t.fase else '-'}; it has no target phase"
        )
    return regel(p, t, naar, partner)
