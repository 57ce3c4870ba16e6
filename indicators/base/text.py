"""Text normalisation, one way for every stage: what a cell says, as a header key, a category key or
keyword text — per cell in Python and for whole columns with Arrow kernels, side by side.

People type the same word many ways: Thai digits, zero-width spaces pasted from the web, a tone mark
typed before its vowel, doubled spaces, a trailing colon. Every stage compares text only after it went
through here, so "ปี ๒๕๖๗ :" in a header, a cell and a rule are the same key.

A 200k-row register has 200k distinct titles; cleaning them one Python call at a time costs seconds,
so each per-cell function has a batch twin running Arrow's compiled string kernels. Arrow and Python
agree exactly on "safe" text — ASCII, Thai and the invisible characters we remove (NFC, lower case =
casefold, `\\s` = the ASCII spaces) — so only the rare other text (emoji, accented Latin, unusual
spaces) takes the per-cell Python function. tests/test_text.py checks both paths give the same answers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime
from itertools import chain

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from indicators.base.memory import cell_cache
from indicators.base.thai import thai_digits_to_ascii

# Format characters (zero-width spaces, BOMs, direction marks, soft hyphens) and NUL: invisible, removed.
# Unicode has them below U+20000 and in the tag block U+E0000: scanning only there keeps the import fast.
# Control characters (U+0001 "North\x01", ESC, DEL, C1) are removed too: nobody means them, spreadsheets
# cannot hold them, and a page writing one into a workbook fails. The ones that are spaces (tab, line
# breaks, \x1c–\x1f, U+0085) become a space below, with the other spaces.
CONTROL = [c for c in (*range(0x20), *range(0x7F, 0xA0)) if not chr(c).isspace()]
INVISIBLE = dict.fromkeys([*CONTROL, *(c for c in chain(range(0x20000), range(0xE0000, 0xE1000))
                                       if unicodedata.category(chr(c)) == "Cf")])
SPACES = re.compile(r"\s+")
NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?")

# Whole-string pattern (RE2) of text on which the Arrow kernels equal Python's str methods.
SAFE = "^[\\t\\n\\r\\x20-\\x7e\\x{0e00}-\\x{0e7f}\\x{200b}\\x{200c}\\x{200d}\\x{2060}\\x{feff}]*$"
ARROW_INVISIBLE = "[\\p{Cf}\\x00-\\x08\\x0e-\\x1b\\x7f-\\x84\\x86-\\x9f]"  # INVISIBLE
ARROW_NUMBER = "^-?[0-9]+(\\.[0-9]+)?$"  # NUMBER_TEXT, on text already with ASCII digits and no commas
ARROW_NOT_WORD = "[\\p{P}\\p{S}\\p{Z}\\p{Cc}\\s]+"  # punctuation, symbols, spaces: word breaks for keywords
SMALL = 64  # below this many texts the per-cell functions are faster than setting up Arrow


# --- per cell ------------------------------------------------------------------------------------------


def as_text(cell: object) -> str:
    """A cell as written: 2567.0 (how a reader gives a whole number) is "2567"."""
    return str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)


@cell_cache(maxsize=200_000)
def clean_text(text: str) -> str:
    """Text as people meant it: NFC, nothing invisible, ASCII digits, single spaces, trimmed."""
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    return SPACES.sub(" ", thai_digits_to_ascii(text)).strip()


def header_key(cell: object) -> str:
    """A header (or any cell) for matching: cleaned, case-folded, without a trailing ':'."""
    if cell is None:
        return ""
    return clean_text(as_text(cell)).casefold().strip(" :")


def category_key(value: object) -> str | None:
    """A category or other label compared ignoring case and spacing; None when missing."""
    if _missing(value):
        return None
    return clean_text(str(value)).casefold() or None


def cell_text(cell: object) -> str | None:
    """The text a person sees in the cell (12.0 shows as "12", a date cell as its ISO date); None if blank."""
    if cell is None:
        return None
    if isinstance(cell, (bool, np.bool_)):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, (float, np.floating)):
        if np.isnan(cell):
            return None
        return str(int(cell)) if float(cell).is_integer() else repr(float(cell))
    if isinstance(cell, (datetime, date)):
        return cell.strftime("%Y-%m-%d") if cell.year >= 1000 else cell.isoformat()[:10]
    return clean_text(str(cell)) or None


def printable(text: str) -> str:
    """A name as given (a file or sheet name), without the control and invisible characters of INVISIBLE."""
    return text.translate(INVISIBLE)


# A footnote's mark after a figure ("1,250 1/", "980*"): the note is under the table, the figure is 1,250.
NUMBER_FOOTNOTE = re.compile(r"(?<=\d)\s*\*{1,3}$|(?<=\d)\s+\d{1,2}/$")


def without_footnote_mark(text: str) -> str:
    return NUMBER_FOOTNOTE.sub("", text.strip())


def is_number_text(text: str) -> bool:
    """Text that is a number: "1,234", "๑๒", " -3.5 "."""
    return bool(NUMBER_TEXT.fullmatch(thai_digits_to_ascii(text).replace(",", "").strip()))


def is_blank_text(text: str) -> bool:
    return not text.strip()


def keyword_key(keyword: object) -> str | None:
    """A mapping keyword prepared as activity texts are (keyword_texts); a final `*` (prefix) is kept."""
    if _missing(keyword):
        return None
    text = str(keyword).strip()
    prefix = text.endswith("*")
    prepared = SPACES.sub(" ", keyword_texts([text.rstrip("*")])[0]).strip()
    return (prepared + "*" if prefix else prepared) or None


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


# --- whole columns -------------------------------------------------------------------------------------


def _batched(texts: list[str], per_cell: Callable[[str], object], kernels: Callable[[pa.Array], pa.Array]) -> list:
    if len(texts) < SMALL:
        return [per_cell(text) for text in texts]
    array = pa.array(texts, type=pa.large_string())
    answers = kernels(array).to_pylist()
    unsafe = ~pc.match_substring_regex(array, SAFE).to_numpy(zero_copy_only=False)
    for position in np.flatnonzero(unsafe):
        answers[position] = per_cell(texts[position])
    return answers


def _ascii_digits(array: pa.Array) -> pa.Array:
    for thai, ascii_digit in zip("๐๑๒๓๔๕๖๗๘๙", "0123456789"):
        array = pc.replace_substring(array, thai, ascii_digit)
    return array


def _cleaned(array: pa.Array) -> pa.Array:
    """NFC, nothing invisible, ASCII digits, runs of spaces as one space (not trimmed)."""
    array = pc.replace_substring_regex(pc.utf8_normalize(array, "NFC"), ARROW_INVISIBLE, "")
    return pc.replace_substring_regex(_ascii_digits(array), "\\s+", " ")


def clean_texts(texts: list[str]) -> list[str]:
    """[clean_text(t) for t in texts]"""
    return _batched(texts, clean_text, lambda array: pc.utf8_trim(_cleaned(array), " "))


def header_keys(cells: list[object]) -> list[str]:
    """[header_key(c) for c in cells] — any cells; the text ones cleaned in one batch."""
    texts = [as_text(c) for c in cells]
    return _batched(texts, header_key, lambda array: pc.utf8_trim(pc.utf8_lower(_cleaned(array)), " :"))


def blanks(texts: list[str]) -> list[bool]:
    """[is_blank_text(t) for t in texts]"""
    return _batched(texts, is_blank_text, lambda array: pc.equal(pc.utf8_trim(array, " \t\n\r"), ""))


def number_texts(texts: list[str]) -> list[bool]:
    """[is_number_text(t) for t in texts]"""

    def kernels(array: pa.Array) -> pa.Array:
        plain = pc.utf8_trim(pc.replace_substring(_ascii_digits(array), ",", ""), " \t\n\r")
        return pc.match_substring_regex(plain, ARROW_NUMBER)

    return _batched(texts, is_number_text, kernels)


def keyword_texts(texts: list[str | None]) -> list[str]:
    """Texts for keyword matching: NFC, ASCII digits, lower case, nothing invisible, punctuation and
    symbols as spaces (not trimmed). Always Arrow, whatever the text: the rules and the activity texts
    must be prepared by the same kernels to meet."""
    array = pa.array([t or "" for t in texts], type=pa.large_string())
    array = pc.utf8_lower(pc.utf8_normalize(_ascii_digits(array), "NFC"))
    array = pc.replace_substring_regex(pc.replace_substring_regex(array, ARROW_INVISIBLE, ""), ARROW_NOT_WORD, " ")
    return array.to_pylist()


def category_keys(series: pd.Series) -> pd.Series:
    """[category_key(v) for v in series] as a string Series: "Digital Skills " and "digital  skills" are one
    category. Works on distinct values, so long columns are cheap."""
    codes, distinct = pd.factorize(series, use_na_sentinel=True)  # not a Python object per row (1M titles)
    keys = pd.array([*(None if _missing(value) else category_key(value) for value in distinct), None],
                    dtype="string")
    return pd.Series(keys.take(np.where(codes < 0, len(distinct), codes)), index=series.index)


def slug(text: object, length: int = 60) -> str:
    """A code made from a label: lower case, words joined by "_", Thai kept whole (its vowel and tone
    marks are letters here, not separators): "Total Active Members" → total_active_members."""
    value = clean_text(str(text)).casefold()
    value = re.sub(r"\[[^\]]*\]|\([^)]*\)", " ", value)
    return re.sub(r"[^\w\u0e00-\u0e7f]+", "_", value).strip("_")[:length].strip("_")
