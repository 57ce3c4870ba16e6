"""A form, not a table: one record laid out down the sheet ("ชื่อโครงการ | …", "วันที่ดำเนินการ | …",
"งบประมาณ (บาท) | 25,000", "จำนวนผู้เข้าร่วม (คน) | 60"), as offices fill a project report. Read as a
table, its labels would each become an activity; when a column's cells are themselves column names, a
person has to say how to read it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.base.text import blanks, header_key, header_keys, number_texts
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.headers import UNIT_IN_BRACKETS
from indicators.understand.meaning import read_header
from indicators.understand.rows import body_columns
from indicators.understand.vocabulary import FieldCatalogue

MIN_LABELS = 3


NAMING_FIELDS = (None, "title", "name", "place_name", "category", "ignored")


def labels_down_a_column(sheet: RawSheet, columns, data_rows: list[int], catalogue: FieldCatalogue) -> Said | None:
    """The doubt when most filled cells of a column read as names (a title, a category, a note) are known
    headers (at least three). A measure column ("รายการ" over "ผู้รับบริการ (คน)") names measures by design."""
    naming = [c.index for c in columns if c.field in NAMING_FIELDS]
    # the body transposed once, in C (body_columns), rather than a cell fetched row by row for each column
    body_cells = body_columns([sheet.rows[i] for i in data_rows], max(naming) + 1) if naming else []
    for j in naming:
        if labels := form_labels(body_cells[j], catalogue):
            return said("form_layout", labels=", ".join(labels[:3]))
    return None


def form_labels(column: np.ndarray, catalogue: FieldCatalogue) -> list[str] | None:
    """The column's texts when it reads as a form's labels: known headers, each written once, at least
    three and at least half its filled cells; else None."""
    filled, texts = _filled_texts(column)
    known = _known_texts(filled, texts, catalogue)
    if known is None:
        return None
    labels = [text.strip() for text in texts if known[text]]  # each written once: in the column's order
    # a form's labels are all different; a column of "ชาย"/"หญิง" down a list of people repeats them
    if len(labels) >= MIN_LABELS and len(set(labels)) == len(labels) and 2 * len(labels) >= filled:
        return labels
    return None


def _filled_texts(column: np.ndarray) -> tuple[int, dict[str, int]]:
    """How many cells are filled (not None, not a text of only spaces: headers.is_blank), and how often
    each filled text is written, in the order of first writing. Counted in C (pandas.factorize): a
    register's naming columns repeat a few texts, or hold 200k different ones, down 200k rows."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)  # None and NaN → -1
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    nones = int(np.equal(column, None).sum())
    strings = [k for k, cell in enumerate(uniques) if cell.__class__ is str]
    empty = blanks([uniques[k] for k in strings])
    texts = {uniques[k]: int(counts[k]) for k, is_empty in zip(strings, empty) if not is_empty}
    blank_cells = sum(int(counts[k]) for k, is_empty in zip(strings, empty) if is_empty)
    return len(column) - nones - blank_cells, texts


def _known_texts(filled: int, texts: dict[str, int], catalogue: FieldCatalogue) -> dict[str, bool] | None:
    """Whether each text of the column is a known header; None when the column cannot be a form's
    labels, which must be at least half its `filled` cells and each written once. The keys of a
    register's 200k titles are made in one batch (text.header_keys); a number names nothing and only a
    title with a bracket is read as a header."""
    needed = (filled + 1) // 2
    if len(texts) < needed:
        return None
    known = dict(zip(texts, _known_headers(list(texts), catalogue)))
    if any(known[text] and count > 1 for text, count in texts.items()):
        return None
    if sum(count for text, count in texts.items() if known[text]) < needed:
        return None
    return known


def _known_headers(texts: list[str], catalogue: FieldCatalogue, numbers: bool = True) -> list[bool]:
    """For each text, a column name known whole, or a measure with its unit in brackets ("งบประมาณที่ได้รับ
    (บาท)"); an activity's title names neither ("กิจกรรมวันเด็ก" has a measure's word but no unit)."""
    synonyms = catalogue.synonyms
    if numbers and not catalogue.numeric_synonyms:  # a number ("1" … "200000" down a row-number column) names nothing
        named = [not number for number in number_texts(texts)]
        answers = iter(_known_headers([text for text, name in zip(texts, named) if name], catalogue, numbers=False))
        return [name and next(answers) for name in named]
    known = []
    for text, key in zip(texts, header_keys(texts)):
        if key in synonyms:
            known.append(True)
        elif UNIT_IN_BRACKETS.search(text) is None:  # a key without brackets is unchanged by their removal
            known.append(False)
        else:
            known.append(_known_header(text, catalogue))
    return known


def _known_header(text: str, catalogue: FieldCatalogue) -> bool:
    """One text as `_known_headers` reads it."""
    key = header_key(text)
    if key in catalogue.synonyms or UNIT_IN_BRACKETS.sub(" ", key).strip() in catalogue.synonyms:
        return True
    # the bracket first: reading a header is costly, and a register's titles are all different
    return bool(UNIT_IN_BRACKETS.search(text) and read_header(text).measure)
