"""A minimal conductor for testing the simulator against the chain's own rules, over real HTTP.

It receives the simulator's webhooks (via `Ontvanger`), checks every move with
`Programma.beoordeel` and every dossier with its contract and rules, and answers as ketenregie
would: the next partner gets `traject.start` through the real connector, a failing dossier goes
back as `overdracht.geweigerd`, the gemeente hears of dropouts and closures. Not ketenregie:
just enough of it to see that the simulator only ever does what a programme allows.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections import Counter
from typing import Any

from connectors.partnerclient import PartnerClient
from connectors.simulator import instroom_partner
from schemas.berichten import PartnerBericht
from schemas.contracten import Afsluiting, Contract, Trackwissel, contract_voor
from schemas.fase import Beweging, Fase
from schemas.gebeurtenissen import MELDING_TYPES, beweging_van
from schemas.programma import Besluit, Programma, Toestand
from tests.connectors.simulator_hulp import LopendeSimulator, Ontvangen, schendingen

# Sent by the regiehouder (or a checkpoint's owner) while another partner runs the phase.
REGIE_TYPES = ("ijkpunt.besloten", "baan.gestart", "regiehouder.gewisseld")


class Dirigent:
    """Handles received events one by one on its own thread, in arrival order."""

    def __init__(self, sim: LopendeSimulator) -> None:
        self.sim = sim
        self.wachtrij: queue.Queue[Ontvangen] = queue.Queue()
        self.toestand: dict[str, Toestand] = {}
        self.programma: dict[str, Programma] = {}
        self.bewegingen: Counter[str] = Counter()
        self.weigeringen: list[str] = []
        self.geweigerde_bewegingen: list[str] = []
        self.fouten: list[BaseException] = []
        self._clients: dict[str, PartnerClient] = {}
        self._sleutels = itertools.count(1)
        self._bezig = False
        threading.Thread(target=self._werk, daemon=True).start()

    def stil(self) -> bool:
        return self.wachtrij.empty() and not self._bezig

    def _werk(self) -> None:
        while True:
            ontvangen = self.wachtrij.get()
            self._bezig = True
            try:
                self._behandel(ontvangen)
            except BaseException as exc:  # surfaced by the test, not lost in a thread
                self.fouten.append(exc)
            finally:
                self._bezig = False

    def _stuur(
        self, partner_id: str, soort: str, deelnemer: str, fase: Fase | None, inhoud: dict[str, Any]
    ) -> None:
        if (
            partner_id not in self._clients
        ):  # one client per partner: building one costs an SSL context
            self._clients[partner_id] = self.sim.client(partner_id)
        client = self._clients[partner_id]
        bericht = PartnerBericht(
            sleutel=f"uitbox-{next(self._sleutels)}", soort=soort, deelnemer=deelnemer,
            programma=self.programma[deelnemer].id, fase=fase, inhoud=inhoud,
        )  # fmt: skip
        client.lever(bericht)

    def _beslis(
        self,
        deelnemer: str,
        beweging: Beweging,
        naar: Fase | None = None,
        partner: str | None = None,
    ) -> Besluit:
        besluit = self.programma[deelnemer].beoordeel(
            self.toestand[deelnemer], beweging, naar, partner
        )
        if not besluit.toegestaan:
            self.geweigerde_bewegingen.append(f"{deelnemer} {beweging.value}: {besluit.reden}")
            return besluit
        self.bewegingen[beweging.value] += 1
        self.toestand[deelnemer] = Toestand(
            fase=besluit.fase, status=besluit.status, partner=besluit.partner
        )
        return besluit

    def _dossier(self, o: Ontvangen, contract: type[Contract] | None) -> Contract | None:
        """The dossier if it passes its contract's rules; else refused back to the sender."""
        assert contract is not None
        g = o.gebeurtenis
        dossier = contract.model_validate(g.dossier)
        bevindingen = schendingen(dossier, self.programma[g.deelnemer])
        if not bevindingen:
            return dossier
        self.weigeringen.append(o.webhook_id)
        inhoud = {"webhook_id": o.webhook_id, "type": g.type, "fase": g.fase.value,
                  "bevindingen": [{"regel": r, "uitleg": r, "kolom": None, "waarde": None} for r in bevindingen]}  # fmt: skip
        self._stuur(o.partner_id, "overdracht.geweigerd", g.deelnemer, g.fase, inhoud)
        return None

    def _behandel(self, o: Ontvangen) -> None:
        g = o.gebeurtenis
        if g.type == "deelnemer.aangemeld":
            deelnemer = "KT-" + "".join("ABCDEFGHIJ"[int(c)] for c in f"{len(self.toestand):010d}")
            self.programma[deelnemer] = self.sim.catalogus.programma(g.programma)
            self.toestand[deelnemer] = Toestand()
            besluit = self._beslis(deelnemer, Beweging.AANMELDEN)
            self._stuur(str(besluit.partner), "traject.start", deelnemer, besluit.fase, {})
            return
        if g.type in REGIE_TYPES:  # the regiehouder's own decisions: no move of the main lane
            self.bewegingen[g.type] += 1
            return
        assert (
            self.toestand[g.deelnemer].partner == o.partner_id or g.type == "deelnemer.herinstroom"
        ), (g, self.toestand[g.deelnemer])
        gemeente = instroom_partner(self.programma[g.deelnemer])
        if g.type in ("fase.afgerond", "traject.gewisseld"):
            naar = g.fase if g.type == "traject.gewisseld" else g.naar
            contract = Trackwissel if g.type == "traject.gewisseld" else contract_voor(g.fase, naar)
            dossier = self._dossier(o, contract)
            if dossier is not None:
                besluit = self._beslis(g.deelnemer, beweging_van(g), naar, g.naar_partner)
                self._stuur(
                    str(besluit.partner),
                    "traject.start",
                    g.deelnemer,
                    besluit.fase,
                    dossier.voor_ontvanger(),
                )
        elif g.type == "traject.afgesloten":
            dossier = self._dossier(o, contract_voor(g.fase, None, g.contract_versie) or Afsluiting)
            if dossier is not None:
                self._beslis(g.deelnemer, Beweging.AFSLUITEN)
                self._stuur(
                    gemeente, "melding.afgesloten", g.deelnemer, None, dossier.voor_ontvanger()
                )
        elif g.type == "deelnemer.uitgevallen":
            self._beslis(g.deelnemer, Beweging.UITVALLEN)
            self._stuur(
                gemeente,
                "melding.uitval",
                g.deelnemer,
                None,
                {"fase": g.fase.value, "reden": g.reden.value},
            )
        elif g.type == "deelnemer.herinstroom":
            besluit = self._beslis(g.deelnemer, Beweging.HERINSTROMEN, g.naar)
            self._stuur(str(besluit.partner), "traject.start", g.deelnemer, besluit.fase, {})
        elif g.type in MELDING_TYPES:
            self.bewegingen[g.type] += 1  # a report (the plan, a start): no move to check
        else:
            self._beslis(g.deelnemer, beweging_van(g))
