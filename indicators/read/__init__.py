"""Reading whatever an office sends — .xlsx, .xlsm, .xls, .xlsb, .ods, .csv/.tsv/.txt — into rows of cells.

Why this stage exists: every later stage (understand, clean, validate) works on plain rows of Python
cells and on Excel's own row numbers, so a problem can be reported as "sheet กิจกรรม, row 7". Getting
there safely is a job of its own:

* The file's content decides how it is read, not its name (sniff.py). A PDF or a photo renamed .xlsx, a
  password-protected workbook, a web page saved as .xls, a truncated download or a zip bomb is refused
  before any parser runs, with a message in English and Thai that says what to do (refusals.py).
* python-calamine reads every workbook format fast (calamine.py). What it drops is put back from the file
  itself: error cells and never-calculated formulas in .xlsx (xlsx.py), merged ranges and error cells of
  .ods (ods.py), error cells of .xls (xls.py). Macros in .xlsm are never run and never kept.
* A file that would make a parser exhaust memory is refused as well: the sizes an .xlsx declares are
  measured before calamine builds anything, and .xls/.xlsb are parsed in a child process with a memory
  limit (isolated.py).
* CSV text is decoded from its BOM, else as strict UTF-8, else as Windows Thai (cp874) when that gives
  real Thai — never as latin-1 (encoding.py); every CSV cell stays a string exactly as written
  (csv_text.py): deciding what a cell means is the cleaner's job, not the reader's.
* `read_workbook` raises nothing but `ReadError` for bad input. Limits live in limits.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import BinaryIO

from indicators.base.errors import ReadError
from indicators.base.text import printable
from indicators.read import limits
from indicators.read.calamine import parser_failure
from indicators.read.csv_text import detect_delimiter
from indicators.read.formats import ACCEPTED, FORMATS, SPREADSHEET_SUFFIXES
from indicators.read.refusals import SAVE_AS_XLSX_EN, SAVE_AS_XLSX_TH, empty, too_large, too_many_cells
from indicators.read.sheets import RawSheet, Workbook
from indicators.read.sniff import CFB_MAGIC, ZIP_MAGIC, sniff_format

MAX_FILE_BYTES = limits.MAX_FILE_BYTES  # for messages and the upload page; change limits.MAX_FILE_BYTES
MAX_TEXT_FILE_BYTES = limits.MAX_TEXT_FILE_BYTES
MAX_ROWS = limits.MAX_ROWS
__all__ = ["ACCEPTED", "MAX_FILE_BYTES", "MAX_ROWS", "MAX_TEXT_FILE_BYTES", "SPREADSHEET_SUFFIXES", "RawSheet", "Workbook", "detect_delimiter",
           "read_workbook"]


def read_workbook(source: str | Path | bytes | BinaryIO, file_name: str | None = None) -> Workbook:
    """Read a spreadsheet or CSV file into cells, choosing the reader from the bytes.

    `source` is a path, the bytes, or a binary file object (read from its current position, e.g. a
    Streamlit upload). `file_name` is what messages call the file (default: the path's or object's name).
    Raises ReadError — and nothing else — when the input cannot be read.
    """
    data, name = _load_bytes(source, file_name)
    try:
        return _read(data, name)
    except ReadError:
        raise
    except MemoryError as exc:
        raise too_many_cells(name, "reading it needs more memory than this computer has",
                              "การอ่านไฟล์ต้องใช้หน่วยความจำมากกว่าที่เครื่องมี") from exc
    except BaseException as exc:  # a parser failing in a way not foreseen above: still the user's file at fault
        if not parser_failure(exc):
            raise
        raise ReadError(
            f"{name} could not be read ({type(exc).__name__}: {exc}). It may be damaged or saved by an unusual "
            f"program. {SAVE_AS_XLSX_EN}",
            f"อ่านไฟล์ {name} ไม่ได้ ไฟล์อาจเสียหายหรือถูกบันทึกจากโปรแกรมที่ไม่รองรับ {SAVE_AS_XLSX_TH}",
            code="damaged") from exc


def _load_bytes(source: str | Path | bytes | BinaryIO, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), file_name or "upload"
    elif isinstance(source, (str, Path)):
        path = Path(source)
        name = file_name or path.name
        try:
            with path.open("rb") as handle:
                _check_size(handle.read(len(CFB_MAGIC)), path.stat().st_size, name)
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(f"{name} cannot be opened: {exc.strerror or exc}. Check the file and upload it again.",
                            f"เปิดไฟล์ {name} ไม่ได้: {exc.strerror or exc} กรุณาตรวจสอบไฟล์แล้วอัปโหลดอีกครั้ง",
                            code="cannot_open") from exc
    elif hasattr(source, "read"):
        name = file_name or Path(str(getattr(source, "name", "") or "upload")).name
        try:
            data = source.read(max(limits.MAX_FILE_BYTES, limits.MAX_TEXT_FILE_BYTES) + 1)
        except OSError as exc:
            raise ReadError(f"{name} cannot be read: {exc}. Upload it again.",
                            f"อ่านไฟล์ {name} ไม่ได้: {exc} กรุณาอัปโหลดอีกครั้ง", code="cannot_open") from exc
        if isinstance(data, str):
            raise TypeError("read_workbook needs a binary file object (open the file with 'rb')")
        data = bytes(data or b"")
    else:
        raise TypeError(f"read_workbook cannot read a {type(source).__name__}")
    _check_size(data, len(data), name)
    return data, name


def _check_size(head: bytes, size: int, name: str) -> None:
    """A workbook (a zip or an OLE file) has its limit, text its own, larger one (limits.py)."""
    workbook = head.startswith((*ZIP_MAGIC, CFB_MAGIC))
    if size > (limits.MAX_FILE_BYTES if workbook else limits.MAX_TEXT_FILE_BYTES):
        raise too_large(name, text=not workbook)


def _read(data: bytes, name: str) -> Workbook:
    if not data:
        raise empty(name)
    digest = hashlib.sha256(data).hexdigest()
    workbook = FORMATS[sniff_format(data, name)].reader(data, name, digest)
    # File and sheet names are stored and shown (and written into workbooks): no control characters.
    workbook.file_name = printable(workbook.file_name) or "upload"
    for sheet in workbook.sheets:
        sheet.name = printable(sheet.name) or "sheet"
    return workbook
