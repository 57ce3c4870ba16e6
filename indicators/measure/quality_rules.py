"""Validation rules as data (DHIS2's validation rules and outlier detection): researchers edit them as a
table, each save a new version of the city's rule set; a city that never saved one uses the shipped
indicators/config/quality_rules.csv. quality_checks.py runs them over the indicator values.

Four kinds, each over indicator codes (so a rule reads the same figures as the charts):
- compare: left side, operator, right side, each side codes joined by "+" (female + male <= total);
- range: the value within minimum–maximum (either may be blank);
- jump: the change from the year before, in %, at most `threshold`;
- outlier: a district's value in a year at most `threshold` standard deviations from its other years.
"""

from __future__ import annotations

import math
import re
from datetime import datetime

import pandas as pd

from indicators.base.errors import LearningCityError
from indicators.config import CONFIG_DIR
from indicators.measure.definitions import load_indicators

DEFAULT_RULES = CONFIG_DIR / "quality_rules.csv"
KINDS = ("compare", "range", "jump", "outlier")
OPERATORS = ("<=", "<", ">=", ">", "=")
COLUMNS = ["rule_id", "kind", "left_side", "operator", "right_side", "minimum", "maximum", "threshold"]
RULE_ID = re.compile(r"^[a-z0-9_]{2,60}$")


def side_codes(side) -> list[str]:
    """'participants_female + participants_male' → ['participants_female', 'participants_male']."""
    return [part.strip() for part in str(side or "").split("+") if part.strip()]


def _refuse(rule: str, english: str, thai: str) -> LearningCityError:
    return LearningCityError(f"Rule {rule}: {english} Nothing was saved.", f"กฎ {rule}: {thai} จึงไม่ได้บันทึก",
                             code="bad_quality_rule")


def _number(value) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return math.nan
    return None if math.isnan(number) else number


def check_rules(rules: pd.DataFrame) -> pd.DataFrame:
    """The rule set, cleaned; refused, naming the rule and what is wrong, when a rule has an unknown
    kind, operator or indicator code, lacks the numbers its kind needs, or an id is repeated."""
    known = {i.code for i in load_indicators()}
    cleaned, seen = [], set()
    for row in rules.to_dict("records"):
        rule = str(row.get("rule_id") or "").strip()
        if not RULE_ID.match(rule):
            raise _refuse(rule or "–", "an id is 2–60 lower-case letters, digits or _.",
                          "รหัสกฎต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข หรือ _ ยาว 2–60 ตัว")
        if rule in seen:
            raise _refuse(rule, "the id is used twice.", "รหัสกฎซ้ำกัน")
        seen.add(rule)
        kind = str(row.get("kind") or "").strip()
        if kind not in KINDS:
            raise _refuse(rule, f"the kind must be one of {', '.join(KINDS)}.", f"ชนิดต้องเป็น {', '.join(KINDS)}")
        sides = [side_codes(row.get("left_side"))] + ([side_codes(row.get("right_side"))] if kind == "compare" else [])
        for codes in sides:
            if not codes:
                raise _refuse(rule, "a side names no indicator.", "ไม่ได้ระบุตัวชี้วัด")
            if unknown := [c for c in codes if c not in known]:
                raise _refuse(rule, f"no indicator is called {', '.join(unknown)}.",
                              f"ไม่มีตัวชี้วัดรหัส {', '.join(unknown)}")
        if kind != "compare" and len(sides[0]) != 1:
            raise _refuse(rule, "a range, jump or outlier rule checks one indicator.",
                          "กฎช่วงค่า การเปลี่ยนแปลง หรือค่าผิดปกติ ตรวจได้ทีละหนึ่งตัวชี้วัด")
        operator = str(row.get("operator") or "").strip() if kind == "compare" else None
        if kind == "compare" and operator not in OPERATORS:
            raise _refuse(rule, f"the operator must be one of {' '.join(OPERATORS)}.",
                          f"เครื่องหมายเปรียบเทียบต้องเป็น {' '.join(OPERATORS)}")
        minimum, maximum, threshold = (_number(row.get(k)) for k in ("minimum", "maximum", "threshold"))
        if any(x is not None and not math.isfinite(x) for x in (minimum, maximum, threshold)):
            raise _refuse(rule, "minimum, maximum and threshold must be numbers.",
                          "ค่าต่ำสุด ค่าสูงสุด และเกณฑ์ต้องเป็นตัวเลข")
        if kind == "range" and (minimum is None and maximum is None or
                                (minimum is not None and maximum is not None and minimum > maximum)):
            raise _refuse(rule, "a range needs a minimum or a maximum, the minimum not above the maximum.",
                          "กฎช่วงค่าต้องมีค่าต่ำสุดหรือค่าสูงสุด และค่าต่ำสุดต้องไม่มากกว่าค่าสูงสุด")
        if kind in ("jump", "outlier") and (threshold is None or threshold <= 0):
            raise _refuse(rule, "a jump or outlier rule needs a threshold above zero.",
                          "กฎการเปลี่ยนแปลงหรือค่าผิดปกติต้องมีเกณฑ์มากกว่าศูนย์")
        cleaned.append({"rule_id": rule, "kind": kind, "left_side": " + ".join(sides[0]), "operator": operator,
                        "right_side": " + ".join(sides[1]) if kind == "compare" else None,
                        "minimum": minimum if kind == "range" else None,
                        "maximum": maximum if kind == "range" else None,
                        "threshold": threshold if kind in ("jump", "outlier") else None})
    return pd.DataFrame(cleaned, columns=COLUMNS)


def default_rules() -> pd.DataFrame:
    return check_rules(pd.read_csv(DEFAULT_RULES, dtype=str, keep_default_na=False))


def load_rules(con, city: str) -> pd.DataFrame:
    """The city's rule set in force (its newest saved version), else the shipped one."""
    saved = con.execute(
        f"SELECT {', '.join(COLUMNS)} FROM quality_rules WHERE city = $city AND version = "
        "(SELECT max(version) FROM quality_rules WHERE city = $city) ORDER BY rowid", {"city": city}).df()
    if saved.empty:  # never saved (a saved empty set is one placeholder row: see save_rules)
        return default_rules()
    return saved[saved["rule_id"] != ""].reset_index(drop=True)


def save_rules(con, city: str, rules: pd.DataFrame, user: str | None) -> int:
    """A new version of the city's whole rule set (checked first); returns its number. An empty set is
    kept as one placeholder row, so "no rules" stays a choice rather than falling back to the shipped set."""
    cleaned = check_rules(rules)
    version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM quality_rules WHERE city = ?",
                          [city]).fetchall()[0][0]
    now = datetime.now()
    rows = cleaned.to_dict("records") or [{"rule_id": "", "kind": "", "left_side": ""}]
    for row in rows:
        con.execute("INSERT INTO quality_rules VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [city, version, row["rule_id"], row["kind"], row["left_side"], row.get("operator"),
                     row.get("right_side"), row.get("minimum"), row.get("maximum"), row.get("threshold"), user,
                     now]).fetchall()
    return int(version)
