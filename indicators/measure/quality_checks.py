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
from indicators.measure.definitions import load_indicators
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


def _breach(code: str, year: int, district, value: float, expected: str, english: str, thai: str) -> dict:
    """One breach, its messages ending with where it is: "(2024, North)", "(ปี 2567 North)"."""
    place_en = district if isinstance(district, str) else AREA_WORDS["en"]
    place_th = district if isinstance(district, str) else AREA_WORDS["th"]
    return {"indicator": code, "year": int(year), "district": district, "value": float(value), "expected": expected,
            "message_en": f"{english} ({int(year)}, {place_en}).", "message_th": f"{thai} (ปี {int(year) + 543} {place_th})"}


def _yearly(code: str, values: pd.DataFrame, partial: set[int]) -> Iterable[tuple[object, dict[int, float]]]:
    """(district, {year: value}) of each series of one indicator, the city-wide one (None) first, with the
    incomplete periods left out."""
    rows = values[(values["indicator"] == code) & values["value"].notna()]
    for place, series in rows.assign(_place=rows["district"].fillna("")).groupby("_place", sort=True):
        yield (place or None), {int(y): float(v) for y, v in sorted(zip(series["year"], series["value"]))
                                if int(y) not in partial}


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
        a, b, sign = float(row[left].sum()), float(row[right].sum()), rule["operator"]
        if not COMPARE[sign](a, b):
            found.append(_breach(left[0], year, place or None, a, f"{sign} {_n(b)}",
                                 f"{rule['left_side']} = {_n(a)} is not {sign} {rule['right_side']} = {_n(b)}",
                                 f"{rule['left_side']} = {_n(a)} ไม่ {sign} {rule['right_side']} = {_n(b)}"))
    return found


def _each_year(rule: dict, values: pd.DataFrame, partial: set[int], judge) -> list[dict]:
    """Every year of every series of the rule's indicator that `judge(names, year, value, by_year)` finds
    wrong; it returns (expected, English, Thai) for a breach, else None. `names` are the indicator's name
    in English and Thai, so that a Thai officer reads "ผู้เข้าร่วม", not "participants"."""
    code = rule["left_side"]
    names = _names(code)
    return [_breach(code, year, district, value, *said)
            for district, by_year in _yearly(code, values, partial)
            for year, value in by_year.items() if (said := judge(names, year, value, by_year))]


def _names(code: str) -> tuple[str, str]:
    """An indicator's name in English and Thai (a code no definition names: the code, as written)."""
    named = {i.code: (i.name_en, i.name_th) for i in load_indicators()}
    return named.get(code, (code, code))


def _range(rule: dict, values: pd.DataFrame) -> list[dict]:
    low, high = (None if x is None or pd.isna(x) else float(x) for x in (rule["minimum"], rule["maximum"]))
    bounds = f"{'–' if low is None else _n(low)}–{'–' if high is None else _n(high)}"

    def judge(names, _year, value, _by_year):
        if (low is not None and value < low) or (high is not None and value > high):
            return (bounds, f"{names[0]} = {_n(value)} is outside {bounds}",
                    f"{names[1]} = {_n(value)} อยู่นอกช่วง {bounds}")
        return None
    return _each_year(rule, values, set(), judge)


def _jump(rule: dict, values: pd.DataFrame, partial: set[int]) -> list[dict]:
    most = rule["threshold"]

    def judge(names, year, value, by_year):
        before = by_year.get(year - 1)
        if not before or before <= 0:  # a missing year is no jump
            return None
        change = 100 * (value - before) / before
        if abs(change) <= most:
            return None
        return (f"±{_n(most)}%",
                f"{names[0]} changed {change:+.0f}% from the year before ({_n(before)} → {_n(value)}; at most ±{_n(most)}%)",
                f"{names[1]} เปลี่ยน {change:+.0f}% จากปีก่อน ({_n(before)} → {_n(value)} เกณฑ์ไม่เกิน ±{_n(most)}%)")
    return _each_year(rule, values, partial, judge)


def _outlier(rule: dict, values: pd.DataFrame, partial: set[int]) -> list[dict]:
    most = rule["threshold"]

    def judge(names, year, value, by_year):
        others = [v for y, v in by_year.items() if y != year]
        if len(others) < MIN_OTHER_YEARS:
            return None
        mean = sum(others) / len(others)
        spread = math.sqrt(sum((v - mean) ** 2 for v in others) / (len(others) - 1))
        z = (value - mean) / spread if spread > 0 else 0.0
        if abs(z) <= most:
            return None
        return (f"|z| ≤ {_n(most)}",
                f"{names[0]} = {_n(value)} is {z:+.1f} standard deviations from its other years (mean {_n(mean)})",
                f"{names[1]} = {_n(value)} ห่างจากค่าเฉลี่ยของปีอื่น ({_n(mean)}) {z:+.1f} เท่าของส่วนเบี่ยงเบนมาตรฐาน")
    return _each_year(rule, values, partial, judge)


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
    return after.loc[fresh].reset_index(drop=True)  # .loc: an empty list selects no rows, not no columns


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
