"""Evidence around a table: what its title, the sheet's name and the file's name say it measures and
when, and which Thai provinces and amphoe a text names (config/gazetteer.csv).

"th_obec_school_students_by_grade_sex_BE2565" says students (by grade and sex), พ.ศ. 2565; "สถิติการ
รับแจ้งและจับกุมกลุ่มคดีอุกฉกรรจ์ … พ.ศ. 2545-2554" names the case group of its sheet; an address ending
"อ.เมืองนราธิวาส จ.นราธิวาส 96000" names its province. Whatever is taken from here is said in the
reading's evidence, so a researcher sees where a measure or a year came from.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from indicators.base.dates import MONTH_NAME
from indicators.base.text import clean_text, slug
from indicators.config import config_path
from indicators.understand.lexicon import find, load_lexicon, says_only, says_ratio
from indicators.understand.meaning import PER_PERIOD, UNIT_IN_BRACKETS, read_header
from indicators.understand.periods import parse_period
from indicators.understand.words import words

# Words of a file's name that say nothing about its contents.
FILE_WORDS = {"th", "uk", "eu", "en", "england", "scotland", "wales", "london", "thailand", "raw", "scrape", "data", "final", "new", "copy", "long", "wide", "csv", "xlsx",
              "xls", "iso", "periods", "log", "cp", "be", "ce", "v", "export", "file", "sheet", "table", "report",
              "row", "rows", "col", "cols", "column", "columns", "header", "draft", "version", "rev",
              "ข้อมูล", "ตาราง", "รายงาน", "แบบ", "สำรวจ", "สรุป"}
BREAK_WORDS = {"by", "per", "จำแนก", "ตาม", "ของ", "ใน", "of"}
PERIOD_WORDS = {"ปี", "พ.ศ.", "พ.ศ", "ค.ศ.", "ปีงบประมาณ", "year", "fiscal", "fy", "as", "at", "ณ", "วันที่",
                "month", "monthly", "quarter", "quarterly", "annual", "yearly", "q1", "q2", "q3", "q4", "h1", "h2"}
# "ตาราง 5", "Table 2.1:" before a table's title; where the phrase naming its figures ends; "จำนวน"/"Number
# of" before what a count counts.
TABLE_NUMBER = re.compile(r"^\s*(?:ตาราง(?:ที่)?|table)\s*[\d.]+\s*[:.]?\s*", re.IGNORECASE)
PHRASE_END = re.compile(r"\s*(?:จำแนก|,(?!\d{3})|;|\(|\bby\b|\bin\s+\d|พ\.ศ|ค\.ศ|ปีงบประมาณ|ปี\s*\d|\b\d{4}\b|ณ\s)",
                        re.IGNORECASE)
# Only these say a share is in percent: "อัตรา"/"rate" alone may be a ratio, a fee or a birth rate per 1,000.
PERCENT = re.compile(r"ร้อยละ|เปอร์เซ็นต์|%|percent|per cent|pct", re.IGNORECASE)
COUNT_OPENING = re.compile(r"^(?:จำนวน|number\s+of|no\.?\s+of|count\s+of)\s*", re.IGNORECASE)
# "จำนวนและร้อยละของ…", "Number and percentage of …": a count and its share, the title naming the share.
COUNT_AND_SHARE = re.compile(r"^\s*(?:จำนวน\s*และ\s*|number\s+and\s+)(?=ร้อยละ|สัดส่วน|percent|per\s+cent|share|proportion)",
                             re.IGNORECASE)
# "ร้อยละของ", "Percentage of" before what a share is a share of.
SHARE_OPENING = re.compile(r"^(?:ร้อยละ|สัดส่วน|อัตรา(?!ส่วน)|เปอร์เซ็นต์)\s*(?:ของ)?\s*|"
                           r"^(?:percentage|percent|per\s+cent|share|proportion|rate)\s+of\s+", re.IGNORECASE)
PROVINCE_IN_ADDRESS = re.compile(r"(?:จ\.|จังหวัด)\s*([\u0e01-\u0e4e]+)")


@dataclass(frozen=True)
class ContextMeasure:
    code: str
    label: str
    unit: str | None
    rate: bool
    source: str  # title | sheet | file


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, str]]:
    """Thai and English names (lower case, without "เขต"/"อำเภอ"/"จังหวัด") → (level, Thai name)."""
    names: dict[str, tuple[str, str]] = {}
    with config_path("gazetteer.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            for name in (row["name_th"], row["name_en"]):
                names.setdefault(_place_key(name), (row["level"], row["name_th"]))
    names.setdefault(_place_key("กรุงเทพฯ"), ("province", "กรุงเทพมหานคร"))
    return names


def _place_key(name: str) -> str:
    key = clean_text(str(name)).casefold()
    return re.sub(r"^(?:จังหวัด|อำเภอ|เขต|แขวง|ตำบล|อ\.|จ\.|ต\.)\s*", "", key).strip()


def place_level(name: object) -> str | None:
    """'province' or 'amphoe' when the name is a Thai province or amphoe/khet, else None."""
    found = gazetteer().get(_place_key(name)) if name else None
    return found[0] if found else None


ABBREVIATION = re.compile(r"^[\u0e01-\u0e2e]\.(?:[\u0e01-\u0e2e]{1,2}\.)+")  # อ.ส.ม., อ.ส.ค., ต.ส.ท.
AREA_SHEET_NAME = re.compile(r"^(?:เขต|อำเภอ|อ\.|ตำบล|ต\.|แขวง|zone|district|ward|area)\s*\S", re.IGNORECASE)
# Every province's capital amphoe is อำเภอเมือง<province>, called "เมือง" for short beside its other amphoe
MUEANG = frozenset({"เมือง", "mueang", "muang"})


def area_of_sheet_name(name: object) -> str | None:
    """A sheet named for an area ("เขต 1", "อำเภอบ้านไผ่", "Zone 3", or an amphoe of the gazetteer):
    that name, which is the district of a sheet that has no district column."""
    text = clean_text(str(name or "")).strip()
    if not text:
        return None
    if MONTH_NAME.match(text.casefold()) or ABBREVIATION.match(text):  # "ต.ค. 66" (a month), "อ.ส.ม." (volunteers)
        return None
    if AREA_SHEET_NAME.match(text) or place_level(text) == "amphoe" or text.casefold() in MUEANG:
        return text
    return None


# An area named in a title ("… พ.ศ. 2567 อำเภอเมือง", "ตำบลสุเทพ"): a word that starts with the area's kind
# and goes on with its name. "จำแนกตามอำเภอ" (by amphoe) starts with another word; "ในเขตเทศบาล",
# "เขตพื้นที่การศึกษา" name no district.
# The name goes on in Thai letters with no point: "อ.ส.ม." (village health volunteers) and "ต.ค." (October)
# are abbreviations, no places. After เขต: "เขตสุขภาพที่ 1" (a health region), "เขตเมือง" (urban areas).
AREA_IN_TITLE = re.compile(r"^(?:อำเภอ|อ\.|ตำบล|ต\.|แขวง|เขต)\s?([\u0e01-\u0e4e]{2,})$")
NOT_AN_AREA_NAME = ("เทศบาล", "พื้นที่", "การศึกษา", "ปกครอง", "ต่าง", "ทั้งหมด", "รับผิดชอบ", "บริการ", "สุขภาพ", "ห้าม")
NOT_A_KHET = ("เมือง", "ชนบท", "นอก", "ใน")


def areas_in_title(title: str) -> set[str]:
    """The areas a sheet's title names (an amphoe, tambon, khet or khwaeng, written with its kind), as
    written without spaces ("อำเภอ สันทราย" → "อำเภอสันทราย")."""
    words = clean_text(title or "").split()
    found = {f"{word} {words[k + 1]}" if word in ("อำเภอ", "ตำบล", "แขวง", "เขต") and k + 1 < len(words) else word
             for k, word in enumerate(words) if word.startswith(("อำเภอ", "อ.", "ตำบล", "ต.", "แขวง", "เขต"))}
    names = {text.replace(" ", "") for text in found
             if (match := AREA_IN_TITLE.match(text.replace(" ", ""))) and not match.group(1).startswith(NOT_AN_AREA_NAME)
             and not MONTH_NAME.match(text.casefold()) and not (text.startswith("เขต") and match.group(1) in NOT_A_KHET)}
    return names


BILINGUAL_NAME = re.compile(r"^([\u0e00-\u0e7f][\u0e00-\u0e7f\s.]*?)\s*[(/]?\s*([A-Za-z][A-Za-z\s.'-]*?)\s*\)?$|"
                            r"^([A-Za-z][A-Za-z\s.'-]*?)\s*[(/]?\s*([\u0e00-\u0e7f][\u0e00-\u0e7f\s.]*?)\s*\)?$")


def one_place_in_two_languages(name: object) -> str | None:
    """ "กระบี่ Krabi", "Chiang Mai (เชียงใหม่)": one place of the gazetteer written in Thai and English → its
    Thai name as written, so that it matches the same place in a file that writes it once; None otherwise."""
    match = BILINGUAL_NAME.match(clean_text(str(name or "")).strip())
    if match is None:
        return None
    thai, english = (match[1], match[2]) if match[1] else (match[4], match[3])
    found_thai, found_english = gazetteer().get(_place_key(thai)), gazetteer().get(_place_key(english))
    return thai.strip() if found_thai and found_thai == found_english else None


def province_in_text(text: object) -> str | None:
    """The province an address names: "จ.นราธิวาส", "จังหวัดเชียงใหม่", or Bangkok written out."""
    if not text:
        return None
    value = clean_text(str(text))
    for match in PROVINCE_IN_ADDRESS.finditer(value):
        for size in range(len(match.group(1)), 1, -1):  # "จ.นราธิวาส96000" or a name glued to more text
            found = gazetteer().get(_place_key(match.group(1)[:size]))
            if found and found[0] == "province":
                return found[1]
    if "กรุงเทพ" in value or "bangkok" in value.casefold():
        return "กรุงเทพมหานคร"
    return None


def context_measure(title: str, sheet_name: str, file_name: str) -> ContextMeasure | None:
    """A measure named by the title, else the sheet's name, else the file's name."""
    lexicon = load_lexicon()
    for source, text in (("title", title), ("sheet", sheet_name), ("file", _stem(file_name))):
        text = COUNT_AND_SHARE.sub("", TABLE_NUMBER.sub("", text or ""), count=1)
        found = words(text)
        if not found:
            continue
        label = _label(words(_without_its_unit(text))) or _label(found)
        hits = find(found, lexicon.measures)
        rate = bool(find(found, lexicon.rate))
        if source != "file" and (named := _phrase_named(text, found, rate)):
            # "ร้อยละของประชากร … ที่อ่านหนังสือ" is a share OF the population, never a population;
            # "จำนวนห้องสมุดประชาชน" counts libraries, named by the words after "จำนวน"
            unit = "%" if rate and PERCENT.search(named) else None  # ("ต่อ" in a share of percent: still %)
            return ContextMeasure(slug(named) or "measure", named, unit, rate, source)
        if hits and source != "file" and (ratio := _ratio_phrase(text)) is not None:
            # "งบประมาณต่อหัวประชากร (บาท)" is baht per head, never a budget: summed as one, each province's
            # figure per head would be added up as money spent
            return ContextMeasure(slug(ratio[0]) or "measure", ratio[0], ratio[1], False, source)
        if hits and (summary := _summary_phrase(text, source, hits[0])) is not None:
            # "อายุมัธยฐานของประชากร", "Population density": a statistic of the population, never a count
            # of people (41.2 years or 88 persons/km² would be added to the population)
            return ContextMeasure(slug(summary) or "measure", summary, "%" if PERCENT.search(summary) else None,
                                  rate, source)
        if hits and source != "file" and (narrowed := _narrowed_phrase(text)):
            # "จำนวนประชากรที่อ่านหนังสือ": its readers, never the population (their รวม would be counted in
            # every population-based indicator)
            code = lexicon.measures[_head(found, hits)]
            return ContextMeasure(slug(narrowed) or "measure", narrowed, lexicon.measure_units.get(code), rate, source)
        if hits:
            code = lexicon.measures[_head(found, hits)]
            return ContextMeasure(code, label or code, lexicon.measure_units.get(code), rate, source)
        # A file name that names no known measure still says what is counted when it is a phrase
        # ("drinking rate by district"); one word ("unknown", "Book1") is too little to store figures as.
        if source == "file" and label and len(_content_words(found)) >= 2:
            return ContextMeasure(slug(label) or "measure", label, "%" if rate else None, rate, source)
    return None


def _phrase_named(text: str, found: tuple[str, ...], rate: bool) -> str | None:
    """The phrase a title or sheet name opens with when it says outright what its figures are: a rate or
    share ("ร้อยละของ…", "Percentage of …"), or a count of something no known measure names ("จำนวน
    ห้องสมุดประชาชน", "Number of public libraries"); its words up to "จำแนก"/"by", a year or a comma."""
    lexicon = load_lexicon()
    opening = [w for w in found if _may_name_a_measure(w) or w in BREAK_WORDS][:1]
    if not opening:
        return None
    # (a mean or a median opens one too: "ค่าเฉลี่ยรายได้ต่อเดือนของครัวเรือน")
    opens_a_rate = (rate and find((opening[0],), lexicon.rate)) or find((opening[0],), lexicon.summaries)
    opens_a_count = not rate and find((opening[0],), lexicon.count) and not find(found, lexicon.measures)
    if not (opens_a_rate or opens_a_count):
        return None
    phrase = TABLE_NUMBER.sub("", clean_text(text))
    phrase = PHRASE_END.split(phrase, maxsplit=1)[0].strip(" -–:")
    if opens_a_count:
        phrase = COUNT_OPENING.sub("", phrase).strip()
    rest = words(phrase)
    named = [w for w in rest if _may_name_a_measure(w) and not find((w,), lexicon.rate) and w not in BREAK_WORDS]
    return phrase if named else None


def share_of(label: str) -> str | None:
    """What a share is a share of: "ร้อยละของประชากรที่อ่านหนังสือ" → "ประชากรที่อ่านหนังสือ"."""
    rest = SHARE_OPENING.sub("", label or "", count=1).strip()
    return rest if rest and rest != (label or "").strip() else None


def _ratio_phrase(text: str) -> tuple[str, str | None] | None:
    """(phrase, unit) when the title's phrase names a ratio of what a known measure counts ("งบประมาณ
    ต่อหัวประชากร (บาท)", "Students per teacher"); its unit only as written in brackets after it."""
    title = TABLE_NUMBER.sub("", clean_text(text))
    phrase = COUNT_OPENING.sub("", PHRASE_END.split(title, maxsplit=1)[0].strip(" -–:")).strip()
    if not phrase or PERCENT.search(phrase) or not says_ratio(words(PER_PERIOD.sub(" ", phrase))):
        return None
    bracket = UNIT_IN_BRACKETS.match(title[title.find(phrase) + len(phrase):].lstrip())
    return phrase, read_header(bracket[0]).unit if bracket else None


def _summary_phrase(text: str, source: str, head: tuple[int, tuple[str, ...]]) -> str | None:
    """The phrase naming what a title's figures are when its words make them a statistic of what its
    measure counts: a median, a mean, a density, an index or a growth before the measure's word (`head`,
    where it stands among the text's words) or right after it ("Population density"); else None."""
    lexicon = load_lexicon()
    phrase = COUNT_OPENING.sub("", PHRASE_END.split(TABLE_NUMBER.sub("", clean_text(text)), maxsplit=1)[0]
                               .strip(" -–:")).strip()
    said = words(phrase)
    at = next((k for k in range(len(said)) if said[k:k + len(head[1])] == head[1]), None)
    if not said or at is None:
        return None
    after = at + len(head[1])
    if not any(k < at or k == after for k, _ in find(said, lexicon.summaries)):
        return None
    return _label(said) if source == "file" else phrase


def _narrowed_phrase(text: str) -> str | None:
    """The title's phrase when it names people narrowed by a clause (understand/meaning.py), else None."""
    phrase = PHRASE_END.split(TABLE_NUMBER.sub("", clean_text(text)), maxsplit=1)[0].strip(" -–:")
    phrase = COUNT_OPENING.sub("", phrase).strip()
    return phrase if phrase and read_header(phrase).narrowed else None


def context_year(title: str, sheet_name: str, file_name: str) -> tuple[int, str, bool] | None:
    """(year, where it was written, whether it is a Thai fiscal year) from the title, the sheet's name
    or the file's name ("ปีงบประมาณ 2567" is FY 2567: Oct 2023 – Sep 2024, counted in 2024)."""
    for source, text in (("title", title), ("sheet", sheet_name), ("file", _stem(file_name))):
        period = parse_period(text)
        if period is not None and period.kind != "years":
            return period.year, source, period.kind == "fiscal_year"
    return None


def _stem(file_name: str) -> str:
    return re.sub(r"\.[A-Za-z0-9]{2,5}$", "", file_name or "").replace("_", " ")


def _head(found: tuple[str, ...], hits: list[tuple[int, tuple[str, ...]]]) -> tuple[str, ...]:
    """The head noun among the measure words: Thai puts it first ("ผู้เข้าร่วมกิจกรรม"), English last
    before a preposition ("library event attendance", "attendees at events")."""
    if found and not found[0].isascii():
        return hits[0][1]
    cut = next((i for i, w in enumerate(found) if w in BREAK_WORDS or w == "at"), len(found))
    before = [phrase for position, phrase in hits if position < cut]
    return before[-1] if before else hits[0][1]


def _content_words(found: tuple[str, ...]) -> list[str]:
    """Words that can name a measure: not a file's filler, a period, a number, a place or a single letter
    ("r07_places" is a file numbered r07, not a measure "r")."""
    return [w for w in found if w not in BREAK_WORDS and _may_name_a_measure(w)]


def _may_name_a_measure(word: str) -> bool:
    return (word not in FILE_WORDS and word not in PERIOD_WORDS and not any(ch.isdigit() for ch in word)
            and len(word.strip()) > 1 and not place_level(word))


def _without_its_unit(text: str) -> str:
    """ "งบประมาณ (บาท)" → "งบประมาณ": a unit in brackets is the measure's unit, not a word of its label."""
    units = load_lexicon().units
    return UNIT_IN_BRACKETS.sub(lambda m: " " if says_only(words(m[1]), units) else m[0], text)


def _label(found: tuple[str, ...]) -> str:
    """The words that name what is measured: before "by"/"จำแนก", without years, places and file words."""
    kept = []
    for position, word in enumerate(found):
        if word == "ต่อ" and found[position + 1:position + 2] in (("ปี",), ("เดือน",), ("วัน",), ("สัปดาห์",)):
            continue  # "งบประมาณต่อปี": the budget of each year, its label no "งบประมาณต่อ"
        if word in BREAK_WORDS:
            if kept:
                break
            continue
        if _may_name_a_measure(word):
            kept.append(word)
    separator = "" if kept and not kept[0].isascii() else " "
    return separator.join(kept)
