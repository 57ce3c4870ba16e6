"""Targets, progress status and the qualitative evidence officers write beside the figures.

Status follows the Statistics Canada rule as Open SDG implements it (DESIGN.md §4): with a target,
the ratio of observed to required compound annual growth; without one, the observed growth itself.
Fewer than two yearly points or a zero/negative base gives "insufficient data" — never a guessed
arrow. Status always comes with a word and a symbol, so it is never told by colour alone.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from indicators.base.errors import LearningCityError
from indicators.measure.compute import compute_values
from indicators.measure.definitions import load_indicators
from indicators.measure.milestones import checkpoint, stored_milestones
from indicators.measure.periods import incomplete_periods

STATUSES = {
    # code: (English, Thai, symbol)
    "achieved": ("Target achieved", "บรรลุเป้าหมาย", "✔"),
    "substantial_progress": ("Substantial progress", "ก้าวหน้ามาก", "▲"),
    "moderate_progress": ("Moderate progress", "ก้าวหน้าปานกลาง", "↗"),
    "limited_progress": ("Limited progress", "ก้าวหน้าเล็กน้อย", "→"),
    "deterioration": ("Deterioration", "ถดถอย", "▼"),
    "moderate_deterioration": ("Moderate deterioration", "ถดถอยปานกลาง", "↘"),
    "substantial_deterioration": ("Substantial deterioration", "ถดถอยมาก", "▼"),
    "insufficient_data": ("Insufficient data", "ข้อมูลไม่เพียงพอ", "?"),
}


def status_label(code: str, lang: str = "en") -> str:
    english, thai, symbol = STATUSES[code]
    return f"{symbol} {thai if lang == 'th' else english}"


def cagr(a: float, b: float, ta: int, tb: int) -> float | None:
    """Compound annual growth from b (year tb) to a (year ta); None when it is undefined."""
    if ta == tb or b is None or a is None or b <= 0 or a < 0:
        return None
    return (a / b) ** (1 / (ta - tb)) - 1


def progress_status(points: list[tuple[int, float]], direction: str = "higher", target: float | None = None,
                    target_year: int | None = None, base_year: int | None = None,
                    milestones: dict[int, float] | None = None) -> str:
    """Status of a series of (year, value) points. With milestones, the growth required is the growth to
    the next checkpoint (measure/milestones.py); "achieved" still means the target itself is met."""
    points = sorted((int(y), float(v)) for y, v in points if v is not None and not math.isnan(v))
    if len(points) < 2:
        return "insufficient_data"
    if base_year is not None:
        # The base is the stated year, or the first year observed after it when that one is missing.
        points = [(y, v) for y, v in points if y >= base_year]
        if len(points) < 2:
            return "insufficient_data"
    t0, x0 = points[0]
    t, x = points[-1]
    if x0 <= 0:
        return "insufficient_data"
    lower_is_better = direction == "lower"
    observed = cagr(x, x0, t, t0)
    if observed is None:
        return "insufficient_data"
    if target is not None and target_year is not None and target_year > t0:
        met = x <= target if lower_is_better else x >= target
        if met:
            return "achieved"
        goal, goal_year = checkpoint(milestones or {}, t, target, target_year)
        required = cagr(goal, x0, goal_year, t0)
        if required is None:
            return "insufficient_data"
        if required == 0:  # the target is the base value and it is no longer met: going the wrong way
            return "deterioration"
        ratio = observed / required
        if ratio >= 0.95:
            return "substantial_progress"
        if ratio >= 0.60:
            return "moderate_progress"
        if ratio >= 0:
            return "limited_progress"
        return "deterioration"
    growth = -observed if lower_is_better else observed
    if growth > 0.01:
        return "substantial_progress"
    if growth >= 0:
        return "moderate_progress"
    if growth >= -0.01:
        return "moderate_deterioration"
    return "substantial_deterioration"


def set_target(con, city: str, indicator: str, target_value: float, target_year: int, base_year: int | None = None,
               milestones: dict | None = None, user: str | None = None, district: str | None = None) -> None:
    """Record a target; the newest row per city, indicator and district is the one in force (older rows
    stay as history)."""
    con.execute("INSERT INTO targets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [city, indicator, district, float(target_value), int(target_year), base_year,
                 json.dumps(milestones or {}), user, datetime.now()]).fetchall()


def load_targets(con, city: str, history: bool = False) -> pd.DataFrame:
    """Targets in force for a city (district NULL = city-wide), or every version with history=True."""
    return con.execute(
        """
        SELECT * EXCLUDE (version_rank) FROM (
            SELECT *, row_number() OVER (PARTITION BY indicator, district ORDER BY updated_at DESC, rowid DESC)
                   AS version_rank
            FROM targets WHERE city = $city)
        WHERE $history OR version_rank = 1
        ORDER BY indicator, district NULLS FIRST, updated_at DESC
        """, {"city": city, "history": history}).df()


def load_sample_targets(con, city: str, csv_path: str | Path) -> int:
    """Targets from a CSV (indicator, target_value, target_year, base_year); a missing file loads nothing,
    and a target identical to the one in force is not written again. Returns the rows written."""
    path = Path(csv_path)
    if not path.exists():
        return 0
    rows = pd.read_csv(path)
    current = load_targets(con, city)
    current = current[current["district"].isna()].set_index("indicator")
    written = 0
    for row in rows.itertuples(index=False):
        base_year = None if pd.isna(row.base_year) else int(row.base_year)
        if row.indicator in current.index:
            now = current.loc[row.indicator]
            same_base = (pd.isna(now["base_year"]) and base_year is None) or now["base_year"] == base_year
            if float(now["target_value"]) == float(row.target_value) and int(now["target_year"]) == int(
                    row.target_year) and same_base:
                continue
        set_target(con, city, row.indicator, row.target_value, int(row.target_year), base_year, user="sample-loader")
        written += 1
    return written


def progress_table(con, city: str, fiscal: bool = False, year: int | None = None,
                   values: pd.DataFrame | None = None, indicators: list | None = None,
                   years: tuple[int, int] | None = None, include_partial: bool = False,
                   today: date | None = None) -> pd.DataFrame:
    """Per indicator (city-wide), over the chosen `years` (first, last; default every year, up to `year`
    when given): the latest year with a value, the value, the previous year with data, change, change
    in %, status from the first year with data in the range (`base_year`, or the target's base year
    when later) to the latest, and the city-wide target in force.

    Incomplete periods (measure.periods: a fiscal year holding October–December only) are left out of
    status and change unless `include_partial`; `partial` says whether the latest year shown is one."""
    indicators = indicators if indicators is not None else load_indicators()
    if values is None:
        values = compute_values(con, city=city, fiscal=fiscal, indicators=indicators)
    values = values[values["district"].isna() & values["value"].notna()]
    if "city" in values.columns:
        values = values[values["city"] == city]
    first, last = years if years else (None, year)
    if first is not None:
        values = values[values["year"] >= first]
    if last is not None:
        values = values[values["year"] <= last]
    partial = incomplete_periods(con, city, fiscal, today)
    if not include_partial:
        values = values[~values["year"].isin(list(partial))]
    targets = load_targets(con, city)
    targets = targets[targets["district"].isna()].set_index("indicator")
    rows = []
    for indicator in indicators:
        series = values[values["indicator"] == indicator.code].sort_values("year")
        points = list(zip(series["year"].astype(int), series["value"].astype(float)))
        target = targets.loc[indicator.code] if indicator.code in targets.index else None
        if isinstance(target, pd.DataFrame):
            target = target.iloc[0]
        target_base = None if target is None or pd.isna(target["base_year"]) else int(target["base_year"])
        milestones = {} if target is None else stored_milestones(target.get("milestones"))
        status = progress_status(
            points, indicator.direction,
            None if target is None else float(target["target_value"]),
            None if target is None else int(target["target_year"]), target_base, milestones)
        compared = [p for p in points if target_base is None or p[0] >= target_base]
        latest_year, latest = points[-1] if points else (None, None)
        goal = None if target is None or latest_year is None else checkpoint(
            milestones, latest_year, float(target["target_value"]), int(target["target_year"]))
        milestone = goal if goal is not None and goal[1] != int(target["target_year"]) else (None, None)
        previous_year, previous = points[-2] if len(points) >= 2 else (None, None)
        change = None if previous is None else latest - previous
        rows.append({
            "indicator": indicator.code, "area": indicator.area, "year": latest_year, "value": latest,
            "previous_year": previous_year, "previous": previous, "change": change,
            "change_pct": None if previous in (None, 0) else 100 * change / previous,
            "status": status, "target_value": None if target is None else float(target["target_value"]),
            "target_year": None if target is None else int(target["target_year"]),
            "base_year": compared[0][0] if status != "insufficient_data" else None,
            "partial": latest_year in partial,
            "milestone_value": milestone[0], "milestone_year": milestone[1],
            "direction": indicator.direction, "unit": indicator.unit_en,
            "symbol": STATUSES[status][2], "status_en": STATUSES[status][0], "status_th": STATUSES[status][1],
        })
    return pd.DataFrame(rows)


HTTPS_LINK = re.compile(r"https://[^\s/?#@<>\"'\\]+\.[^\s/?#@<>\"'\\]+(?:[/?#][^\s<>\"\\]*)?", re.IGNORECASE)


def check_links(links: list[str]) -> list[str]:
    """Evidence links, each an https:// address with a host and nothing that could run or hide (no spaces,
    quotes, angle brackets, control characters, user@ parts); refused otherwise, naming the link."""
    cleaned = [str(link).strip() for link in links if str(link).strip()]
    for link in cleaned:
        if not HTTPS_LINK.fullmatch(link) or any(ord(c) < 32 or ord(c) == 127 for c in link):
            raise LearningCityError(
                f"A link must be a web address starting with https:// (an encrypted page), as in "
                f"https://www.city.go.th/project — not {link[:80]!r}. Nothing was saved.",
                f"ลิงก์ต้องเป็นที่อยู่เว็บที่ขึ้นต้นด้วย https:// (หน้าเว็บที่เข้ารหัส) เช่น https://www.city.go.th/project "
                f"ไม่ใช่ {link[:80]!r} จึงไม่ได้บันทึก", code="bad_link")
    return cleaned


def add_evidence(con, city: str, area_code: str, year: int, narrative_en: str, narrative_th: str,
                 links: list[str] | None = None, author: str | None = None) -> int:
    """A new version of the narrative for (city, area, year); earlier versions are kept as history.
    Links must be https (check_links)."""
    links = check_links(links or [])
    version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM evidence WHERE city = ? AND area_code = ? "
                          "AND year = ?", [city, area_code, year]).fetchall()[0][0]
    con.execute("INSERT INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [city, area_code, int(year), narrative_en, narrative_th, json.dumps(links or []), author,
                 datetime.now(), version]).fetchall()
    return int(version)


def evidence_for(con, city: str, area_code: str | None = None, year: int | None = None,
                 history: bool = False) -> pd.DataFrame:
    """The current narrative per area and year, or every version (newest first) with history=True."""
    frame = con.execute(
        """
        SELECT *, version = max(version) OVER (PARTITION BY city, area_code, year) AS is_current
        FROM evidence WHERE city = $city AND ($area IS NULL OR area_code = $area) AND ($year IS NULL OR year = $year)
        ORDER BY area_code, year, version DESC
        """, {"city": city, "area": area_code, "year": year}).df()
    return frame if history else frame[frame["is_current"]].drop(columns=["is_current"])
