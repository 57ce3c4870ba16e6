"""What the Index page shows of a composite index: the score table, the bar chart of overall scores, the
rank ranges of the sensitivity view, and their screen-reader summaries — in Thai and English."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from indicators.measure.composite import DRAWS, OVERALL, IndexResult, rank_ranges
from indicators.present import charts
from indicators.present.i18n import format_number, format_year, t
from indicators.present.palette import SERIES_COLOURS


def score_table(result: IndexResult, lang: str, area_names: dict[str, str]) -> pd.DataFrame:
    """One row per unit, best first: rank, overall, areas counted, then each area's sub-score."""
    scores = result.scores.sort_values(["rank", OVERALL], ascending=[True, False])
    table = pd.DataFrame({t("index_unit", lang): scores.index.astype(str),
                          t("rank", lang): scores["rank"].astype("Float64"),
                          t("index_overall", lang): scores[OVERALL].round(1),
                          t("index_areas_counted", lang): scores["areas_counted"]})
    for area in result.areas:
        table[f"{area} {area_names.get(area, '')}".strip()] = scores[area].round(1).to_numpy()
    return table.reset_index(drop=True)


def score_bars(result: IndexResult, lang: str, era: str) -> go.Figure:
    frame = result.scores[[OVERALL]].dropna().sort_values(OVERALL).reset_index(names="unit")
    frame[OVERALL] = frame[OVERALL].round(1)
    title = t("index_scores", lang, year=format_year(result.year, era))
    return charts.bars(frame, "unit", OVERALL, title, t("index_unit", lang), t("index_overall", lang),
                       horizontal=True, height=max(300, 80 + 45 * len(frame)))


def score_summary(result: IndexResult, lang: str, era: str) -> str:
    scores = result.scores[OVERALL].dropna()
    if scores.empty:
        return t("summary_no_values", lang, name=t("page_index", lang))
    return t("summary_index", lang, year=format_year(result.year, era), top=scores.idxmax(),
             top_value=format_number(scores.max(), 1), bottom=scores.idxmin(), bottom_value=format_number(scores.min(), 1))


def left_out_lines(result: IndexResult, lang: str, era: str, names: dict[str, str]) -> list[str]:
    reasons = {"no_data": t("index_no_data", lang, year=format_year(result.year, era)),
               "no_spread": t("index_no_spread", lang), "no_target": t("index_no_target", lang)}
    return [f"{names.get(code, code)}: {reasons[why]}" for code, why in result.left_out.items()]


def range_table(sensitivity_rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per unit: the rank now, its best and worst over every weighting tried, and its rank with each area
    left out and doubled."""
    ranges = rank_ranges(sensitivity_rows)
    table = pd.DataFrame({t("index_unit", lang): ranges.index.astype(str),
                          t("index_overall", lang): ranges["score"].round(1).to_numpy(),
                          t("rank", lang): ranges["rank"].to_numpy(),
                          t("index_best_rank", lang): ranges["best_rank"].to_numpy(),
                          t("index_worst_rank", lang): ranges["worst_rank"].to_numpy()})
    for case, key in (("without", "index_rank_without"), ("doubled", "index_rank_doubled")):
        moved = sensitivity_rows[sensitivity_rows["case"] == case]
        for area, group in moved.groupby("area", sort=False):
            table[t(key, lang, area=area)] = group.set_index("unit")["rank"].reindex(ranges.index).to_numpy()
    return table


def range_chart(sensitivity_rows: pd.DataFrame, lang: str) -> go.Figure:
    """Each unit's rank with the chosen weights (a dot) and the range over every weighting (a bar)."""
    ranges = rank_ranges(sensitivity_rows).iloc[::-1]
    units = [str(u) for u in ranges.index]
    fig = go.Figure()
    fig.add_trace(go.Bar(y=units, x=ranges["worst_rank"] - ranges["best_rank"], base=ranges["best_rank"],
                         orientation="h", name=t("index_range_legend", lang), marker={"color": "#CDE3F5"},
                         width=0.4, hovertemplate="%{base} – %{x}<extra></extra>"))
    fig.add_trace(go.Scatter(y=units, x=ranges["rank"], mode="markers+text", name=t("rank", lang),
                             marker={"size": 16, "color": SERIES_COLOURS[0]}, text=[f"{r:g}" for r in ranges["rank"]],
                             textposition="top center", cliponaxis=False))
    most = int(max(ranges["worst_rank"].max(), 1))
    fig.update_xaxes(title=t("rank", lang), range=[most + 0.5, 0.5], dtick=1)  # rank 1 on the right
    fig.update_yaxes(type="category", automargin=True)
    return charts._layout(fig, "", max(300, 100 + 50 * len(units)))


def range_summary(sensitivity_rows: pd.DataFrame, lang: str) -> str:
    ranges = rank_ranges(sensitivity_rows)
    tried = sensitivity_rows.loc[sensitivity_rows["case"].isin(["without", "doubled"]), ["case", "area"]]
    cases = len(tried.drop_duplicates()) + DRAWS
    parts = [f"{u} {r:g} ({b:g}–{w:g})" for u, r, b, w in
             zip(ranges.index, ranges["rank"], ranges["best_rank"], ranges["worst_rank"])]
    return t("summary_rank_range", lang, cases=cases, ranges="; ".join(parts))
