"""The scorecard (DHIS2-style): every district × every indicator with its progress status, one table for
a meeting; and the status summary (Open SDG's reporting status): how many indicators have each status,
per area of focus.

A district's status uses the same rule as the city's (progress.progress_status) on the district's own
series and the district's own target when one is set. A city-wide target is never applied to a
district: for a count it is the sum over districts, so a district would always fall short of it.
"""

from __future__ import annotations

import pandas as pd

from indicators.config.framework import area_codes
from indicators.measure.definitions import IndicatorDef
from indicators.measure.progress import STATUSES, progress_status

COLUMNS = ["district", "indicator", "area", "year", "value", "base_year", "status", "symbol"]
STATUS_ORDER = list(STATUSES)


def district_statuses(values: pd.DataFrame, indicators: list[IndicatorDef], targets: pd.DataFrame,
                      years: tuple[int, int] | None = None, left_out: set[int] | frozenset = frozenset()
                      ) -> pd.DataFrame:
    """Status of each indicator in each district over `years`, leaving out the `left_out` years
    (incomplete periods), as the city's status does."""
    rows = values[values["district"].notna() & values["value"].notna() & ~values["year"].isin(list(left_out))]
    if years:
        rows = rows[rows["year"].between(*years)]
    own = targets[targets["district"].notna()] if not targets.empty else targets
    own = {(r.district, r.indicator): r for r in own.itertuples()}
    out = []
    codes = {i.code: i for i in indicators}
    for (district, code), series in rows[rows["indicator"].isin(list(codes))].groupby(["district", "indicator"]):
        indicator = codes[code]
        series = series.sort_values("year")
        points = list(zip(series["year"].astype(int), series["value"].astype(float)))
        target = own.get((district, code))
        base = None if target is None or pd.isna(target.base_year) else int(target.base_year)
        status = progress_status(points, indicator.direction,
                                 None if target is None else float(target.target_value),
                                 None if target is None else int(target.target_year), base)
        compared = [p for p in points if base is None or p[0] >= base]
        out.append({"district": district, "indicator": code, "area": indicator.area, "year": points[-1][0],
                    "value": points[-1][1],
                    "base_year": compared[0][0] if status != "insufficient_data" else None,
                    "status": status, "symbol": STATUSES[status][2]})
    return pd.DataFrame(out, columns=COLUMNS)


def scorecard(progress: pd.DataFrame, statuses: pd.DataFrame) -> pd.DataFrame:
    """The city-wide row (progress_table, district empty) above every district's: long rows, COLUMNS."""
    frames = [f for f in (progress.assign(district=None)[COLUMNS], statuses) if not f.empty]
    return pd.concat(frames, ignore_index=True)[COLUMNS] if frames else pd.DataFrame(columns=COLUMNS)


def status_summary(progress: pd.DataFrame, indicators: list[IndicatorDef]) -> pd.DataFrame:
    """Per area of focus (an indicator counts in every area it evidences) and in all: how many indicators
    have each status. Rows: area codes then "all"; columns: the statuses, then "indicators"."""
    status_of = dict(zip(progress["indicator"], progress["status"])) if not progress.empty else {}
    counts = {area: dict.fromkeys(STATUS_ORDER, 0) for area in [*area_codes(), "all"]}
    for indicator in indicators:
        status = status_of.get(indicator.code, "insufficient_data")
        for area in indicator.areas:
            counts[area][status] += 1
        counts["all"][status] += 1
    table = pd.DataFrame.from_dict(counts, orient="index")[STATUS_ORDER]
    table["indicators"] = table.sum(axis=1)
    table.index.name = "area"
    return table
