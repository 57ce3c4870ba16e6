"""Reading whatever an office sends — .xlsx, .xlsm, .xls, .xlsb, .ods, .csv/.tsv — into rows of cells.

The file's content decides how it is read, not its name: a PDF renamed .xlsx, a password-protected
workbook or a zip bomb is refused here with a message in Thai and English, before any parser runs.
python-calamine reads every workbook format fast (macros in .xlsm are never run or kept); CSV text is
decoded as UTF-8, UTF-16 or Windows Thai (cp874) — never as latin-1, which garbles Thai silently.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from python_calamine import CalamineWorkbook

from indicators.errors import ReadError

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_COLUMNS = 16_384  # Excel's own limit
MAX_ROWS = 1_048_576
DELIMITERS = (",", ";", "\t", "|")
OTHER_FORMATS = {  # magic bytes of files people attach by mistake
    b"%PDF": ("a PDF document", "เอกสาร PDF"),
    b"\x89PNG": ("a PNG image", "รูปภาพ PNG"),
    b"\xff\xd8\xff": ("a JPEG image", "รูปภาพ JPEG"),
    b"GIF8": ("a GIF image", "รูปภาพ GIF"),
    b"Rar!": ("a RAR archive", "ไฟล์บีบอัด RAR"),
    b"7z\xbc\xaf": ("a 7-Zip archive", "ไฟล์บีบอัด 7-Zip"),
    b"{\\rtf": ("an RTF document", "เอกสาร RTF"),
}
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class RawSheet:
    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, in `rows` coordinates
    first_row: int = 0  # Excel row number of rows[0] is first_row + 1
    first_col: int = 0
    hidden: bool = False


@dataclass
class Workbook:
    file_name: str
    sha256: str
    file_format: str
    sheets: list[RawSheet]
    encoding: str | None = None
    delimiter: str | None = None
    decimal_comma: bool = False


def _error(code: str, english: str, thai: str) -> ReadError:
    return ReadError(english, thai, code=code)


def read_workbook(source: str | Path | bytes | BinaryIO, file_name: str | None = None) -> Workbook:
    """Read a spreadsheet file into cells. Raises ReadError (never anything else) for bad input."""
    data, name = _load_bytes(source, file_name)
    if not data:
        raise _error("empty_file", f"{name} is empty (0 bytes).", f"ไฟล์ {name} ว่างเปล่า (0 ไบต์)")
    if len(data) > MAX_FILE_BYTES:
        raise _error("too_large", f"{name} is larger than {MAX_FILE_BYTES // 2**20} MB; split it by year.",
                     f"ไฟล์ {name} ใหญ่เกิน {MAX_FILE_BYTES // 2**20} MB กรุณาแยกไฟล์ตามปี")
    digest = hashlib.sha256(data).hexdigest()
    kind = _sniff(data, name)
    if kind == "csv":
        return _read_text(data, name, digest)
    return _read_spreadsheet(data, name, digest, kind)


def _load_bytes(source, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            return path.read_bytes(), file_name or path.name
        except OSError as exc:
            raise _error("cannot_open", f"Cannot open {path.name}: {exc.strerror}.",
                         f"เปิดไฟล์ {path.name} ไม่ได้: {exc.strerror}") from exc
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), file_name or "upload"
    return source.read(), file_name or getattr(source, "name", "upload")


def _sniff(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower().lstrip(".")
    for magic, (english, thai) in OTHER_FORMATS.items():
        if data.startswith(magic):
            raise _error("not_a_spreadsheet", f"{name} is really {english}, not a spreadsheet. Upload the .xlsx or .csv file.",
                         f"ไฟล์ {name} เป็น{thai} ไม่ใช่ตารางข้อมูล กรุณาอัปโหลดไฟล์ .xlsx หรือ .csv")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, name, suffix)
    if data.startswith(CFB_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data \
                or "EncryptedPackage".encode("utf-16-le") in data:
            raise _error("password_protected", f"{name} is protected by a password. Remove the password in Excel "
                         "(File > Info > Protect Workbook) and upload again.",
                         f"ไฟล์ {name} ตั้งรหัสผ่านไว้ กรุณาเอารหัสผ่านออกใน Excel แล้วอัปโหลดใหม่")
        return "xls"
    if suffix in ("xlsx", "xlsm", "xlsb", "ods", "xls"):
        if _looks_like_text(data):
            return "csv"  # a CSV saved with a workbook extension: read it as text
        raise _error("damaged", f"{name} is damaged or is not a spreadsheet. Open it in Excel, save it as .xlsx and upload again.",
                     f"ไฟล์ {name} เสียหายหรือไม่ใช่ไฟล์ตาราง กรุณาเปิดใน Excel บันทึกเป็น .xlsx แล้วอัปโหลดใหม่")
    if not _looks_like_text(data):
        raise _error("not_a_spreadsheet", f"{name} is not a spreadsheet or a text (CSV) file.",
                     f"ไฟล์ {name} ไม่ใช่ไฟล์ตารางหรือไฟล์ข้อความ (CSV)")
    return "csv"


def _zip_kind(data: bytes, name: str, suffix: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        names = {m.filename for m in members}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _error("damaged", f"{name} is damaged (the file is cut off or not a valid workbook). Save it again from Excel and upload again.",
                     f"ไฟล์ {name} เสียหาย (ไฟล์ไม่สมบูรณ์) กรุณาบันทึกจาก Excel ใหม่แล้วอัปโหลดอีกครั้ง") from exc
    uncompressed = sum(m.file_size for m in members)
    compressed = max(sum(m.compress_size for m in members), 1)
    if uncompressed > MAX_UNCOMPRESSED_BYTES or uncompressed / compressed > MAX_COMPRESSION_RATIO:
        raise _error("zip_bomb", f"{name} would unpack to {uncompressed // 2**20} MB, far more than a spreadsheet of this "
                     "size should; it was not opened.",
                     f"ไฟล์ {name} จะขยายเป็น {uncompressed // 2**20} MB ซึ่งผิดปกติ จึงไม่เปิดไฟล์นี้")
    if "mimetype" in names and b"opendocument.spreadsheet" in archive.read("mimetype"):
        return "ods"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "xl/workbook.xml" in names:
        return "xlsm" if suffix == "xlsm" or "xl/vbaProject.bin" in names else "xlsx"
    raise _error("not_a_spreadsheet", f"{name} is a zip archive, not a workbook.",
                 f"ไฟล์ {name} เป็นไฟล์บีบอัด zip ไม่ใช่ไฟล์ตาราง")


def _looks_like_text(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return True
    stripped = head.replace(b"\x00", b"")
    if not stripped:
        return False
    control = sum(1 for b in stripped if b < 9 or 13 < b < 32)
    return control / len(stripped) < 0.01 and len(stripped) > len(head) * 0.9


def _read_spreadsheet(data: bytes, name: str, digest: str, kind: str) -> Workbook:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visibility = {m.name: str(m.visible).endswith("Visible") for m in workbook.sheets_metadata}
        sheets = []
        for sheet_name in workbook.sheet_names:
            sheets.append(_read_sheet(workbook, sheet_name, not visibility.get(sheet_name, True), name))
    except ReadError:
        raise
    except Exception as exc:  # calamine raises several error types for broken files
        raise _error("damaged", f"{name} could not be read ({type(exc).__name__}). Open it in Excel, save it as .xlsx "
                     "and upload again.",
                     f"อ่านไฟล์ {name} ไม่ได้ กรุณาเปิดใน Excel บันทึกเป็น .xlsx แล้วอัปโหลดใหม่") from exc
    if kind in ("xlsx", "xlsm"):
        if not any(s.merged for s in sheets):
            _add_openpyxl_merges(data, sheets)
        if _has_errors_or_uncalculated_formulas(data):
            _restore_errors_and_formulas(data, sheets)
    return Workbook(file_name=name, sha256=digest, file_format=kind, sheets=sheets)


def _read_sheet(workbook: CalamineWorkbook, sheet_name: str, hidden: bool, file_name: str) -> RawSheet:
    sheet = workbook.get_sheet_by_name(sheet_name)
    if sheet.total_width > MAX_COLUMNS or sheet.total_height > MAX_ROWS:
        raise _error("too_many_cells", f"Sheet '{sheet_name}' of {file_name} has {sheet.total_height} rows × "
                     f"{sheet.total_width} columns, more than a worksheet can hold.",
                     f"ชีต '{sheet_name}' ในไฟล์ {file_name} มี {sheet.total_height} แถว × {sheet.total_width} คอลัมน์ "
                     "เกินกว่าที่ตารางรองรับ")
    start_row, start_col = sheet.start or (0, 0)
    pad = [None] * start_col
    rows = [pad + [None if cell == "" else cell for cell in row] for row in sheet.to_python(skip_empty_area=True)]
    merged = []
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []:
        merged.append((r0 - start_row, c0, r1 - start_row, c1))
    return RawSheet(name=sheet_name, rows=rows, merged=merged, first_row=start_row, hidden=hidden)


def _add_openpyxl_merges(data: bytes, sheets: list[RawSheet]) -> None:
    """Older calamine builds report no merges for some files; openpyxl knows them (small files only)."""
    if len(data) > 5 * 2**20:
        return
    try:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception:
        return
    for sheet in sheets:
        if sheet.name in book.sheetnames:
            for merged in book[sheet.name].merged_cells.ranges:
                sheet.merged.append((merged.min_row - 1 - sheet.first_row, merged.min_col - 1,
                                     merged.max_row - 1 - sheet.first_row, merged.max_col - 1))


ERROR_OR_UNCALCULATED = re.compile(rb'<c [^>]*t="e"|</f>\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>')


def _has_errors_or_uncalculated_formulas(data: bytes) -> bool:
    """calamine reads an error cell (#REF!, #DIV/0!) and a formula never calculated (a file written by
    a script) as blank — a count would silently go missing. Look for either in the sheet XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(ERROR_OR_UNCALCULATED.search(archive.read(name)) for name in archive.namelist()
                   if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"))


def _restore_errors_and_formulas(data: bytes, sheets: list[RawSheet]) -> None:
    """Put the error text, or the formula itself, where calamine left a blank, so validation reports
    the cell with its row and column instead of counting it as empty."""
    from openpyxl import load_workbook

    values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    for sheet in sheets:
        if sheet.name not in values.sheetnames:
            continue
        for r, (value_row, formula_row) in enumerate(zip(values[sheet.name].iter_rows(values_only=True),
                                                         formulas[sheet.name].iter_rows(values_only=True))):
            for c, (value, formula) in enumerate(zip(value_row, formula_row)):
                text = None
                if isinstance(value, str) and value.startswith("#") and value.endswith(("!", "?", "A")):
                    text = value
                elif value is None and isinstance(formula, str) and formula.startswith("="):
                    text = formula
                index = r - sheet.first_row
                if text is None or index < 0:
                    continue
                while len(sheet.rows) <= index:
                    sheet.rows.append([])
                row = sheet.rows[index]
                row.extend([None] * (c + 1 - len(row)))
                row[c] = text


THAI_MARK_AFTER_NON_THAI = re.compile("[^\u0e00-\u0e7f][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
THAI_CONSONANT = re.compile("[\u0e01-\u0e2e]")


def _looks_like_thai(text: str) -> bool:
    """Windows Thai (cp874) decodes any byte, so a latin-1 file "decodes" too ("café" → "caf้"). Real
    Thai has consonants and never a vowel or tone mark straight after a non-Thai letter."""
    return bool(THAI_CONSONANT.search(text)) and not THAI_MARK_AFTER_NON_THAI.search(text)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.count(b"\x00") > len(data) // 4:  # UTF-16 without a BOM
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
                if text.isprintable() or "\n" in text:
                    return text, encoding
            except UnicodeDecodeError:
                pass
    data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp874")
        if _looks_like_thai(text):
            return text, "cp874"
    except UnicodeDecodeError:
        pass
    raise _error("unknown_encoding", f"The text encoding of {name} is not UTF-8 or Thai Windows (cp874). In Excel use "
                 "Save As > 'CSV UTF-8' and upload again.",
                 f"ไม่รู้จักการเข้ารหัสตัวอักษรของไฟล์ {name} กรุณาใช้ Excel บันทึกเป็น 'CSV UTF-8' แล้วอัปโหลดใหม่")


def detect_delimiter(lines: list[str]) -> str:
    """The candidate that appears the same number of times (more than zero) on most lines."""
    best, best_score = ",", -1.0
    for delimiter in DELIMITERS:
        counts = [_count_outside_quotes(line, delimiter) for line in lines if line.strip()]
        counts = [c for c in counts]
        if not counts or max(counts) == 0:
            continue
        most_common = max(set(counts), key=counts.count)
        consistency = counts.count(most_common) / len(counts)
        score = consistency * (1 + min(most_common, 50) / 50) if most_common else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


DECIMAL_COMMA_CELL = re.compile(r"^-?\d+,\d+$")
THOUSANDS_CELL = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def _read_text(data: bytes, name: str, digest: str) -> Workbook:
    text, encoding = _decode(data, name)
    text = text.replace("\x00", "")
    sample_lines = text[:200_000].splitlines()[:50]
    delimiter = "\t" if Path(name).suffix.lower() == ".tsv" else detect_delimiter(sample_lines)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
        rows = [[cell if cell != "" else None for cell in row] for row in reader]
    except csv.Error as exc:
        line = getattr(reader, "line_num", 0)
        raise _error("bad_csv", f"{name} could not be read near line {line}: a quote (\") is opened and never closed. "
                     "Fix that line or save the file again from Excel.",
                     f"อ่านไฟล์ {name} ไม่ได้ที่ประมาณบรรทัด {line}: มีเครื่องหมายคำพูด (\") เปิดแต่ไม่ปิด "
                     "กรุณาแก้บรรทัดนั้นหรือบันทึกจาก Excel ใหม่") from exc
    if len(rows) > MAX_ROWS or any(len(r) > MAX_COLUMNS for r in rows[:100]):
        raise _error("too_many_cells", f"{name} has more rows or columns than a worksheet can hold.",
                     f"ไฟล์ {name} มีจำนวนแถวหรือคอลัมน์เกินกว่าที่ตารางรองรับ")
    decimal_comma = False
    if delimiter != ",":
        cells = [c.strip() for row in rows[:500] for c in row if c]
        commas = sum(1 for c in cells if DECIMAL_COMMA_CELL.match(c) and not THOUSANDS_CELL.match(c))
        thousands = sum(1 for c in cells if THOUSANDS_CELL.match(c))
        decimal_comma = commas > 0 and commas > thousands
    sheet_name = Path(name).stem or "csv"
    file_format = "tsv" if delimiter == "\t" else "csv"
    return Workbook(file_name=name, sha256=digest, file_format=file_format, sheets=[RawSheet(sheet_name, rows)],
                    encoding=encoding, delimiter=delimiter, decimal_comma=decimal_comma)
