"""Reference series on a city's trend chart ("Chiang Mai vs Thailand"): one dashed line per reference
area, named with its level, a column each in the table behind the chart, and a sentence in the chart's
summary — so the comparison is never told by a line's colour alone."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.present.charts import shown_year
from indicators.present.i18n import format_number, format_year, t
from indicators.present.palette import series_colour

DASHES = ["dot", "dashdot", "longdash", "longdashdot"]


def series_name(level: str, area: str, lang: str) -> str:
    return f"{area} ({t('reference_level_' + level, lang)})"


def _series(references: pd.DataFrame, years: tuple[int, int] | None):
    rows = references if years is None else references[references["year"].between(*years)]
    return list(rows.sort_values("year").groupby(["level", "area"], sort=True))


def add_references(fig: go.Figure, references: pd.DataFrame, lang: str, era: str,
                   years: tuple[int, int] | None = None) -> go.Figure:
    """`references`: measure.reference rows of one indicator. Colours after the city's own (blue) and the
    target's (vermillion)."""
    for number, ((level, area), rows) in enumerate(_series(references, years)):
        name = series_name(level, area, lang)
        fig.add_trace(go.Scatter(
            x=[shown_year(y, era) for y in rows["year"]], y=rows["value"], mode="lines+markers", name=name,
            line={"width": 3, "dash": DASHES[number % len(DASHES)], "color": series_colour(number + 2)},
            marker={"size": 9, "symbol": "diamond"},
            hovertemplate=f"{name} %{{x}}: %{{y:,.1f}}<extra></extra>"))
    return fig


def add_reference_columns(table: pd.DataFrame, references: pd.DataFrame, lang: str, era: str,
                          years: tuple[int, int] | None = None) -> pd.DataFrame:
    """The chart's table (chart_data.trend_table) with one column per reference series, by year."""
    year_column = t("year", lang)
    for (level, area), rows in _series(references, years):
        by_year = {format_year(y, era): v for y, v in zip(rows["year"], rows["value"])}
        missing = [y for y in by_year if y not in set(table[year_column])]
        if missing:  # a year only the reference has: a row of its own
            table = pd.concat([table, pd.DataFrame({year_column: missing})], ignore_index=True)
        table[series_name(level, area, lang)] = table[year_column].map(by_year).astype(float)
    return table.sort_values(year_column, ignore_index=True)


def reference_sentence(references: pd.DataFrame, lang: str, era: str, years: tuple[int, int] | None = None) -> str:
    parts = []
    for (level, area), rows in _series(references, years):
        last = rows.iloc[-1]
        parts.append(t("summary_reference", lang, name=series_name(level, area, lang),
                       value=format_number(float(last["value"])), year=format_year(int(last["year"]), era)))
    return " ".join(parts)
