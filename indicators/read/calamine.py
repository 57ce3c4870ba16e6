"""python-calamine's cells as RawSheets: the fast parser for every workbook format.

calamine starts at the used range, so each sheet keeps `first_row`/`first_col` and Excel numbering stays
exact. A failed allocation inside calamine (Rust) aborts the whole process, so sheet sizes are checked
before a grid is built, and the binary formats are parsed in a child process (read_isolated).
"""

from __future__ import annotations

import io
import os
import pickle
import subprocess
import sys
from datetime import time, timedelta
from pathlib import Path

from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from indicators.read import limits, progress
from indicators.read.refusals import damaged, password_protected, too_many_cells
from indicators.read.sheets import RawSheet, share_texts

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the folder holding indicators/, for the child process


def parser_failure(exc: BaseException) -> bool:
    """An error from parsing the file, as opposed to Ctrl-C or exit. A Rust panic inside calamine (seen on
    damaged .xls) reaches Python as pyo3's PanicException, which derives from BaseException, not Exception."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"

def worksheets(data: bytes, max_rows: int, max_columns: int, max_cells: int) -> tuple[list[str], list[tuple]]:
    """(sheet names, one tuple per worksheet: name, hidden, start, height, width, rows, merged ranges).

    A sheet larger than the limits comes back with no rows (its size says why), so that calamine never
    builds a grid that would exhaust memory. Run in this process (.xlsx after guard_xlsx, .ods) and in
    the isolated child (.xls, .xlsb: indicators/read/isolated.py).
    """
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        names = list(book.sheet_names)
        found = []
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart, dialog and macro sheets hold no table (and macros are never run)
            sheet = book.get_sheet_by_name(meta.name)
            height, width = sheet.height, sheet.width
            fits = height <= max_rows and width <= max_columns and height * width <= max_cells
            rows = _rows(sheet, meta.name) if fits and sheet.start is not None else []
            # python-calamine >= 0.4 has merged_cell_ranges; it is None for .ods (see restore_ods_details)
            found.append((meta.name, meta.visible != SheetVisibleEnum.Visible, sheet.start, height, width, rows,
                          getattr(sheet, "merged_cell_ranges", None)))
    return names, found


def _rows(sheet, name: str) -> list[list]:
    """The used area's rows, as to_python(skip_empty_area=True) gives them, "" as None and one str object per
    distinct text (calamine makes a new str for every cell; a register repeats its districts, categories
    and dates). Taken row by row from iter_rows, so the grid of new objects that to_python builds (~1 GB
    at 1M rows) never exists beside the shared one. iter_rows yields the rows from the sheet's first row
    (the ones above the used area empty) with the columns of the used area, so those leading rows are
    dropped; any other count means iter_rows changed, and the whole-sheet call is used instead."""
    expected = sheet.end[0] + 1
    source = sheet.iter_rows()
    if progress.listening():
        source = progress.counted(source, name, expected)
    rows = share_texts(source)
    if len(rows) == expected:
        return rows[sheet.start[0]:]
    if len(rows) == sheet.height:
        return rows
    return share_texts(sheet.to_python(skip_empty_area=True))


def calamine_sheets(data: bytes, name: str) -> list[RawSheet]:
    """Every worksheet through calamine, in this process."""
    names, found = worksheets(data, limits.MAX_ROWS, limits.MAX_COLUMNS, limits.MAX_CELLS)
    return _as_raw_sheets(name, names, found)


def _as_raw_sheets(file_name: str, names: list[str], found: list[tuple]) -> list[RawSheet]:
    if not names:  # Excel and LibreOffice never save a workbook without a sheet
        raise damaged(file_name, "it holds no sheets")
    sheets = []
    for sheet_name, hidden, start, height, width, rows, ranges in found:
        if start is not None:
            _check_size(file_name, sheet_name, height, width)
        sheets.append(_raw_sheet(sheet_name, hidden, start, rows, ranges))
    return sheets


def _check_size(file_name: str, sheet_name: str, height: int, width: int) -> None:
    if height > limits.MAX_ROWS or width > limits.MAX_COLUMNS or height * width > limits.MAX_CELLS:
        raise too_many_cells(file_name, f"sheet '{sheet_name}' has {height:,} rows × {width:,} columns",
                              f"ชีต '{sheet_name}' มี {height:,} แถว × {width:,} คอลัมน์")

def _raw_sheet(name: str, hidden: bool, start: tuple[int, int] | None, rows: list[list[object]],
               ranges: list | None) -> RawSheet:
    """calamine's cells as a RawSheet: it starts at the used range, and `start` says where that is.

    Until read_spreadsheet's last step `merged` holds absolute 0-based Excel coordinates, so that cells
    put back from the file can still move the sheet's origin.
    """
    merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges or [] if (r0, c0) != (r1, c1)]
    if start is None:
        return RawSheet(name, [], merged, 0, 0, hidden)
    types: set[type] = set()  # rows come with "" as None and their texts shared (_rows)
    for row in rows:
        types.update(map(type, row))
    if not UNUSUAL_CELL_TYPES.isdisjoint(types):
        rows = [[_unusual_cell(c) if c.__class__ in UNUSUAL_CELL_TYPES else c for c in row] for row in rows]
    return RawSheet(name, rows, merged, start[0], start[1], hidden)

def _unusual_cell(value: time | timedelta) -> str:
    """Time-of-day and duration cells as Excel shows them, so the cell types stay the documented few."""
    if isinstance(value, timedelta):
        seconds = round(value.total_seconds())
        sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
        return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return value.isoformat(timespec="seconds") if not value.microsecond else value.isoformat()

UNUSUAL_CELL_TYPES = frozenset({time, timedelta})

# .xls and .xlsb are binary formats full of declared sizes: a damaged or crafted 10 KB file can make
# calamine ask for terabytes, and a failed allocation in Rust aborts the whole process (the dashboard
# with it). So they are parsed in a short-lived child process with a memory limit; they are legacy
# formats and small (an .xls holds at most 65,536 rows): the extra ~0.1 s for a typical file, ~1 s at
# the format's row limit, is affordable.
def read_isolated(data: bytes, name: str) -> list[RawSheet]:
    """calamine in a child process with a memory limit: a crash there becomes a ReadError here."""
    command = [sys.executable, "-m", "indicators.read.isolated", str(limits.ISOLATED_MEMORY_BYTES),
               str(limits.MAX_ROWS), str(limits.MAX_COLUMNS), str(limits.MAX_CELLS)]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, (str(PROJECT_ROOT), os.environ.get("PYTHONPATH"))))}
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=limits.ISOLATED_TIMEOUT_SECONDS,
                              check=False, env=environment)
    except subprocess.TimeoutExpired as exc:
        raise damaged(name, f"reading it took more than {limits.ISOLATED_TIMEOUT_SECONDS} seconds") from exc
    except OSError:  # no child processes allowed here: read in this process after all
        return calamine_sheets(data, name)
    if done.returncode != 0 or not done.stdout:
        raise damaged(name, "the reader stopped because the file asks for far more memory than a real "
                            "workbook needs")
    # our own child's output, written by indicators/read/isolated.py, never the uploaded bytes themselves
    status, *details = pickle.loads(done.stdout)
    if status == "error":
        error_type, message = details
        if error_type == "PasswordError":
            raise password_protected(name)
        raise damaged(name, f"{error_type}: {message}")
    names, found = details
    return _as_raw_sheets(name, names, found)
