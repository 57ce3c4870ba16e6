"""Plotly figures for pages and exports, built from small aggregated frames (never raw rows).

Readable when projected: large type, the Okabe–Ito colour-blind-safe palette, and status always
written as a word with a symbol, never told by colour alone. Titles and axes come in the chosen
language and years as พ.ศ. or CE.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.present.i18n import format_number, format_year, status_text, t, year_axis_label
from indicators.present.label_wrap import THAI, wrap

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT = "Noto Sans Thai, Sarabun, Tahoma, Loma, sans-serif"
STATUS_COLOURS = {
    "achieved": "#009E73", "substantial_progress": "#009E73", "moderate_progress": "#56B4E9",
    "limited_progress": "#E69F00", "deterioration": "#D55E00", "moderate_deterioration": "#E69F00",
    "substantial_deterioration": "#D55E00", "insufficient_data": "#BBBBBB",
}


def _layout(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "font": {"size": 22}}, font={"family": FONT, "size": 16}, height=height,
        colorway=OKABE_ITO, template="plotly_white", margin={"l": 60, "r": 30, "t": 70, "b": 60},
        legend={"orientation": "h", "y": -0.2}, hoverlabel={"font_size": 16},
    )
    return fig


def trend(values: pd.DataFrame, title: str, unit: str, lang: str, era: str, fiscal: bool,
          target: tuple[float, int] | None = None, height: int = 420) -> go.Figure:
    """One indicator by year, with its target as a dashed line to the target year."""
    frame = values.sort_values("year")
    labels = [format_year(y, era) for y in frame["year"]]
    fig = go.Figure(go.Scatter(
        x=labels, y=frame["value"], mode="lines+markers+text", name=title, line={"width": 4, "color": OKABE_ITO[0]},
        marker={"size": 11}, text=[format_number(v) for v in frame["value"]], textposition="top center",
        cliponaxis=False,  # the top value label would otherwise be cut at the plot edge
        hovertemplate="%{x}: %{y:,.1f} " + unit + "<extra></extra>"))
    if target is not None and not frame.empty:
        target_value, target_year = target
        last = frame.iloc[-1]
        fig.add_trace(go.Scatter(
            x=[format_year(last["year"], era), format_year(target_year, era)], y=[last["value"], target_value],
            mode="lines+markers", name=t("target_line", lang, value=format_number(target_value),
                                         year=format_year(target_year, era)),
            line={"dash": "dash", "width": 3, "color": OKABE_ITO[5]}, marker={"symbol": "star", "size": 14}))
    fig.update_xaxes(title=year_axis_label(lang, era, fiscal), type="category")
    fig.update_yaxes(title=unit, rangemode="tozero")
    highest = pd.concat([frame["value"], pd.Series([target[0]] if target else [], dtype="float64")]).max()
    if pd.notna(highest) and highest > 0 and frame["value"].min() >= 0:
        fig.update_yaxes(range=[0, float(highest) * 1.15])  # headroom for the value labels
    return _layout(fig, title, height)


# Characters on one title line of a quarter-width chart (Plotly never wraps titles); Thai glyphs are wider.
SMALL_TITLE_WIDTH = {"en": 30, "th": 21}


def small_trend(values: pd.DataFrame, title: str, era: str) -> go.Figure:
    frame = values.sort_values("year")
    fig = go.Figure(go.Scatter(x=[format_year(y, era) for y in frame["year"]], y=frame["value"],
                               mode="lines+markers", line={"width": 3, "color": OKABE_ITO[0]}))
    fig.update_xaxes(type="category", tickfont={"size": 13})
    fig.update_yaxes(rangemode="tozero", tickfont={"size": 13})
    title = wrap(title, SMALL_TITLE_WIDTH["th" if THAI.search(title) else "en"])
    extra_lines = title.count("<br>")  # each one gets its own room above the plot
    fig = _layout(fig, title, height=230 + 20 * extra_lines)
    fig.update_layout(title={"font": {"size": 15}}, margin={"l": 40, "r": 10, "t": 50 + 20 * extra_lines, "b": 30},
                      showlegend=False)
    return fig


def bars(frame: pd.DataFrame, x: str, y: str, title: str, x_title: str, y_title: str,
         colour: str | None = None, horizontal: bool = False, height: int = 420) -> go.Figure:
    """Grouped bars (e.g. districts × year, or categories × year) with value labels."""
    fig = go.Figure()
    groups = [(None, frame)] if colour is None else list(frame.groupby(colour, sort=False))
    for i, (name, group) in enumerate(groups):
        kwargs = {"x": group[y], "y": group[x], "orientation": "h"} if horizontal else {"x": group[x], "y": group[y]}
        fig.add_trace(go.Bar(name=str(name) if name is not None else y_title, marker_color=OKABE_ITO[i % 8],
                             text=[format_number(v) for v in group[y]], textposition="outside", cliponaxis=False, **kwargs))
    # Plotly shrinks a label to its bar's width: with many narrow bars it became unreadable 4 px text.
    # Below 11 px a label is hidden instead (the value stays in the hover).
    fig.update_layout(barmode="group", uniformtext={"minsize": 11, "mode": "hide"})
    if horizontal:
        fig.update_xaxes(title=y_title)
        fig.update_yaxes(title=x_title, type="category", automargin=True)
    else:
        fig.update_xaxes(title=x_title, type="category")
        fig.update_yaxes(title=y_title)
    return _layout(fig, title, height)


def framework_picture(areas: list[dict], parts: list[dict], lang: str) -> go.Figure:
    """UNESCO's emblem as the framework: pediment (part 1), six columns (part 2), steps (part 3).
    Each box: the area code, its status in words with a symbol, and how many of its indicators have
    data; the area's name is in the hover text and in the legend the page prints beside it."""
    fig = go.Figure()
    shapes, annotations = [], []
    rows = {"1": (3.2, 4.4), "2": (1.1, 3.0), "3": (0.0, 0.9)}
    indicators_word = "ตัวชี้วัด" if lang == "th" else "indicators"
    for part in parts:
        members = [a for a in areas if a["part"] == part["code"]]
        low, high = rows[part["code"]]
        width = 12 / max(len(members), 1)
        for i, area in enumerate(members):
            x0, x1 = i * width + 0.08, (i + 1) * width - 0.08
            status = area.get("status") or "insufficient_data"
            shapes.append({"type": "rect", "x0": x0, "x1": x1, "y0": low, "y1": high,
                           "fillcolor": STATUS_COLOURS.get(status, "#BBBBBB"), "opacity": 0.45,
                           "line": {"color": "#333333", "width": 1.5}, "layer": "below"})
            narrow = len(members) > 3
            # Thai glyphs are wider than Latin ones: fewer per line in the narrow column boxes (at 1,400 px
            # "▲ ก้าวหน้ามาก", 11 characters, ran over a box's edges)
            status_width = (10 if lang == "th" else 13) if narrow else 30
            text = (f"<b>{area['code']}</b><br>{wrap(status_text(status, lang), status_width)}<br>"
                    f"{area['covered']}/{area['total']}{'<br>' if narrow else ' '}{indicators_word}")
            annotations.append({"x": (x0 + x1) / 2, "y": (low + high) / 2, "text": text, "showarrow": False,
                                "font": {"size": 15, "color": "#111111"}, "align": "center"})
            fig.add_trace(go.Scatter(x=[(x0 + x1) / 2], y=[(low + high) / 2], mode="markers", marker={"opacity": 0},
                                     hovertext=f"{area['code']} {area['name']}", hoverinfo="text", showlegend=False))
        annotations.append({"x": -0.15, "y": (low + high) / 2, "text": f"<b>{wrap(part['name'], 18)}</b>",
                            "showarrow": False, "xanchor": "right", "font": {"size": 14, "color": "#111111"},
                            "align": "right"})
    shapes.append({"type": "path", "path": "M 0,4.55 L 6,5.4 L 12,4.55 Z", "fillcolor": "#DDDDDD",
                   "line": {"color": "#333333"}})
    fig.update_layout(shapes=shapes, annotations=annotations)
    fig.update_xaxes(visible=False, range=[-3.4, 12.2])
    fig.update_yaxes(visible=False, range=[-0.1, 5.5])
    return _layout(fig, t("framework_picture", lang), height=600)


def coverage_heatmap(grid: pd.DataFrame, area_names: dict[str, str], lang: str, era: str, fiscal: bool) -> go.Figure:
    pivot = grid.pivot(index="area", columns="year", values="indicators_with_data").sort_index(ascending=False)
    totals = grid.groupby("area")["indicators_total"].max().reindex(pivot.index)
    text = [[f"{int(v)}/{int(totals[a])}" for v in pivot.loc[a]] for a in pivot.index]
    # shaded by the share of the area's indicators with data: 1/1 is as complete as 5/5
    share = pivot.div(totals.where(totals > 0), axis=0).fillna(0)
    fig = go.Figure(go.Heatmap(
        z=share.to_numpy(), zmin=0, zmax=1, x=[format_year(y, era) for y in pivot.columns],
        y=[f"{a} {wrap(area_names.get(a, ''), 34)}" for a in pivot.index], text=text, texttemplate="%{text}",
        colorscale=[[0, "#F7F7F7"], [1, "#0072B2"]], showscale=False, xgap=3, ygap=3))
    fig.update_xaxes(type="category", side="top")
    fig = _layout(fig, f"{t('coverage_grid', lang)} · {year_axis_label(lang, era, fiscal)}", height=760)
    fig.update_layout(margin={"t": 110})
    fig.update_yaxes(automargin=True)  # full area names, wrapped, rather than cut at a fixed width
    return fig
