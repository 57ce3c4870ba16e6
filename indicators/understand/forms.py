"""A form, not a table: one record laid out down the sheet ("ชื่อโครงการ | …", "วันที่ดำเนินการ | …",
"งบประมาณ (บาท) | 25,000", "จำนวนผู้เข้าร่วม (คน) | 60"), as offices fill a project report. Read as a
table, its labels would each become an activity; when a column's cells are themselves column names, a
person has to say how to read it."""

from __future__ import annotations

from collections import Counter

import numpy as np

from indicators.base.text import blanks, header_key, header_keys
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.headers import UNIT_IN_BRACKETS, is_blank
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
        cells = _filled(body_cells[j])
        known = _known_texts(cells, catalogue)
        if known is None:
            continue
        labels = [str(c).strip() for c in cells if isinstance(c, str) and known[c]]
        # a form's labels are all different; a column of "ชาย"/"หญิง" down a list of people repeats them
        if len(labels) >= MIN_LABELS and len(set(labels)) == len(labels) and 2 * len(labels) >= len(cells):
            return said("form_layout", labels=", ".join(labels[:3]))
    return None


def _filled(column: np.ndarray) -> list:
    """The column's cells but None and the texts of only spaces (headers.is_blank), in order."""
    cells = column.tolist()
    texts = [cell for cell in cells if cell.__class__ is str]
    if len(texts) < len(cells) or not texts:
        return [cell for cell in cells if not is_blank(cell)]
    return [cell for cell, empty in zip(cells, blanks(texts)) if not empty]  # all str: blanks in one batch


def _known_texts(cells: list, catalogue: FieldCatalogue) -> dict[str, bool] | None:
    """Whether each text of the column is a known header; None when the column cannot be a form's
    labels, which must be at least half its cells and each written once. The keys of a register's 200k
    titles are made in one batch (text.header_keys) and only a title with a bracket is read as a header."""
    texts = Counter(c for c in cells if isinstance(c, str))
    needed = (len(cells) + 1) // 2
    if len(texts) < needed:
        return None
    known = dict(zip(texts, _known_headers(list(texts), catalogue)))
    if any(known[text] and count > 1 for text, count in texts.items()):
        return None
    if sum(count for text, count in texts.items() if known[text]) < needed:
        return None
    return known


def _known_headers(texts: list[str], catalogue: FieldCatalogue) -> list[bool]:
    """For each text, a column name known whole, or a measure with its unit in brackets ("งบประมาณที่ได้รับ
    (บาท)"); an activity's title names neither ("กิจกรรมวันเด็ก" has a measure's word but no unit)."""
    synonyms = catalogue.synonyms
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
