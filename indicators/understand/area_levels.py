"""Areas of two levels in one column: "อำเภอเมืองเชียงใหม่" above its "ตำบลศรีภูมิ", "ตำบลพระสิงห์", as the
registration offices and the Statistical Office lay out their tables. Stored side by side, each amphoe's
people would be counted twice: once in its own row, once in its tambons'.

A coarser area's row whose every figure is the sum of the finer areas right below it (or, printed after
them, right above it) is a subtotal: dropped, with its reason, like a totals row. One with no figure at all
(blank, or only dashes) heads its finer areas: dropped too, never stored as zeros. When the figures do not
add up (or are shares, which do not add), no one can tell what the rows are, and a person has to say."""

from __future__ import annotations

import re

from indicators.base.text import clean_text
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.context import place_level
from indicators.understand.headers import Column
from indicators.understand.lexicon import find, load_lexicon
from indicators.understand.relations import FIGURE_FIELDS, figures_of_row, sums_rows
from indicators.understand.words import words

# The word an area's name opens with, coarse to fine: province, amphoe / khet, tambon / khwaeng, village.
LEVEL_WORDS = (
    r"จังหวัด|จ\.|changwat\b|province\b",
    r"อำเภอ|กิ่งอำเภอ|อ\.|เขต(?!ตรวจ|พื้นที่|การศึกษา)|amphoe\b|district\b|khet\b",
    r"ตำบล|ต\.|แขวง|tambon\b|sub-?district\b|khwaeng\b",
    r"หมู่ที่|หมู่บ้าน|หมู่|ม\.\s*\d|ชุมชน|village\b|moo\b|community\b",
)
LEVEL_OPENING = [re.compile(rf"^\s*(?:{words})", re.IGNORECASE) for words in LEVEL_WORDS]


def area_rank(label: object) -> int | None:
    """0 for a province's name, 1 an amphoe or khet, 2 a tambon or khwaeng, 3 a village; None when the name
    opens with no such word."""
    if not isinstance(label, str):
        return None
    text = clean_text(label)
    return next((rank for rank, opening in enumerate(LEVEL_OPENING) if opening.match(text)), None)


def area_subtotals(sheet: RawSheet, columns: list[Column],
                   data_rows: list[int]) -> tuple[list[int], list[int], Said | None]:
    """(the data rows that are subtotals of the finer areas next to them, the rows heading finer areas with
    no figure of their own, the doubt when rows of a coarser level are neither)."""
    area = next((c for c in columns if c.field == "district"), None)
    if area is None or len(data_rows) < 3:
        return [], [], None
    names = [_cell(sheet, i, area.index) for i in data_rows]
    written = [area_rank(name) for name in names]  # the level words the names are written with
    found = _by_ranks(sheet, columns, data_rows, area, written)
    known = {rank for rank in written if rank is not None}
    # Levels no word says are taken only when they make subtotals that add up, never a doubt of their own:
    # names all bare are placed by the gazetteer ("ลำพูน" a province, "ป่าซาง" an amphoe, though a tambon
    # may share its amphoe's name); bare names beside "อำเภอสารภี" may be its tambons ("ยางเนิ้ง", "ชมภู").
    if not known:
        guesses = [[GAZETTEER_RANK.get(place_level(name)) for name in names]]
    else:
        guesses = [[max(known) + 1 if rank is None else rank for rank in written]] if None in written else []
    for guessed in guesses if found == ([], [], None) else []:
        subtotals, _, doubt = _by_ranks(sheet, columns, data_rows, area, guessed)
        if subtotals and doubt is None:
            return subtotals, [], None
    if found == ([], [], None) and (whole := _sum_of_all_the_others(sheet, columns, data_rows, names)) is not None:
        # "Belgium" above its regions, "EU27_2020" below its countries: a whole named as an area would be
        # added to its parts; which level it is, no word says
        return [], [], said("row_sum_of_others", name=whole, header=area.header)
    return found


def _sum_of_all_the_others(sheet: RawSheet, columns: list[Column], data_rows: list[int], names: list) -> str | None:
    """The name of the first or last row when its figures are the sums of all the other rows' (not zero),
    and no word of it says its level (`ทั่วราชอาณาจักร` is read as the nation)."""
    figures = _summed_figures(columns)
    for position in (0, len(data_rows) - 1):
        row, others = data_rows[position], data_rows[:position] + data_rows[position + 1:]
        name = names[position]
        # (two figures at least: one figure may be the sum of two others by chance)
        if len(others) >= 2 and not find(words(name), load_lexicon().area_levels) \
                and sum(1 for n in figures_of_row(sheet, figures, row) if n) >= 2 and sums_rows(sheet, figures, row, others):
            return clean_text(str(name))
    return None


def _summed_figures(columns: list[Column]) -> list[Column]:
    return [c for c in columns if (c.field in FIGURE_FIELDS or c.is_age_band) and not c.rate and c.unit != "%"]


# A name written with no level word, as the gazetteer knows it (config/gazetteer.csv): "ลำพูน", "ป่าซาง".
GAZETTEER_RANK = {"province": 0, "amphoe": 1}


def _by_ranks(sheet: RawSheet, columns: list[Column], data_rows: list[int], area: Column,
              ranks: list[int | None]) -> tuple[list[int], list[int], Said | None]:
    known = {rank for rank in ranks if rank is not None}
    if len(known) < 2:
        return [], [], None
    finest = max(known)
    figures = _summed_figures(columns)
    subtotals: list[int] = []
    headings: list[int] = []
    for position, rank in enumerate(ranks):
        if rank is None or rank == finest:
            continue
        below, above = _finer_rows(ranks, position, +1), _finer_rows(ranks, position, -1)
        row = data_rows[position]
        if figures and any(sums_rows(sheet, figures, row, [data_rows[k] for k in finer]) for finer in (below, above)):
            subtotals.append(row)
        elif below and figures and not any(figures_of_row(sheet, figures, row)):
            headings.append(row)  # "อำเภอเมือง" with blank figures (or dashes) over its tambons
        else:
            finer = next((k for k in range(position + 1, len(ranks)) if ranks[k] is not None and ranks[k] > rank), None)
            return [], [], said("areas_of_two_levels", coarse=_cell(sheet, row, area.index),
                                fine=_cell(sheet, data_rows[finer], area.index) if finer is not None else "",
                                header=area.header)
    if subtotals or headings:
        twice = _named_under_two_parents(sheet, area.index, data_rows, ranks)
        if twice is not None:  # "หมู่ที่ 1" of two tambons: without its tambon, two villages would be one area
            return [], [], said("areas_of_two_levels", coarse=twice[1], fine=twice[0], header=area.header)
    return subtotals, headings, None


def _named_under_two_parents(sheet: RawSheet, column: int, data_rows: list[int],
                             ranks: list[int | None]) -> tuple[str, str] | None:
    """(a finer area's name, its second parent) when the same name stands under two coarser areas."""
    parents: dict[str, object] = {}
    finest = max(rank for rank in ranks if rank is not None)
    parent = None
    order = list(range(len(ranks)))
    if next(rank for rank in ranks if rank is not None) == finest:
        order.reverse()  # subtotals printed after their areas: each area's parent is the row after them
    for position in order:
        rank, name = ranks[position], _cell(sheet, data_rows[position], column)
        if rank is not None and rank < finest:
            parent = name
        elif rank == finest and parent is not None:
            key = clean_text(str(name))
            if parents.setdefault(key, parent) != parent:
                return key, str(parent)
    return None


def _finer_rows(ranks: list[int | None], position: int, step: int) -> list[int]:
    """The rows of the next finer level below (step +1) or above (-1) the row at `position`, up to a row of
    its level or a coarser one (a row naming no level ends them too)."""
    rank, found = ranks[position], []
    k = position + step
    while 0 <= k < len(ranks) and ranks[k] is not None and ranks[k] > rank:
        found.append(k)
        k += step
    level = min((ranks[k] for k in found), default=None)
    return [k for k in found if ranks[k] == level]


def _cell(sheet: RawSheet, row: int, column: int) -> object:
    cells = sheet.rows[row]
    return cells[column] if column < len(cells) else None
