"""Yearly milestones on the way to a target: the value an indicator should have reached in a year before
the target year (stored with the target, `targets.milestones`, as {CE year: value}).

They change which point the status measures progress against: the next checkpoint — the first milestone
in or after the latest year observed, else the target itself (see checkpoint()). Typed as
"2567: 40; 2568: 45" (BE or CE years, Thai digits allowed) on the Rules and targets page and the CLI.
"""

from __future__ import annotations

import json
import math
import re

from indicators.base.errors import LearningCityError
from indicators.base.thai import THAI_DIGITS, to_common_era

_PAIR = re.compile(r"^\s*(\d{4})\s*[:=]\s*(-?[\d,]*\.?\d+)\s*$")


def _refuse(english: str, thai: str) -> LearningCityError:
    return LearningCityError(english + " Nothing was saved.", thai + " จึงไม่ได้บันทึก", code="bad_milestones")


def parse_milestones(text: str | None) -> dict[int, float]:
    """'2567: 40; 2568: 45' (or one pair per line, BE or CE) → {2024: 40.0, 2025: 45.0}; refused, naming
    the part, when a pair cannot be read or a year is given twice."""
    found: dict[int, float] = {}
    for part in re.split(r"[;\n]+", (text or "").translate(THAI_DIGITS)):
        if not part.strip():
            continue
        match = _PAIR.match(part)
        if not match:
            raise _refuse(f"A milestone is written as year: value (2567: 40), not {part.strip()!r}.",
                          f"หมุดหมายต้องเขียนเป็น ปี: ค่า (2567: 40) ไม่ใช่ {part.strip()!r}")
        year, value = to_common_era(int(match.group(1))), float(match.group(2).replace(",", ""))
        if year in found:
            raise _refuse(f"The year {match.group(1)} has two milestones.", f"ปี {match.group(1)} มีหมุดหมายซ้ำสองค่า")
        found[year] = value
    return dict(sorted(found.items()))


def check_milestones(milestones: dict[int, float], target_year: int, base_year: int | None) -> dict[int, float]:
    """Milestones must lie after the base year and before the target year, and be finite numbers."""
    for year, value in milestones.items():
        if not math.isfinite(value) or value < 0:
            raise _refuse(f"The milestone for {year} must be a number of zero or more.",
                          f"หมุดหมายปี {year + 543} ต้องเป็นตัวเลขตั้งแต่ศูนย์ขึ้นไป")
        if year >= target_year or (base_year is not None and year <= base_year):
            raise _refuse(f"Milestones lie between the base year and the target year ({base_year or '–'}–"
                          f"{target_year}); {year} does not.",
                          f"หมุดหมายต้องอยู่ระหว่างปีฐานกับปีเป้าหมาย ({(base_year + 543) if base_year else '–'}–"
                          f"{target_year + 543}) ปี {year + 543} ไม่อยู่ในช่วงนั้น")
    return dict(sorted((int(y), float(v)) for y, v in milestones.items()))


def stored_milestones(value) -> dict[int, float]:
    """The targets table's JSON ({"2025": 120}) as {2025: 120.0}; empty for none or unreadable."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return {}
    try:
        loaded = json.loads(value) if isinstance(value, str) else dict(value)
    except (TypeError, ValueError):
        return {}
    return {int(y): float(v) for y, v in sorted(loaded.items(), key=lambda item: int(item[0]))
            if v is not None and math.isfinite(float(v))}


def checkpoint(milestones: dict[int, float], latest_year: int, target: float, target_year: int) -> tuple[float, int]:
    """The point progress is measured against in `latest_year`: the first milestone in or after it,
    else the target. A city that planned 40 → 45 → 60 is on track in the second year at 45, though still
    far from 60; measured against the target alone, a planned slow start would read as falling behind."""
    for year, value in sorted(milestones.items()):
        if latest_year <= year < target_year:
            return value, year
    return target, target_year


def milestones_text(milestones: dict[int, float], shown_year, shown_number=lambda v: f"{v:g}") -> str:
    """{2024: 40.0} → '2567: 40' with years and numbers as the caller shows them (the CLI plain, the pages
    and exports with thousands separators, which parse_milestones reads back)."""
    return "; ".join(f"{shown_year(y)}: {shown_number(v)}" for y, v in sorted(milestones.items()))
