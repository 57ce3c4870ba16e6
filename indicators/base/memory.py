"""Handing memory freed by one stage of a large ingest back to the system before the next one grows.

The cells of a sheet, its classification and the columns cleaned from it are freed stage by stage, but
neither glibc's malloc nor Arrow's pool gives freed pages back by itself: without this a 1M-row CSV holds
about 0.6 GB it no longer uses while the next stage builds its own. A call costs 1-15 ms."""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache

import pandas as pd
import pyarrow as pa


def _malloc_trim():
    """glibc's malloc_trim, or None where the C library has none (musl, macOS, Windows)."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


MALLOC_TRIM = _malloc_trim()


def release_freed_memory() -> None:
    pa.default_memory_pool().release_unused()
    if MALLOC_TRIM is not None:
        MALLOC_TRIM(0)


# Caches of what was read from cells (cleaned texts, words, periods). A few thousand small entries made while
# the sheet's cells were alive are spread over most of Python's 1 MiB arenas, and an arena goes back to
# the system only when all of it is free: after planning a 1M-row CSV, 15k cached texts held 0.24 GB.
CELL_CACHES: list = []


def cell_cache(maxsize: int):
    """functools.lru_cache, forgotten by `forget_cells_read` once a file's cells have been planned."""
    def decorate(function):
        cached = lru_cache(maxsize=maxsize)(function)
        CELL_CACHES.append(cached)
        return cached
    return decorate


def forget_cells_read() -> None:
    """Empty every cell cache and hand the memory they pinned back (the next file fills them again)."""
    for cached in CELL_CACHES:
        cached.cache_clear()
    release_freed_memory()


# A text column is held as categories when at most this share of its values are distinct: a register repeats
# its city, sheet, districts and categories on every row. A category is a Python str (~110 bytes) where an
# Arrow string takes its length: participation's activity keys (a third distinct) would grow 83 → 125 MB.
CATEGORY_SHARE = 0.5


def texts_as_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each repeating text column as a pandas categorical — the same values, a small code per
    row and each text once (a 1M-activity plan's frames: 0.93 → ~0.5 GB). Columns of other types, and
    texts that rarely repeat (titles of a list of distinct activities), are left as they are."""
    for column in frame.columns:
        values = frame[column]
        if (compact := text_as_categories(values)) is not values:
            frame[column] = compact
    return frame


def text_as_categories(values: pd.Series) -> pd.Series:
    """One column as `texts_as_categories` holds it (the very Series when it stays as it is): compacted
    as soon as it is cleaned, a column never stands beside the next ones as 1M Arrow strings."""
    if len(values) < 2 or isinstance(values.dtype, pd.CategoricalDtype) or not pd.api.types.is_string_dtype(values):
        return values
    if values.nunique(dropna=True) <= CATEGORY_SHARE * len(values):
        return values.astype("category")
    return values
