"""Every format the reader accepts, in one table: what the sniffed content is called, which file endings
it comes with, and the function that reads it. Adding a format is one entry here (and its reader)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from indicators.read.csv_text import read_text
from indicators.read.sheets import Workbook
from indicators.read.workbooks import read_spreadsheet


@dataclass(frozen=True)
class Format:
    suffixes: tuple[str, ...]
    reader: Callable[[bytes, str, str], Workbook]  # (data, file name, sha256) → Workbook


def _spreadsheet(kind: str) -> Callable[[bytes, str, str], Workbook]:
    return lambda data, name, digest: read_spreadsheet(data, name, digest, kind)


# Keyed by what sniff.sniff_format() says the bytes are.
FORMATS: dict[str, Format] = {
    "xlsx": Format((".xlsx",), _spreadsheet("xlsx")),
    "xlsm": Format((".xlsm",), _spreadsheet("xlsm")),
    "xls": Format((".xls",), _spreadsheet("xls")),
    "xlsb": Format((".xlsb",), _spreadsheet("xlsb")),
    "ods": Format((".ods",), _spreadsheet("ods")),
    "text": Format((".csv", ".tsv", ".txt"), read_text),
}
# File endings an upload may have (without the dot, as Streamlit's file picker wants them).
ACCEPTED: list[str] = [suffix.lstrip(".") for spec in FORMATS.values() for suffix in spec.suffixes]
SPREADSHEET_SUFFIXES: frozenset[str] = frozenset(suffix for spec in FORMATS.values() for suffix in spec.suffixes)
