"""Merged ranges, error cells, never-calculated formulas and hidden rows and columns of .ods files, which
calamine does not give, from content.xml. A formula cell without a stored value (written by a script, never opened in a
spreadsheet program) reads as blank in calamine; it is put back as its formula text, so it is refused
as "not a number" like the same cell in an .xlsx — never committed as nothing."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from typing import BinaryIO

from indicators.read.refusals import damaged
from indicators.read.sheets import RawSheet, put_cell

ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODS_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
MAX_COLUMN = 16384  # a spreadsheet's last column: a hidden run repeated "to the end" stops there
STORED_VALUES = tuple(f"{ODS_OFFICE}{name}" for name in (
    "value", "date-value", "time-value", "boolean-value", "string-value"))


def restore_ods_details(data: bytes, sheets: list[RawSheet], name: str) -> None:
    """Merged ranges (calamine gives none for .ods), error cells and the rows and columns a table hides
(table:visibility "collapse" or "filter"), from content.xml."""
    needles = (b"number-columns-spanned", b"number-rows-spanned", b'value-type="error"', b":formula=",
               b":visibility=")
    by_name = {s.name: s for s in sheets}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not _member_contains(archive, "content.xml", needles):
            return
        with archive.open("content.xml") as content:
            try:
                _walk_ods_content(content, by_name)
            except ElementTree.ParseError as exc:
                raise damaged(name, f"content.xml: {exc}") from exc


def _walk_ods_content(content: BinaryIO, by_name: dict[str, RawSheet]) -> None:
    table, row, col, repeat_rows, column = None, 0, 0, 1, 0
    cell_tags = (f"{ODS_TABLE}table-cell", f"{ODS_TABLE}covered-table-cell")
    for event, element in ElementTree.iterparse(content, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{ODS_TABLE}table":
                table, row, column = by_name.get(element.get(f"{ODS_TABLE}name", "")), 0, 0
            elif tag == f"{ODS_TABLE}table-column":
                repeat = int(element.get(f"{ODS_TABLE}number-columns-repeated", "1"))
                if table is not None and _hides(element):
                    table.hidden_columns |= set(range(column + 1, min(column + repeat, MAX_COLUMN) + 1))
                column += repeat
            elif tag == f"{ODS_TABLE}table-row":
                col, repeat_rows = 0, int(element.get(f"{ODS_TABLE}number-rows-repeated", "1"))
                if table is not None and _hides(element):  # only rows that can hold a read cell
                    last = min(row + repeat_rows, table.first_row + len(table.rows))
                    table.hidden_rows |= set(range(row + 1, last + 1))
            continue
        if tag in cell_tags:
            repeat = int(element.get(f"{ODS_TABLE}number-columns-repeated", "1"))
            if table is not None and tag == cell_tags[0]:
                spans = (int(element.get(f"{ODS_TABLE}number-rows-spanned", "1")),
                         int(element.get(f"{ODS_TABLE}number-columns-spanned", "1")))
                if spans != (1, 1):
                    for k in range(min(repeat, 1000)):
                        table.merged.append((row, col + k, row + spans[0] - 1, col + k + spans[1] - 1))
                if element.get(f"{ODS_CALCEXT}value-type") == "error":
                    text = "".join(element.itertext()).strip() or "#ERROR"
                    for k in range(min(repeat, 1000)):
                        put_cell(table, row, col + k, text)
                elif (formula := element.get(f"{ODS_TABLE}formula")) and _never_calculated(element):
                    text = "=" + re.sub(r"^[a-z]+:", "", formula).lstrip("=")  # "of:=[.B2]*2" → "=[.B2]*2"
                    for k in range(min(repeat, 1000)):
                        put_cell(table, row, col + k, text)
            col += repeat
            element.clear()
        elif tag == f"{ODS_TABLE}table-row":
            row += repeat_rows
            element.clear()
        elif tag == f"{ODS_TABLE}table":
            table = None
            element.clear()


def _hides(element: ElementTree.Element) -> bool:
    return element.get(f"{ODS_TABLE}visibility", "visible") in ("collapse", "filter")


def _never_calculated(cell: ElementTree.Element) -> bool:
    """A formula cell holding no stored value and showing no text."""
    return not any(cell.get(name) is not None for name in STORED_VALUES) and not "".join(cell.itertext()).strip()


def _member_contains(archive: zipfile.ZipFile, member: str, needles: tuple[bytes, ...]) -> bool:
    """Stream a part looking for any needle, without holding it all in memory."""
    overlap = max(len(n) for n in needles) - 1
    tail = b""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(2**20):
                window = tail + chunk
                if any(n in window for n in needles):
                    return True
                tail = window[-overlap:]
    except (KeyError, zipfile.BadZipFile, OSError, EOFError):
        return False
    return False
