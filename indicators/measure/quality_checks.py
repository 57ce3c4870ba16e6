"""Running the validation rules (quality_rules.py) over indicator values by year and district — the rows
compute_values returns, so a warning names the very figure a chart draws.

Jumps and outliers look at one series at a time (the city-wide one and each district's): a jump compares
a year with the year before it (a missing year is no jump), an outlier compares a year with the series'
other years (leave-one-out z-score, DHIS2's outlier detection per organisation unit; at least
MIN_OTHER_YEARS other years, else nothing is said). Incomplete periods (a fiscal year holding
October–December only) are left out of both: a quarter-year would always look like a fall.
"""

from __future__ import annotations

import math
import operator as op
from collections.abc import Iterable

import pandas as pd

from indicators.measure.compute import compute_values
from indicators.measure.periods import incomplete_periods
from indicators.measure.quality_rules import load_rules, side_codes
from indicators.store.followups import load_followups

MIN_OTHER_YEARS = 4
COMPARE = {"<=": op.le, "<": op.lt, ">=": op.ge, ">": op.gt, "=": lambda a, b: abs(a - b) <= 1e-9 * max(1, abs(b))}
KEYS = ["rule_id", "indicator", "year", "district"]
COLUMNS = KEYS + ["kind", "value", "expected", "message_en", "message_th"]
AREA_WORDS = {"en": "city-wide", "th": "ทั้งเมือง"}


def _n(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _where(year: int, district) -> tuple[str, str]:
    place_en = district if isinstance(district, str) else AREA_WORDS["en"]
    place_th = district if isinstance(district, str) else AREA_WORDS["th"]
    return f"{year}, {place_en}", f"ปี {year + 543} {place_th}"


def _series(values: pd.DataFrame) -> Iterable[tuple[str, object, pd.DataFrame]]:
    """(indicator, district, its rows by year) for every series, the city-wide one first."""
    frame = values.dropna(subset=["value"]).assign(_place=values["district"].fillna(""))
    for (code, place), rows in frame.groupby(["indicator", "_place"], sort=True):
        yield code, (place or None), rows.sort_values("year")


def _compare(rule: dict, values: pd.DataFrame) -> list[dict]:
    left, right = side_codes(rule["left_side"]), side_codes(rule["right_side"])
    wide = values.assign(_place=values["district"].fillna("")).pivot_table(
        index=["year", "_place"], columns="indicator", values="value", aggfunc="first")
    if any(code not in wide.columns for code in left + right):
        return []
    found = []
    for (year, place), row in wide.iterrows():
        if row[left + right].isna().any():  # a side not reported is not a breach
            continue
        a, b = float(row[left].sum()), float(row[right].sum())
        if not COMPARE[rule["operator"]](a, b):
            en, th = _where(int(year), place or None)
            found.append({"indicator": left[0], "year": int(year), "district": place or None, "value": a,
                          "expected": f"{rule['operator']} {_n(b)}",
                          "message_en": f"{rule['left_side']} = {_n(a)} is not {rule['operator']} "
                                        f"{rule['right_side']} = {_n(b)} ({en}).",
                          "message_th": f"{rule['left_side']} = {_n(a)} ไม่ {rule['operator']} "
                                        f"{rule['right_side']} = {_n(b)} ({th})"})
    return found


def _range(rule: dict, values: pd.DataFrame) -> list[dict]:
    code, low, high = rule["left_side"], rule["minimum"], rule["maximum"]
    rows = values[(values["indicator"] == code) & values["value"].notna()]
    found = []
    for row in rows.itertuples(index=False):
        if (low is not None and not pd.isna(low) and row.value < low) or \
                (high is not None and not pd.isna(high) and row.value > high):
            bounds = f"{_n(low) if pd.notna(low) else '–'}–{_n(high) if pd.notna(high) else '–'}"
            en, th = _where(int(row.year), row.district)
            found.append({"indicator": code, "year": int(row.year), "district": row.district, "value": row.value,
                          "expected": bounds,
                          "message_en": f"{code} = {_n(row.value)} is outside {bounds} ({en}).",
                          "message_th": f"{code} = {_n(row.value)} อยู่นอกช่วง {bounds} ({th})"})
    return found


def _jump(rule: dict, values: pd.DataFrame, partial: set[int]) -> list[dict]:
    found = []
    for code, district, rows in _series(values[values["indicator"] == rule["left_side"]]):
        by_year = {int(y): float(v) for y, v in zip(rows["year"], rows["value"]) if int(y) not in partial}
        for year, value in by_year.items():
            before = by_year.get(year - 1)
            if not before or before <= 0:
                continue
            change = 100 * (value - before) / before
            if abs(change) > rule["threshold"]:
                en, th = _where(year, district)
                found.append({"indicator": code, "year": year, "district": district, "value": value,
                              "expected": f"±{_n(rule['threshold'])}%",
                              "message_en": f"{code} changed {change:+.0f}% from the year before ({_n(before)} → "
                                            f"{_n(value)}; at most ±{_n(rule['threshold'])}%) ({en}).",
                              "message_th": f"{code} เปลี่ยน {change:+.0f}% จากปีก่อน ({_n(before)} → {_n(value)} "
                                            f"เกณฑ์ไม่เกิน ±{_n(rule['threshold'])}%) ({th})"})
    return found


def _outlier(rule: dict, values: pd.DataFrame, partial: set[int]) -> list[dict]:
    found = []
    for code, district, rows in _series(values[values["indicator"] == rule["left_side"]]):
        by_year = {int(y): float(v) for y, v in zip(rows["year"], rows["value"]) if int(y) not in partial}
        for year, value in by_year.items():
            others = [v for y, v in by_year.items() if y != year]
            if len(others) < MIN_OTHER_YEARS:
                continue
            mean = sum(others) / len(others)
            spread = math.sqrt(sum((v - mean) ** 2 for v in others) / (len(others) - 1))
            if spread <= 0:
                continue
            z = (value - mean) / spread
            if abs(z) > rule["threshold"]:
                en, th = _where(year, district)
                found.append({"indicator": code, "year": year, "district": district, "value": value,
                              "expected": f"|z| ≤ {_n(rule['threshold'])}",
                              "message_en": f"{code} = {_n(value)} is {z:+.1f} standard deviations from its other "
                                            f"years (mean {_n(mean)}) ({en}).",
                              "message_th": f"{code} = {_n(value)} ห่างจากค่าเฉลี่ยของปีอื่น ({_n(mean)}) "
                                            f"{z:+.1f} เท่าของส่วนเบี่ยงเบนมาตรฐาน ({th})"})
    return found


def run_rules(rules: pd.DataFrame, values: pd.DataFrame, partial: Iterable[int] = ()) -> pd.DataFrame:
    """Every breach of every rule: rule_id, indicator, year, district (None = city-wide), kind, value,
    expected and the message in English and Thai."""
    partial = {int(y) for y in partial}
    values = values[["indicator", "year", "district", "value"]]
    found = []
    for rule in rules.to_dict("records"):
        kind = rule["kind"]
        breaches = (_compare(rule, values) if kind == "compare" else _range(rule, values) if kind == "range"
                    else _jump(rule, values, partial) if kind == "jump" else _outlier(rule, values, partial))
        found += [{"rule_id": rule["rule_id"], "kind": kind, **breach} for breach in breaches]
    frame = pd.DataFrame(found, columns=COLUMNS)
    return frame.sort_values(["year", "rule_id", "district"], na_position="first", kind="stable").reset_index(drop=True)


def new_breaches(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Breaches in `after` that `before` did not have (what an upload would bring)."""
    def keys(frame):
        return set(zip(frame["rule_id"], frame["indicator"], frame["year"], frame["district"].fillna("")))
    old = keys(before)
    fresh = [k not in old for k in zip(after["rule_id"], after["indicator"], after["year"], after["district"].fillna(""))]
    return after[fresh].reset_index(drop=True)


def city_breaches(con, city: str, fiscal: bool = False, values: pd.DataFrame | None = None) -> pd.DataFrame:
    """The city's breaches now, each with its follow-up (status "open" until someone checks it), note,
    who and when: what the Data quality page lists and `quality` in the CLI prints."""
    if values is None:
        values = compute_values(con, city=city, by=("year", "district"), fiscal=fiscal)
    breaches = run_rules(load_rules(con, city), values, incomplete_periods(con, city, fiscal))
    followed = load_followups(con, city)
    merged = breaches.assign(_place=breaches["district"].fillna("")).merge(
        followed.assign(_place=followed["district"].fillna("")).drop(columns="district"),
        on=["rule_id", "indicator", "year", "_place"], how="left").drop(columns="_place")
    merged["status"] = merged["status"].fillna("open")
    return merged
