"""The unit written inside a number's cell ("30 นาที", "12 %", "5 ครั้ง"), weighed against what its column
counts. A unit of the column's own kind is read in the column's unit ("30 นาที" in an hours column is half
an hour); a unit of another kind makes the cell unreadable, never the bare number: "30 นาที" is not 30
hours, "1 วัน" is not 1 hour (how many hours a day of training has is not written), "12 %" is not 12
people, "20 คน/รุ่น" is not 20 people of the activity, "5 กลุ่ม" not 5 people. A word that is no known
unit ("30 ท่าน") reads as before: the number."""

from __future__ import annotations

import re

# Unit words by kind, longest first where one begins another (คนครั้ง before คน).
KINDS = {
    "minutes": r"นาที|mins?|minutes?",
    "hours": r"ชม\.?|ชั่วโมง|h|hrs?|hours?",
    "days": r"วัน|days?|สัปดาห์|wks?|weeks?|เดือน|months?",
    "money": r"บาท|baht|thb|฿",
    "people": r"คนครั้ง|คน-ครั้ง|คน|ราย|people|persons?|participants?",
    "times": r"ครั้ง|times|sessions?|รุ่น|events?|คาบ|periods?",
    "percent": r"%|ร้อยละ|percent|pct",
    # things counted, never people nor events: "5 กลุ่ม" is five groups of people, "3 หมู่บ้าน" three villages
    "things": r"กลุ่ม|หมู่บ้าน|ครัวเรือน|หลังคาเรือน|ครอบครัว|ทีม|คณะ|ชมรม|โรงเรียน|ห้องเรียน|แห่ง|ชุมชน|องค์กร|"
              r"หน่วยงาน|groups?|villages?|households?|famil(?:y|ies)|teams?|clubs?|schools?|classrooms?|"
              r"organi[sz]ations?|communities",
}
KIND_OF_UNIT = {kind: re.compile(rf"^(?:{words})\.?$", re.IGNORECASE) for kind, words in KINDS.items()}
KIND_START = {kind: re.compile(rf"^(?:{words})(?![a-z])", re.IGNORECASE) for kind, words in KINDS.items()}

PEOPLE = {"people": 1.0}
# What each field's cells may say, and what one of that unit is in the field's stored unit; every
# participants_*, group_* and age-band field counts people.
FIELD_UNITS: dict[str, dict[str, float]] = {
    "hours": {"hours": 1.0, "minutes": 1 / 60},
    "budget": {"money": 1.0},
    "events": {"times": 1.0},
    **{field: PEOPLE for field in ("age_band", "enrolled", "completed", "certified", "employed_after")},
}
PEOPLE_FIELDS = re.compile(r"^(?:participants|group)_")


# What a column of each accepted kind counts, said in a message (English, Thai).
COUNTED = {"hours": ("hours", "ชั่วโมง"), "money": ("baht", "บาท"), "times": ("events", "ครั้ง"), "people": ("people", "คน")}


def what_it_counts(units: dict[str, float]) -> tuple[str, str]:
    """("hours", "ชั่วโมง") for an hours column's units: the kind it is written in first."""
    return COUNTED.get(next(iter(units)), ("its unit", "หน่วยของคอลัมน์"))


def unit_kind(unit: str) -> str | None:
    """The kind of a unit word ("นาที" → minutes; "คน/รุ่น", "per session" → per, a figure per something,
    which no column totals), or None when it is none of the known ones."""
    word = unit.strip().casefold()
    if "/" in word or word.startswith(("ต่อ", "per ")):
        return "per"
    if kind := next((kind for kind, pattern in KIND_OF_UNIT.items() if pattern.match(word)), None):
        return kind
    # a known unit with more said after it ("ชั่วโมงครึ่ง", two and a half hours): not the number as written
    return "unclear" if any(KIND_START[kind].match(word) for kind in KINDS if kind != "percent") else None


def units_of(field: str | None, scale: float = 1.0) -> dict[str, float] | None:
    """The units a field's cells may say, each as a factor to the number written before the column's
    scale applies (a minutes column, scale 1/60, reads "2 ชั่วโมง" as 120); None for a field of any unit."""
    accepted = PEOPLE if PEOPLE_FIELDS.match(field or "") else FIELD_UNITS.get(field or "")
    if accepted is None or field != "hours" or not scale:
        return accepted
    return {kind: factor / scale for kind, factor in accepted.items()}


def factor_for(unit: str | None, accepted: dict[str, float] | None) -> float | None:
    """The factor a cell's number is read with: 1 with no unit, no known unit or no accepted units; None
    when its unit is of a kind the column does not count."""
    if not unit or accepted is None:
        return 1.0
    kind = unit_kind(unit)
    if kind is None:
        return 1.0
    return accepted.get(kind)
