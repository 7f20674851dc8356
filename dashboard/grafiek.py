"""Charts drawn on the server as inline SVG: no script, nothing from a CDN.

Every chart has role="img" and a <title>; the page shows the same numbers in a table beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

# Colours with contrast ≥ 3:1 against white (WCAG 1.4.11 for graphics), from calm to alarm.
KLEUREN = ("#2b6d2f", "#01689b", "#7a4b00", "#a90000", "#6b6b6b")
LABEL_BREEDTE, BALK_BREEDTE, RIJ_HOOGTE = 260, 520, 26


def gestapelde_balken(
    titel: str, legenda: Sequence[str], rijen: Sequence[tuple[str, Sequence[int]]], ident: str
) -> Markup:
    """One horizontal bar per row, split into its parts as a share of the row's total."""
    hoogte = RIJ_HOOGTE * (len(rijen) + 2)
    delen = [
        f'<svg class="keten-grafiek" role="img" aria-labelledby="{ident}" '
        f'viewBox="0 0 {LABEL_BREEDTE + BALK_BREEDTE + 60} {hoogte}" '
        f'width="{LABEL_BREEDTE + BALK_BREEDTE + 60}" height="{hoogte}">',
        f'<title id="{ident}">{escape(titel)}</title>',
    ]
    x = LABEL_BREEDTE
    for i, naam in enumerate(legenda):
        delen.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{KLEUREN[i % len(KLEUREN)]}"/>'
            f'<text x="{x + 16}" y="15">{escape(naam)}</text>'
        )
        x += 16 + 8 * len(naam) + 14
    for r, (label, waarden) in enumerate(rijen):
        y = RIJ_HOOGTE * (r + 1) + 4
        delen.append(f'<text x="0" y="{y + 14}">{escape(label)}</text>')
        totaal, links = sum(waarden), float(LABEL_BREEDTE)
        for i, w in enumerate(waarden):
            breedte = BALK_BREEDTE * w / totaal if totaal else 0.0
            if breedte > 0:
                delen.append(
                    f'<rect x="{links:.1f}" y="{y}" width="{breedte:.1f}" height="{RIJ_HOOGTE - 8}" '
                    f'fill="{KLEUREN[i % len(KLEUREN)]}"/>'
                )
            links += breedte
        delen.append(f'<text x="{LABEL_BREEDTE + BALK_BREEDTE + 6}" y="{y + 14}">{totaal}</text>')
    delen.append("</svg>")
    return Markup("".join(delen))
