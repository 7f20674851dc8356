"""Rows as a live database at revision 0001_basis holds them, written with plain SQL on the
reflected tables (never the models: they describe head). The values are the ones processing
writes (taken from a real run): reasons, contract ids, payload and dossier shapes.

- KT-MIGRATIEAA: mid-trajectory, in ontwikkeling at the horeca partner after three accepted handoffs;
- KT-QUARANTAIN: in instroom, its handoff to assessment quarantined (no consent recorded);
- KT-NAZORGCHEK: placed, in nazorg, its first check-in planned;
- a dead outbox message: the start of KT-MIGRATIEAA's ontwikkeling never reached the partner.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import MetaData, Table, insert, select
from sqlalchemy.engine import Connection, Engine

from connectors.simulator.voorbeelden import RAPPORT, TAAL_B1

PROGRAMMA = "utrecht-bank-tot-baan"
MIDDEN, QUARANTAINE, NAZORG = "KT-MIGRATIEAA", "KT-QUARANTAIN", "KT-NAZORGCHEK"
NU = datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # stored as naive UTC, as UTCDatum does
INSTROOM_DOSSIER = {
    "programma": PROGRAMMA,
    "gemeente": "Utrecht",
    "doelgroep": "statushouder",
    "taalniveau": TAAL_B1,
    "taaltoets_datum": (date.today() - timedelta(days=60)).isoformat(),
    "toestemming_delen": True,
    "regiehouder": "klantmanager-0042",
}
ASSESSMENT_DOSSIER = {
    "leerdoelen": ["op tijd komen", "vaktaal horeca"],
    "competentierapport": RAPPORT,
    "plan_soort": "ondersteuningsplan",
    "plan_referentie": "PIP-2026-118",
    "plan_datum": (date.today() - timedelta(days=20)).isoformat(),
}
GEEN_TOESTEMMING = [
    {
        "regel": "toestemming_voor_ontvanger",
        "uitleg": "consent to share with the receiving partner is recorded",
        "kolom": "toestemming_delen",
        "waarde": False,
    }
]


def _tabellen(engine: Engine) -> dict[str, Table]:
    metadata = MetaData()
    metadata.reflect(engine)
    return dict(metadata.tables)


def alle_rijen(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, in key order: to compare a database before and after."""
    with engine.connect() as c:
        return {
            naam: [dict(r._mapping) for r in c.execute(select(t).order_by(*t.primary_key.columns))]
            for naam, t in sorted(_tabellen(engine).items())
        }


class _Schrijver:
    def __init__(self, verbinding: Connection, tabellen: dict[str, Table]) -> None:
        self.c, self.t = verbinding, tabellen

    def rij(self, tabel: str, **waarden: Any) -> int:
        """Insert one row; the database hands out the id (its sequence moves on, as in production)."""
        sleutel = self.c.execute(insert(self.t[tabel]).values(**waarden)).inserted_primary_key
        assert sleutel is not None
        return int(sleutel[0])

    def deelnemer(self, pseudoniem: str, dagen: int, **traject: Any) -> tuple[int, int]:
        d = self.rij(
            "deelnemer",
            pseudoniem=pseudoniem,
            bsn_hash=f"{pseudoniem.encode().hex():0<64}",
            persoon_versleuteld="gAAAAAB" + pseudoniem,
            programma=PROGRAMMA,
            gemeente_partner="gemeente-utrecht",
            verwijzing_id=f"UTR-{pseudoniem[-4:]}",
            aangemeld_op=NU - timedelta(days=dagen),
        )
        t = self.rij(
            "traject",
            deelnemer_id=d,
            programma=PROGRAMMA,
            status="actief",
            begonnen_op=NU - timedelta(days=dagen),
            **traject,
        )
        return d, t

    def overdracht(
        self,
        d: int | None,
        pseudoniem: str,
        partner: str,
        soort: str,
        dagen: int,
        *,
        status: str = "geaccepteerd",
        payload: dict[str, Any],
        **overdracht: Any,
    ) -> int:
        tijd = NU - timedelta(days=dagen)
        inbox = self.rij(
            "inboxbericht",
            webhook_id=f"msg_{pseudoniem[3:].lower()}_{dagen}",
            partner=partner,
            type=soort,
            pseudoniem=pseudoniem,
            payload={"gemeld_op": f"{tijd.isoformat()}Z", "type": soort, **payload},
            status=status,
            claim=f"claim-{dagen}",
            ontvangen_op=tijd,
            verwerkt_op=tijd,
        )
        return self.rij(
            "overdracht",
            inbox_id=inbox,
            deelnemer_id=d,
            pseudoniem=pseudoniem,
            partner=partner,
            type=soort,
            status=status,
            verwerkt_op=tijd,
            **overdracht,
        )

    def overgang(
        self,
        d: int,
        t: int,
        o: int,
        dagen: int,
        van: tuple[str | None, str | None],
        naar: tuple[str, str],
        reden: str,
    ) -> None:
        self.rij(
            "overgang",
            deelnemer_id=d,
            traject_id=t,
            beweging="aanmelden" if van[0] is None else "doorstromen",
            van_fase=van[0],
            naar_fase=naar[0],
            van_status=None if van[0] is None else "actief",
            naar_status="actief",
            van_partner=van[1],
            naar_partner=naar[1],
            reden=reden,
            besloten_door=van[1] or naar[1],
            overdracht_id=o,
            tijdstip=NU - timedelta(days=dagen),
        )


def _afgerond(pseudoniem: str, fase: str, naar: str, dossier: dict[str, Any]) -> dict[str, Any]:
    return {
        "deelnemer": pseudoniem,
        "fase": fase,
        "beweging": "doorstromen",
        "naar": naar,
        "naar_partner": None,
        "dossier": dossier,
    }


def _midden(s: _Schrijver) -> None:
    d, t = s.deelnemer(
        MIDDEN,
        60,
        fase="ontwikkeling",
        partner="ontwikkeling-horeca-utrecht",
        fase_sinds=NU - timedelta(days=20),
    )
    o = s.overdracht(
        d,
        MIDDEN,
        "gemeente-utrecht",
        "deelnemer.aangemeld",
        60,
        payload={"verwijzing_id": "UTR-TIEAA", "programma": PROGRAMMA},
        beweging="aanmelden",
        reden="aangemeld in instroom",
    )
    s.overgang(d, t, o, 60, (None, None), ("instroom", "gemeente-utrecht"), "aangemeld in instroom")
    o = s.overdracht(
        d,
        MIDDEN,
        "gemeente-utrecht",
        "fase.afgerond",
        45,
        payload=_afgerond(MIDDEN, "instroom", "assessment", INSTROOM_DOSSIER),
        beweging="doorstromen",
        van_fase="instroom",
        naar_fase="assessment",
        contract="instroom→assessment v1",
        reden="instroom afgerond",
        dossier=INSTROOM_DOSSIER,
    )
    s.overgang(
        d,
        t,
        o,
        45,
        ("instroom", "gemeente-utrecht"),
        ("assessment", "assessment-utrecht"),
        "instroom afgerond",
    )
    o = s.overdracht(
        d,
        MIDDEN,
        "assessment-utrecht",
        "fase.afgerond",
        20,
        payload=_afgerond(MIDDEN, "assessment", "ontwikkeling", ASSESSMENT_DOSSIER),
        beweging="doorstromen",
        van_fase="assessment",
        naar_fase="ontwikkeling",
        contract="assessment→ontwikkeling v1",
        reden="assessment afgerond",
        dossier=ASSESSMENT_DOSSIER,
    )
    s.overgang(
        d,
        t,
        o,
        20,
        ("assessment", "assessment-utrecht"),
        ("ontwikkeling", "ontwikkeling-horeca-utrecht"),
        "assessment afgerond",
    )
    sleutel = f"assessment-utrecht/msg_{MIDDEN[3:].lower()}_20/traject.start"
    bericht = {
        "sleutel": sleutel,
        "soort": "traject.start",
        "deelnemer": MIDDEN,
        "programma": PROGRAMMA,
        "fase": "ontwikkeling",
        "inhoud": ASSESSMENT_DOSSIER,
    }
    s.rij(
        "outboxbericht",
        sleutel=sleutel,
        partner="ontwikkeling-horeca-utrecht",
        soort="traject.start",
        pseudoniem=MIDDEN,
        bericht=bericht,
        status="dood",
        pogingen=8,
        volgende_poging_op=NU - timedelta(days=19),
        laatste_fout="PartnerUnavailable: 503 from ontwikkeling-horeca-utrecht",
        aangemaakt_op=NU - timedelta(days=20),
    )


def _quarantaine(s: _Schrijver) -> None:
    d, t = s.deelnemer(
        QUARANTAINE,
        10,
        fase="instroom",
        partner="gemeente-utrecht",
        fase_sinds=NU - timedelta(days=10),
    )
    o = s.overdracht(
        d,
        QUARANTAINE,
        "gemeente-utrecht",
        "deelnemer.aangemeld",
        10,
        payload={"verwijzing_id": "UTR-NTAIN", "programma": PROGRAMMA},
        beweging="aanmelden",
        reden="aangemeld in instroom",
    )
    s.overgang(d, t, o, 10, (None, None), ("instroom", "gemeente-utrecht"), "aangemeld in instroom")
    dossier = INSTROOM_DOSSIER | {"toestemming_delen": False}
    s.overdracht(
        d,
        QUARANTAINE,
        "gemeente-utrecht",
        "fase.afgerond",
        2,
        status="quarantaine",
        payload=_afgerond(QUARANTAINE, "instroom", "assessment", dossier),
        beweging="doorstromen",
        van_fase="instroom",
        naar_fase="assessment",
        contract="instroom→assessment v1",
        reden="contract instroom→assessment v1 failed: toestemming_voor_ontvanger",
        bevindingen=GEEN_TOESTEMMING,
        dossier=dossier,
    )


def _nazorg(s: _Schrijver) -> None:
    d, t = s.deelnemer(
        NAZORG, 300, fase="nazorg", partner="jobcoach-utrecht", fase_sinds=NU - timedelta(days=5)
    )
    start = date.today() - timedelta(days=5)
    s.rij(
        "checkin",
        deelnemer_id=d,
        traject_id=t,
        pseudoniem=NAZORG,
        programma=PROGRAMMA,
        partner="jobcoach-utrecht",
        regiehouder="gemeente-utrecht",
        maand=1,
        startdatum=start,
        vervaldatum=start + timedelta(days=30),
        status="gepland",
    )


def zaai(engine: Engine) -> None:
    """Write the rows in one transaction."""
    with engine.begin() as c:
        s = _Schrijver(c, _tabellen(engine))
        _midden(s)
        _quarantaine(s)
        _nazorg(s)
