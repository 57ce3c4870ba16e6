"""Plotly figures for pages and exports, built from small aggregated frames (never raw rows).

Readable when projected: large type, a palette whose every series passes 3:1 against the background
(palette.py), bars told apart by pattern as well as colour, and status always written as a word with a
symbol. Years are numbers on a linear axis in the chosen era (พ.ศ. or CE): a year without data is a
gap, a target for 2570 sits two years after 2568, and a lone year sits inside its axis. An incomplete
period (a fiscal year holding October–December only) is drawn apart from the line, as an open marker
labelled "incomplete", so the line never plunges into a quarter-year.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from indicators.base.thai import BE_OFFSET
from indicators.present.chart_notes import break_years, draw_notes
from indicators.present.i18n import format_number, t, year_axis_label
from indicators.present.palette import (
    BACKGROUND,
    SERIES_COLOURS,
    TARGET_COLOUR,
    TEXT,
    series_colour,
    series_pattern,
)

FONT = "Noto Sans Thai, Sarabun, Tahoma, Loma, sans-serif"
GRID = "#E5E5E5"
_AXIS = {"gridcolor": GRID, "linecolor": "#767676", "zerolinecolor": "#BBBBBB", "ticks": "", "automargin": True}
# A small template of our own instead of plotly_white: the same white look, but a few hundred bytes where
# plotly_white puts 7 KB into every figure the browser must receive and merge (13 on the Overview).
TEMPLATE = {"layout": {"paper_bgcolor": BACKGROUND, "plot_bgcolor": BACKGROUND, "colorway": SERIES_COLOURS,
                       "font": {"family": FONT, "color": TEXT}, "xaxis": _AXIS, "yaxis": _AXIS,
                       "hovermode": "closest"}}


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.layout.template = TEMPLATE  # assigned, not updated: an update merges into Plotly's default template
    fig.update_layout(
        title={"text": title, "font": {"size": 22}}, font={"family": FONT, "size": 16, "color": TEXT},
        # the legend above the plot, under the title: below it, it ran into the year axis' title
        height=height, margin={"l": 60, "r": 30, "t": 100, "b": 60},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        hoverlabel={"font_size": 16},
    )
    return fig


def shown_year(year: int, era: str) -> int:
    """A CE year as the number on the axis: 2024 → 2567 (พ.ศ.) or 2024 (CE)."""
    return int(year) + BE_OFFSET if era == "be" else int(year)


def _year_axis(fig: go.Figure, years: Iterable[int], era: str, title: str | None = None, **extra) -> None:
    """A numeric axis with a tick on every year from the first to the last (as shown), and half a year
    of room on each side so the end points — and a lone year — sit inside it."""
    shown = sorted({shown_year(y, era) for y in years})
    if not shown:
        return
    ticks = list(range(shown[0], shown[-1] + 1))
    fig.update_xaxes(type="linear", tickmode="array", tickvals=ticks, ticktext=[str(y) for y in ticks],
                     range=[shown[0] - 0.6, shown[-1] + 0.6], title=title, showgrid=False, **extra)


def _every_year(frame: pd.DataFrame) -> list[int]:
    years = [int(y) for y in frame["year"]]
    return list(range(min(years), max(years) + 1)) if years else []


def _split_partial(frame: pd.DataFrame, partial: Iterable[int]) -> tuple[dict[int, float | None], pd.DataFrame]:
    """Values by year over every year of the range (None where missing or incomplete), and the
    incomplete years' rows apart."""
    partial = {int(y) for y in partial}
    values = {int(y): (None if pd.isna(v) else float(v)) for y, v in zip(frame["year"], frame["value"])}
    line = {year: (None if year in partial else values.get(year)) for year in _every_year(frame)}
    return line, frame[frame["year"].astype(int).isin(partial) & frame["value"].notna()]


def _with_breaks(line: dict[int, float | None], breaks: set[int], era: str) -> tuple[list[float], list]:
    """x and y of the line, with an empty point half a year before each series break inside it, so the
    line is not joined across a change of counting method."""
    xs, ys = [], []
    for year, value in line.items():
        if year in breaks and year - 1 in line:
            xs.append(shown_year(year, era) - 0.5)
            ys.append(None)
        xs.append(shown_year(year, era))
        ys.append(value)
    return xs, ys


def trend(values: pd.DataFrame, title: str, unit: str, lang: str, era: str, fiscal: bool,
          target: tuple[float, int] | None = None, height: int = 420, partial: Iterable[int] = (),
          show_title: bool = True, notes: pd.DataFrame | None = None,
          milestones: dict[int, float] | None = None) -> go.Figure:
    """One indicator by year, with its target as a dashed line to the target year, its milestones as
    diamonds, incomplete periods as open markers apart from the line, and the city's chart notes and
    series breaks (chart_notes.py). `show_title=False` where a heading above already names it (on a
    phone the repeated title ran into the legend)."""
    frame = values.sort_values("year")
    line, incomplete = _split_partial(frame, partial)
    years = list(line)
    xs, ys = _with_breaks(line, break_years(notes), era)
    fig = go.Figure(go.Scatter(
        x=xs, y=ys, mode="lines+markers+text", name=title,
        line={"width": 4, "color": SERIES_COLOURS[0]}, marker={"size": 11}, connectgaps=False,
        text=[format_number(v) if v is not None else "" for v in ys], textposition="top center",
        cliponaxis=False,  # the top value label would otherwise be cut at the plot edge
        hovertemplate="%{x}: %{y:,.1f} " + unit + "<extra></extra>"))
    mark = t("incomplete_mark", lang)
    if not incomplete.empty:
        fig.add_trace(go.Scatter(
            x=[shown_year(y, era) for y in incomplete["year"]], y=incomplete["value"], mode="markers+text",
            name=f"{title} ({mark})", marker={"size": 13, "symbol": "circle-open", "line": {"width": 3},
                                             "color": SERIES_COLOURS[0]},
            text=[f"{format_number(v)} ({mark})" for v in incomplete["value"]], textposition="top center",
            cliponaxis=False, hovertemplate="%{x}: %{y:,.1f} " + unit + f" ({mark})<extra></extra>"))
    axis_years = list(years)
    if target is not None and not frame.empty:
        target_value, target_year = target
        complete = frame[~frame["year"].astype(int).isin(incomplete["year"].astype(int))].dropna(subset=["value"])
        last = (complete if not complete.empty else frame).iloc[-1]
        fig.add_trace(go.Scatter(
            x=[shown_year(last["year"], era), shown_year(target_year, era)], y=[last["value"], target_value],
            mode="lines+markers", name=t("target_line", lang, value=format_number(target_value),
                                         year=str(shown_year(target_year, era))),
            line={"dash": "dash", "width": 3, "color": TARGET_COLOUR},
            marker={"symbol": "star", "size": [0, 16]}))  # the star at the target only, not over the last value
        axis_years.append(int(target_year))
    milestones = milestones if target is not None else None  # a milestone belongs to a target
    if milestones:
        fig.add_trace(go.Scatter(
            x=[shown_year(y, era) for y in milestones], y=list(milestones.values()), mode="markers+text",
            name=t("milestones", lang), marker={"symbol": "diamond-open", "size": 15, "line": {"width": 3},
                                               "color": TARGET_COLOUR},
            text=[format_number(v) for v in milestones.values()], textposition="bottom center", cliponaxis=False,
            hovertemplate="%{x}: %{y:,.1f} " + unit + f" ({t('milestone', lang)})<extra></extra>"))
        axis_years += list(milestones)
    _year_axis(fig, axis_years, era, year_axis_label(lang, era, fiscal))
    draw_notes(fig, notes, lang, lambda year: shown_year(year, era))
    fig.update_yaxes(title=unit, rangemode="tozero")
    goals = ([target[0]] if target else []) + list((milestones or {}).values())
    highest = pd.concat([frame["value"], pd.Series(goals, dtype="float64")]).max()
    if pd.notna(highest) and highest > 0 and frame["value"].min() >= 0:
        fig.update_yaxes(range=[0, float(highest) * 1.18])  # headroom for the value labels
    fig = _layout(fig, title if show_title else "", height)
    if not show_title:
        fig.update_layout(margin={"t": 50})
    return fig


def _bar_trace(index: int, name: str, text: list[str], **position) -> go.Bar:
    # the pattern is laid over the series' colour ("overlay"); Plotly's default ("replace") draws it on a
    # transparent bar, and white lines on white left every bar but the first invisible
    return go.Bar(name=name, marker={"color": series_colour(index),
                                     "pattern": {"shape": series_pattern(index), "fillmode": "overlay",
                                                 "fgcolor": "#FFFFFF", "fgopacity": 0.6, "size": 8}},
                  text=text, textposition="outside", cliponaxis=False, **position)


def bars(frame: pd.DataFrame, x: str, y: str, title: str, x_title: str, y_title: str,
         colour: str | None = None, horizontal: bool = False, height: int = 420) -> go.Figure:
    """Grouped bars (e.g. districts × year) with value labels; each series its own colour and pattern."""
    fig = go.Figure()
    groups = [(None, frame)] if colour is None else list(frame.groupby(colour, sort=False))
    for i, (name, group) in enumerate(groups):
        position = {"x": group[y], "y": group[x], "orientation": "h"} if horizontal else {"x": group[x], "y": group[y]}
        fig.add_trace(_bar_trace(i, str(name) if name is not None else y_title,
                                 [format_number(v) for v in group[y]], **position))
    # Plotly shrinks a label to its bar's width: with many narrow bars it became unreadable 4 px text.
    # Below 11 px a label is hidden instead (the value stays in the hover and in the data table).
    fig.update_layout(barmode="group", uniformtext={"minsize": 11, "mode": "hide"})
    if horizontal:
        fig.update_xaxes(title=y_title)
        fig.update_yaxes(title=x_title, type="category", automargin=True)
    else:
        fig.update_xaxes(title=x_title, type="category")
        fig.update_yaxes(title=y_title)
    return _layout(fig, title, height)


def year_bars(frame: pd.DataFrame, category: str, title: str, y_title: str, lang: str, era: str, fiscal: bool,
              height: int = 420) -> go.Figure:
    """Bars per year (numeric year axis, gaps where a year is missing) grouped by `category` (e.g. sex)."""
    fig = go.Figure()
    for i, (name, group) in enumerate(frame.groupby(category, sort=False)):
        fig.add_trace(_bar_trace(i, str(name), [format_number(v) for v in group["value"]],
                                 x=[shown_year(y, era) for y in group["year"]], y=group["value"]))
    fig.update_layout(barmode="group", uniformtext={"minsize": 11, "mode": "hide"})
    _year_axis(fig, frame["year"], era, year_axis_label(lang, era, fiscal))
    fig.update_yaxes(title=y_title)
    return _layout(fig, title, height)
