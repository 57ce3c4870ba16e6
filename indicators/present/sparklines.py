"""Small trends as plain SVG: one line per area of focus, drawn here and shown as markup.

Twelve Plotly charts (or one figure of twelve subplots) kept a new visitor's browser busy for a second
or more before it drew anything, on a page whose first job is to be read at a glance. A small trend
needs no toolbar, zoom or hover: a line over a numeric year axis (a year without data is a gap, a lone
year sits in the middle), the first and last year under it, the latest value written at its point, an
incomplete period as an open circle. The browser draws such SVG at once; screen readers read its
`aria-label` (the same summary text as every chart), and the numbers are in the table beside it.

Every text is HTML-escaped; the colours are the palette's (palette.py), so the contrast test covers them.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from html import escape

import pandas as pd

from indicators.present.i18n import format_number, format_year, t
from indicators.present.palette import SERIES_COLOURS, TEXT

WIDTH, HEIGHT = 180, 96
LEFT, RIGHT, TOP, BOTTOM = 12, 12, 24, 22  # room for the value label above and the years below
AXIS = "#767676"  # 4.5:1 on white
FONT = "Noto Sans Thai, Sarabun, Tahoma, Loma, sans-serif"


def _x(year: int, first: int, last: int) -> float:
    if first == last:
        return WIDTH / 2
    return LEFT + (year - first) / (last - first) * (WIDTH - LEFT - RIGHT)


def _y(value: float, top: float) -> float:
    return HEIGHT - BOTTOM - (value / top if top else 0) * (HEIGHT - TOP - BOTTOM)


def sparkline(values: pd.DataFrame, years: tuple[int, int], era: str, lang: str, label: str,
              partial: Iterable[int] = ()) -> str:
    """An SVG of one series (rows with year and value) over the years `years` (first, last)."""
    partial = {int(y) for y in partial}
    first, last = int(years[0]), int(years[1])
    points = {int(y): float(v) for y, v in zip(values["year"], values["value"]) if pd.notna(v)}
    top = max([*points.values(), 0.0]) * 1.1 or 1.0
    colour = SERIES_COLOURS[0]
    parts = [f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" '
             f'stroke="{AXIS}" stroke-width="1"/>']
    segment: list[str] = []
    for year in range(first, last + 1):  # a line through consecutive whole years; a gap where one is missing
        if year in points and year not in partial:
            segment.append(f"{_x(year, first, last):.1f},{_y(points[year], top):.1f}")
            continue
        if len(segment) > 1:
            parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" stroke-width="3"/>')
        segment = []
    if len(segment) > 1:
        parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" stroke-width="3"/>')
    for year, value in points.items():
        x, y = _x(year, first, last), _y(value, top)
        if year in partial:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#FFFFFF" stroke="{colour}" stroke-width="2"/>')
        else:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
    if points:
        latest = max(points)
        x, y = _x(latest, first, last), _y(points[latest], top)
        anchor = "end" if x > WIDTH * 0.75 else "start" if x < WIDTH * 0.25 else "middle"
        mark = f" ({t('incomplete_mark', lang)})" if latest in partial else ""
        parts.append(f'<text x="{x:.1f}" y="{max(y - 8, 12):.1f}" text-anchor="{anchor}" font-size="15" '
                     f'fill="{TEXT}">{escape(format_number(points[latest]) + mark)}</text>')
    for year, anchor in ({first: "start", last: "end"} if first != last else {first: "middle"}).items():
        x = _x(year, first, last) if first != last else WIDTH / 2
        parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 5}" text-anchor="{anchor}" font-size="14" '
                     f'fill="{TEXT}">{escape(format_year(year, era))}</text>')
    return (f'<svg role="img" aria-label="{escape(label)}" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
            f'height="{HEIGHT}" font-family="{FONT}" xmlns="http://www.w3.org/2000/svg">'
            f"<title>{escape(label)}</title>{''.join(parts)}</svg>")


def as_image(svg: str, label: str) -> str:
    """The SVG as an <img> (a data: address) with its summary as the alternative text: the app's HTML
    sanitiser keeps images but drops inline SVG, and an image costs the browser no script."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img alt="{escape(label)}" src="data:image/svg+xml;base64,{data}" style="width:100%;height:auto">'


def sparkline_grid(panels: list[tuple[str, str, pd.DataFrame]], years: tuple[int, int], era: str, lang: str,
                   partial: Iterable[int] = ()) -> str:
    """Panels (title, accessible label, rows) side by side: as many per row as fit (four on a wide
    screen, two on a phone), each title above its line, wrapping as the browser breaks Thai words."""
    cells = "".join(
        f'<figure style="margin:0"><figcaption style="font-size:0.9rem;font-weight:600;line-height:1.3;'
        f'min-height:2.6em">{escape(title)}</figcaption>'
        f"{as_image(sparkline(rows, years, era, lang, label, partial), label)}</figure>"
        for title, label, rows in panels)
    return (f'<div class="sparklines" style="display:grid;grid-template-columns:repeat(auto-fill,minmax(160px,1fr));'
            f'gap:14px 18px">{cells}</div>')
