"""Text cleaning for many cells at once (pyarrow.compute), giving what the per-cell functions give.

A 200k-row register has 200k distinct titles; cleaning them one Python call at a time costs seconds.
Here a whole column goes through Arrow's compiled string kernels. Arrow and Python agree exactly on
"safe" text — ASCII, Thai and the zero-width characters we remove (NFC, lower case = casefold, `\\s`
= the ASCII spaces) — so only the rare other text (emoji, accented Latin, unusual spaces) takes the
per-cell Python function. tests/test_text_batch.py checks both paths give the same answers.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Whole-string pattern (RE2) of text on which the Arrow kernels equal Python's str methods.
SAFE = "^[\\t\\n\\r\\x20-\\x7e\\x{0e00}-\\x{0e7f}\\x{200b}\\x{200c}\\x{200d}\\x{2060}\\x{feff}]*$"
ZERO_WIDTH = "[\\x{200b}\\x{200c}\\x{200d}\\x{2060}\\x{feff}]"
NUMBER = "^-?[0-9]+(\\.[0-9]+)?$"  # rows.NUMBER_TEXT, on text already with ASCII digits and no commas
SMALL = 64  # below this many texts the per-cell functions are faster than setting up Arrow


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
    """NFC, no zero-width characters, ASCII digits, runs of spaces as one space (not trimmed)."""
    array = pc.replace_substring_regex(pc.utf8_normalize(array, "NFC"), ZERO_WIDTH, "")
    return pc.replace_substring_regex(_ascii_digits(array), "\\s+", " ")


def clean_texts(texts: list[str]) -> list[str]:
    """[cleaning._clean_text(t) for t in texts]"""
    from indicators.cleaning import _clean_text

    return _batched(texts, _clean_text, lambda array: pc.utf8_trim(_cleaned(array), " "))


def header_keys(texts: list[str]) -> list[str]:
    """[understand.normalise_header(t) for t in texts]"""
    from indicators.understand import normalise_header

    return _batched(texts, normalise_header, lambda array: pc.utf8_trim(pc.utf8_lower(_cleaned(array)), " :"))


def _is_blank(text: str) -> bool:
    return not text.strip()


def blanks(texts: list[str]) -> list[bool]:
    """[not t.strip() for t in texts]"""
    return _batched(texts, _is_blank, lambda array: pc.equal(pc.utf8_trim(array, " \t\n\r"), ""))


def number_texts(texts: list[str]) -> list[bool]:
    """[rows.looks_like_number(t) for t in texts]: text that is a number ("1,234", "๑๒", "-3.5")."""
    from indicators.rows import looks_like_number

    def kernels(array: pa.Array) -> pa.Array:
        plain = pc.utf8_trim(pc.replace_substring(_ascii_digits(array), ",", ""), " \t\n\r")
        return pc.match_substring_regex(plain, NUMBER)

    return _batched(texts, looks_like_number, kernels)
