"""The framework as UNESCO's emblem — pediment (wider benefits), six columns (building blocks), steps
(fundamental conditions) — in HTML: each area a box with its code, its status in words and symbol,
and how many of its indicators have data.

Drawn as a Plotly figure it had fixed type on a fixed canvas: on a phone the part names ran off the
left edge and the six column boxes' words ran into each other. As HTML the boxes are text the browser
lays out and wraps (Thai included), the six columns fold to three a row on a narrow screen, and screen
readers read the words themselves. Every text is HTML-escaped; the fills are the palette's status fills
(text on them is checked at 4.5:1 by the suite).
"""

from __future__ import annotations

from html import escape

from indicators.present.i18n import status_text, t
from indicators.present.palette import STATUS_FILLS, TEXT

BORDER = "#333333"


def _box(card: dict, lang: str, tall: bool) -> str:
    status = card.get("status") or "insufficient_data"
    words = "ตัวชี้วัด" if lang == "th" else "indicators"
    fill = STATUS_FILLS.get(status, STATUS_FILLS["insufficient_data"])
    return (f'<div class="emblem-area" title="{escape(card["code"])} {escape(card["name"])}" '
            f'style="background:{fill};border:1.5px solid {BORDER};border-radius:4px;padding:8px 6px;'
            f'color:{TEXT};text-align:center;display:flex;flex-direction:column;justify-content:center;'
            f'min-height:{"118" if tall else "84"}px;line-height:1.35;font-size:0.95rem">'
            f'<b>{escape(card["code"])}</b><span>{escape(status_text(status, lang))}</span>'
            f'<span>{card["covered"]}/{card["total"]} {words}</span></div>')


def emblem(cards: list[dict], parts: list[dict], lang: str, label: str) -> str:
    """The emblem as one HTML figure; `label` (the chart summary) is its accessible description."""
    rows = []
    for part in parts:
        members = [c for c in cards if c["part"] == part["code"]]
        tall = len(members) > 3  # the columns: taller boxes, as the emblem draws them
        rows.append(
            f'<div class="emblem-part" style="font-weight:600;margin:10px 0 4px">{escape(part["name"])}</div>'
            f'<div style="display:grid;grid-template-columns:repeat(auto-fit,minmax({96 if tall else 90}px,1fr));'
            f'gap:6px">{"".join(_box(c, lang, tall) for c in members)}</div>')
    pediment = ('<div aria-hidden="true" style="height:48px;background:#DDDDDD;'
                'clip-path:polygon(50% 0,100% 100%,0 100%)"></div>')
    return (f'<figure class="emblem" role="group" aria-label="{escape(label)}" style="margin:0">'
            f'<figcaption style="font-size:1.15rem;font-weight:600;margin-bottom:6px">'
            f'{escape(t("framework_picture", lang))}</figcaption>{pediment}{"".join(rows)}</figure>')
