"""What one header means: a canonical field, an age band (with sex), or a year of a wide table.

Headers are matched through fields.yaml's synonyms after `text.header_key`; a two-row header is tried as
"parent child" and then as a child of a known parent ("จำนวนผู้เข้าร่วม" over "ชาย | หญิง | รวม").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from indicators.base.memory import cell_cache
from indicators.base.text import clean_text, header_key, without_footnote_mark
from indicators.base.thai import thai_digits_to_ascii
from indicators.config import vocabulary
from indicators.understand.vocabulary import FieldCatalogue, load_field_catalogue

UNIT_IN_BRACKETS = re.compile(r"\s*[\(\[][^\)\]]*[\)\]]\s*")
HEADER_SEARCH_ROWS = 40
YEAR_HEADER = re.compile(r"^(?:พ\.?\s?ศ\.?|ค\.?\s?ศ\.?|ปี|year|fy)?\s*((?:19|20|24|25|26)\d\d)(?:\.0)?$")


@dataclass
class Column:
    """One column of a sheet as understood: where it is, its header as written, what it means."""

    index: int
    header: str  # as written (two-row headers joined with " / ")
    field: str | None = None  # canonical field, None when not recognised
    age_min: int | None = None
    age_max: int | None = None
    sex: str | None = None  # for age-band and population columns
    year: int | None = None  # CE, for the year columns of a wide statistics table
    flag_for: int | None = None  # index of the year column whose observation flags this column holds
    note: str = ""  # how it was decided: "chosen" by a researcher, "duplicate:<field>", "personal:<kind>"
    # What the evidence says (understand/columns.py): the header's words, the contents, the reading.
    meaning: object = None  # understand.meaning.HeaderMeaning
    profile: object = None  # understand.profile.Profile
    period: object = None  # understand.periods.Period, for the value columns of a wide table
    measure: str | None = None  # a statistic's measure code, for value columns
    measure_label: str = ""  # the measure as written (header without its period)
    unit: str | None = None
    mode: str | None = None  # in_person | online, when the header says ("Physical Events")
    breakdown: str | None = None  # which part of a whole this column is, when columns share a measure
    area: str | None = None  # the area whose figures the column holds, when areas run across (areas_across.py)
    is_whole: bool = False  # the sum of part columns beside it (relations.py)
    scale: float = 1.0  # what one written unit is in the stored unit ("Duration (mins)": 1/60 of an hour)
    rate: bool = False  # a rate or share: stored with its unit, never summed
    total: bool = False  # the header says total (รวม, ทั้งหมด, Total)
    reason: object = None  # why it is not used: a config.readings.Said (shown in the summary and --explain)
    evidence: list = dataclasses.field(default_factory=list)  # why it was read as it was (Said)

    @property
    def is_age_band(self) -> bool:
        return self.field == "age_band"

    @property
    def is_row_numbers(self) -> bool:
        return self.field == "ignored" and getattr(self.reason, "code", None) == "row_numbers"


def is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def looks_numeric(cell: object) -> bool:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return True
    text = without_footnote_mark(thai_digits_to_ascii(str(cell))).replace(",", "").strip()
    return bool(re.fullmatch(r"-?\d+(\.\d+)?", text))


def year_of_header(cell: object) -> int | None:
    """A header cell that is a year (2563, "พ.ศ. 2563", 2020, 2020.0) gives its CE year."""
    match = YEAR_HEADER.match(header_key(cell))
    if not match:
        return None
    year = int(match.group(1))
    if year >= 2400:
        year -= 543
    return year if 1950 <= year <= 2100 else None


def match_field(header: str, parent: str = "", catalogue: FieldCatalogue | None = None) -> Column:
    """Match one (possibly two-row) header to a canonical field."""
    catalogue = catalogue or load_field_catalogue()
    as_written = [clean_text(str(p)) for p in (parent, header) if p is not None and clean_text(str(p))]
    child = header_key(header)
    parent = header_key(parent)
    joined = f"{parent} {child}".strip() if parent and child and parent != child else (child or parent)
    written = " / ".join(dict.fromkeys(as_written))  # the header as the file writes it (case kept)
    column = Column(index=-1, header=written)
    candidates = [joined, UNIT_IN_BRACKETS.sub(" ", joined).strip()]
    if parent:
        bare_parent = UNIT_IN_BRACKETS.sub(" ", parent).strip()
        for known_parent in (parent, bare_parent):
            children = catalogue.parent_groups.get(known_parent)
            if children and child in children:
                column.field = children[child]
                return column
        candidates += [f"{bare_parent} {child}".strip()]
    for candidate in candidates:
        if candidate in catalogue.synonyms:
            column.field = catalogue.synonyms[candidate]
            return column
    band = parse_age_band(joined) or (parse_age_band(child) if child else None)
    if band:
        column.field = "age_band"
        column.age_min, column.age_max, column.sex = band
        if column.sex is None and parent:
            column.sex = next((s for w, s in catalogue.sex_words.items() if w == bare_parent), None)
        return column
    if not parent:
        year = year_of_header(child)
        if year:
            column.field = "period_value"
            column.year = year
            return column
    if year_of_header(parent) and catalogue.field_group.get(catalogue.synonyms.get(child)) == "count":
        return column  # "2565 / ชาย": that year's figure of men, read from its words with its period
    for candidate in (child, UNIT_IN_BRACKETS.sub(" ", child).strip(), parent, UNIT_IN_BRACKETS.sub(" ", parent).strip()):
        if candidate and candidate in catalogue.synonyms and (candidate != parent or not child):
            column.field = catalogue.synonyms[candidate]
            return column
    return column


def _score_header_row(row: list[object], catalogue: FieldCatalogue) -> int:
    score = 0
    for cell in row:
        if is_blank(cell) or isinstance(cell, bool):
            continue
        text = header_key(cell)
        if text in catalogue.synonyms or UNIT_IN_BRACKETS.sub(" ", text).strip() in catalogue.synonyms:
            score += 2
        elif parse_age_band(text) or year_of_header(cell):
            score += 1
    return score


def detect_header_row(rows: list[list[object]], catalogue: FieldCatalogue | None = None) -> int | None:
    """Index of the row that names the columns: the one among the first rows that matches most
    known headers. None when nothing looks like a header."""
    catalogue = catalogue or load_field_catalogue()
    best, best_score = None, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = _score_header_row(row, catalogue)
        if score > best_score:
            best, best_score = index, score
    return best if best_score >= 2 else None


SEX_OF = {header_key(word): sex for sex, forms in vocabulary()["sex"].items() for word in forms["words"]}
# A sex word at the start of a header or after a space, "(", "ประชากร", "ผู้" or "เพศ"; a Latin word whole.
SEX_IN_HEADER = re.compile(r"(?:^|[\s(]|ประชากร|ผู้|เพศ)(" + "|".join(
    re.escape(w) + (r"(?![a-z])" if w.isascii() else "") for w in sorted(SEX_OF, key=len, reverse=True)) + ")")
AGE = r"(?<![\d.])(\d{1,3})(?![\d.])"
YEARS_WORD = r"\s*(?:ปี|years?|yrs?)?"
AGE_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], tuple[int, int | None]]], ...] = (
    (re.compile(rf"≤\s*{AGE}"), lambda m: (0, int(m[1]))),
    (re.compile(rf"≥\s*{AGE}"), lambda m: (int(m[1]), None)),
    (re.compile(rf"<\s*{AGE}"), lambda m: (0, int(m[1]) - 1)),
    (re.compile(rf">\s*{AGE}"), lambda m: (int(m[1]) + 1, None)),
    (re.compile(rf"(?:ต่ำกว่า|น้อยกว่า|under|below|less than)\s*{AGE}"), lambda m: (0, int(m[1]) - 1)),
    (re.compile(rf"{AGE}{YEARS_WORD}\s*(?:ขึ้นไป|\+|and over|or over|or more|and above|and older)"),
     lambda m: (int(m[1]), None)),
    (re.compile(rf"{AGE}{YEARS_WORD}\s*(?:-|–|—|ถึง|to)\s*{AGE}"), lambda m: (int(m[1]), int(m[2]))),
    (re.compile(rf"(?:อายุ|age)\s*{AGE}"), lambda m: (int(m[1]), int(m[1]))),
    (re.compile(rf"{AGE}\s*(?:ปี|years?|yrs?)(?![ก-๙])"), lambda m: (int(m[1]), int(m[1]))),
)


# "หลักสูตร 5 ปี" (a five-year course), "อายุงาน 10 ปี" (years of service): a number of years that is no age.
NOT_AN_AGE = re.compile(r"(?:หลักสูตร|ระยะเวลา|อายุงาน|ประสบการณ์|ทำงาน|course|duration|service|experience|programme)"
                        r"\s*\(?\s*\d+\s*(?:ปี|years?|yrs?)")


@cell_cache(maxsize=4096)
def parse_age_band(header: str) -> tuple[int, int | None, str | None] | None:
    """An age band written in a column header: "ชาย < 1 ปี", "อายุ 15-24 ปี", "60+", "ต่ำกว่า 15 ปี" ...

    Returns (age_min, age_max, sex); age_max None when open-ended; None when the header has no age.
    """
    text = clean_text(str(header)).casefold()
    if NOT_AN_AGE.search(text):
        return None
    sex_match = SEX_IN_HEADER.search(text)
    sex = SEX_OF[sex_match.group(1)] if sex_match else None
    for pattern, build in AGE_PATTERNS:
        if match := pattern.search(text):
            low, high = build(match)
            if low < 0 or low > 130 or (high is not None and (high > 130 or high < low)):
                return None
            return low, high, sex
    return None
