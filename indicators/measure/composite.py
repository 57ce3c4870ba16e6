"""A composite learning-city index per area of focus and overall — this project's own construction in
the manner of the Canadian Composite Learning Index and the European Lifelong Learning Indicators, never
UNESCO's. Mayors ask for one score; the score is only honest if its recipe is open, so the recipe is data
(config/composite_index.yaml), the normalisation is stated, and the sensitivity view shows how far the
ranks depend on the weights.

Units compared are the districts of one city in one year, or the cities of the database in one year.
Each indicator is normalised to 0–100, an area's sub-score is the weighted mean of its indicators the unit
has, and the overall score the weighted mean of its areas' sub-scores (weights re-scaled over what the
unit has; `areas_counted` says how many). Nothing is imputed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from indicators.base.errors import LearningCityError
from indicators.config import config_path, read_yaml
from indicators.config.framework import area_codes
from indicators.measure.compute import compute_values
from indicators.measure.definitions import IndicatorDef
from indicators.measure.progress import load_targets

WEIGHTS_FILE = config_path("composite_index.yaml")
METHODS = ("min_max", "distance_to_target")
UNITS = ("district", "city")
OVERALL = "overall"
DRAWS = 500  # random weightings in the sensitivity view
SEED = 21    # fixed: the CLI and the page draw the same weightings


@dataclass(frozen=True)
class Weights:
    method: str
    areas: dict[str, float]
    indicators: dict[str, float]


@dataclass
class IndexResult:
    unit: str                    # district | city
    year: int
    method: str
    raw: pd.DataFrame            # unit × indicator: the values compared
    normalised: pd.DataFrame     # unit × indicator: 0–100
    scores: pd.DataFrame         # unit × (areas…, overall, rank, areas_counted)
    left_out: dict[str, str] = field(default_factory=dict)  # indicator → no_data | no_spread | no_target
    areas: list[str] = field(default_factory=list)            # areas with a sub-score for some unit


def _weight(value: object, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if not np.isfinite(number) or number < 0:
        raise LearningCityError(f"Index weights: {where} must be a number of 0 or more, not {value!r}.",
                                f"น้ำหนักของดัชนี: {where} ต้องเป็นตัวเลขตั้งแต่ 0 ขึ้นไป ไม่ใช่ {value!r}",
                                code="bad_weights")
    return number


def parse_weights(data: object, known_indicators: set[str] | None = None) -> Weights:
    """Weights from the YAML document's data, checked: a known method, known areas and indicators,
    numbers ≥ 0."""
    if not isinstance(data, dict):
        raise LearningCityError("Index weights must be a YAML mapping (normalisation, area_weights, indicators).",
                                "น้ำหนักของดัชนีต้องเป็น YAML แบบ mapping (normalisation, area_weights, indicators)",
                                code="bad_weights")
    method = str(data.get("normalisation", "min_max"))
    if method not in METHODS:
        raise LearningCityError(f"Index weights: normalisation must be {' or '.join(METHODS)}, not {method!r}.",
                                f"น้ำหนักของดัชนี: normalisation ต้องเป็น {' หรือ '.join(METHODS)} ไม่ใช่ {method!r}",
                                code="bad_weights")
    codes = area_codes()
    given = {str(k): _weight(v, f"area {k}") for k, v in (data.get("area_weights") or {}).items()}
    unknown = sorted(set(given) - set(codes))
    indicators = {str(k): _weight(v, f"indicator {k}") for k, v in (data.get("indicators") or {}).items()}
    if known_indicators is not None:
        unknown += sorted(set(indicators) - known_indicators)
    if unknown:
        raise LearningCityError(f"Index weights name what does not exist: {', '.join(unknown)}.",
                                f"น้ำหนักของดัชนีระบุสิ่งที่ไม่มีอยู่: {', '.join(unknown)}", code="bad_weights")
    return Weights(method, {code: given.get(code, 1.0) for code in codes}, indicators)


def load_weights(path: str | Path | None = None, known_indicators: set[str] | None = None) -> Weights:
    return parse_weights(read_yaml(path or WEIGHTS_FILE), known_indicators)


def weights_yaml(weights: Weights) -> str:
    """The weights as a YAML file a researcher keeps, edits and gives back (page download, CLI --weights)."""
    return yaml.safe_dump({"normalisation": weights.method, "area_weights": weights.areas,
                           "indicators": weights.indicators}, allow_unicode=True, sort_keys=False)


def unit_values(values: pd.DataFrame, unit: str, year: int, city: str | None = None) -> pd.DataFrame:
    """compute_values rows → unit × indicator for one year: a city's districts, or every city's city-wide
    value."""
    rows = values[(values["year"] == year) & values["value"].notna()]
    if unit == "district":
        rows = rows[rows["district"].notna()]
        if city is not None and "city" in rows.columns:
            rows = rows[rows["city"] == city]
        key = "district"
    else:
        rows, key = rows[rows["district"].isna()], "city"
    wide = rows.pivot_table(index=key, columns="indicator", values="value", aggfunc="first")
    wide.columns.name = None
    return wide.sort_index()


def normalise(raw: pd.DataFrame, indicators: dict[str, IndicatorDef], method: str,
              targets: pd.DataFrame | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Each indicator's column to 0–100 (100 = best); the reason for each one left out. `targets`: unit ×
    indicator (each unit's own target), for distance to target."""
    columns, left_out = {}, {}
    targets = (targets if targets is not None else pd.DataFrame()).reindex(index=raw.index)
    for code in indicators:
        series = raw[code].dropna() if code in raw.columns else pd.Series(dtype=float)
        lower = indicators[code].direction == "lower"
        if series.empty:
            left_out[code] = "no_data"
            continue
        if method == "distance_to_target":
            target = targets[code].where(targets[code] > 0) if code in targets.columns else None
            if target is None or target[raw[code].notna()].isna().all():
                left_out[code] = "no_target"
                continue
            if lower:  # at or under the target is 100; a value of 0 is at the target too
                ratio = (target / raw[code].where(raw[code] > 0)).fillna(1.0).where(raw[code].notna())
            else:
                ratio = raw[code] / target
            ratio = ratio.where(target.notna())  # a unit without a target has no score on it
            columns[code] = 100 * ratio.clip(lower=0, upper=1)
        else:
            low, high = series.min(), series.max()
            if high == low:  # every unit the same: the indicator cannot tell them apart
                left_out[code] = "no_spread"
                continue
            share = (raw[code] - low) / (high - low)
            columns[code] = 100 * (1 - share if lower else share)
    return pd.DataFrame(columns, index=raw.index), left_out


def score(normalised: pd.DataFrame, indicators: dict[str, IndicatorDef], weights: Weights,
          area_weights: dict[str, float] | None = None) -> pd.DataFrame:
    """Sub-scores per area, the overall score and the rank (1 = highest) of each unit."""
    return with_overall(area_scores(normalised, indicators, weights),
                        area_weights if area_weights is not None else weights.areas)


def area_scores(normalised: pd.DataFrame, indicators: dict[str, IndicatorDef], weights: Weights) -> pd.DataFrame:
    """Each unit's sub-score per area of focus: its indicators' weighted mean (the area weights play no part)."""
    table = pd.DataFrame(index=normalised.index)
    for area in area_codes():
        members = [c for c in normalised.columns if area in indicators[c].areas
                   and weights.indicators.get(c, 0) > 0]
        if members:
            table[area] = _weighted_mean(normalised[members], [weights.indicators[c] for c in members])
    return table


def with_overall(subs: pd.DataFrame, area_weights: dict[str, float]) -> pd.DataFrame:
    """The sub-scores with the overall score (their mean under `area_weights`), the areas counted and the rank."""
    table = subs.copy()
    areas = [a for a in subs.columns if area_weights.get(a, 0) > 0]
    table[OVERALL] = _weighted_mean(subs[areas], [area_weights[a] for a in areas]) if areas else np.nan
    table["areas_counted"] = subs[areas].notna().sum(axis=1).astype(int) if areas else 0
    table["rank"] = table[OVERALL].rank(ascending=False, method="min").astype("Int64")
    return table


def _weighted_mean(frame: pd.DataFrame, weights: list[float]) -> pd.Series:
    """Mean of each row's values present, each weighted; weights re-scaled over what the row has."""
    w = pd.Series(weights, index=frame.columns, dtype=float)
    present = frame.notna()
    total = present.mul(w, axis=1).sum(axis=1)
    return (frame.fillna(0).mul(w, axis=1).sum(axis=1) / total).where(total > 0)


def composite_index(values: pd.DataFrame, indicators: list[IndicatorDef], weights: Weights, unit: str, year: int,
                    city: str | None = None, targets: pd.DataFrame | None = None) -> IndexResult:
    """The index for one year: `values` are compute_values rows (a city's with districts, or every
    city's); `targets` (unit × indicator, see unit_targets) are needed for distance to target."""
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}")
    chosen = {i.code: i for i in indicators if weights.indicators.get(i.code, 0) > 0}
    raw = unit_values(values, unit, year, city)
    normalised, left_out = normalise(raw, chosen, weights.method, targets)
    scores = score(normalised, chosen, weights)
    areas = [a for a in area_codes() if a in scores.columns and scores[a].notna().any()]
    return IndexResult(unit, int(year), weights.method, raw.reindex(columns=list(chosen)), normalised, scores,
                       left_out, areas)


def unit_targets(targets: pd.DataFrame, indicators: list[IndicatorDef], unit: str,
                 units: list[str]) -> pd.DataFrame:
    """Targets in force (progress.load_targets rows; with a `city` column for several cities) as unit ×
    indicator. A district has its own target; failing that, the city's — but only for a rate (an
    indicator with a denominator), never for a count, whose city target is the sum of the districts'."""
    table = pd.DataFrame(index=pd.Index(units, dtype=object))
    if targets.empty:
        return table
    if unit == "city":
        rows = targets[targets["district"].isna()]
        return rows.pivot_table(index="city", columns="indicator", values="target_value",
                                aggfunc="first").reindex(index=units)
    rates = {i.code for i in indicators if i.denominator is not None}
    for row in targets[targets["district"].isna() & targets["indicator"].isin(rates)].itertuples():
        table[row.indicator] = float(row.target_value)
    for row in targets[targets["district"].notna()].itertuples():
        if row.district in table.index:
            if row.indicator not in table.columns:
                table[row.indicator] = np.nan
            table.loc[row.district, row.indicator] = float(row.target_value)
    return table


def index_rows(result: IndexResult) -> pd.DataFrame:
    """Long rows for the CLI and the downloads: unit, part (area code or overall), score, rank."""
    rows = []
    for name, row in result.scores.iterrows():
        for part in [*result.areas, OVERALL]:
            value = row.get(part)
            rows.append({"unit": name, "year": result.year, "method": result.method, "part": part,
                         "score": None if pd.isna(value) else round(float(value), 6),
                         "rank": None if part != OVERALL or pd.isna(row["rank"]) else int(row["rank"]),
                         "areas_counted": int(row["areas_counted"])})
    return pd.DataFrame(rows, columns=["unit", "year", "method", "part", "score", "rank", "areas_counted"])


def sensitivity(result: IndexResult, indicators: list[IndicatorDef], weights: Weights, draws: int = DRAWS,
                seed: int = SEED) -> pd.DataFrame:
    """How the score and rank of each unit move with the area weights: each area left out (weight 0) and
    doubled, one at a time, and `draws` random weightings (Dirichlet, every area equally likely to weigh
    more; fixed seed). Columns: unit, case, area, score, rank — case ∈ base | without | doubled | random_*."""
    chosen = {i.code: i for i in indicators if weights.indicators.get(i.code, 0) > 0}
    chosen = {c: i for c, i in chosen.items() if c in result.normalised.columns}
    base = result.scores
    rows = [{"unit": u, "case": "base", "area": None, "score": base.at[u, OVERALL], "rank": base.at[u, "rank"]}
            for u in base.index]
    subs = area_scores(result.normalised, chosen, weights)  # once: only the area weights change below
    for area in result.areas:
        for case, factor in (("without", 0.0), ("doubled", 2.0)):
            changed = dict(weights.areas, **{area: weights.areas.get(area, 1.0) * factor})
            moved = with_overall(subs, changed)
            rows += [{"unit": u, "case": case, "area": area, "score": moved.at[u, OVERALL],
                      "rank": moved.at[u, "rank"]} for u in moved.index]
    random_ranks = _random_ranks(result, subs, weights, draws, seed)
    for unit, ranks in random_ranks.items():
        for case, value in (("random_best", ranks.min()), ("random_median", float(np.median(ranks))),
                            ("random_worst", ranks.max())):
            rows.append({"unit": unit, "case": case, "area": None, "score": None, "rank": value})
    frame = pd.DataFrame(rows, columns=["unit", "case", "area", "score", "rank"])
    frame["score"] = pd.to_numeric(frame["score"], errors="coerce")
    frame["rank"] = pd.to_numeric(frame["rank"], errors="coerce")
    return frame


def _random_ranks(result: IndexResult, area_subs: pd.DataFrame, weights: Weights, draws: int, seed: int) -> dict:
    """Each unit's rank under `draws` random area weightings (weights summing to the number of areas)."""
    areas = [a for a in result.areas if weights.areas.get(a, 0) > 0]
    if not areas or result.scores.empty:
        return {}
    subs = area_subs[areas].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    drawn = rng.dirichlet(np.ones(len(areas)), size=draws) * len(areas)
    present = ~np.isnan(subs)
    filled = np.nan_to_num(subs)
    totals = present @ drawn.T                       # units × draws
    overall = np.where(totals > 0, (filled @ drawn.T) / np.where(totals > 0, totals, 1), np.nan)
    ranks = pd.DataFrame(overall).rank(ascending=False, method="min").to_numpy()
    return {unit: ranks[i][~np.isnan(ranks[i])] for i, unit in enumerate(result.scores.index)
            if not np.isnan(ranks[i]).all()}


def rank_ranges(sensitivity_rows: pd.DataFrame) -> pd.DataFrame:
    """Per unit: the rank with the chosen weights, and the best and worst rank over every case tried."""
    base = sensitivity_rows[sensitivity_rows["case"] == "base"].set_index("unit")
    spread = sensitivity_rows.groupby("unit")["rank"].agg(["min", "max"])
    table = pd.DataFrame({"score": base["score"], "rank": base["rank"], "best_rank": spread["min"],
                          "worst_rank": spread["max"]})
    return table.sort_values(["rank", "score"], ascending=[True, False])


def index_for(con, city: str, unit: str, year: int, weights: Weights, indicators: list[IndicatorDef],
              fiscal: bool = False, values: pd.DataFrame | None = None,
              compared_cities: list[str] | None = None) -> IndexResult:
    """The index as the page and the CLI both make it: `city`'s districts, or the cities compared
    (`compared_cities`, default every city), with the targets in force. `values`: compute_values rows
    already at hand (a city's by year and district; every city's by year for unit city)."""
    if unit == "district":
        if values is None:
            values = compute_values(con, city=city, by=("year", "district"), fiscal=fiscal, indicators=indicators)
        values = values[values["city"] == city]
        targets = load_targets(con, city)
        units = sorted(values.loc[(values["year"] == year) & values["district"].notna(), "district"].unique())
    else:
        if values is None:
            values = compute_values(con, city=None, by=("year",), fiscal=fiscal, indicators=indicators)
        if compared_cities is not None:
            values = values[values["city"].isin(compared_cities)]
        units = sorted(values.loc[values["year"] == year, "city"].unique())
        targets = pd.concat([load_targets(con, c).assign(city=c) for c in units] or [pd.DataFrame()])
    return composite_index(values, indicators, weights, unit, year, city,
                           unit_targets(targets, indicators, unit, units) if weights.method != "min_max" else None)
