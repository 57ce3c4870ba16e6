"""Which body rows of a sheet are data, and why the others are dropped (blank, totals, notes,
repeated headers) — decided for all rows at once.

Every cell is classified through its column's distinct values (blank? a number? words? a total label?
a note?), giving boolean matrices of rows × columns; the per-row rules are then numpy reductions over
those matrices. A 200k-row sheet costs about as much as its distinct cells, not one Python loop per row.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from indicators.base import text
from indicators.base.thai import thai_digits_to_ascii
from indicators.config import vocabulary
from indicators.understand.vocabulary import IDENTIFYING_FIELDS, TIME_FIELDS

ANY_DIGIT = re.compile(r"\d")
# An amount written with its unit or a trailing mark: "10,000.-บาท", "60 ราย", "1,250 บาท" (a value, not words).
DIGITS = frozenset("0123456789๐๑๒๓๔๕๖๗๘๙+-")
AMOUNT_TEXT = re.compile(r"[-+]?[0-9][0-9,]*(?:\.[0-9]+)?\s*[-.]*\s*(?:บาท|ราย|คน|แห่ง|ครั้ง|baht|%)?[-.]*")
NOT_VALUES = (*IDENTIFYING_FIELDS, "ignored", "flag_value", "personal_dropped", "organiser", "partner", "mode",
              "target_group", "kf_code", "people_in_text", "unit", "flag", "person_name", "national_id", "phone",
              "email")
# Thai subtotal labels glue the group to "รวม": รวมประถม, รวมมัธยมต้น, รวมทั้งสิ้น, รวมเขต...
SUBTOTAL_STEMS = tuple(vocabulary()["subtotal_stems"])
# "Central Subtotal", "North sub-total": a subtotal named by what it adds up, before the word
CLOSING_SUBTOTAL = re.compile(r".*\ssub[- ]?totals?\Z")
SUMMARY_LABELS = frozenset(text.header_key(label) for label in vocabulary()["summary_row_labels"])


@dataclass(frozen=True)
class RowRules:
    total_prefixes: tuple[str, ...]
    footnote_prefixes: tuple[str, ...]


def is_total_label(label: str, prefixes: tuple[str, ...]) -> bool:
    """ "รวม", "รวมทั้งหมด", "รวม อบ.", "รวมประถม", "รวม/เฉลี่ย", "Grand total" — but not "รวมพลังชุมชน" (a
    title): a label counts only when it is a total word, or one followed by a space, a dot, a slash or a
    subtotal stem."""
    if CLOSING_SUBTOTAL.search(label):
        return True
    for prefix in prefixes:
        if label == prefix:
            return True
        if prefix and label.startswith(prefix):
            rest = label[len(prefix):]
            if rest[:1] in (" ", ".", ":", "-", "(", "/") or rest.startswith(SUBTOTAL_STEMS):
                return True
    return False


@lru_cache(maxsize=8)
def _total_label_pattern(prefixes: tuple[str, ...]) -> re.Pattern:
    """is_total_label as one regular expression: a prefix, then the end, a separator or a subtotal stem."""
    words = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True) if p)
    stems = "|".join(re.escape(s) for s in SUBTOTAL_STEMS)
    empty = r"\Z|" if "" in prefixes else ""
    closing = CLOSING_SUBTOTAL.pattern
    return re.compile(rf"{empty}(?:{words})(?:\Z|[ .:\-(/]|{stems})|{closing}" if words else (empty.rstrip("|") or closing))


@dataclass
class CellClasses:
    """rows × columns matrices describing every body cell."""

    blank: np.ndarray
    numeric: np.ndarray  # a number, or text that is a number
    words: np.ndarray  # text that is not a number
    valued: np.ndarray  # a number or any non-text value (dates, booleans)
    codes: np.ndarray  # id of the normalised text, comparable across columns; -1 for blank
    texts: list[str]  # normalised text of each id
    # numbers of the silent columns (row numbers, codes), read as blank above: {column: rows holding one}
    silenced: dict[int, np.ndarray] = field(default_factory=dict)


def _classify_uniques(uniques: np.ndarray, text_ids: dict[str, int], silent: bool = False) -> tuple:
    """(blank, numeric, words, valued, code, silenced) of each distinct cell of a column; the text cells
    go through the batch functions in one go (a title column has as many distinct cells as rows). In a
    `silent` column (row numbers, codes) a number says nothing about its row: it reads as blank."""
    count = len(uniques)
    is_str = np.fromiter((isinstance(cell, str) for cell in uniques), bool, count)
    strings = [cell for cell in uniques[is_str]]
    blank = np.zeros(count, bool)
    numeric = np.zeros(count, bool)
    keys: list[str | None] = [None] * count
    blank[is_str] = text.blanks(strings)
    numbers = np.asarray(text.number_texts(strings), bool)
    # amounts with a unit ("10,000.-บาท", "96 คน"): only texts that start with a digit can be one
    for k in np.flatnonzero(~numbers):
        cell = strings[k].lstrip()
        if cell[:1] in DIGITS and AMOUNT_TEXT.fullmatch(thai_digits_to_ascii(cell).rstrip()) is not None:
            numbers[k] = True
    numeric[is_str] = numbers
    numeric[is_str] &= ~blank[is_str]
    for position in np.flatnonzero(~is_str):
        cell = uniques[position]
        blank[position] = cell is None
        numeric[position] = cell is not None and isinstance(cell, (int, float)) and not isinstance(cell, bool)
    silenced = numeric.copy() if silent else np.zeros(count, bool)
    blank |= silenced
    numeric &= ~silenced
    present = np.flatnonzero(~(blank & ~is_str) & ~silenced)  # every cell but None: numbers, dates have keys too
    for position, key in zip(present, text.header_keys([uniques[p] for p in present])):
        keys[position] = key
    words = is_str & ~blank & ~numeric
    valued = ~blank & (numeric | ~is_str)
    code = np.fromiter((-1 if empty else text_ids.setdefault(key, len(text_ids)) for empty, key in zip(blank, keys)),
                       np.int64, count)
    return blank, numeric, words, valued, code, silenced


def body_columns(body: list[list[object]], width: int) -> list[np.ndarray]:
    """The rows' first `width` columns, each as an object array (a short row's missing cells None). Only
    the rows of another length are copied (a CSV's title and blank lines); numpy then transposes them all
    in C: 0.04 s for a 200k-row register, where zip_longest over 200k row iterators took 0.5 s."""
    if not body or width == 0:
        return [np.full(len(body), None, dtype=object) for _ in range(width)]
    # the matrix is as wide as most rows (at least `width`), so that those rows go in as they are
    common = max(width, Counter(map(len, body)).most_common(1)[0][0])
    rows = [row if len(row) == common else [*row[:common]] + [None] * (common - len(row)) for row in body]
    matrix = np.empty((len(rows), common), dtype=object)
    matrix[:] = rows  # cells are never sequences a str aside, so each row fills one line of the matrix
    return [np.ascontiguousarray(matrix[:, j]) for j in range(width)]


def classify_cells(body: list[list[object]], width: int, silent: frozenset[int] = frozenset()) -> CellClasses:
    """Every body cell classified, the texts compared by their `text.header_key`; the numbers of the
    `silent` columns read as blank (and are kept in `silenced`)."""
    rows = len(body)
    columns = body_columns(body, width)
    shape = (rows, width)
    blank, numeric, words, valued = (np.zeros(shape, bool) for _ in range(4))
    codes = np.full(shape, -1, dtype=np.int64)
    text_ids: dict[str, int] = {}
    silenced: dict[int, np.ndarray] = {}
    for j in range(width):
        positions, uniques = pd.factorize(columns[j], use_na_sentinel=True)
        u_blank, u_numeric, u_words, u_valued, u_code, u_silenced = _classify_uniques(
            np.asarray(uniques, dtype=object), text_ids, j in silent)
        missing = positions < 0
        take = np.where(missing, 0, positions)
        if j in silent:
            silenced[j] = np.where(missing, False, u_silenced[take] if len(u_silenced) else False)
        for target, values, when_missing in ((blank, u_blank, True), (numeric, u_numeric, False),
                                             (words, u_words, False), (valued, u_valued, False)):
            target[:, j] = np.where(missing, when_missing, values[take] if len(values) else when_missing)
        codes[:, j] = np.where(missing, -1, u_code[take] if len(u_code) else -1)
    texts = [""] * len(text_ids)
    for key, index in text_ids.items():
        texts[index] = key
    return CellClasses(blank, numeric, words, valued, codes, texts, silenced)


def _first_true(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    found = matrix.any(axis=1)
    return np.where(found, matrix.argmax(axis=1), -1), found


def drop_reasons(cells: CellClasses, column_fields: list[str | None], header_rows: list[list[str]],
                 rules: RowRules, trailing: list[int] | None = None) -> list[str | None]:
    """Per body row: None (data) or why it is dropped. `header_rows` are the header's rows (as keys): a
    body row repeating any of them is a header printed again. The rows dropped only because they
    come after the table's last value are added to `trailing` (a register's last record may run on
    over them)."""
    rows, width = cells.blank.shape
    if rows == 0:
        return []
    index = np.arange(rows)
    total_label = _total_label_pattern(rules.total_prefixes)
    is_total = np.asarray([total_label.match(t) is not None for t in cells.texts] + [False])
    is_note = np.asarray([t.startswith(rules.footnote_prefixes) for t in cells.texts] + [False])
    is_total_word = np.asarray([t in rules.total_prefixes for t in cells.texts] + [False])
    is_total |= np.asarray([t in SUMMARY_LABELS for t in cells.texts] + [False])

    nonblank = ~cells.blank
    nonblank_count = nonblank.sum(axis=1)
    lead_col, has_words = _first_true(cells.words)
    first_col, _ = _first_true(nonblank)
    lead_code = np.where(has_words, cells.codes[index, np.maximum(lead_col, 0)], -1)
    first_code = cells.codes[index, np.maximum(first_col, 0)]
    label_code = np.where(has_words, lead_code, first_code)

    same_as_label = (cells.codes == label_code[:, None]) | cells.blank
    note = is_note[label_code] & ((nonblank_count <= 2) | (first_code == label_code) | same_as_label.all(axis=1))

    text_id = {text: i for i, text in enumerate(cells.texts)}
    header_repeat = np.zeros(rows, bool)
    for header_texts in header_rows:
        header_ids = np.asarray([text_id.get(h, -2) if h else -2 for h in (header_texts + [""] * width)[:width]])
        matches = (cells.codes == header_ids[None, :]).sum(axis=1)
        named = sum(1 for h in header_texts[:width] if h)
        header_repeat |= matches >= np.maximum(min(2, named), nonblank_count // 2) if named else False

    def columns_where(test) -> list[int]:
        return [j for j, f in enumerate(column_fields) if test(f)]

    time_cols = columns_where(lambda f: f in TIME_FIELDS)
    ident_cols = columns_where(lambda f: f in IDENTIFYING_FIELDS)
    value_cols = columns_where(lambda f: f is not None and f not in NOT_VALUES)
    has_time = nonblank[:, time_cols].any(axis=1) if time_cols else np.zeros(rows, bool)
    total = has_words & is_total[lead_code] & (~has_time | is_total_word[lead_code])
    unlabelled_total = (~nonblank[:, ident_cols].any(axis=1) & cells.numeric[:, value_cols].any(axis=1)
                        if ident_cols and value_cols else np.zeros(rows, bool))

    evidence_cols = value_cols + time_cols
    has_value = cells.valued[:, evidence_cols].any(axis=1) if evidence_cols else np.ones(rows, bool)
    if time_cols:  # a date typed as text ("15 ม.ค. 2567") is evidence too; a note's words are not
        with_digit = np.asarray([ANY_DIGIT.search(key) is not None for key in cells.texts] + [False])
        time_codes = cells.codes[:, time_cols]
        has_value |= ((time_codes >= 0) & with_digit[time_codes]).any(axis=1)

    reasons: list[str | None] = [None] * rows
    for reason, mask in (("blank", nonblank_count == 0), ("footnote", note), ("header_repeat", header_repeat),
                         ("totals", total), ("totals_unlabelled", unlabelled_total)):
        for i in np.flatnonzero(mask):
            if reasons[i] is None:
                reasons[i] = reason
    kept = [i for i in range(rows) if reasons[i] is None and has_value[i]]
    last = kept[-1] if kept else -1
    for i in range(last + 1, rows):  # notes below the table: after the last row with a number or a date
        if reasons[i] is None:
            reasons[i] = "footnote"
            if trailing is not None:
                trailing.append(i)
    return reasons


def label_text(body_row: list[object]) -> str:
    """What to show for a dropped row: its first words, else its first cell."""
    for cell in body_row:
        if isinstance(cell, str) and cell.strip() and not text.is_number_text(cell):
            return cell.strip()[:80]
    return next((str(c)[:80] for c in body_row if c not in (None, "")), "")
