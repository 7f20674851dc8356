"""The simulated chain's breaches, measures and incidents (issue 10 h, i).

With the programme's `simulatie` rates (0 unless configured): a partner reports a no-show (now
and then two, so the regiehouder's flag is raised) before it reports on its phase; an employer
reports an incident during placement; the gemeente answers the no-show flag with a warning,
deciding as regiehouder. Each report goes out before the partner's next move, so it reaches
ketenregie while the partner still runs the phase.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta

from pydantic import BaseModel

from connectors.simulator._besluit import besluit
from schemas.berichten import PartnerBericht
from schemas.fase import Fase, PartnerSoort
from schemas.programma import Programma
from schemas.schending import (
    IncidentGemeld,
    IncidentSoort,
    MaatregelGenomen,
    MaatregelSoort,
    SchendingGemeld,
    SchendingSoort,
)
from settings import PartnerInstellingen


def meldingen(
    p: Programma,
    fase: Fase,
    pseudoniem: str,
    rng: random.Random,
    vandaag: date,
    nu_klok: Callable[[], datetime],
) -> list[BaseModel]:
    """The breach and incident reports of one phase, in the order to send them."""
    uit: list[BaseModel] = []
    kansen = p.simulatie  # a rate of 0 draws nothing: seeded runs replay as before
    if (
        fase != p.fase_volgorde[0]
        and kansen.niet_verschenen
        and rng.random() < kansen.niet_verschenen
    ):
        aantal = 2 if rng.random() < 0.5 else 1
        for i in range(aantal):
            uit.append(
                SchendingGemeld(
                    type="schending.gemeld",
                    gemeld_op=nu_klok(),
                    deelnemer=pseudoniem,
                    fase=fase,
                    soort=SchendingSoort.NIET_VERSCHENEN,
                    datum=vandaag - timedelta(days=7 * (aantal - i)),
                    code=f"afspraak-{i + 1}",
                )
            )
    if fase == Fase.PLAATSING and kansen.incident and rng.random() < kansen.incident:
        uit.append(
            IncidentGemeld(
                type="incident.gemeld",
                gemeld_op=nu_klok(),
                deelnemer=pseudoniem,
                fase=Fase.PLAATSING,
                soort=rng.choice(list(IncidentSoort)),
                datum=vandaag - timedelta(days=1),
            )
        )
    return uit


def maatregel(
    gemeente: PartnerInstellingen,
    bericht: PartnerBericht,
    vandaag: date,
    nu_klok: Callable[[], datetime],
) -> MaatregelGenomen | None:
    """The gemeente's warning on the no-show flag, decided as regiehouder."""
    if gemeente.soort != PartnerSoort.GEMEENTE or bericht.inhoud.get("soort") != "niet_verschenen":
        return None
    return MaatregelGenomen(
        type="maatregel.genomen",
        gemeld_op=nu_klok(),
        deelnemer=bericht.deelnemer,
        soort=MaatregelSoort.WAARSCHUWING,
        datum=vandaag,
        besluit=besluit(gemeente.id, gemeente.soort, "herhaald niet verschenen: waarschuwing"),
    )
