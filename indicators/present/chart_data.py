"""What stands behind every chart: the table of the numbers it draws (shown under it and downloaded as
CSV/XLSX) and a short text summary, the chart's accessible description for screen readers.

A chart is a picture; someone who cannot see it — or wants the number to two decimals, or to paste it
into a report — reads the same figures here. Tables keep numbers as numbers (the page formats them for
display, the downloads keep them); column headers and years are in the chosen language and era.
Built from the same small frames the charts are drawn from, so table, summary and chart agree.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from indicators.present.i18n import format_number, format_year, status_text, t
from indicators.present.years import range_text, years_text


def _years_label(years: Iterable[int], era: str) -> str:
    years = sorted({int(y) for y in years})
    return range_text(years[0], years[-1], era) if years else "–"


def trend_table(values: pd.DataFrame, lang: str, era: str, partial: Iterable[int] = (),
                with_denominator: bool = True) -> pd.DataFrame:
    """Year (as shown), value, numerator, denominator and a note on incomplete periods."""
    partial = {int(y) for y in partial}
    rows = values.sort_values("year")
    table = pd.DataFrame({
        t("year", lang): [format_year(y, era) for y in rows["year"]],
        t("value", lang): rows["value"].astype(float).to_numpy(),
        t("numerator", lang): rows["numerator"].astype(float).to_numpy() if "numerator" in rows else None,
    })
    if with_denominator and "denominator" in rows:
        table[t("denominator", lang)] = rows["denominator"].astype(float).to_numpy()
    table[t("note", lang)] = [t("incomplete_mark", lang) if int(y) in partial else "" for y in rows["year"]]
    return table


def trend_summary(values: pd.DataFrame, name: str, unit: str, lang: str, era: str, partial: Iterable[int] = (),
                  target_text: str | None = None, partial_notes: Iterable[str] = ()) -> str:
    rows = values.dropna(subset=["value"]).sort_values("year")
    if rows.empty:
        return t("summary_no_values", lang, name=name)
    years = [int(y) for y in rows["year"]]
    if len(rows) == 1:
        text = t("summary_trend_lone", lang, name=name, unit=unit, value=format_number(rows["value"].iloc[0]),
                 year=format_year(years[0], era))
    else:
        high = rows.loc[rows["value"].idxmax()]
        text = t("summary_trend", lang, name=name, unit=unit, years=_years_label(years, era),
                 first=format_number(rows["value"].iloc[0]), first_year=format_year(years[0], era),
                 last=format_number(rows["value"].iloc[-1]), last_year=format_year(years[-1], era),
                 high=format_number(high["value"]), high_year=format_year(high["year"], era))
    missing = [y for y in range(years[0], years[-1] + 1) if y not in years]
    extra = [t("summary_missing_years", lang, years=years_text(missing, era))] if missing else []
    shown_partial = {int(y) for y in partial} & set(years)
    extra += [note for note in partial_notes] if shown_partial else []
    if target_text:
        extra.append(target_text)
    return " ".join([text, *extra])


def district_table(frame: pd.DataFrame, lang: str, era: str) -> pd.DataFrame:
    rows = frame.sort_values(["year", "district"])
    return pd.DataFrame({t("district", lang): rows["district"].to_numpy(),
                         t("year", lang): [format_year(y, era) for y in rows["year"]],
                         t("value", lang): rows["value"].astype(float).to_numpy()})


def district_summary(frame: pd.DataFrame, name: str, lang: str, era: str) -> str:
    rows = frame.dropna(subset=["value"])
    if rows.empty:
        return t("summary_no_values", lang, name=name)
    latest = rows[rows["year"] == rows["year"].max()].sort_values("value")
    top, bottom = latest.iloc[-1], latest.iloc[0]
    return t("summary_bars", lang, name=name, years=_years_label(rows["year"], era),
             year=format_year(latest["year"].iloc[0], era), top=top["district"], top_value=format_number(top["value"]),
             bottom=bottom["district"], bottom_value=format_number(bottom["value"]))


def category_table(frame: pd.DataFrame, lang: str, era: str) -> pd.DataFrame:
    """Participants per year and category (sex, age band, group), with the category's share if known."""
    table = pd.DataFrame({t("year", lang): [format_year(y, era) for y in frame["year"]],
                          t("category", lang): frame["category"].to_numpy(),
                          t("participants", lang): frame["value"].astype(float).to_numpy()})
    if "share_pct" in frame:
        table[t("share_pct", lang)] = frame["share_pct"].astype(float).round(1).to_numpy()
    return table


def category_summary(frame: pd.DataFrame, title: str, lang: str, era: str) -> str:
    if frame.empty:
        return t("summary_no_values", lang, name=title)
    latest = frame[frame["year"] == frame["year"].max()]
    parts = ", ".join(f"{c} {format_number(v)}" for c, v in zip(latest["category"], latest["value"]))
    return t("summary_categories", lang, title=title, years=_years_label(frame["year"], era),
             year=format_year(latest["year"].iloc[0], era), parts=parts)


def framework_table(cards: list[dict], lang: str) -> pd.DataFrame:
    return pd.DataFrame({t("code", lang): [c["code"] for c in cards], t("area", lang): [c["name"] for c in cards],
                         t("status", lang): [status_text(c["status"], lang) for c in cards],
                         t("report_with_data", lang): [f"{c['covered']}/{c['total']}" for c in cards]})


def framework_summary(cards: list[dict], year_label: str, lang: str) -> str:
    counts = pd.Series([c["status"] for c in cards]).value_counts()
    listed = "; ".join(t("summary_framework_count", lang, n=int(n), status=status_text(code, lang))
                       for code, n in counts.items())
    return t("summary_framework", lang, areas=len(cards), year=year_label, counts=listed)


def coverage_table(grid: pd.DataFrame, area_names: dict[str, str], lang: str, era: str) -> pd.DataFrame:
    """Areas as rows, years as columns, each cell "with data/total" as in the heatmap."""
    if grid.empty:
        return pd.DataFrame(columns=[t("area", lang)])
    cells = grid.assign(text=[f"{int(a)}/{int(b)}" for a, b in zip(grid["indicators_with_data"],
                                                                   grid["indicators_total"])])
    wide = cells.pivot(index="area", columns="year", values="text")
    wide.columns = [format_year(y, era) for y in wide.columns]
    wide.insert(0, t("area", lang), [f"{code} {area_names.get(code, '')}" for code in wide.index])
    return wide.reset_index(drop=True)


def coverage_summary(grid: pd.DataFrame, lang: str, era: str) -> str:
    if grid.empty:
        return t("summary_no_values", lang, name=t("coverage_grid", lang))
    full = int((grid["indicators_with_data"] == grid["indicators_total"]).sum())
    empty = int((grid["indicators_with_data"] == 0).sum())
    return t("summary_coverage", lang, areas=grid["area"].nunique(), years=_years_label(grid["year"], era),
             full=full, cells=len(grid), empty=empty)


def grid_table(panels: list[tuple[str, str, str, pd.DataFrame]], lang: str, era: str,
               partial: Iterable[int] = ()) -> pd.DataFrame:
    """The small multiples' numbers: one row per area (its indicator and unit), the years as columns
    (an incomplete year's heading says so)."""
    partial = {int(y) for y in partial}
    years = sorted({int(y) for *_, frame in panels for y in frame["year"]})
    heading = {y: format_year(y, era) + (f" ({t('incomplete_mark', lang)})" if y in partial else "") for y in years}
    rows = []
    for area, name, unit, frame in panels:
        by_year = dict(zip(frame["year"].astype(int), frame["value"].astype(float)))
        rows.append({t("area", lang): area, t("indicator", lang): name, t("unit", lang): unit,
                     **{heading[y]: by_year.get(y) for y in years}})
    return pd.DataFrame(rows)
