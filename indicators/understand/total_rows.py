"""A labelled total row ('รวม', 'Total', 'รวมทั้งสิ้น') is dropped, since its figures are the rows' sum — and
so it is checked to be. Dropped unchecked, a 'รวม' of 9,999 over rows adding up to 4,200 went without a word
(a reviewer's find): rows missing, or a total of something else, and nobody asked.

A total is the sum of the rows it totals when it equals any of: the data rows since the previous total (a
subtotal), those since the last grand total (a grand total after subtotals; a second school's after the
first's), those and the subtotals between them (a SUM over the whole range), or the rows after it up to
the next total (a total written on top). Rows of a long table count only where they share the total's
measure, sex, year or breakdown (a total per measure); rows naming an area's part (ในเขตเทศบาล) beside
their area are tried with and without. Averages (เฉลี่ย), rates and percentages are never sums."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from indicators.base.text import header_key
from indicators.config import vocabulary
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.headers import is_blank
from indicators.understand.lexicon import find, load_lexicon
from indicators.understand.relations import FIGURE_FIELDS, values_of
from indicators.understand.rows import label_text
from indicators.understand.words import words

KEY_FIELDS = ("sex", "measure", "category", "age", "age_group", "year", "fiscal_year", "period", "period_yymm",
              "month", "breakdown")
TOTAL_REASONS = ("totals", "totals_unlabelled", "area_subtotal")
AREA_PARTS = frozenset(header_key(w) for w in vocabulary()["area_parts"])
MAX_DECIMALS = 6


def totals_not_summed(sheet: RawSheet, plan) -> list[Said]:
    """The doubt for the first labelled total row that is no sum of the rows it totals (one is enough to ask)."""
    figures = [c for c in plan.columns if (c.field in FIGURE_FIELDS or c.is_age_band) and not c.rate
               and not _averaged(c.header)]
    labelled = sorted(d.row - sheet.first_row - 1 for d in plan.dropped if d.reason == "totals")
    if plan.measure_rate or not figures or not labelled:
        return []
    data = sorted({i for start in plan.data_rows for i in plan.records.get(start, [start])})
    totals = sorted(d.row - sheet.first_row - 1 for d in plan.dropped if d.reason in TOTAL_REASONS)
    keys = [c.index for c in plan.columns if c.field in KEY_FIELDS]
    parts = {i for i in data if any(header_key(c) in AREA_PARTS for c in sheet.rows[i] if isinstance(c, str))}
    section = {}  # the last grand total of each key: where the next grand total's rows begin
    for t in labelled:
        if _averaged(label_text(sheet.rows[t])):
            continue
        key = _key_of(sheet, t, keys)
        same = [i for i in data if _matches(sheet, i, keys, key)] if any(v is not None for v in key) else data
        start = section.get(key, -1)
        before = max((j for j in totals if j < t), default=-1)
        after = min((j for j in totals if j > t), default=len(sheet.rows))
        window, since, below = _between(same, before, t), _between(same, start, t), _between(same, t, after)
        subtotals = [j for j in totals if start < j < t and _matches(sheet, j, keys, key)]
        choices = [("window", window), ("since", since), ("naive", since + subtotals), ("below", below)]
        matched = next((name for name, rows in choices for chosen in _with_and_without(rows, parts)
                        if _sums(sheet, figures, t, chosen)), None)
        if matched in ("since", "naive"):
            section[key] = t
        elif matched is None:
            column, total, summed = _first_difference(sheet, figures, t, window or since or below)
            return [said("total_row_not_sum", row=sheet.first_row + t + 1, label=label_text(sheet.rows[t]),
                         header=column, total=_shown(total), sum=_shown(summed))]
    return []


def _between(rows: list[int], low: int, high: int) -> list[int]:
    return rows[bisect_right(rows, low):bisect_left(rows, high)]


def _with_and_without(rows: list[int], parts: set[int]):
    yield rows
    if parts & set(rows):
        yield [i for i in rows if i not in parts]
        yield [i for i in rows if i in parts]


def _key_of(sheet: RawSheet, row: int, keys: list[int]) -> tuple:
    """The total row's cells in the key columns; blank, or the total's own label there, totals over it."""
    cells = sheet.rows[row]
    found = []
    for j in keys:
        cell = cells[j] if j < len(cells) else None
        text = header_key(cell) if not is_blank(cell) else None
        found.append(None if text is None or text == header_key(label_text(cells)) else text)
    return tuple(found)


def _matches(sheet: RawSheet, row: int, keys: list[int], key: tuple) -> bool:
    cells = sheet.rows[row]
    return all(wanted is None or (j < len(cells) and not is_blank(cells[j]) and header_key(cells[j]) == wanted)
               for j, wanted in zip(keys, key))


def _sums(sheet: RawSheet, figures: list, total_row: int, rows: list[int]) -> bool:
    if not rows:
        return False
    compared = 0
    for column in figures:
        total = values_of(sheet, [total_row], column.index)[0]
        if total is None:
            continue
        parts = [v for v in values_of(sheet, rows, column.index) if v is not None]
        if abs(total - sum(parts)) > _tolerance([total, *parts]):
            return False
        compared += 1
    return compared > 0


def _tolerance(values: list[float]) -> float:
    """Rounding: half a unit of the last decimal written, for each figure added (exact for whole numbers)."""
    decimals = max((_decimals(v) for v in values), default=0)
    return 1e-6 if decimals == 0 else 0.5 * 10 ** -decimals * len(values)


def _decimals(value: float) -> int:
    if float(value).is_integer():
        return 0
    text = repr(float(value))
    return min(len(text.split(".")[1]), MAX_DECIMALS) if "." in text and "e" not in text else MAX_DECIMALS


def _first_difference(sheet: RawSheet, figures: list, total_row: int, rows: list[int]) -> tuple[str, float, float]:
    for column in figures:
        total = values_of(sheet, [total_row], column.index)[0]
        if total is not None:
            summed = sum(v for v in values_of(sheet, rows, column.index) if v is not None)
            if abs(total - summed) > _tolerance([total, summed]):
                return column.header, total, summed
    column = figures[0]
    return column.header, values_of(sheet, [total_row], column.index)[0] or 0.0, 0.0


def _shown(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.{min(_decimals(value), 3)}f}"


def _averaged(text: str) -> bool:
    return bool(text) and bool(find(words(text), load_lexicon().averages))
