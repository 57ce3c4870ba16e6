"""Statistics from an understood sheet: each figure to its measure, area, period, sex, age band and
breakdown — never a row counted as a person, never a rate added up.

    long   one figure per row and value column: district × sex × age → the count in "population";
           a measure column beside a value column; rates (%) stored with their unit
    wide   periods across: "พ.ศ. 2545 / รับแจ้ง", "Total Number Of Physical Events - April 2023", "2563"
    places one row per school, centre or company: the places counted per area, their figures summed

Each row records where it came from (`source_row`), the measure as written (`measure_label`), and for
figures that are parts of another (physical vs digital events, staff by post) their `breakdown`; rows
naming a region or the nation beside the areas are kept apart (`level`), never added to their parts.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from indicators.base.distinct import per_distinct
from indicators.base.text import cell_text, clean_text, header_key, slug
from indicators.clean import cells as cleaning
from indicators.clean.sheet_area import area_of_the_sheet
from indicators.clean.sheet_context import SheetContext
from indicators.config import config_path, read_yaml, vocabulary
from indicators.understand.context import PERCENT, province_in_text, share_of
from indicators.understand.headers import SEX_OF, UNIT_IN_BRACKETS, Column, parse_age_band
from indicators.understand.lexicon import find, load_lexicon, says_only
from indicators.understand.meaning import measure_label, names_a_ratio, read_header
from indicators.understand.periods import month_number, parse_period
from indicators.understand.vocabulary import PLACES
from indicators.understand.words import words
from indicators.understand.yearless_periods import NOTE as YEARLESS_NOTE
from indicators.understand.yearless_periods import part_of, period_in_year

POPULATION_FIELDS = {"population_total": None, "population_female": "female", "population_male": "male"}
MODE_BREAKDOWN = {"in_person": "in person", "online": "online"}
SEX_TOTALS = frozenset({"รวม", "ยอดรวม", "รวมทั้งสิ้น", "ทั้งหมด", "รวมทั้งหมด", "total", "all", "both", "both sexes", "persons"})
STATISTICS_COLUMNS = ["district", "year", "measure", "measure_label", "sex", "age_min", "age_max", "value", "unit",
                      "flag", "breakdown", "period_start", "period_months", "fiscal_year", "level", "source_row"]


@lru_cache(maxsize=1)
def _measure_catalogue() -> dict[str, tuple[str, str]]:
    data = read_yaml(config_path("measures.yaml"))
    return {header_key(label): (code, spec.get("unit")) for code, spec in data["measures"].items()
            for label in spec["labels"]}


def resolve_measure(label: str) -> dict:
    """A measure label as written → code, sex and age band ("ประชากรหญิง อายุ 60 ปีขึ้นไป" →
    population, female, 60+). Unknown labels keep a code made from the label."""
    text = header_key(label)
    catalogue = _measure_catalogue()
    sex = age_min = age_max = None
    band = parse_age_band(text)
    if band:
        age_min, age_max, band_sex = band
        sex = band_sex
        text = re.sub(r"(อายุ|age)?\s*(ต่ำกว่า|under)?\s*\d+\s*(-|–|ถึง)?\s*\d*\s*(ปี|years?)?\s*(ขึ้นไป|\+|and over|or more)?",
                      " ", text).strip()
    base = text
    if base not in catalogue:
        for word, word_sex in sorted(SEX_OF.items(), key=lambda item: -len(item[0])):
            if len(word) > 1 and word in base:
                stripped = re.sub(r"\s+", " ", base.replace(word, " ")).strip()
                if stripped in catalogue:
                    base, sex = stripped, word_sex
                    break
    if base in catalogue:
        code, unit = catalogue[base]
    else:
        code, unit = slug(label) or "measure", None
    return {"measure": code, "sex": sex, "age_min": age_min, "age_max": age_max, "default_unit": unit,
            "known": base in catalogue}


def column_measure(column: Column, context: SheetContext) -> dict:
    """What a value column measures: a label known in measures.yaml, else the measure its header's
    words name, else the sheet's measure (its title, sheet or file name); with its unit and qualifiers."""
    meaning = column.meaning
    # a header that is only a period ("Dec-23", "2563") names no measure: the sheet's measure is its label
    only_a_period = column.field == "period_value" and (not measure_label(column.header or "")
                                                        or column.note.startswith(YEARLESS_NOTE))
    label = "" if only_a_period or column.area else column.measure_label or column.header
    resolved = resolve_measure(label) if label else {"known": False}
    counted = False
    if resolved.get("known"):
        code, unit = resolved["measure"], resolved["default_unit"]
    elif (share := _share_and_count(column, context)) is not None:
        code, label, unit = share
        counted = code != context.plan.measure  # the count a share is of: in no unit of the share's
    elif column.measure and _share_or_ratio(column):
        # "ร้อยละของประชากรที่อ่านหนังสือ", "participants per 1,000 population": a share or a ratio OF the
        # people its words name, never a count of them (stored so, it was a second population)
        code = slug(BRACKETS.sub(" ", label)) or "measure"
        unit = "%" if column.rate and PERCENT.search(column.header or "") else None
        if meaning.per and column.unit and column.unit != "%" and UNIT_IN_BRACKETS.search(label):
            # "งบประมาณต่อหัว (บาท)": baht per head, its unit said in brackets
            code, unit = slug(UNIT_IN_BRACKETS.sub(" ", label)) or code, column.unit
    elif column.measure:
        code, unit = column.measure, column.unit or load_lexicon().measure_units.get(column.measure)
    elif context.plan.measure and (only_a_period or not _measure_has_its_column(context)) \
            and not _count_beside_a_rate(column, context) and not _counted_by_its_rows(context):
        # (a column that is only a month counts what the sheet counts, even beside a column of its own)
        # (a unit its header says, "ห้องสมุด (แห่ง)" under "จำนวนห้องสมุด …", when the title says none)
        code, unit = context.plan.measure, context.plan.measure_unit or column.unit
        bare = UNIT_IN_BRACKETS.sub(" ", label).strip()
        if not bare or says_only(words(bare), load_lexicon().count):  # "จำนวน" adds nothing to the title's name
            label = context.plan.measure_label
        elif bare != context.plan.measure_label:
            label = f"{context.plan.measure_label} / {label}"
    else:
        code, unit = (resolved.get("measure") or slug(label) or "measure"), column.unit
    # a file named for a rate makes its one unnamed column a rate, never a column of persons or baht
    rate = column.rate or (context.plan.measure_rate if not (column.measure or column.unit or counted) else False)
    # a ratio ("อัตราส่วนนักเรียนต่อครู", "births per 1,000 population") is a rate in no percent
    # ("ร้อยละของผู้ใช้บริการต่อประชากรทั้งหมด" says percent; "… ต่อปี" is a count in each year)
    ratio = not PERCENT.search(f"{label} {column.header or ''}") and (
        names_a_ratio(label) or names_a_ratio(column.header or ""))
    if column.rate and not column.unit and not ratio:  # "ร้อยละการเบิกจ่าย" beside baht columns is a share
        unit = "%"
    rate = rate and not ratio
    age = (column.age_min, column.age_max) if column.is_age_band else (meaning.age if meaning is not None else None)
    if column.note == "ages_unclear":  # its header says two age groups: none is stored (understand/columns.py)
        age = (None, None)
    unit = "%" if rate and not unit else unit
    if unit == "%" and load_lexicon().measure_units.get(code) not in (None, "%"):
        # a percentage is never stored under a count's code: summed with the population, it would add
        # 12.5 % to its people ("จำนวนและร้อยละของนักเรียน…" over "ร้อยละ")
        code = f"{code}_percent"
    return {"measure": code, "measure_label": label, "unit": unit,
            "sex": column.sex or (meaning.sex if meaning is not None else None) or resolved.get("sex"),
            "age_min": age[0] if age else resolved.get("age_min"), "age_max": age[1] if age else resolved.get("age_max"),
            "breakdown": column.breakdown or MODE_BREAKDOWN.get(column.mode)}


BRACKETS = re.compile(r"[()\[\]]")


def _share_or_ratio(column: Column) -> bool:
    """A header naming a share or a ratio of what a measure counts: a share in no unit of a count ("(คน)"),
    a ratio in any ("งบประมาณต่อหัว (บาท)"); a count in each period ("per week") is no ratio."""
    meaning, header = column.meaning, column.header or ""
    if meaning is None:
        return False
    ratio = meaning.per and names_a_ratio(header)
    return ratio or (column.rate and not (UNIT_IN_BRACKETS.search(header) and column.unit not in (None, "%")))


def _share_and_count(column: Column, context: SheetContext) -> tuple[str, str, str | None] | None:
    """Under a title naming a share ("ร้อยละของประชากรที่อ่านหนังสือ"), a column headed only "ร้อยละ" is
    that share, and one headed only "จำนวน" (or "จำนวน (คน)") the count it is a share of: (code, label, unit)."""
    plan, lexicon = context.plan, load_lexicon()
    if not (plan.measure_rate and plan.measure_label and plan.measure_source == "title" and column.header):
        return None
    of = share_of(plan.measure_label) if PERCENT.search(plan.measure_label) else None
    # ("2563 / จำนวน": under a year, the words after it)
    named = column.measure_label if column.field == "period_value" and column.measure_label else column.header
    # ("จำนวน / ชาย": the count of men; the sex is read with the column)
    said = tuple(w for w in words(UNIT_IN_BRACKETS.sub(" ", named)) if (w,) not in lexicon.sexes)
    if not said:
        return None
    if says_only(said, lexicon.rate):  # "ร้อยละ" under a share, "อัตราส่วน" under a ratio: the title's
        return plan.measure, plan.measure_label, plan.measure_unit or ("%" if of is not None else None)
    if of is None:
        return None  # (a ratio's title, "อัตราการเกิด ต่อประชากร 1,000 คน", names no count of its own)
    # ("Total" under a share is the share of all, never the count)
    if says_only(said, lexicon.count) and not find(said, lexicon.aggregation):
        meaning = read_header(of)  # "ร้อยละของประชากร": the population; "…ที่อ่านหนังสือ": its readers
        code = meaning.measure if meaning.measure and not meaning.narrowed else slug(of) or "measure"
        return code, of, column.unit or meaning.unit
    return None


def _count_beside_a_rate(column: Column, context: SheetContext) -> bool:
    """ "จำนวนผู้สูงอายุ (คน)" on a sheet titled for a share ("ร้อยละของผู้สูงอายุที่ใช้อินเทอร์เน็ต"): a count
    in its own unit, named by its own header, never that share."""
    return bool(context.plan.measure_rate and column.unit and column.unit != "%" and not column.rate)


def _counted_by_its_rows(context: SheetContext) -> bool:
    """A list of places whose title names the places themselves ("ทะเบียนแหล่งเรียนรู้"): its rows count
    them, so a figure beside each place (its visitors, staff) is something else, named by its header."""
    return context.plan.kind == PLACES and context.plan.measure == context.plan.place_measure


def _measure_has_its_column(context: SheetContext) -> bool:
    """The sheet's measure (named by its title or file) has a column of its own: the other columns count
    something else, each named by its header."""
    return any(c.measure == context.plan.measure for c in context.plan.columns if c.field in ("value", "period_value"))


# -- the dimensions of every row ------------------------------------------------------------------------
def dimensions(context: SheetContext) -> pd.DataFrame:
    """District, level, period, sex, age band and breakdown of every data row."""
    index = context.raw.index
    frame = pd.DataFrame(index=index)
    district = context.areas()
    if (context.column("district") is None and context.column("address") is None and context.plan.kind != PLACES
            and (code := context.column("code")) is not None):
        district = context.text_of(code)  # no area named: the unit coded in each row (a school, an office)
    if (address := context.column("address")) is not None:
        district = district.fillna(context.text_of(address).map(province_in_text).astype("string"))
    elif context.column("code") is None and context.plan.kind != PLACES and (area := area_of_the_sheet(context)):
        district = district.fillna(area)  # "จำนวนประชากร … อำเภอเมือง" with no district column
    frame["district"] = context.filled_down(district)
    frame["level"] = frame["district"].map(_area_level).astype("string")
    frame["source_row"] = context.excel_rows.to_numpy()
    time = context.time()
    frame["year"], frame["fiscal_year"] = time["year"], time["fiscal_year"]
    frame["period_start"] = time["event_date"]
    frame["period_months"] = pd.Series(pd.NA, index=index, dtype="Int64")
    if (column := context.column("period")) is not None:
        periods = context.text_of(column).map(lambda t: parse_period(t) if isinstance(t, str) else None)
        bad = periods.isna() & context.text_of(column).notna()
        context.report("bad_date", bad, column, context.cells(column))
        frame["year"] = frame["year"].fillna(periods.map(lambda p: p.year if p else None).astype("Int64"))
        frame["period_start"] = frame["period_start"].fillna(pd.to_datetime(periods.map(
            lambda p: p.start if p else None)))
        frame["period_months"] = periods.map(lambda p: p.months if p else None).astype("Int64")
        frame["fiscal_year"] = frame["fiscal_year"].fillna(periods.map(
            lambda p: p.fiscal_year if p else None).astype("Int64"))
    frame["sex"] = pd.Series(pd.NA, index=index, dtype="string")
    if (column := context.column("sex")) is not None:
        # "รวม" / "Total" written as a sex is both sexes: the whole the rows of female and male are parts of
        both = cleaning.normalise_text(context.cells(column)).str.casefold().isin(SEX_TOTALS).fillna(False).to_numpy()
        cells = context.cells(column).mask(both)
        parsed = cleaning.parse_sex(cells)
        context.report("bad_sex", parsed.invalid, column, cells)
        frame["sex"] = parsed.values
        # "ไม่ระบุ" / "Not known" written as a sex is a part beside female and male, never the whole
        written = cleaning.normalise_text(cells).notna().to_numpy()
        frame.loc[written & frame["sex"].isna().to_numpy() & ~parsed.invalid.to_numpy(dtype=bool), "sex"] = "unknown"
    frame["age_min"] = pd.Series(pd.NA, index=index, dtype="Int64")
    frame["age_max"] = pd.Series(pd.NA, index=index, dtype="Int64")
    age_unknown = None
    if (column := context.column("age")) is not None:
        age_unknown = _ages_or_groups(context, column, frame)
    elif (column := context.column("age_group")) is not None:
        bands = [_band_of(label) for label in context.text_of(column).astype(object)]
        frame["age_min"] = pd.array([b[0] if b else None for b in bands], dtype="Int64")
        frame["age_max"] = pd.array([b[1] if b else None for b in bands], dtype="Int64")
    categories = [c for c in context.plan.columns if c.field == "category"]
    if categories:
        parts = [context.text_of(c) for c in categories]
        frame["breakdown"] = pd.concat(parts, axis=1).apply(
            lambda row: " / ".join(str(v) for v in row if pd.notna(v)) or None, axis=1).astype("string")
    else:
        frame["breakdown"] = pd.Series(pd.NA, index=index, dtype="string")
    if age_unknown is not None and age_unknown.notna().any():
        # "ไม่ทราบอายุ": people of no known age, a part beside the age groups; with no age it would read as all ages
        with_parts = (frame["breakdown"] + " / " + age_unknown).fillna(age_unknown)  # "ยืมหนังสือ / ไม่ทราบอายุ"
        frame["breakdown"] = frame["breakdown"].where(age_unknown.isna(), with_parts)
    _parts_of_the_area_above(frame, context)
    return frame


# Rows naming a part of an area, not an area (vocabulary.yaml area_parts: ในเขตเทศบาล, นอกเขตเทศบาล, urban).
AREA_PARTS = frozenset(w.casefold() for w in vocabulary()["area_parts"])


def _parts_of_the_area_above(frame: pd.DataFrame, context: SheetContext) -> None:
    """Rows of "ในเขตเทศบาล" / "นอกเขตเทศบาล" under an amphoe's row are that amphoe's figures by part (its
    breakdown, counted only where the amphoe's own is not given); as districts of their own they were
    pooled across every amphoe and added to them, twice the population. Under no area, the city's parts."""
    part = frame["district"].str.strip().str.lower().isin(AREA_PARTS).fillna(False).to_numpy(dtype=bool)
    if not part.any():
        return
    label = frame["district"].where(part)
    frame["breakdown"] = frame["breakdown"].where(~part, (frame["breakdown"] + " / " + label).fillna(label))
    frame["district"] = frame["district"].mask(part).ffill().where(part, frame["district"])
    frame["level"] = frame["district"].map(_area_level).astype("string")
    context.report_sheet("area_parts_as_breakdown", context.column("district"), value=int(part.sum()),
                         detail=", ".join(sorted(set(label.dropna())))[:80])


AGE_NOT_KNOWN = ("ไม่ทราบ", "ไม่ระบุ", "unknown", "not known", "not stated")


def _ages_or_groups(context: SheetContext, column, frame: pd.DataFrame) -> pd.Series:
    """An age column's years (one age a row), and the age groups some of its rows write instead ("0-4",
    "100+", "ต่ำกว่า 1 ปี", as the Department of Provincial Administration exports them). Returns, per row,
    the label of an age written as not known ("ไม่ทราบอายุ", "Age not stated"), else NA."""
    texts = context.text_of(column)
    unknown = texts.where(per_distinct(texts, lambda t: t.str.casefold().str.contains("|".join(AGE_NOT_KNOWN)))
                          .fillna(False).to_numpy(dtype=bool))
    cells = context.cells(column).mask(unknown.notna().to_numpy())
    groups = [None if isinstance(cell, (int, float)) else _band_of(cell_text(cell)) for cell in cells]
    if not any(groups) and unknown.isna().all():
        ages = context.number(column, count=True).astype("Int64")
        frame["age_min"], frame["age_max"] = ages, ages
        return unknown
    in_groups = pd.Series([g is not None for g in groups], index=cells.index)
    ages = cleaning.parse_count(cells.mask(in_groups)).values.astype("Int64")
    context.report("not_a_number", cleaning.parse_count(cells.mask(in_groups)).invalid, column, cells)
    frame["age_min"] = ages.mask(in_groups, pd.array([g[0] if g else None for g in groups], dtype="Int64"))
    frame["age_max"] = ages.mask(in_groups, pd.array([g[1] if g else None for g in groups], dtype="Int64"))
    return unknown


def _band_of(label: object) -> tuple[int, int | None] | None:
    """An age group written as words or numbers: "Under 12", "12-17", "Adult", "15 to 64 years", "65+"."""
    if not isinstance(label, str):
        return None
    band = parse_age_band(label)
    if band:
        return band[0], band[1]
    found = find(words(label), load_lexicon().age_groups)
    return load_lexicon().age_groups[found[0][1]] if found else None


def _area_level(name: object) -> str | None:
    """'nation' or 'region' for a row naming the country or a region beside its provinces."""
    if not isinstance(name, str):
        return None
    found = find(words(name), load_lexicon().area_levels)
    return load_lexicon().area_levels[found[0][1]] if found else None


# -- long: one figure per row and value column -------------------------------------------------------------
def statistics_long(context: SheetContext) -> pd.DataFrame | None:
    base = dimensions(context)
    pieces = []
    areas = [c for c in context.plan.columns if c.field == "value" and c.area]
    for value_column in (areas or [context.column("value")]) if context.column("measure") else []:
        if value_column is None:
            continue
        piece = _in_its_area(base.copy(), value_column)
        piece["unit"] = context.text("unit")
        piece["value"] = context.number(value_column, count=False) * value_column.scale
        labels = context.text("measure")
        piece = _measure_columns(piece, labels.astype(object).where(labels.notna(), None))
        context.check_unit_maximum(piece, value_column)
        if context.column("flag"):
            piece["flag"] = context.text("flag")
        pieces.append(piece)
    for column in context.plan.columns:
        if column.field in POPULATION_FIELDS:
            pieces.append(base.assign(measure="population", measure_label=column.header, unit="persons",
                                      value=context.number(column, count=True)).pipe(
                _with_sex, POPULATION_FIELDS[column.field]))
        elif column.is_age_band:
            pieces.append(base.assign(measure="population", measure_label=column.header, unit="persons",
                                      value=context.number(column, count=True), age_min=column.age_min,
                                      age_max=column.age_max).pipe(_with_sex, column.sex))
        elif column.field == "value" and not context.column("measure"):
            pieces.append(_value_piece(context, base, column))
    return finish(pieces, context)


def _with_sex(frame: pd.DataFrame, sex: str | None) -> pd.DataFrame:
    if sex is not None:
        frame["sex"] = sex
    return frame


def _in_its_area(piece: pd.DataFrame, column: Column) -> pd.DataFrame:
    """A column of one area's figures (areas across, understand/areas_across.py): every row is in that area."""
    if column.area:
        piece["district"], piece["level"] = column.area, _area_level(column.area)
    return piece


def _value_piece(context: SheetContext, base: pd.DataFrame, column: Column) -> pd.DataFrame:
    spec = column_measure(column, context)
    piece = _in_its_area(base.copy(), column)
    piece["value"] = context.number(column, count=False) * column.scale
    piece["measure"], piece["measure_label"], piece["unit"] = spec["measure"], spec["measure_label"], spec["unit"]
    _qualify(piece, spec, column)
    context.check_unit_maximum(piece, column)
    return piece


def _qualify(piece: pd.DataFrame, spec: dict, column: Column) -> None:
    """A column's sex, age and breakdown on its rows. A part column under a row's own breakdown (levels
    of each school) is that breakdown's part; a whole of parts is the figure itself (no breakdown), so
    the parts are never added to it."""
    for name in ("sex", "age_min", "age_max"):
        if spec[name] is not None:
            piece[name] = spec[name]
    if column.is_whole:
        piece["breakdown"] = pd.NA
    elif spec["breakdown"] is not None:
        rows = piece["breakdown"] if "breakdown" in piece else pd.Series(pd.NA, index=piece.index, dtype="string")
        piece["breakdown"] = (rows + " / " + spec["breakdown"]).fillna(spec["breakdown"])


def _measure_columns(frame: pd.DataFrame, labels: pd.Series) -> pd.DataFrame:
    unique = labels.dropna().unique()
    resolved = pd.DataFrame([resolve_measure(u) for u in unique], index=unique)
    if resolved.empty:
        resolved = pd.DataFrame(columns=["measure", "sex", "age_min", "age_max", "default_unit"])
    joined = resolved.reindex(labels.to_numpy())
    joined.index = frame.index
    frame["measure"] = joined["measure"]
    frame["measure_label"] = labels
    frame["sex"] = frame["sex"].fillna(joined["sex"]) if "sex" in frame else joined["sex"]
    frame["age_min"] = frame["age_min"].fillna(joined["age_min"].astype("Int64"))
    frame["age_max"] = frame["age_max"].fillna(joined["age_max"].astype("Int64"))
    frame["unit"] = frame["unit"].fillna(joined["default_unit"]) if "unit" in frame else joined["default_unit"]
    return frame


# -- wide: periods across ------------------------------------------------------------------------------------
def statistics_wide(context: SheetContext) -> pd.DataFrame | None:
    """Periods as columns (years, months, "พ.ศ. 2545 / รับแจ้ง"): one row per cell, each to its period."""
    base = dimensions(context)
    labels = context.text("measure")
    units = context.text("unit")
    if units.isna().all() and (unit := _title_value(context, ("unit of measure", "unit", "หน่วย"))):
        units = pd.Series(unit, index=base.index, dtype="string")
    flags = {c.flag_for: c for c in context.plan.columns if c.field == "flag_value"}
    title_measure = _measure_from_title(context) if labels.isna().all() else None
    pieces = []
    for column in context.plan.columns:
        if column.field != "period_value":
            continue
        period = column.period
        if period is None and (part := part_of(column)) is not None:  # "ม.ค." beside a column of years
            piece = _in_each_rows_year(base, part, fiscal=bool(context.column("fiscal_year") and not context.column("year")))
            piece["value"] = context.number(column, count=False) * column.scale
        else:
            piece = base.assign(year=column.year, value=context.number(column, count=False) * column.scale)
        if period is not None:
            piece = piece.assign(period_start=pd.Timestamp(period.start), period_months=period.months,
                                 fiscal_year=period.fiscal_year)
        if column.index in flags:
            piece["flag"] = context.text_of(flags[column.index])
        if labels.notna().any():
            piece["unit"] = units
            piece = _measure_columns(piece, labels.astype(object).where(labels.notna(), None))
        elif title_measure is not None and _title_value(context, ("dataset",)) and not column.measure:
            piece["unit"] = units
            piece = _measure_columns(piece, pd.Series(title_measure, index=base.index, dtype=object))
        elif column.measure or context.plan.measure:
            spec = column_measure(column, context)
            piece = piece.assign(measure=spec["measure"], measure_label=spec["measure_label"],
                                 unit=spec["unit"] if units.isna().all() else units)
            _qualify(piece, spec, column)
        else:
            piece["unit"] = units
            piece = _measure_columns(piece, pd.Series(title_measure, index=base.index, dtype=object))
        context.check_unit_maximum(piece, column)
        pieces.append(piece)
    return finish(pieces, context)


def _in_each_rows_year(base: pd.DataFrame, part: str, fiscal: bool) -> pd.DataFrame:
    """Each row's quarter or month `part` of its own year (a Thai fiscal year when the rows' years are)."""
    years = base["fiscal_year"] if fiscal else base["year"]
    known = {int(y): period_in_year(part, int(y), fiscal) for y in years.dropna().unique()}
    periods = [None if pd.isna(y) else known[int(y)] for y in years]

    def each(attribute: str) -> list:
        return [None if p is None else getattr(p, attribute) for p in periods]

    return base.assign(year=pd.array(each("year"), dtype="Int64"),
                       period_start=pd.to_datetime(pd.Series(each("start"), index=base.index)),
                       period_months=pd.array(each("months"), dtype="Int64"),
                       fiscal_year=pd.array(each("fiscal_year"), dtype="Int64"))


def _title_value(context: SheetContext, labels: tuple[str, ...]) -> str | None:
    """A value written beside a label in the rows above the header ("Unit of measure;;Percentage")."""
    header_row = context.plan.header_rows[0] - context.sheet.first_row - 1
    for row in context.sheet.rows[:header_row]:
        cells = [c for c in row if c not in (None, "")]
        if len(cells) >= 2 and header_key(cells[0]).rstrip(":") in labels:
            return str(cells[1]).strip()
    return None


def _measure_from_title(context: SheetContext) -> str:
    found = _title_value(context, ("dataset", "ชุดข้อมูล", "ข้อมูล", "ตาราง", "table"))
    if found:
        return found
    header_row = context.plan.header_rows[0] - context.sheet.first_row - 1
    for row in context.sheet.rows[:header_row]:
        text = next((str(c) for c in row if isinstance(c, str) and c.strip()), None)
        if text:
            return text.strip()
    return context.sheet.name


# -- places: one row per school, centre or company ------------------------------------------------------
def places(context: SheetContext) -> pd.DataFrame | None:
    """Places counted per area (and per the period the sheet is as of), their figures summed per area."""
    base = dimensions(context)
    title = parse_period(context.plan.title_text)
    if title is not None and title.kind in ("month", "year", "fiscal_year", "as_of"):
        # the places as the title dates them ("จัดตั้งเดือนธันวาคม 2558", "ณ วันที่ ๑๐ มิถุนายน ๒๕๕๕")
        inside = base["period_start"].isna() | base["period_start"].dt.year.eq(title.year)
        if inside.all():
            base["period_start"], base["period_months"] = pd.Timestamp(title.start), title.months
            base["year"] = base["year"].fillna(title.year)
    name = context.column("place_name")
    pieces = [base.assign(measure=context.plan.place_measure or "places", value=1.0, unit="places",
                          measure_label=context.plan.place_label or (name.measure_label if name else "places"))]
    for column in context.plan.columns:
        if column.field == "value" and not column.rate:
            pieces.append(_value_piece(context, base, column))
    per_row = finish(pieces, context)
    if per_row is None:
        return None
    keys = ["district", "level", "year", "fiscal_year", "measure", "measure_label", "sex", "age_min", "age_max",
            "unit", "breakdown", "period_start", "period_months"]
    summed = per_row.groupby(keys, dropna=False, sort=False).agg(value=("value", "sum"),
                                                                  source_row=("source_row", "min")).reset_index()
    return summed


def finish(pieces: list[pd.DataFrame], context: SheetContext) -> pd.DataFrame | None:
    pieces = [p for p in pieces if not p.empty]
    if not pieces:
        return None
    frame = pd.concat(pieces, ignore_index=True)
    if (column := context.column("month")) is not None:
        frame = _in_its_month(frame, context, column)
    blank = frame["value"].isna()
    if blank.any():
        _note_blank_figures(context, frame.loc[blank, "source_row"])
    frame = frame[~blank].copy()
    frame["value"] = frame["value"].astype("float64")
    for name in ("age_min", "age_max", "period_months", "fiscal_year", "year"):
        frame[name] = frame[name].astype("Int64") if name in frame else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    for name in STATISTICS_COLUMNS:
        if name not in frame:
            frame[name] = pd.NA
    return frame


def _in_its_month(frame: pd.DataFrame, context: SheetContext, column: Column) -> pd.DataFrame:
    """ "ปี | เดือน | ผู้ใช้บริการ" (or months down, years across): each figure is its row's month of its year,
    of a Thai fiscal year when the year is one (ต.ค. of FY 2567 is October 2566), never a breakdown."""
    written = context.text_of(column)
    months = written.map(lambda t: month_number(clean_text(t)) if isinstance(t, str) else None).astype("Int64")
    context.report("bad_date", months.isna() & written.notna(), column, context.cells(column))
    month_of = pd.Series(months.to_numpy(), index=context.excel_rows.to_numpy())
    month = frame["source_row"].map(month_of)
    rows_fiscal = bool(context.column("fiscal_year") and not context.column("year")) or (
        context.plan.year_is_fiscal and not context.column("year"))
    a_year = frame["period_months"].isna() | frame["period_months"].eq(12)
    starts = pd.to_datetime(frame["period_start"])
    # a year's column starting in October is a fiscal year; rows with no period take the sheet's kind of year
    fiscal = (starts.dt.month.eq(10) & a_year).where(starts.notna(), rows_fiscal).astype(bool)
    own_year = pd.Series(frame["fiscal_year"].where(fiscal, frame["year"]), index=frame.index).astype("Int64")
    of_year = (starts.dt.year + fiscal.astype(int)).astype("Int64").fillna(own_year)
    placed = {}
    for i in frame.index[month.notna() & of_year.notna() & a_year]:
        period = period_in_year(f"m{int(month[i])}", int(of_year[i]), bool(fiscal[i]))
        placed[i] = (period.year, pd.Timestamp(period.start), period.months, period.fiscal_year)
    if placed:
        keys = list(placed)
        frame = frame.copy()
        for position, name in enumerate(("year", "period_start", "period_months", "fiscal_year")):
            values = [placed[i][position] for i in keys]
            if name == "period_start":
                frame[name] = pd.to_datetime(frame[name])
            frame.loc[keys, name] = values
    return frame


SHOWN_BLANK_ROWS = 5


def _note_blank_figures(context: SheetContext, rows: pd.Series) -> None:
    """One note for the sheet's figures left blank (or written as missing: "n/a"): nothing is stored for
    them, so the rows read and the figures stored differ by them, and a reader is told by how many."""
    shown = sorted({int(row) for row in rows.dropna()})
    listed = ", ".join(map(str, shown[:SHOWN_BLANK_ROWS])) + (" …" if len(shown) > SHOWN_BLANK_ROWS else "")
    context.report_sheet("blank_figures", value=len(rows), count=f"{len(rows):,}", detail=listed)
