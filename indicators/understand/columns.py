"""What each column means, from BOTH its header's words and its contents.

A header known whole (fields.yaml) gives a field at once; any other header is read word by word
(meaning.py) and checked against what the column holds (profile.py): "ที่" over 1, 2, 3 … is a row
number; a header naming a year over numbers is a value of that year; a column of counts whose header
says "population" is a value to store; "กลุ่มเป้าหมาย" holding "จำนวน ๙๖ คน" carries participants in its
text. Every column ends up used — with its evidence — or set aside with a reason.
"""

from __future__ import annotations

import re

from indicators.base.text import slug
from indicators.base.thai import thai_digits_to_ascii
from indicators.config.readings import said
from indicators.understand.context import share_of
from indicators.understand.estimates import is_estimate
from indicators.understand.headers import UNIT_IN_BRACKETS, Column, match_field, parse_age_band
from indicators.understand.lexicon import find, load_lexicon, says_only
from indicators.understand.meaning import measure_label, read_header
from indicators.understand.profile import Profile
from indicators.understand.vocabulary import FieldCatalogue
from indicators.understand.words import words
from indicators.understand.yearless_periods import part_of_a_year, read_as_part_of_a_year

# Fields read from a column's role word when no whole header is known.
ROLE_FIELDS = {"area": "district", "date": "date", "fiscal_year": "fiscal_year", "mode": "mode",
               "target_group": "target_group", "organiser": "organiser", "unit": "unit", "flag": "flag",
               "measure": "measure", "code": "code"}
AREA_NAME_WORDS = {"ชื่อ", "name"}
# Whole-header fields that are values to count, per measure (for statistics tables read from them).
COUNT_MEASURES = {"participants_total": ("participants", None), "participants_female": ("participants", "female"),
                  "participants_male": ("participants", "male"), "population_total": ("population", None),
                  "population_female": ("population", "female"), "population_male": ("population", "male")}


def read_column(index: int, header: str, parent: str, catalogue: FieldCatalogue, profile: Profile) -> Column:
    """One column: the whole-header field if there is one, else the reading of its words and contents."""
    column = match_field(header, parent, catalogue) if (header or parent) else Column(index=index, header="")
    column.index = index
    written = column.header
    meaning = read_header(written) if written else None
    column.meaning, column.profile = meaning, profile
    if meaning is not None:
        column.unit, column.mode, column.rate, column.total = meaning.unit, meaning.mode, meaning.rate, meaning.total
        column.measure_label = measure_label(written)
    if (part := part_of_a_year(written)) is not None:  # "ไตรมาส 1", "ม.ค.": placed in a year (yearless_periods.py)
        read_as_part_of_a_year(column, part)
        return column
    if column.field == "age_band" and meaning is not None and meaning.narrowed:
        # "ประชากรอายุ 6 ปีขึ้นไปที่อ่านหนังสือ (คน)": those of the age band who read, not the age band
        column.field, column.age_min, column.age_max, column.sex = None, None, None, None
    in_a_period = column.field == "age_band" and _counts_in_a_period(meaning)
    if in_a_period:
        # "Digital Audio Book Issues Children Under 12 - April 2023": a month's loans to children, not a
        # population's age band; read from its words (a period's figure, the age band its qualifier)
        column.field, column.age_min, column.age_max, column.sex = None, None, None, None
        if column.unit == "persons":  # "Young People" says whose loans they are, not that loans are people
            column.unit = None
    if column.field is None and meaning is not None:
        _from_words(column, meaning, profile)
        if in_a_period and column.field == "period_value":
            _ages_of_a_period(column, written, meaning)
            if column.measure in PEOPLE_OF_AN_AGE:  # the people are whom the figure is for, not what it counts
                column.measure = None
    elif column.field is not None:
        column.evidence.append(said("known_header", header=written, field=column.field))
        if column.field == "ignored" and meaning is not None:
            column.reason = said("row_numbers" if meaning.says("numbering") else "area_beside"
                                 if meaning.says("area", "code") else "note_or_place")
    _check_contents(column, profile)
    return column


# Measures that count the people of an age group themselves: beside an age band, the band is what they count.
PEOPLE_OF_AN_AGE = (None, "population", "children")


def _counts_in_a_period(meaning) -> bool:
    """A header that names a period and a measure other than the people of an age group: its figures are
    that measure's in that period, whatever ages it also names. So is a header whose people follow a word
    of their own ("Ebooks Children Under 12": e-books lent to children, not children)."""
    if meaning is None or meaning.period is None:
        return False
    return meaning.measure not in PEOPLE_OF_AN_AGE or _something_counted_for_them(meaning)


def _something_counted_for_them(meaning) -> bool:
    """The header opens with a word that is neither its people nor an age, count, total or sex word: that
    word names what is counted for those people ("Ebooks Young People …", not "Young People …")."""
    text = meaning.words
    if not text or text[:1] == meaning.measure_words[:1] or text[0].isdigit():
        return False
    lexicon = load_lexicon()
    opening = any(find(text[:1], table) for table in (lexicon.count, lexicon.aggregation, lexicon.sexes))
    age_first = any(position == 0 for position, _ in find(text, lexicon.age_groups)) or \
        parse_age_band(" ".join(text[:2])) is not None  # "Under 12 …", "Aged 15 …"
    return not (opening or age_first)


def _ages_of_a_period(column: Column, header: str, meaning) -> None:
    """Its age group said as evidence; or, when the header holds a number that neither its period nor that
    age group explains ("Young People Under 12 17": under 12, or 12 to 17?), no age at all (note
    "ages_unclear"), so that two series never share an age group their headers do not both say."""
    low, high = meaning.age
    year = meaning.period.start.year
    explained = {low, low - 1, year, year + 543, year % 100, (year + 1) % 100, meaning.period.start.month}
    if high is not None:
        explained |= {high, high + 1}
    numbers = [int(n) for n in re.findall(r"\d+", thai_digits_to_ascii(header))]
    if any(n not in explained for n in numbers):
        column.note = "ages_unclear"
        column.evidence.append(said("ages_unclear", numbers=", ".join(map(str, numbers))))
    else:
        column.evidence.append(said("ages_in_a_period", low=low, high="+" if high is None else f"-{high}"))


def _from_words(column: Column, meaning, profile: Profile) -> None:
    roles = set(meaning.roles)
    say = column.evidence.append
    if meaning.period is not None and (meaning.measure or meaning.count or meaning.total or profile.numeric
                                       or not roles - {"year", "period"}):
        column.field, column.period = "period_value", meaning.period
        column.year = meaning.period.year
        column.measure = _measure_named(meaning, column)
        whole_year = meaning.period.kind in ("year", "fiscal_year")  # (its year, not the month it starts in)
        say(said("header_period", period=meaning.period.kind,
                 start=str(meaning.period.year) if whole_year else f"{meaning.period.start:%Y-%m}"))
        return
    # "ที่" numbers rows, but inside "งบประมาณที่ได้รับจัดสรร" it is a word of a measure's header
    if "numbering" in roles and not (meaning.measure or meaning.rate or meaning.unit) and (
            profile.sequence or profile.numeric or not profile.filled):
        column.field, column.reason = "ignored", said("row_numbers")
        say(said("numbering_header"))
        return
    if "sex" in roles and not (roles - {"sex", "category"}) and profile.share(profile.sexes) >= 0.5:
        column.field = "sex"
        say(said("sex_words", sample=", ".join(profile.sample[:3])))
        return
    if "age" in roles and not meaning.measure:
        if profile.numeric and profile.whole and (profile.minimum or 0) >= 0 and (profile.maximum or 0) <= 130:
            column.field = "age"
            say(said("ages_in_years", low=f"{profile.minimum:g}", high=f"{profile.maximum:g}"))
        else:
            column.field = "age_group"
            say(said("age_groups"))
        return
    record = next((r for r in meaning.records if r in ("activity", "place", "organisation", "person")), None)
    # "ชื่อหมู่บ้าน", "Ward name" name an area; "Subject area" is a subject, not a place
    an_area = record is None and "area" in roles and bool(set(meaning.words) & AREA_NAME_WORDS)
    if "name" in roles and not an_area:
        column.field = {"activity": "title", "place": "place_name", "organisation": "place_name",
                        "person": "person_name"}.get(record, "name")
        say(said("name_column_of", record=record) if record else said("name_column"))
        return
    for role, field in ROLE_FIELDS.items():
        if role in roles and not (field == "district" and profile.numeric):
            column.field = field
            say(said("header_names_field", field=field))
            return
    if "year" in roles and not (meaning.sex or meaning.age or meaning.measure or meaning.count):
        column.field = "year"
        say(said("header_names_year"))
        return
    if "period" in roles or profile.share(profile.periods) >= 0.8:
        column.field = "period"
        say(said("periods_in_cells", sample=", ".join(profile.sample[:2])))
        return
    if "text" in roles or profile.share(profile.long_texts) >= 0.5:
        if profile.share(profile.provinces) >= 0.6:
            column.field = "address"
            say(said("addresses", share=f"{profile.share(profile.provinces):.0%}"))
        elif profile.share(profile.people_in_text) >= 0.2:
            column.field = "people_in_text"
            say(said("people_in_text"))
        else:
            column.field, column.reason = "ignored", said("free_text")
        return
    if profile.numeric or profile.share(profile.numbers + profile.amounts) >= 0.8:
        column.field = "value"
        column.measure = _measure_named(meaning, column)
        say(said("numbers", low=f"{profile.minimum:g}", high=f"{profile.maximum:g}")
            if profile.minimum is not None else said("amounts"))
        return
    if "category" in roles:
        column.field = "category"
        say(said("header_names_category", sample=", ".join(profile.sample[:3])))


def _measure_named(meaning, column: Column) -> str | None:
    """The measure a header's words name; narrowed by a clause ("ประชากรที่อ่านหนังสือ (คน)", "Population
    who read") it is a measure of its own, named by those words: stored as the population, it would be
    counted again beside the whole population."""
    if not meaning.measure and meaning.rate and (of := share_of(measure_label(column.header))) \
            and re.search(r"ของ|\bof\b", column.header[:len(column.header) - len(of)], re.IGNORECASE):
        # "Per cent of adults who read", "ร้อยละของผู้สูงอายุที่ใช้อินเทอร์เน็ต": a share its header names
        return slug(UNIT_IN_BRACKETS.sub(" ", measure_label(column.header))) or None
    if meaning.measure and meaning.narrowed:
        column.evidence.append(said("measure_narrowed", header=column.header, measure=meaning.measure))
        lexicon = load_lexicon()
        # "ประชากรที่อ่านหนังสือ / จำนวน": the words under it only say it is a count
        named = [part for part in (column.measure_label or column.header).split(" / ")
                 if not says_only(words(UNIT_IN_BRACKETS.sub(" ", part)), lexicon.count)]
        return slug(UNIT_IN_BRACKETS.sub(" ", " ".join(named))) or meaning.measure
    return meaning.measure



def _check_contents(column: Column, profile: Profile) -> None:
    """A known header over contents that say otherwise: a column set aside by its name ("ห้องเรียน" as a
    venue) that holds counts is a figure; numbers counting rows at the left edge are row numbers."""
    meaning = column.meaning
    if (column.field == "ignored" and profile.numeric and not profile.sequence and meaning is not None
            and meaning.measure and not meaning.says("numbering", "code")):
        column.field, column.measure = "value", meaning.measure
        column.evidence.append(said("counts_under_ignored", header=column.header, measure=meaning.measure))
    elif column.field == "target_group" and profile.numeric and not profile.textual and is_estimate(column.header):
        # "เป้าหมาย (คน)" over numbers: how many were planned, not whom it was for nor who took part
        column.field, column.note, column.reason = "ignored", "target", said("target_set_aside")
        column.evidence.append(said("planned_count", header=column.header))
    elif column.field in (None, "value") and profile.sequence and (column.index == 0 or not column.header
                                                                  or column.header.strip().isdigit()):
        column.field, column.reason = "ignored", said("row_numbers")
        column.evidence.append(said("counting_up"))
    elif column.field in (None, "value") and _identifiers(profile) and not (
            meaning is not None and (meaning.measure or meaning.unit)):
        column.field, column.measure = "code", None
        column.evidence.append(said("identifiers", sample=", ".join(profile.sample[:2])))
    if column.field in COUNT_MEASURES and profile.filled and profile.textual and not profile.people_in_text:
        column.evidence.append(said("count_holds_words"))


def _identifiers(profile: Profile) -> bool:
    """Whole numbers of eight digits or more, few of them: school, office or registration codes."""
    return bool(profile.numeric and profile.whole and (profile.minimum or 0) >= 10_000_000
                and profile.distinct < profile.filled and profile.distinct <= max(3, profile.filled // 3))


YES = {"yes", "y", "true", "ใช่", "มี", "✓", "x"}
NO = {"no", "n", "false", "ไม่ใช่", "ไม่มี"}
ANSWERS = YES | NO | {"n/a", "-", "nan", "none", ""}


def holds_answers(column: Column) -> bool:
    """A column of yes/no answers ("Online?" over Y and N)."""
    profile = column.profile
    return bool(profile and profile.filled and profile.sample
                and all(str(v).strip().casefold() in ANSWERS for v in profile.sample))


def repeated_labels(column: Column) -> bool:
    """A column of a few labels repeated down the rows (a breakdown of a statistics table) — not answers
    to a question ("Yes"/"No": whether the office collected something), which break nothing down."""
    profile = column.profile
    if not (profile and profile.filled and profile.textual and profile.distinct <= max(12, profile.filled // 5)):
        return False
    return not holds_answers(column)


def statistic_of(column: Column) -> tuple[str | None, str | None]:
    """(measure, sex) a value column stands for in a statistics table."""
    if column.field in COUNT_MEASURES:
        return COUNT_MEASURES[column.field]
    meaning = column.meaning
    sex = column.sex or (meaning.sex if meaning is not None else None)
    return column.measure or (meaning.measure if meaning is not None else None), sex
