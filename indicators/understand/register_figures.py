"""A register's columns of figures read from their words: "จำนวน (คน)" is the people of each activity,
"ผู้เข้าร่วมที่ผ่านการอบรม (คน)" those who completed, "Children" beside the total an age band of them."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from indicators.config.readings import said
from indicators.understand.context import PERCENT
from indicators.understand.headers import Column
from indicators.understand.lexicon import find, load_lexicon, says_ratio
from indicators.understand.words import lexicon_data, words

CHILDREN = (0, 17)
# A currency other than the baht the store keeps budgets in ("Cost (£)", "Budget (EUR)").
BAHT = re.compile(r"บาท|฿|\bbaht\b|\bthb\b", re.IGNORECASE)  # ("Budget (baht, converted from USD)")
FOREIGN_CURRENCY = re.compile(r"[£€$¥]|\b(?:gbp|eur|euros?|usd|us\$|dollars?|pounds?|sterling|yen|jpy)\b", re.IGNORECASE)
SESSION_WORDS = {"ครั้ง", "รุ่น", "คาบ", "session", "sessions", "event", "events"}
PEOPLE_WORDS = {"คน", "ราย", "person", "persons", "people"}  # two of them across a slash are one unit said twice
COUNT_ONLY_WORDS = {"จำนวน", "คน", "ราย", "number", "no", "no.", "count", "people", "persons", "of"}


def _only_a_count(header: str) -> bool:
    """ "จำนวน (คน)", "Number (people)", "ผลการดำเนินงาน (คน)": a count of people (achieved) and nothing
    else named — a register's participants, unlike "ผู้ว่างงาน (คน)", which counts a group of them."""
    allowed = COUNT_ONLY_WORDS | _achieved_words()
    return all(w in allowed for w in words(re.sub(r"[()\[\]]", " ", header or "")) if w.strip())


@lru_cache(maxsize=1)
def _achieved_words() -> frozenset[str]:
    return frozenset(w for entry in lexicon_data()["achieved"] for w in words(entry))


def _beside_all_participants(column: Column, columns: list[Column]) -> bool:
    return any(c is not column and c.meaning is not None and c.meaning.measure == "participants"
               and not c.meaning.narrowed and c.meaning.age is None for c in columns)


# A register's fields counting people: a share of them ("ผ่านการอบรม (ร้อยละ)") is no count of them.
PEOPLE_FIELDS = ("participants_total", "participants_female", "participants_male", "enrolled", "completed",
                 "certified", "employed_after")


def a_share_of_people(column: Column) -> bool:
    """A people field's column whose header says percent: stored as people it would be 90 completers of 20
    participants. Said; a person says how to read it."""
    if column.field not in PEOPLE_FIELDS or not PERCENT.search(column.header or ""):
        return False
    column.evidence.append(said("share_not_people", header=column.header))
    return True


# A register's fields that are the activity's own totals: a figure per session or person is none of them.
ACTIVITY_TOTALS = ("hours", "budget", "events", *PEOPLE_FIELDS)
# A length in days, weeks or months ("Duration (days)", "ระยะเวลา (สัปดาห์)"): how many hours is not written.
LENGTH_IN_DAYS = re.compile(r"\((?:[^)]*[\s/])?(?:วัน|days?|สัปดาห์|weeks?|เดือน|months?)\)", re.IGNORECASE)


def a_figure_per_something(column: Column, columns: list[Column]) -> bool:
    """An activity total's column headed per session or person, a slash written for the per ("ชั่วโมง/ครั้ง",
    "งบประมาณ (บาท/คน)", "ผู้เข้าร่วม (คน/รุ่น)", "Participants (per day)"), or an average: it is no
    total of the activity (its events times it, perhaps). Said; a person says how to read it."""
    if column.field not in ACTIVITY_TOTALS or not (_each_or_average(words(column.header))
                                                   or _per_by_slash(column.header, columns)):
        return False
    column.evidence.append(said("figure_per_something", header=column.header))
    return True


def _per_by_slash(header: str | None, columns: list[Column]) -> bool:
    """A slash written for "per": before what a figure is per (lexicon per_whom: "ชั่วโมง/ครั้ง", "(บาท/คน)",
    "คน/รุ่น"), never between two names of people ("(คน/ราย)", "ผู้เข้าร่วม/ผู้รับบริการ", "ชาย/หญิง"). Per
    session in a register with no column of events is the row's own: each row is one event."""
    lexicon = load_lexicon()
    pieces = (header or "").split("/")
    one_event_a_row = not any(c.field == "events" for c in columns)
    for before, after in zip(pieces, pieces[1:]):
        last, first = words(before)[-1:], words(after)[:1]
        if not first or first not in lexicon.per_whom or set(last + first) <= PEOPLE_WORDS:
            continue
        if not (one_event_a_row and first[0] in SESSION_WORDS):
            return True
    return False


def a_length_in_days(column: Column) -> bool:
    """An hours column headed in days, weeks or months: stored as hours, 3 days would be 3 hours. Said."""
    if column.field not in ("hours", "value") or not LENGTH_IN_DAYS.search(column.header or ""):
        return False
    column.evidence.append(said("length_in_days", header=column.header))
    return True


def in_another_currency(column: Column) -> bool:
    """A budget in a currency other than baht: stored as baht it would be wrong; a person says. Said."""
    if not FOREIGN_CURRENCY.search(column.header or "") or BAHT.search(column.header or ""):
        return False
    column.evidence.append(said("budget_not_in_baht", header=column.header))
    return True


def _each_or_average(said: tuple[str, ...]) -> bool:
    """A figure per session, per person or per week, or an average: no total of the row's activity
    ("Budget per project", "ชั่วโมงต่อกิจกรรม", "Hours per year" are the activity's own)."""
    lexicon = load_lexicon()
    for position, phrase in find(said, lexicon.per):
        if phrase in (("per",), ("ต่อ",)) and said[position + 1:position + 2] and \
                (said[position + 1],) in lexicon.per_own_row:
            said = said[:position] + said[position + 2:]
    return says_ratio(said) or bool(find(said, lexicon.averages))


def _names_children(said: tuple[str, ...]) -> bool:
    """ "Attendees who are children", "ผู้เข้าร่วมที่เป็นเด็ก" (not "Attendees with children": their parents)."""
    lexicon = load_lexicon()
    clause = min((k for k, phrase in find(said, lexicon.relative) if phrase != ("with",)), default=None)
    return clause is not None and any(lexicon.measures[phrase] == "children" and k > clause
                                      for k, phrase in find(said, lexicon.measures))


def value_as_activity_field(column: Column, columns: list[Column]) -> None:
    """The activity field a register's column of figures is, from its header's words: its participants
    (or some of them), its budget, hours or events, those who completed, an age band of its people."""
    meaning = column.meaning
    if meaning is None or column.rate:  # "ร้อยละผู้สำเร็จ" is a share of people, not a count of them
        return
    if _each_or_average(meaning.words) or _per_by_slash(column.header, columns):
        # "Hours per session", "ชั่วโมง/ครั้ง", "ค่าใช้จ่ายต่อคน (บาท)", "Average attendance": not the
        # activity's hours, budget or people (its events times them, perhaps): left for a person to say
        column.evidence.append(said("figure_per_something", header=column.header))
        return
    if meaning.measure == "participants" and meaning.narrowed:
        # "ผู้เข้าร่วมที่ผ่านการอบรม (คน)": those who completed; another narrower count beside the
        # participants is no second column of them (it would be ignored as one): asked about
        if find(meaning.words, load_lexicon().completion):
            column.field = "completed"
            column.evidence.append(said("completed_of_participants", header=column.header))
        elif not _beside_all_participants(column, columns):
            column.field = "participants_total"
        return
    if meaning.measure == "participants" and _beside_all_participants(column, columns):
        if meaning.age is not None:  # "ผู้เข้าร่วมที่เป็นผู้สูงอายุ" beside all of them: an age band
            meaning = replace(meaning, measure=None)
        elif _names_children(meaning.words):  # "Attendees who are children": was ignored as a second total
            meaning = replace(meaning, measure="children")
    if meaning.measure == "participants" or (meaning.measure is None and meaning.unit == "persons"
                                             and _only_a_count(column.header)):
        # "จำนวน (คน)" in a register: the people of each activity
        column.field = {"female": "participants_female", "male": "participants_male"}.get(meaning.sex,
                                                                                          "participants_total")
    elif meaning.measure == "budget" and in_another_currency(column) or meaning.measure == "hours" and a_length_in_days(column):
        return
    elif meaning.measure in ("budget", "hours", "events", "completed", "enrolled"):
        column.field = meaning.measure
        if meaning.measure == "hours" and meaning.unit == "minutes":
            column.scale = 1 / 60
            column.evidence.append(said("minutes_as_hours"))
    elif meaning.age is not None or meaning.measure == "children":
        # "Adults", "Children" beside a register's total: its people by age (children are under 18)
        column.field = "age_band"
        column.age_min, column.age_max = meaning.age if meaning.age is not None else CHILDREN
        column.sex = column.sex or meaning.sex
        column.evidence.append(said("people_by_age", low=column.age_min,
                                    high="+" if column.age_max is None else f"-{column.age_max}"))
