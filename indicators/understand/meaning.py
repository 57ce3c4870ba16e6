"""What one header says, read from its words: a role (area, name, date, sex …), what a row is (an
activity, a place, an organisation), a measure with its qualifiers (sex, age band, mode), whether it is
a total or a rate, its unit, and a period written in it.

    "ผู้เข้าร่วมชาย"                          → measure participants, sex male
    "Total Number Of Physical Events - April 2023" → measure events, mode in_person, total, April 2023
    "จำนวน เด็ก (คน)"                         → measure children, count, unit persons
    "ชื่อศูนย์พัฒนาเด็กเล็ก"                     → role name, record place
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indicators.base.memory import cell_cache
from indicators.understand.headers import parse_age_band
from indicators.understand.lexicon import find, load_lexicon, says_per
from indicators.understand.periods import (
    MONTH_RANGE,
    MONTH_YEAR,
    Period,
    header_period,
    month_number,
    parse_period,
)
from indicators.understand.words import words

UNIT_IN_BRACKETS = re.compile(r"[\(\[]([^\)\]]*)[\)\]]")
# "Opening hours per week", "ผู้ใช้บริการ (คน/ปี)": a count in each period, not a ratio of two counts
PER_PERIOD = re.compile(r"(?:\bper|ต่อ|/)\s*(?:week|month|year|day|annum|สัปดาห์|เดือน|ปี|วัน)", re.IGNORECASE)
# "Sessions per year", "จำนวนครั้งต่อปี" (not "วัน/เดือน/ปี", a date's parts)
IN_EACH_PERIOD = re.compile(r"(?:\bper|ต่อ)\s*(?:week|month|year|day|annum|สัปดาห์|เดือน|ปี|วัน)", re.IGNORECASE)


@dataclass(frozen=True)
class HeaderMeaning:
    text: str
    words: tuple[str, ...]
    roles: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    measure: str | None = None
    measure_words: tuple[str, ...] = ()
    unit: str | None = None
    sex: str | None = None
    age: tuple[int, int | None] | None = None
    mode: str | None = None
    total: bool = False
    rate: bool = False
    per: bool = False
    count: bool = False
    period: Period | None = None
    area_level: str | None = None
    narrowed: bool = False  # the measure's word narrowed by a clause ("ประชากรที่อ่านหนังสือ"): a measure of its own

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles else None

    def says(self, *roles: str) -> bool:
        return any(r in self.roles for r in roles)


@cell_cache(maxsize=20_000)
def names_a_ratio(text: str) -> bool:
    """Whether a label names a ratio of two quantities ("อัตราส่วนนักเรียนต่อครู", "งบประมาณต่อหัว",
    "visits per 1,000 population"), not a count in each period ("per week", "ต่อปี")."""
    return says_per(words(PER_PERIOD.sub(" ", text or "")))


def read_header(text: str) -> HeaderMeaning:
    """The meaning of a header as written (two-row headers joined with " / ")."""
    lexicon = load_lexicon()
    found = words(text)
    period = header_period(text)
    body = words(_without_period(text)) if period else found
    taken: set[int] = set()

    def tags(table, among=None) -> list[tuple[int, tuple[str, ...], str]]:
        hits = []
        for position, phrase in find(body if among is None else among, table):
            hits.append((position, phrase, table[phrase] if isinstance(table, dict) else ""))
            taken.update(range(position, position + len(phrase)))
        return hits

    measures = tags(lexicon.measures)
    # "(คน/ปี)", "(visits/year)", "Sessions per year": a count in each year, the header of no column of years
    each_period = PER_YEAR.search(text or "") or IN_EACH_PERIOD.search(text or "")
    roles = tags(lexicon.roles, words(IN_EACH_PERIOD.sub(" ", PER_YEAR.sub(" ", text))) if each_period else None)
    records = tags(lexicon.records)
    modes = tags(lexicon.modes)
    sexes = tags(lexicon.sexes)
    ages = tags(lexicon.age_groups)
    levels = tags(lexicon.area_levels)
    in_an_age_group = {k for position, phrase, _ in ages for k in range(position, position + len(phrase))}
    units = [unit for position, _, unit in tags(lexicon.units)  # "Young People" says whose, not "persons"
             if position not in in_an_age_group]
    band = parse_age_band(text)
    age = (band[0], band[1]) if band else (ages[0][2] if ages else None)
    if band and band[0] == band[1] and ages and ages[0][2][0] == band[0] and ages[0][2][1] is None:
        age = ages[0][2]  # "Adults Age 18": the adults from 18 on, not people aged exactly 18
    sex = (band[2] if band and band[2] else None) or (sexes[0][2] if sexes else None)
    bracket = UNIT_IN_BRACKETS.search(text or "")
    if bracket and not units:
        units = [u for _, _, u in (
            (p, ph, load_lexicon().units[ph]) for p, ph in find(words(bracket.group(1)), load_lexicon().units))]
    measure = measures[0][2] if measures else None
    # (people only: "งบประมาณที่ได้รับจัดสรร" is the budget, allocated)
    narrowed = bool(measures) and lexicon.measure_units.get(measure) == "persons" and _narrowed(
        body, measures[0][0] + len(measures[0][1]), taken)
    return HeaderMeaning(
        text=text, words=found,
        roles=tuple(dict.fromkeys(role for _, _, role in roles)),
        records=tuple(dict.fromkeys(record for _, _, record in records)),
        measure=measure, measure_words=measures[0][1] if measures else (),
        unit=units[0] if units else (load_lexicon().measure_units.get(measure) if measure else None),
        sex=sex, age=age, mode=modes[0][2] if modes else None,
        total=bool(find(body, lexicon.aggregation)), rate=bool(find(body, lexicon.rate)) or "%" in (text or ""),
        per=says_per(body), count=bool(find(body, lexicon.count)),
        period=period, area_level=levels[0][2] if levels else None, narrowed=narrowed)


def _narrowed(body: tuple[str, ...], after: int, understood: set[int]) -> bool:
    """A clause after the measure's word ("ที่อ่านหนังสือ", "who read") saying more than a sex, an age or a
    unit: the header counts only some of the people the measure's word counts."""
    lexicon = load_lexicon()
    clause = next((position for position, _ in find(body[after:], lexicon.relative)), None)
    if clause is None:
        return False
    start = after + clause + 1
    return any(position not in understood and word not in lexicon.clause_fillers and not word[:1].isdigit()
               and len(word) > 1 for position, word in enumerate(body[start:], start))


PER_YEAR = re.compile(r"[\(\[][^\)\]/]*/\s*(?:ปี|year|yr|annum)\s*[\)\]]", re.IGNORECASE)
PERIOD_TAIL = re.compile(r"\s*[-–—:]\s*[^-–—:]*\d{2,4}[^-–—:]*$")


def _without_period(text: str) -> str:
    """A header without the period written in it ("Total Events - April 2023" → "Total Events",
    "2022-23 / Visits" → "Visits")."""
    parts = (text or "").split(" / ")
    if len(parts) > 1 and 0 < len(kept := [p for p in parts if parse_period(p) is None]) < len(parts):
        return " / ".join(kept)
    text = text or ""
    # where the period closing it starts: after a dash ("… - April 2023"), or a month or months written last
    starts = [m.start() for pattern in (MONTH_RANGE, MONTH_YEAR) for m in pattern.finditer(text)
              if not text[m.end():].strip()]  # "ผู้ใช้บริการห้องสมุด ต.ค.-ธ.ค. 66"
    tail = PERIOD_TAIL.search(text)
    if tail is not None and parse_period(tail.group().lstrip(" -–—:")) is not None:  # not "Teens (12-17)"
        starts.append(tail.start())
    if starts and text[:min(starts)].strip():
        return text[:min(starts)].rstrip(" ,")
    return text


def measure_label(text: str) -> str:
    """The measure part of a header as written, without its period (for a statistic's label); empty
    for a header that is only a period ("2563", "พ.ศ. 2545")."""
    if header_period(text) is not None:
        rest = [w for w in words(text) if not w.isdigit() and w not in ("พ.ศ.", "ค.ศ.", "ปี", "year", "fy", "-", "–")
                and not month_number(w)]
        if not rest or all(header_period(w) or w.isdigit() for w in rest):
            return ""
        if any(pattern.fullmatch(text.strip()) for pattern in (MONTH_YEAR, MONTH_RANGE)):
            return ""  # "มี.ค. 67", whose abbreviation the word cutter splits
    return _without_period(text).strip() or text
