"""The coverage grid — which areas of focus have data in which years — as an HTML table with shaded
cells ("3/5" indicators with data), rather than a heatmap.

As a Plotly heatmap its twelve area names took the left half of the canvas, and on a phone they ran
off its edge while the year columns shrank to slivers. A table wraps the names as the browser breaks
Thai words, keeps a column per year of the range (a year without any data shows 0/n, not a gap in the
axis), and is read cell by cell by a screen reader. Shading follows the share of the area's indicators
with data (1/1 is as complete as 5/5); the cell's text says it too. Every text is HTML-escaped.
"""

from __future__ import annotations

from html import escape

import pandas as pd

from indicators.present.i18n import format_year, t
from indicators.present.palette import TEXT

EMPTY, FULL = (247, 247, 247), (111, 168, 214)  # #F7F7F7 → #6FA8D6; #111 text passes 4.5:1 on both


def _shade(share: float) -> str:
    mixed = [round(a + (b - a) * max(0.0, min(1.0, share))) for a, b in zip(EMPTY, FULL)]
    return "#{:02X}{:02X}{:02X}".format(*mixed)


def coverage_table_html(grid: pd.DataFrame, area_names: dict[str, str], lang: str, era: str, label: str) -> str:
    """`grid` rows: area, year, indicators_with_data, indicators_total (measure.compute.coverage)."""
    if grid.empty:
        return f'<p>{escape(label)}</p>'
    years = list(range(int(grid["year"].min()), int(grid["year"].max()) + 1))
    cells = {(a, int(y)): (int(n), int(total)) for a, y, n, total in zip(
        grid["area"], grid["year"], grid["indicators_with_data"], grid["indicators_total"])}
    totals = grid.groupby("area")["indicators_total"].max().to_dict()
    head = "".join(f'<th scope="col" style="padding:4px 6px;text-align:center">{escape(format_year(y, era))}</th>'
                   for y in years)
    rows = []
    for area in sorted(totals):
        tds = []
        for year in years:
            have, total = cells.get((area, year), (0, int(totals[area])))
            share = have / total if total else 0.0
            tds.append(f'<td style="background:{_shade(share)};color:{TEXT};text-align:center;padding:6px 4px;'
                       f'border:2px solid #FFFFFF">{have}/{total}</td>')
        rows.append(f'<tr><th scope="row" style="text-align:left;font-weight:normal;padding:4px 8px 4px 0">'
                    f'{escape(area)} {escape(area_names.get(area, ""))}</th>{"".join(tds)}</tr>')
    caption = escape(t("coverage_grid", lang))
    return (f'<div class="coverage-grid" role="group" aria-label="{escape(label)}" style="overflow-x:auto">'
            f'<table style="border-collapse:collapse;width:100%;font-size:0.9rem">'
            f'<caption style="caption-side:top;text-align:left;font-weight:600;font-size:1.1rem;padding-bottom:6px">'
            f'{caption}</caption><thead><tr><th></th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
