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

import math
import re

import numpy as np
import pandas as pd

from indicators.base.text import header_key
from indicators.config import vocabulary
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.headers import is_blank
from indicators.understand.lexicon import find, load_lexicon
from indicators.understand.meaning import names_a_ratio
from indicators.understand.periods import BARE_YEAR, year_in_text
from indicators.understand.profile import _number
from indicators.understand.relations import FIGURE_FIELDS, values_of
from indicators.understand.rows import body_columns, label_text
from indicators.understand.words import words

KEY_FIELDS = ("sex", "measure", "category", "age", "age_group", "year", "fiscal_year", "period", "period_yymm",
              "month", "breakdown")
TOTAL_REASONS = ("totals", "totals_unlabelled", "area_subtotal")
AREA_PARTS = frozenset(header_key(w) for w in vocabulary()["area_parts"])
MAX_DECIMALS = 6
ROUNDED_UNITS = re.compile(r"พัน|หมื่น|แสน|ล้าน|thousand|million|billion|'000|000s")
# figures that are a mean of their kind, whatever their header says: a total row gives the overall one
NEVER_SUMMED = ("คะแนน", "score", "gpa", "เกรด", "grade point")
TOTAL_WORDS = tuple(header_key(w) for w in ("รวม", "ทั้งหมด", "รวมทั้งหมด", "รวมทั้งสิ้น", "ยอดรวม", "total", "all", "both"))


def totals_not_summed(sheet: RawSheet, plan) -> list[Said]:
    """The doubt for the first labelled total row that is no sum of the rows it totals (one is enough to ask)."""
    figures = [c for c in plan.columns if (c.field in FIGURE_FIELDS or c.is_age_band) and not c.rate
               and not _averaged(c.header) and not names_a_ratio(c.header or "")]
    labelled = sorted(d.row - sheet.first_row - 1 for d in plan.dropped if d.reason == "totals")
    if plan.measure_rate or not figures or not labelled:
        return []
    data = sorted({i for start in plan.data_rows for i in plan.records.get(start, [start])})
    totals = sorted(d.row - sheet.first_row - 1 for d in plan.dropped if d.reason in TOTAL_REASONS)
    table = _Figures(sheet, figures, data, plan.title_text)
    keys = table.keys = [c.index for c in plan.columns if c.field in KEY_FIELDS]
    # the values of a single key column ("ชาย", "หญิง"), each distinct cell read once
    known = frozenset(_key_text(c) for c in {sheet.rows[i][keys[0]] for i in data if keys[0] < len(sheet.rows[i])}
                      if not is_blank(c)) if len(keys) == 1 else frozenset()
    section: dict[tuple, int] = {}  # the last grand total of each key: where the next grand total's rows begin
    for t in labelled:
        if _averaged(label_text(sheet.rows[t])):
            continue
        key = _key_of(sheet, t, keys, known)
        same = table.rows_of(sheet, keys, key)
        start = section.get(key, -1)
        before = max((j for j in totals if j < t), default=-1)
        after = min((j for j in totals if j > t), default=len(sheet.rows))
        window, since, below = table.between(same, before, t), table.between(same, start, t), table.between(same, t, after)
        subtotals = [j for j in totals if start < j < t and _matches(sheet, j, keys, key)]
        # on top of groups with their own subtotals: every row below it
        everything_below = table.between(same, t, len(sheet.rows))
        choices = [("window", window, []), ("since", since, []), ("naive", since, subtotals), ("below", below, []),
                   ("all_below", everything_below, [])]
        matched = next((name for name, rows, extra in choices for chosen in table.with_and_without_parts(rows)
                        if table.sums(t, chosen, extra)), None)
        if matched in ("since", "naive"):
            section[key] = t
        elif matched is None:
            column, total, summed = table.closest_difference(t, [rows for _, rows, _ in choices if len(rows)])
            return [said("total_row_not_sum", row=sheet.first_row + t + 1, label=label_text(sheet.rows[t]),
                         header=column, total=_shown(total), sum=_shown(summed))]
    return []


class _Figures:
    """The figure columns' numbers on the data rows, read once (per distinct cell), with running sums."""

    def __init__(self, sheet: RawSheet, figures: list, data: list[int], title: str = ""):
        self.sheet, self.figures, self.data = sheet, figures, np.asarray(data, dtype=np.int64)
        # "หน่วย: ล้านบาท", "(พันคน)": whole numbers rounded from finer ones, their total rounded on its own
        self.rounded_units = bool(ROUNDED_UNITS.search(" ".join([title, *(c.header or "" for c in figures)]).casefold()))
        width = max(c.index for c in figures) + 1
        columns = body_columns([sheet.rows[i] for i in data], width)  # transposed once, in C
        self.values = {c.index: _numbers(columns[c.index]) for c in figures}
        self.running = {j: np.concatenate([[0.0], np.cumsum(np.nan_to_num(v))]) for j, v in self.values.items()}
        self.decimals = {j: _decimals_of(v) for j, v in self.values.items()}
        self._keyed: dict[tuple, np.ndarray] = {}
        self._parts: list[np.ndarray] | None = None
        self.keys: list[int] = []

    def rows_of(self, sheet: RawSheet, keys: list[int], key: tuple) -> np.ndarray | None:
        """Positions (in the data rows) sharing the total's key; None when any row does (no key said)."""
        if all(v is None for v in key):
            return None
        if key not in self._keyed:
            self._keyed[key] = np.flatnonzero([_matches(sheet, int(i), keys, key) for i in self.data])
        return self._keyed[key]

    def between(self, same: np.ndarray | None, low: int, high: int):
        """The data rows strictly between two sheet rows: a (start, stop) range, or positions when keyed."""
        lo, hi = np.searchsorted(self.data, low, side="right"), np.searchsorted(self.data, high, side="left")
        if same is None:
            return range(int(lo), int(max(lo, hi)))
        return same[(same >= lo) & (same < hi)]

    def sums(self, row: int, positions, extra_rows: list[int]) -> bool:
        if not len(positions):
            return False
        compared = 0
        for column in self.figures:
            total = values_of(self.sheet, [row], column.index)[0]
            if total is None:
                continue
            summed = self._sum(column.index, positions) + sum(v or 0 for v in values_of(self.sheet, extra_rows, column.index))
            if abs(total - summed) > self.tolerance(column.index, total, len(positions) + len(extra_rows)):
                return False
            compared += 1
        return compared > 0

    def tolerance(self, index: int, total: float, count: int) -> float:
        """What rounding can make of a sum: exact for whole counts; half a unit of the last decimal written
        for each figure as random roundings add up (2√n + 1 of them, never n: 80 figures of one decimal are
        not 4 off by rounding), and half of the total's own when it is rounded coarser than its parts."""
        cells, own = self.decimals[index], _decimals(total)
        if cells == 0 and own == 0 and not self.rounded_units:
            return 1e-6
        spread = 0.5 * 10 ** -cells * (2 * math.sqrt(count) + 1)
        return spread + (0.5 * 10 ** -own if own < cells else 0.0)

    def _sum(self, index: int, positions) -> float:
        if isinstance(positions, range):
            return float(self.running[index][positions.stop] - self.running[index][positions.start])
        return float(np.nansum(self.values[index][positions]))

    def with_and_without_parts(self, positions):
        """The rows; then, when some are parts beside their whole — an area's part (ในเขตเทศบาล) beside its
        area, or a long table's sexes beside its "รวม" — without them and them alone. Which rows are such is
        read only when a plain sum failed (a cell at a time)."""
        yield positions
        chosen = np.asarray(positions, dtype=np.int64)
        if not len(chosen):
            return
        if self._parts is None:
            rows = [self.sheet.rows[i] for i in self.data]
            self._parts = [np.asarray([any(header_key(c) in AREA_PARTS for c in row if isinstance(c, str)) for row in rows],
                                      dtype=bool),
                           np.asarray([any(j < len(row) and isinstance(row[j], str) and header_key(row[j]) in TOTAL_WORDS
                                           for j in self.keys) for row in rows], dtype=bool)]
        for parts in self._parts:
            if parts[chosen].any() and not parts[chosen].all():
                yield chosen[~parts[chosen]]
                yield chosen[parts[chosen]]

    def closest_difference(self, row: int, candidates: list) -> tuple[str, float, float]:
        """(header, total, sum) for the first figure that differs, against the rows whose sum comes closest."""
        found = []
        for column in self.figures:
            total = values_of(self.sheet, [row], column.index)[0]
            if total is not None:
                sums = [self._sum(column.index, rows) for rows in candidates] or [0.0]
                closest = min(sums, key=lambda summed: abs(total - summed))
                found.append((column.header, total, closest))
                if abs(total - closest) > 1e-6:
                    return found[-1]
        return found[0] if found else (self.figures[0].header, 0.0, 0.0)


def _numbers(cells: np.ndarray) -> np.ndarray:
    """The number each cell of a column holds (NaN for none), each distinct cell read once."""
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    read = np.asarray([np.nan if (n := _number(u)) is None else n for u in uniques] + [np.nan], dtype=float)
    return read[codes]


def _decimals_of(values: np.ndarray) -> int:
    written = values[~np.isnan(values)]
    fractional = written[written != np.floor(written)]
    return max((_decimals(v) for v in np.unique(fractional)[:1000]), default=0)


def _key_of(sheet: RawSheet, row: int, keys: list[int], known: frozenset = frozenset()) -> tuple:
    """The total row's cells in the key columns; blank, its own label or a total word ("รวม" as a sex) there
    totals over that column."""
    cells = sheet.rows[row]
    label = header_key(label_text(cells))
    found = []
    for j in keys:
        cell = cells[j] if j < len(cells) else None
        text = header_key(cell) if not is_blank(cell) else None
        over = text is None or text == label or text in TOTAL_WORDS
        found.append(None if over else _key_text(cell))
    if len(keys) == 1 and found[0] is None and _key_text(label) in known:
        found[0] = _key_text(label)  # "รวมชาย" alone on its row, the sex column blank: the total of ชาย
    return tuple(found)


def _key_text(cell) -> str:
    """A key cell as compared: "รวมชาย" is the total of ชาย, "พ.ศ. 2566" the year 2566 written otherwise."""
    text = header_key(cell)
    for word in TOTAL_WORDS:
        if text.startswith(word) and len(text) > len(word):
            text = text[len(word):].strip()
            break
    year = year_in_text(text) if any(ch.isdigit() for ch in text) else None
    return f"year {year}" if year is not None and BARE_YEAR.match(text) else text


def _matches(sheet: RawSheet, row: int, keys: list[int], key: tuple) -> bool:
    cells = sheet.rows[row]
    return all(wanted is None or (j < len(cells) and not is_blank(cells[j]) and _key_text(cells[j]) == wanted)
               for j, wanted in zip(keys, key))


def _decimals(value: float) -> int:
    if float(value).is_integer():
        return 0
    text = repr(float(value))
    return min(len(text.split(".")[1]), MAX_DECIMALS) if "." in text and "e" not in text else MAX_DECIMALS


def _shown(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.{min(_decimals(value), 3)}f}"


def _averaged(text: str) -> bool:
    """An average, median, density, index or score ("ค่าเฉลี่ย", "ความหนาแน่นของประชากร", "คะแนนภาษาไทย"):
    never a sum."""
    lexicon = load_lexicon()
    return bool(text) and (any(word in text.casefold() for word in NEVER_SUMMED) or any(
        find(words(text), table) for table in (lexicon.averages, lexicon.summaries)))
