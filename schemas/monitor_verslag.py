"""The monitor as text: cells as shown ("<10" for a hidden count or a median over fewer than 10,
"–" for a rate resting on a hidden count), the monthly report as markdown and as CSV rows.
Pure: the page, the flow and the file all show the same strings."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from schemas.monitor import Cel, Groep, Uitsplitsing

UITLEG = (
    "Een aantal van minder dan 10 mensen staat er als `<10`; waar een verborgen aantal uit de "
    "totalen terug te rekenen zou zijn, is ook het kleinste aantal ernaast verborgen "
    "(secundaire onderdrukking), ook als dat 10 of meer is. Een percentage of verschil dat op "
    "een verborgen aantal rust, staat er als `–`."
)
CSV_KOPPEN = ("programma", "maand", "uitsplitsing", "groep", "maat", "onderdeel", "waarde")


def cel(c: Cel, achter: str = "") -> str:
    """A count or median: '<10' where suppressed; a rate (with `achter`): '–'."""
    if c.waarde is None:
        return "–" if achter else "<10"
    tekst = f"{c.waarde:.0f}" if float(c.waarde).is_integer() and not achter else f"{c.waarde:.1f}"
    return tekst.replace(".", ",") + achter


def verschil(c: Cel) -> str:
    """A gap in percentage points; '–' where it rests on a hidden count."""
    return "–" if c.waarde is None else f"{c.waarde:+.1f} pp".replace(".", ",")


@dataclass(frozen=True)
class Programmaverslag:
    programma: str
    naam: str
    uitsplitsingen: tuple[Uitsplitsing, ...]


def vorige_maand(vandaag: date) -> tuple[date, date]:
    """First day of last month and first day of this month."""
    deze = vandaag.replace(day=1)
    vorige = (
        deze.replace(year=deze.year - 1, month=12)
        if deze.month == 1
        else deze.replace(month=deze.month - 1)
    )
    return vorige, deze


def _rij(g: Groep) -> str:
    naam = "Geheel" if g.naam == "totaal" else g.naam
    gat = "" if g.naam == "totaal" else verschil(g.uitval_verschil)
    bereikt = " | ".join(cel(p, "%") for p, _ in g.bereikt)
    return f"| {naam} | {cel(g.bereik)} | {cel(g.uitval_n)} | {cel(g.uitval, '%')} | {gat} | {bereikt} |"


def _tabel(u: Uitsplitsing) -> list[str]:
    kop = f"| {u.kenmerk} | aangemeld | uitgevallen | uitval | verschil | " + " | ".join(
        f"bereikt {f}" for f in u.fasen
    )
    return [
        f"#### naar {u.kenmerk} ({u.onderdrukt} aantallen verborgen)",
        "",
        kop + " |",
        "|---" * (5 + len(u.fasen)) + "|",
        *(_rij(g) for g in (*u.groepen, u.geheel)),
        "",
    ]


def markdown(maand: str, verslagen: Sequence[Programmaverslag]) -> str:
    """The monthly report: per programme and breakdown, reach, dropout and progression."""
    regels = [f"# Gelijke kansen: aangemeld in {maand}", "", UITLEG, ""]
    for v in verslagen:
        regels += [f"## {v.naam} (`{v.programma}`)", ""]
        for u in v.uitsplitsingen:
            regels += _tabel(u)
    return "\n".join(regels) + "\n"


def csv_rijen(maand: str, verslagen: Sequence[Programmaverslag]) -> Iterator[tuple[str, ...]]:
    """Long format: one row per shown value, as the page shows it."""
    for v in verslagen:
        for u in v.uitsplitsingen:
            for g in (*u.groepen, u.geheel):
                basis = (v.programma, maand, u.kenmerk, g.naam)
                yield (*basis, "aangemeld", "", cel(g.bereik))
                yield (*basis, "uitgevallen", "", cel(g.uitval_n))
                yield (*basis, "uitval_pct", "", cel(g.uitval, "%"))
                yield (*basis, "uitval_verschil_pp", "", verschil(g.uitval_verschil))
                for f, (p, gat) in zip(u.fasen, g.bereikt, strict=True):
                    yield (*basis, "bereikt_pct", f, cel(p, "%"))
                    yield (*basis, "bereikt_verschil_pp", f, verschil(gat))
                for f, m in zip(u.fasen, g.mediaan, strict=True):
                    yield (*basis, "mediaan_dagen", f, cel(m))
                for s, (p, gat) in zip(u.soorten, g.uitkomsten, strict=True):
                    yield (*basis, "uitkomst_pct", s, cel(p, "%"))
                    yield (*basis, "uitkomst_verschil_pp", s, verschil(gat))
