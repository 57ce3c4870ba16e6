"""Before and after calamine reads an .xlsx: refuse what would make it allocate absurdly, and put back
the cells it reads as blank — error cells (#REF!, #DIV/0!) and formulas whose value was never
calculated — so an error never turns into a silent zero."""

from __future__ import annotations

import io
import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from html import unescape

from indicators.base.errors import ReadError
from indicators.read import limits
from indicators.read.refusals import bad_text_reference, damaged
from indicators.read.sheets import RawSheet, column_index, column_letters, put_cell

PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"

# In .xlsx sheet XML: an error cell, and a formula cell whose value was never calculated (a workbook
# written by a script and never opened in Excel). Both read as blank in calamine.
XLSX_ERROR_NEEDLES = (b't="e"', b"t='e'")
XLSX_UNCACHED_NEEDLES = (b"<v/>", b"<v />", b"<v></v>", b"</f></c>", b"/></c>")
XLSX_CELL_REFERENCE = re.compile(rb"""\sr=["']([A-Z]{1,3})([0-9]{1,7})["']""")
XLSX_CELL_TYPE = re.compile(rb"""\st=["']([a-z]+)["']""")
XLSX_VALUE = re.compile(rb"<v>([^<]*)</v>")
XLSX_FORMULA = re.compile(rb"<f(\s[^>]*)?(?:/>|>([^<]*)</f>)")
XLSX_SHARED_INDEX = re.compile(rb"""\ssi=["']([0-9]+)["']""")

# Cell and row references (r="AB12"), found by their literal start "r=" for speed; calamine accepts any
# quotes and lower-case letters too.
XLSX_FAR_REFERENCE = re.compile(rb"""r=["'](?:[A-Za-z]{2}|[A-Za-z]*[0-9]{7})""")
# A cell that holds something (a value, inline text, a formula) — calamine skips empty ones: its column
# letters, its row digits, and "a row number of at least n digits".
XLSX_VALUED = rb"""<c\s[^>]*?\br=["']%s["'][^>]*(?<!/)>\s*<(?:v|is|f)\b"""
XLSX_VALUED_CELL_COLUMN = re.compile(XLSX_VALUED % rb"([A-Za-z]+)[0-9]+")
XLSX_VALUED_CELL_ROW = re.compile(XLSX_VALUED % rb"[A-Za-z]+([0-9]+)")
XLSX_VALUED_ROW_DIGITS = {n: re.compile(XLSX_VALUED % (rb"[A-Za-z]+[0-9]{%d,}" % n)) for n in range(1, 11)}
# A shared-text cell whose index is not 0 … 2**64-1 written as plain digits (-5, 18446744073709551617).
XLSX_BAD_SHARED_INDEX = re.compile(
    rb"""<c\s[^>]*\bt=["']s["'][^>]*>\s*<v>(?P<index>(?!\s*\d{1,19}\s*</v>)[^<]{0,40})</v>""")
# What any such cell contains, found five times faster (its search starts at the literal t=): the exact
# pattern above runs only on the rare window where this one hits.
XLSX_MAYBE_BAD_SHARED_INDEX = re.compile(rb"""t=["']s["'][^>]*>\s*<v>(?!\d{1,19}</v>)""")
XLSX_UNIQUE_COUNT = re.compile(rb"""uniqueCount\s*=\s*["']([0-9]+)""")
# Rows hidden in Excel (by hand or by a filter): <row r="12" hidden="1" …>. calamine reads them as any other.
XLSX_HIDDEN_NEEDLE = b"hidden="
XLSX_ROW_TAG = re.compile(rb"<row\b([^>]*)>")
XLSX_HIDDEN = re.compile(rb"""\shidden=["'](?:1|true)["']""")
XLSX_ROW_NUMBER = re.compile(rb"""\sr=["']([0-9]+)["']""")
# Columns hidden in Excel: <cols><col min="3" max="5" hidden="1" …/></cols>, Excel numbers 1 … 16384 (XFD).
XLSX_COL_TAG = re.compile(rb"<col\b([^>]*)>")
XLSX_COL_MIN = re.compile(rb"""\smin=["']([0-9]+)["']""")
XLSX_COL_MAX = re.compile(rb"""\smax=["']([0-9]+)["']""")
XLSX_LAST_COLUMN = 16384


def guard_xlsx(data: bytes, name: str) -> None:
    """Before calamine sees an .xlsx: refuse what would make it allocate absurdly.

    calamine fills a dense grid from the first to the last cell with a value, and reserves room for as many
    shared strings as the file declares. One stray value in XFD1048576, or uniqueCount="4000000000" in a
    7 KB file, asks for hundreds of gigabytes and aborts the process — so both are measured here first.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            base = posixpath.basename(info.filename).lower()
            if base.startswith("sharedstrings") and base.endswith(".xml"):
                _check_shared_strings(archive, info, name)
        for part, label in _sheet_labels(archive).items():
            _check_grid(archive, part, label, name)


def xlsx_marks(data: bytes, name: str) -> dict[str, set[str]]:
    """The sheet parts holding error cells or formulas ("special": their cells are restored after reading)
    or hidden rows or columns ("hidden": they are named after reading). Refuses a text cell that names no
    entry of the shared-text table. Needs no guard before calamine, so it runs while calamine parses."""
    flagged: dict[str, set[str]] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part, label in _sheet_labels(archive).items():
            if marks := _scan_marks(archive, part, label, name):
                flagged[part] = marks
    return flagged


def _sheet_labels(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part → the name to show for it (a part the workbook does not list: its file name)."""
    labels = {part: sheet for sheet, part in _xlsx_sheet_parts(archive).items()}
    labels.update({m.filename: posixpath.basename(m.filename) for m in archive.infolist()
                   if "worksheets/" in m.filename and m.filename.endswith(".xml") and m.filename not in labels})
    return labels


def _chunks(archive: zipfile.ZipFile, part: str):
    """A sheet part's XML a megabyte at a time, each piece with the last 256 bytes of the one before (so a
    needle across a boundary is found); nothing for a part the package lacks."""
    tail = b""
    try:
        with archive.open(part) as handle:
            while chunk := handle.read(2**20):
                window = tail + chunk
                yield window
                tail = window[-256:]
    except KeyError:
        return


def _check_shared_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    with archive.open(info) as handle:
        head = handle.read(4096)
    declared = XLSX_UNIQUE_COUNT.search(head)
    # every <si> takes at least 5 bytes (<si/>): more entries than that cannot be real
    if declared and int(declared.group(1)) > min(info.file_size // 5 + 1, limits.MAX_CELLS):
        raise damaged(name, f"its shared-text table declares {int(declared.group(1)):,} entries in "
                             f"{info.file_size:,} bytes")


def _check_grid(archive: zipfile.ZipFile, part: str, label: str, name: str) -> None:
    """Refuse a sheet whose grid is too big to build.

    Only cells that hold something (a value, inline text or a formula) count for the grid: calamine skips
    empty cells, so a formatted but empty XFD1048576, or row elements carrying only a style, cost nothing.
    Fast path (one regex search per megabyte): no reference beyond column Z or row 999,999 bounds the grid
    at 26 million cells. Otherwise the valued cells' columns and rows are measured exactly.
    """
    careful, max_col, digits = False, 0, 0
    for window in _chunks(archive, part):
        careful = careful or _far_reference(window)
        if careful:
            letters = set(XLSX_VALUED_CELL_COLUMN.findall(window))
            if letters:
                max_col = max(max_col, *(column_index(c.decode().upper()) + 1 for c in letters))
            while digits < 9 and XLSX_VALUED_ROW_DIGITS[digits + 1].search(window):
                digits += 1
    if not careful:
        return
    max_row = 10**digits - 1  # a bound; measured exactly only if the bound is too big
    if max_col > limits.MAX_COLUMNS or max_col * max_row > limits.MAX_CELLS:
        max_row = _max_valued_row(archive, part)
    if max_col > limits.MAX_COLUMNS or max_row > limits.MAX_ROWS or max_col * max_row > limits.MAX_CELLS:
        letters = column_letters(max_col - 1)
        raise ReadError(
            f"Sheet '{label}' of {name} has values as far as column {letters} and row {max_row:,}: a grid of "
            f"{max_row:,} rows × {max_col:,} columns, more than this dashboard reads ({limits.MAX_CELLS:,} cells). "
            "Usually it is a stray value far from the table: press Ctrl+End in Excel to find it, delete those "
            "rows and columns, save and upload again.",
            f"ชีต '{label}' ในไฟล์ {name} มีข้อมูลไปถึงคอลัมน์ {letters} แถวที่ {max_row:,} (ตาราง {max_row:,} แถว × "
            f"{max_col:,} คอลัมน์) เกินกว่าที่ระบบอ่านได้ ({limits.MAX_CELLS:,} ช่อง) ส่วนใหญ่เกิดจากค่าที่หลงอยู่ไกลจากตาราง "
            "กรุณากด Ctrl+End ใน Excel เพื่อหาเซลล์นั้น ลบแถวและคอลัมน์ที่เกิน บันทึก แล้วอัปโหลดอีกครั้ง",
            code="too_many_cells")


def _scan_marks(archive: zipfile.ZipFile, part: str, label: str, name: str) -> set[str]:
    """One sheet's marks ("special" if it holds error cells or formulas, "hidden" if it may hide rows or
    columns); refuses a text cell that names no entry of the shared-text table."""
    special = hidden = False
    for window in _chunks(archive, part):
        special = special or any(n in window for n in (*XLSX_ERROR_NEEDLES, b"<f"))
        hidden = hidden or XLSX_HIDDEN_NEEDLE in window
        if XLSX_MAYBE_BAD_SHARED_INDEX.search(window) and (bad := XLSX_BAD_SHARED_INDEX.search(window)):
            raise _bad_shared_index(bad, label, name)
    return {mark for mark, found in (("special", special), ("hidden", hidden)) if found}


def _far_reference(window: bytes) -> bool:
    """A reference beyond column Z or row 999,999 — an attribute r=, not the namespace xmlns:r="http…"
    every sheet declares (searched for by its literal start, which is fast; the rare hits are checked)."""
    return any(window[m.start() - 1:m.start()] in (b" ", b"\t", b"\n", b"\r")
               for m in XLSX_FAR_REFERENCE.finditer(window))


def _max_valued_row(archive: zipfile.ZipFile, part: str) -> int:
    highest = 0
    for window in _chunks(archive, part):
        rows = set(XLSX_VALUED_CELL_ROW.findall(window))
        if rows:
            highest = max(highest, int(max(rows, key=lambda digits: (len(digits), digits))))
    return highest


def _bad_shared_index(found: re.Match, label: str, name: str) -> ReadError:
    """calamine reads a text cell whose index is negative or beyond 2**64 as the first text of the file:
    refuse it rather than show a wrong value."""
    reference = XLSX_CELL_REFERENCE.search(found.group(0))
    cell = (reference.group(1) + reference.group(2)).decode() if reference else "?"
    return bad_text_reference(name, label, cell, found.group("index").decode("ascii", "replace").strip()[:24])


def restore_xlsx_cells(data: bytes, sheets: list[RawSheet], flagged: dict[str, set[str]]) -> None:
    """Put back what calamine reads as blank (error cells "#REF!", formulas never calculated) and name the
    rows and columns Excel hides, which calamine reads as any other."""
    if not flagged:
        return
    by_name = {s.name: s for s in sheets}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for sheet_name, part in _xlsx_sheet_parts(archive).items():
            sheet = by_name.get(sheet_name)
            if sheet is None or part not in flagged:
                continue
            with archive.open(part) as handle:
                xml = handle.read()
            if "special" in flagged[part]:
                for (row, col), value in _xlsx_special_cells(xml).items():
                    put_cell(sheet, row, col, value)
            if "hidden" in flagged[part]:
                sheet.hidden_rows = _hidden_rows(xml)
                sheet.hidden_columns = _hidden_columns(xml)


def _hidden_rows(xml: bytes) -> frozenset[int]:
    """The Excel numbers of the rows a sheet's XML hides (a row without r= is the one after the last)."""
    hidden, number = set(), 0
    for tag in XLSX_ROW_TAG.finditer(xml):
        attributes = tag.group(1)
        given = XLSX_ROW_NUMBER.search(attributes)
        number = int(given.group(1)) if given else number + 1
        if XLSX_HIDDEN.search(attributes):
            hidden.add(number)
    return frozenset(hidden)


def _hidden_columns(xml: bytes) -> frozenset[int]:
    """The Excel numbers (1-based) of the columns a sheet's XML hides: each <col min= max= hidden="1"/> is
    a range of them (clamped to column XFD, 16384); a <col> without min or max names none."""
    hidden: set[int] = set()
    for tag in XLSX_COL_TAG.finditer(xml):
        attributes = tag.group(1)
        low, high = XLSX_COL_MIN.search(attributes), XLSX_COL_MAX.search(attributes)
        if low and high and XLSX_HIDDEN.search(attributes):
            hidden.update(range(max(1, _column_number(low.group(1))), _column_number(high.group(1)) + 1))
    return frozenset(hidden)


def _column_number(digits: bytes) -> int:
    """A column number as written, no further than XFD (and never a 5,000-digit int to convert)."""
    return XLSX_LAST_COLUMN if len(digits) > 5 else min(int(digits), XLSX_LAST_COLUMN)


def _xlsx_sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part, from the workbook and its relationships."""
    try:
        workbook_part = "xl/workbook.xml"
        root_rels = ElementTree.fromstring(archive.read("_rels/.rels"))
        for rel in root_rels.iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument"):
                workbook_part = rel.get("Target", workbook_part).lstrip("/")
        folder = posixpath.dirname(workbook_part)
        rels_part = posixpath.join(folder, "_rels", posixpath.basename(workbook_part) + ".rels")
        targets = {rel.get("Id"): rel.get("Target", "")
                   for rel in ElementTree.fromstring(archive.read(rels_part))
                   .iter(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship")}
        parts = {}
        for element in ElementTree.fromstring(archive.read(workbook_part)).iter():
            if element.tag.rsplit("}", 1)[-1] != "sheet":
                continue
            relation = next((v for k, v in element.attrib.items() if k.rsplit("}", 1)[-1] == "id"), None)
            target = targets.get(relation)
            if element.get("name") and target:
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                parts[element.get("name")] = path
        return parts
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        return {}  # an unusual package layout: calamine's reading stands as it is


def _xlsx_special_cells(xml: bytes) -> dict[tuple[int, int], str]:
    """Error cells and uncalculated formula cells of one sheet's XML, by absolute (row, col)."""
    found: dict[tuple[int, int], str] = {}
    shared_formulas: dict[bytes, bytes] = {}
    seen: set[int] = set()  # one cell can hold two needles (<v/></c>)
    for needle in XLSX_ERROR_NEEDLES + XLSX_UNCACHED_NEEDLES:
        position = xml.find(needle)
        while position != -1:
            start = xml.rfind(b"<c ", 0, position + 1)
            cell = _enclosing_cell(xml, start, position) if start not in seen else None
            position = xml.find(needle, position + len(needle))
            if cell is None:
                continue
            seen.add(start)
            tag, body = cell
            reference = XLSX_CELL_REFERENCE.search(tag)
            if reference is None:
                continue
            key = (int(reference.group(2)) - 1, column_index(reference.group(1).decode()))
            cell_type = XLSX_CELL_TYPE.search(tag)
            cell_type = cell_type.group(1) if cell_type else b"n"
            value = XLSX_VALUE.search(body)
            if cell_type == b"e":
                if value and value.group(1):
                    found[key] = unescape(value.group(1).decode("utf-8", "replace"))
                continue
            formula = XLSX_FORMULA.search(body)
            if formula is None or (value and value.group(1)) or cell_type == b"str":
                continue  # has a value, or a text formula whose result is "" (Excel's way to show a blank)
            text = formula.group(2) or b""
            index = XLSX_SHARED_INDEX.search(formula.group(1) or b"")
            if index and not text:  # a shared formula's other cells name only its index: show the first's
                if index.group(1) not in shared_formulas:
                    master = re.search(rb"<f\s[^>]*\bsi=[\"']" + index.group(1) + rb"[\"'][^>]*>([^<]+)</f>", xml)
                    shared_formulas[index.group(1)] = master.group(1) if master else b""
                text = shared_formulas[index.group(1)]
            found[key] = "=" + unescape(text.decode("utf-8", "replace")) if text else "=?"
    return found


def _enclosing_cell(xml: bytes, start: int, position: int) -> tuple[bytes, bytes] | None:
    """The <c …> start tag and the body of the cell element that starts at `start`, if it holds `position`."""
    if start == -1:
        return None
    tag_end = xml.find(b">", start)
    if tag_end == -1:
        return None
    if xml[tag_end - 1:tag_end] == b"/":
        return (xml[start:tag_end + 1], b"") if position <= tag_end else None
    end = xml.find(b"</c>", tag_end)
    if end == -1 or position > end:
        return None
    return xml[start:tag_end + 1], xml[tag_end + 1:end]
