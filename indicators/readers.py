"""Reading whatever an office sends — .xlsx, .xlsm, .xls, .xlsb, .ods, .csv/.tsv/.txt — into rows of cells.

Why this module exists: every later stage (understand, clean, validate) works on plain rows of Python
cells and on Excel's own row numbers, so a problem can be reported as "sheet กิจกรรม, row 7". Getting
there safely is a job of its own:

* The file's content decides how it is read, not its name. A PDF or a photo renamed .xlsx, a
  password-protected workbook (a CFB container holding "EncryptionInfo"), a web page saved as .xls, a
  truncated download or a zip bomb is refused here, before any parser runs, with a message in English
  and Thai that says what to do.
* python-calamine reads every workbook format fast. It starts at the used range, so each sheet keeps
  `first_row`/`first_col` and Excel numbering stays exact. What calamine drops is put back from the file
  itself: error cells (#REF!, #DIV/0!) and never-calculated formulas in .xlsx (it reads both as blank,
  which would turn an error into a silent zero), merged ranges of .ods. Macros in .xlsm are never run
  and never kept: only the cell values leave this module.
* A file that would make a parser exhaust memory is refused as well. A failed allocation inside calamine
  (Rust) aborts the whole process — the dashboard for everyone, not just one upload — so the sizes an
  .xlsx declares (its zip directory, its farthest cell, its shared-text count) are measured before
  calamine builds anything, and .xls/.xlsb, binary formats full of declared sizes, are parsed in a child
  process with a memory limit.
* CSV text is decoded from its BOM, else as strict UTF-8, else as Windows Thai (cp874) when that gives
  real Thai — never as latin-1/cp1252, which garbles Thai silently. The delimiter is counted outside
  quotes, "5,3" decimal commas are flagged for the cleaner, and every CSV cell stays a string exactly as
  written (blank → None): deciding what a cell means is the cleaner's job, not the reader's.
* `read_workbook` raises nothing but `ReadError` for bad input.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import pickle
import posixpath
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import time, timedelta
from html import unescape
from pathlib import Path
from typing import BinaryIO

import python_calamine
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from indicators.errors import ReadError

# Limits. Module attributes (not default arguments) so a test or a deployment can lower them.
MAX_FILE_BYTES = 200 * 2**20
MAX_UNCOMPRESSED_BYTES = 2**30  # sum of the sizes a zip's central directory declares
MAX_COMPRESSION_RATIO = 200  # real workbooks compress 5-30×; zeros compress ~1000×
RATIO_CHECK_FROM_BYTES = 8 * 2**20  # below this a high ratio is harmless (a small, repetitive part)
MAX_ROWS = 1_048_576  # Excel's own limits, applied to CSV too
MAX_COLUMNS = 16_384
MAX_CELLS = 50_000_000  # ~ what fits in memory as Python lists; a 200 MB file of commas would not

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_RECORDS = 50
SAMPLE_CHARACTERS = 256 * 1024
DECIMAL_SAMPLE_ROWS = 5_000

ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OTHER_FORMATS = {  # magic bytes of files attached by mistake → what they really are
    b"%PDF": ("a PDF document", "เอกสาร PDF"),
    b"\x89PNG": ("a PNG image", "รูปภาพ PNG"),
    b"\xff\xd8\xff": ("a JPEG image", "รูปภาพ JPEG"),
    b"GIF87a": ("a GIF image", "รูปภาพ GIF"),
    b"GIF89a": ("a GIF image", "รูปภาพ GIF"),
    b"II*\x00": ("a TIFF image", "รูปภาพ TIFF"),
    b"MM\x00*": ("a TIFF image", "รูปภาพ TIFF"),
    b"Rar!\x1a\x07": ("a RAR archive", "ไฟล์บีบอัด RAR"),
    b"7z\xbc\xaf\x27\x1c": ("a 7-Zip archive", "ไฟล์บีบอัด 7-Zip"),
    b"\x1f\x8b": ("a gzip archive", "ไฟล์บีบอัด gzip"),
    b"{\\rtf": ("an RTF document", "เอกสาร RTF"),
    b"SQLite format 3\x00": ("an SQLite database", "ฐานข้อมูล SQLite"),
}
RIFF_FORMATS = {b"WEBP": ("a WebP image", "รูปภาพ WebP"), b"WAVE": ("a sound file", "ไฟล์เสียง")}

ODS_MIMETYPES = ("application/vnd.oasis.opendocument.spreadsheet",
                 "application/vnd.oasis.opendocument.spreadsheet-template")
ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODS_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
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
XLSX_COLUMN_LETTERS = re.compile(rb"""r=["']([A-Za-z]+)[0-9]""")
XLSX_ROW_DIGITS = {n: re.compile(rb"""r=["'][A-Za-z]*[0-9]{%d}""" % n) for n in range(1, 11)}
XLSX_LONG_ROW_NUMBER = re.compile(rb"""r=["'][A-Za-z]*([0-9]{6,})""")
XLSX_UNIQUE_COUNT = re.compile(rb"""uniqueCount\s*=\s*["']([0-9]+)""")
# In .xls (BIFF8): a BOOLERR record holding an error, or a FORMULA record whose cached result is one.
BIFF_ERROR_RECORD = re.compile(rb"\x05\x02\x08\x00[\s\S]{7}\x01|\x06\x00[\s\S]{8}\x02[\s\S]{5}\xff\xff")

THAI_CHARACTER = re.compile("[\u0e00-\u0e7f]")
THAI_GLUED_TO_LATIN = re.compile("[A-Za-z][\u0e00-\u0e7f]|[\u0e00-\u0e7f][A-Za-z]")
THAI_ORPHAN_MARK = re.compile("(?<![\u0e01-\u0e4e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
HIGH_BYTES = bytes(range(128, 256))
CONTROL_BYTES = bytes([*range(1, 9), *range(14, 26), *range(28, 32)])  # not tab, LF, CR, FF, Ctrl-Z, ESC
BYTE_ORDER_MARKS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
DECIMAL_COMMA_CELL = re.compile(r"^-?\d+,\d+$|^-?\d{1,3}(?:\.\d{3})+,\d+$")
AMBIGUOUS_COMMA_CELL = re.compile(r"^-?\d{1,3},\d{3}$")  # 1,250: a thousand and a quarter, or 1.25?
THOUSANDS_CELL = re.compile(r"^-?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$|^-?\d{1,3}(?:,\d{3})+\.\d+$")
DIGIT_COMMA_DIGIT = re.compile(r"\d,\d")
EXCEL_SEPARATOR_LINE = re.compile("sep=([,;\t|])\r?\n")

SAVE_AS_XLSX_EN = "Open it in Excel, save it as an Excel Workbook (.xlsx) and upload that file."
SAVE_AS_XLSX_TH = "กรุณาเปิดไฟล์ใน Excel แล้วบันทึกเป็น Excel Workbook (.xlsx) และอัปโหลดไฟล์นั้นอีกครั้ง"
SAVE_AS_CSV_EN = "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and upload that file."
SAVE_AS_CSV_TH = "กรุณาใช้ Excel: ไฟล์ > บันทึกเป็น > 'CSV UTF-8 (Comma delimited)' แล้วอัปโหลดไฟล์นั้นอีกครั้ง"


@dataclass
class RawSheet:
    """One sheet's cells as read: no header found, no type guessed, nothing dropped.

    cells: None, str, int, float, bool, datetime.datetime, datetime.date (Excel error cells as their text,
    e.g. "#REF!"; time-of-day and duration cells as the text Excel shows, e.g. "09:30:00", "26:30:00").
    rows[i][j] is the Excel cell at row first_row + i + 1, column first_col + j + 1. Rows may differ in
    length (CSV keeps each line as written); merged ranges are (first_row, first_col, last_row,
    last_col), 0-based inclusive, in the coordinates of `rows`.
    """

    name: str
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    first_row: int = 0
    first_col: int = 0
    hidden: bool = False  # hidden or "very hidden" in the workbook: read all the same, flagged for the UI


@dataclass
class Workbook:
    file_name: str
    sha256: str  # of the file bytes: the same file uploaded twice is recognised
    file_format: str  # xlsx | xlsm | xls | xlsb | ods | csv | tsv — from the content, not the name
    sheets: list[RawSheet]
    encoding: str | None = None  # CSV only: utf-8, utf-8-sig, utf-16-le/be, utf-32-le/be, cp874
    delimiter: str | None = None  # CSV only
    decimal_comma: bool = False  # CSV only: numbers are written 5,3


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
        raise _too_many_cells(name, "reading it needs more memory than this computer has",
                              "การอ่านไฟล์ต้องใช้หน่วยความจำมากกว่าที่เครื่องมี") from exc
    except BaseException as exc:  # a parser failing in a way not foreseen above: still the user's file at fault
        if not _parser_failure(exc):
            raise
        raise ReadError(
            f"{name} could not be read ({type(exc).__name__}: {exc}). It may be damaged or saved by an unusual "
            f"program. {SAVE_AS_XLSX_EN}",
            f"อ่านไฟล์ {name} ไม่ได้ ไฟล์อาจเสียหายหรือถูกบันทึกจากโปรแกรมที่ไม่รองรับ {SAVE_AS_XLSX_TH}",
            code="damaged") from exc


def _parser_failure(exc: BaseException) -> bool:
    """An error from parsing the file, as opposed to Ctrl-C or exit. A Rust panic inside calamine (seen on
    damaged .xls) reaches Python as pyo3's PanicException, which derives from BaseException, not Exception."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


# --- bytes in ------------------------------------------------------------------------------------------


def _load_bytes(source: str | Path | bytes | BinaryIO, file_name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data, name = bytes(source), file_name or "upload"
    elif isinstance(source, (str, Path)):
        path = Path(source)
        name = file_name or path.name
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise _too_large(name)
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(f"{name} cannot be opened: {exc.strerror or exc}. Check the file and upload it again.",
                            f"เปิดไฟล์ {name} ไม่ได้: {exc.strerror or exc} กรุณาตรวจสอบไฟล์แล้วอัปโหลดอีกครั้ง",
                            code="cannot_open") from exc
    elif hasattr(source, "read"):
        name = file_name or Path(str(getattr(source, "name", "") or "upload")).name
        try:
            data = source.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ReadError(f"{name} cannot be read: {exc}. Upload it again.",
                            f"อ่านไฟล์ {name} ไม่ได้: {exc} กรุณาอัปโหลดอีกครั้ง", code="cannot_open") from exc
        if isinstance(data, str):
            raise TypeError("read_workbook needs a binary file object (open the file with 'rb')")
        data = bytes(data or b"")
    else:
        raise TypeError(f"read_workbook cannot read a {type(source).__name__}")
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(name)
    return data, name


def _read(data: bytes, name: str) -> Workbook:
    if not data:
        raise _empty(name)
    digest = hashlib.sha256(data).hexdigest()
    kind = _sniff(data, name)
    if kind == "text":
        return _read_text(data, name, digest)
    return _read_spreadsheet(data, name, digest, kind)


def _sniff(data: bytes, name: str) -> str:
    """The format the bytes really are: xlsx, xlsm, xlsb, ods, xls or text (CSV/TSV)."""
    if data.startswith(ZIP_MAGIC):
        return _zip_kind(data, name)
    if data.startswith(CFB_MAGIC):
        return _cfb_kind(data, name)
    for magic, (english, thai) in OTHER_FORMATS.items():
        if data.startswith(magic):
            raise _wrong_kind(name, english, thai)
    if data.startswith(b"RIFF") and data[8:12] in RIFF_FORMATS:
        raise _wrong_kind(name, *RIFF_FORMATS[data[8:12]])
    return "text"


def _zip_kind(data: bytes, name: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _damaged(name, "the file is cut off or its zip structure is broken") from exc
    with archive:
        _refuse_zip_bomb(members, name)
        if any(m.flag_bits & 0x1 for m in members):
            raise _password_protected(name)
        names = {m.filename for m in members}
        mimetype = _small_member(archive, "mimetype", name).decode("ascii", "replace").strip()
        if mimetype in ODS_MIMETYPES:
            return "ods"
        if mimetype.startswith("application/vnd.oasis.opendocument."):
            raise _wrong_kind(name, "an OpenDocument text or presentation file", "เอกสารหรืองานนำเสนอ OpenDocument")
        types = _small_member(archive, "[Content_Types].xml", name)
    if b"sheet.binary.macroEnabled.main" in types or "xl/workbook.bin" in names:
        return "xlsb"
    if b".macroEnabled.main+xml" in types:
        return "xlsm"
    if b"spreadsheetml" in types or "xl/workbook.xml" in names:
        macros = "xl/vbaProject.bin" in names or Path(name).suffix.lower() in (".xlsm", ".xltm")
        return "xlsm" if macros else "xlsx"
    if b"wordprocessingml" in types or "word/document.xml" in names:
        raise _wrong_kind(name, "a Word document", "เอกสาร Word")
    if b"presentationml" in types or "ppt/presentation.xml" in names:
        raise _wrong_kind(name, "a PowerPoint presentation", "งานนำเสนอ PowerPoint")
    raise ReadError(
        f"{name} is a zip archive of {len(members)} file(s), not a workbook. Unzip it and upload the spreadsheet "
        "inside (.xlsx, .ods or .csv).",
        f"ไฟล์ {name} เป็นไฟล์บีบอัด zip ({len(members)} ไฟล์) ไม่ใช่ไฟล์ตาราง กรุณาแตกไฟล์แล้วอัปโหลดไฟล์ตารางที่อยู่ข้างใน "
        "(.xlsx, .ods หรือ .csv)",
        code="not_a_spreadsheet")


def _refuse_zip_bomb(members: list[zipfile.ZipInfo], name: str) -> None:
    """Judge the archive by its central directory, before anything is unpacked."""
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    suspicious = unpacked > MAX_UNCOMPRESSED_BYTES or (
        unpacked > RATIO_CHECK_FROM_BYTES and unpacked > MAX_COMPRESSION_RATIO * max(packed, 1))
    suspicious = suspicious or any(m.file_size > RATIO_CHECK_FROM_BYTES
                                   and m.file_size > MAX_COMPRESSION_RATIO * max(m.compress_size, 1)
                                   for m in members)
    if suspicious:
        megabytes = unpacked / 2**20
        raise ReadError(
            f"{name} would unpack to {megabytes:,.0f} MB from {packed / 2**20:,.1f} MB — far more than a real "
            "workbook does (it looks like a 'zip bomb'), so it was not opened. If the file is genuine, split it "
            "into smaller workbooks (for example one per year) and upload those.",
            f"ไฟล์ {name} จะขยายเป็น {megabytes:,.0f} MB จากขนาด {packed / 2**20:,.1f} MB ซึ่งผิดปกติสำหรับไฟล์ตาราง "
            "(ลักษณะเหมือน zip bomb) จึงไม่เปิดไฟล์นี้ หากเป็นไฟล์จริง กรุณาแบ่งเป็นไฟล์ย่อย (เช่น ปีละไฟล์) แล้วอัปโหลดใหม่",
            code="zip_bomb")


def _small_member(archive: zipfile.ZipFile, member: str, name: str, limit: int = 4 * 2**20) -> bytes:
    try:
        info = archive.getinfo(member)
    except KeyError:
        return b""
    try:
        with archive.open(info) as handle:
            return handle.read(limit)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _damaged(name, f"the part {member} is broken") from exc


def _cfb_kind(data: bytes, name: str) -> str:
    """Old Office files and encrypted new ones are both CFB containers: the stream names tell them apart.

    calamine is only given a container whose directory is sound: on a damaged one it can panic or try to
    allocate gigabytes (seen: a 9 KB cut-and-spliced .xls asking for 4 GiB, which aborts the process).
    """
    streams = _cfb_stream_names(data)
    if streams is None:
        if any(s.encode("utf-16-le") in data for s in ("EncryptionInfo", "EncryptedPackage")):
            raise _password_protected(name)  # directory unreadable, but the names are there
        raise _damaged(name, "its Office container (CFB) structure is broken or cut off")
    if streams & {"EncryptionInfo", "EncryptedPackage"}:
        raise _password_protected(name)
    if streams & {"Workbook", "Book"}:
        return "xls"
    if "WordDocument" in streams:
        raise _wrong_kind(name, "an old Word document (.doc)", "เอกสาร Word แบบเก่า (.doc)")
    if "PowerPoint Document" in streams:
        raise _wrong_kind(name, "an old PowerPoint presentation (.ppt)", "งานนำเสนอ PowerPoint แบบเก่า (.ppt)")
    raise _wrong_kind(name, "an Office file that holds no workbook", "ไฟล์ Office ที่ไม่มีตารางข้อมูล")


def _cfb_stream_names(data: bytes) -> set[str] | None:
    """Names in a Compound File Binary directory ([MS-CFB]); None unless the structure is sound.

    Sound: 512- or 4096-byte sectors, every FAT and directory sector inside the file, and no stream
    declaring more bytes than the whole file holds.
    """
    end_of_chain = 0xFFFFFFFA  # this and above: free, end of chain, FAT or DIFAT sector markers
    try:
        major, _, sector_shift = struct.unpack_from("<HHH", data, 26)
        if sector_shift not in (9, 12):
            return None
        size = 1 << sector_shift
        sectors = (len(data) - 1) // size  # whole or partial sectors after the header
        fat_count, first_directory, _, _, first_difat, difat_count = struct.unpack_from("<6I", data, 44)
        if fat_count > sectors or difat_count > sectors:
            return None
        difat = list(struct.unpack_from("<109I", data, 76))
        sector, hops = first_difat, 0
        while sector < end_of_chain and hops < difat_count:
            entries = struct.unpack_from(f"<{size // 4}I", data, (sector + 1) * size)
            difat.extend(entries[:-1])
            sector, hops = entries[-1], hops + 1
        fat: list[int] = []
        for fat_sector in [s for s in difat if s < end_of_chain][:fat_count]:
            fat.extend(struct.unpack_from(f"<{size // 4}I", data, (fat_sector + 1) * size))
        names, sector, seen = set(), first_directory, set()
        while sector < end_of_chain:
            if sector in seen or sector >= sectors:
                return None
            seen.add(sector)
            offset = (sector + 1) * size
            for entry in range(size // 128):
                start = offset + entry * 128
                length, kind = struct.unpack_from("<HB", data, start + 64)
                if kind not in (1, 2, 5):  # storage, stream, root; 0 is an unused slot
                    continue
                declared, = struct.unpack_from("<Q" if major == 4 else "<I", data, start + 120)
                if not (2 <= length <= 64 and length % 2 == 0) or declared > len(data):
                    return None
                names.add(data[start:start + length - 2].decode("utf-16-le", "replace"))
            sector = fat[sector] if sector < len(fat) else end_of_chain
        return names if "Root Entry" in names else None
    except struct.error:
        return None


# --- workbooks (python-calamine) -------------------------------------------------------------------------


def _read_spreadsheet(data: bytes, name: str, digest: str, kind: str) -> Workbook:
    try:
        if kind in ("xlsx", "xlsm"):
            flagged = _inspect_xlsx(data, name)
            sheets = _calamine_sheets(data, name)
            _restore_xlsx_cells(data, sheets, flagged)
        elif kind == "ods":
            sheets = _calamine_sheets(data, name)
            _restore_ods_details(data, sheets, name)
        else:
            sheets = _read_isolated(data, name)
            if kind == "xls":
                _restore_xls_errors(data, sheets)
    except ReadError:
        raise
    except BaseException as exc:  # CalamineError, XmlError, ZipError, a panic: all mean the same to the user
        if not _parser_failure(exc):
            raise
        if isinstance(exc, getattr(python_calamine, "PasswordError", ())):
            raise _password_protected(name) from exc
        raise _damaged(name, f"{type(exc).__name__}: {exc}") from exc
    for sheet in sheets:  # merged ranges: absolute until now (restored cells may move a sheet's origin)
        sheet.merged = [(max(r0 - sheet.first_row, 0), max(c0 - sheet.first_col, 0), r1 - sheet.first_row,
                         c1 - sheet.first_col) for r0, c0, r1, c1 in sheet.merged
                        if r1 >= sheet.first_row and c1 >= sheet.first_col]
    return Workbook(file_name=name, sha256=digest, file_format=kind, sheets=sheets)


def _calamine_sheets(data: bytes, name: str) -> list[RawSheet]:
    """Every worksheet through calamine, in this process (.xlsx after _inspect_xlsx, .ods)."""
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        if not book.sheet_names:  # Excel and LibreOffice never save a workbook without a sheet
            raise _damaged(name, "it holds no sheets")
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart, dialog and macro sheets hold no table (and macros are never run)
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.start is not None:
                _check_size(name, meta.name, sheet.height, sheet.width)
            rows = sheet.to_python(skip_empty_area=True) if sheet.start is not None else []
            # python-calamine >= 0.4 has merged_cell_ranges; it is None for .ods (see _restore_ods_details)
            sheets.append(_raw_sheet(meta.name, meta.visible != SheetVisibleEnum.Visible, sheet.start, rows,
                                     getattr(sheet, "merged_cell_ranges", None)))
    return sheets


# .xls and .xlsb are binary formats full of declared sizes: a damaged or crafted 10 KB file can make
# calamine ask for terabytes, and a failed allocation in Rust aborts the whole process (the dashboard
# with it). So they are parsed in a short-lived child process with a memory limit; they are legacy
# formats and small (an .xls holds at most 65,536 rows): the extra ~0.1 s for a typical file, ~1 s at
# the format's row limit, is affordable.
ISOLATED_MEMORY_BYTES = 4 * 2**30
ISOLATED_TIMEOUT_SECONDS = 120
ISOLATED_READER = r"""
import io, pickle, sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]), int(sys.argv[1])))
except Exception:
    pass
max_rows, max_columns, max_cells = (int(a) for a in sys.argv[2:5])
data = sys.stdin.buffer.read()
try:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum
    sheets = []
    with CalamineWorkbook.from_filelike(io.BytesIO(data)) as book:
        names = list(book.sheet_names)
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            height, width = sheet.height, sheet.width
            fits = height <= max_rows and width <= max_columns and height * width <= max_cells
            rows = sheet.to_python(skip_empty_area=True) if fits and sheet.start is not None else []
            sheets.append((meta.name, meta.visible != SheetVisibleEnum.Visible, sheet.start, height, width, rows,
                           getattr(sheet, "merged_cell_ranges", None)))
    result = ("ok", names, sheets)
except BaseException as exc:
    result = ("error", type(exc).__name__, str(exc)[:300])
sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
"""


def _read_isolated(data: bytes, name: str) -> list[RawSheet]:
    """calamine in a child process with a memory limit: a crash there becomes a ReadError here."""
    command = [sys.executable, "-c", ISOLATED_READER, str(ISOLATED_MEMORY_BYTES), str(MAX_ROWS), str(MAX_COLUMNS),
               str(MAX_CELLS)]
    try:
        done = subprocess.run(command, input=data, capture_output=True, timeout=ISOLATED_TIMEOUT_SECONDS,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise _damaged(name, f"reading it took more than {ISOLATED_TIMEOUT_SECONDS} seconds") from exc
    except OSError:  # no child processes allowed here: read in this process after all
        return _calamine_sheets(data, name)
    if done.returncode != 0 or not done.stdout:
        raise _damaged(name, "the reader stopped because the file asks for far more memory than a real "
                             "workbook needs")
    # our own child's output, written by the code above, never the uploaded bytes themselves
    status, *details = pickle.loads(done.stdout)
    if status == "error":
        error_type, message = details
        if error_type == "PasswordError":
            raise _password_protected(name)
        raise _damaged(name, f"{error_type}: {message}")
    sheet_names, raw = details
    if not sheet_names:
        raise _damaged(name, "it holds no sheets")
    sheets = []
    for sheet_name, hidden, start, height, width, rows, ranges in raw:
        if start is not None:
            _check_size(name, sheet_name, height, width)
        sheets.append(_raw_sheet(sheet_name, hidden, start, rows, ranges))
    return sheets


def _check_size(file_name: str, sheet_name: str, height: int, width: int) -> None:
    if height > MAX_ROWS or width > MAX_COLUMNS or height * width > MAX_CELLS:
        raise _too_many_cells(file_name, f"sheet '{sheet_name}' has {height:,} rows × {width:,} columns",
                              f"ชีต '{sheet_name}' มี {height:,} แถว × {width:,} คอลัมน์")


def _raw_sheet(name: str, hidden: bool, start: tuple[int, int] | None, rows: list[list[object]],
               ranges: list | None) -> RawSheet:
    """calamine's cells as a RawSheet: it starts at the used range, and `start` says where that is.

    Until _read_spreadsheet's last step `merged` holds absolute 0-based Excel coordinates, so that cells
    put back from the file can still move the sheet's origin.
    """
    merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges or [] if (r0, c0) != (r1, c1)]
    if start is None:
        return RawSheet(name, [], merged, 0, 0, hidden)
    blank_to_none = {"": None}.get  # calamine gives "" for an empty cell; map(get, row, row) is the fast way
    rows = [list(map(blank_to_none, row, row)) for row in rows]
    types: set[type] = set()
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


def _put_cell(sheet: RawSheet, row: int, col: int, value: object) -> None:
    """Write an absolute (0-based Excel) cell into a sheet read by calamine, growing it when needed."""
    if not (0 <= row < MAX_ROWS and 0 <= col < MAX_COLUMNS):
        return  # beyond any worksheet (a damaged or crafted file): nothing real to restore there
    if not sheet.rows:
        sheet.first_row, sheet.first_col = row, col
    if row < sheet.first_row:
        sheet.rows[:0] = [[] for _ in range(sheet.first_row - row)]
        sheet.first_row = row
    if col < sheet.first_col:
        pad = [None] * (sheet.first_col - col)
        sheet.rows = [pad + r for r in sheet.rows]
        sheet.first_col = col
    i, j = row - sheet.first_row, col - sheet.first_col
    while len(sheet.rows) <= i:
        sheet.rows.append([])
    cells = sheet.rows[i]
    if len(cells) <= j:
        cells.extend([None] * (j + 1 - len(cells)))
    cells[j] = value


def _inspect_xlsx(data: bytes, name: str) -> set[str]:
    """Before calamine sees an .xlsx: refuse what would make it allocate absurdly, and note the sheet
    parts holding error cells or formulas (their cells are restored after reading).

    calamine fills a dense grid from the first to the last cell with a value, and reserves room for as many
    shared strings as the file declares. One stray value in XFD1048576, or uniqueCount="4000000000" in a
    7 KB file, asks for hundreds of gigabytes and aborts the process — so both are measured here first.
    """
    flagged = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        for info in members:
            base = posixpath.basename(info.filename).lower()
            if base.startswith("sharedstrings") and base.endswith(".xml"):
                _check_shared_strings(archive, info, name)
        labels = {part: sheet for sheet, part in _xlsx_sheet_parts(archive).items()}
        labels.update({m.filename: posixpath.basename(m.filename) for m in members
                       if "worksheets/" in m.filename and m.filename.endswith(".xml") and m.filename not in labels})
        for part, label in labels.items():
            if _scan_xlsx_sheet(archive, part, label, name):
                flagged.add(part)
    return flagged


def _check_shared_strings(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    with archive.open(info) as handle:
        head = handle.read(4096)
    declared = XLSX_UNIQUE_COUNT.search(head)
    # every <si> takes at least 5 bytes (<si/>): more entries than that cannot be real
    if declared and int(declared.group(1)) > min(info.file_size // 5 + 1, MAX_CELLS):
        raise _damaged(name, f"its shared-text table declares {int(declared.group(1)):,} entries in "
                             f"{info.file_size:,} bytes")


def _scan_xlsx_sheet(archive: zipfile.ZipFile, part: str, label: str, name: str) -> bool:
    """Stream one sheet's XML: True if it holds error cells or formulas; refuse a grid too big to build.

    Fast path (one regex search per megabyte): no column beyond Z and no row beyond 999,999 bounds the grid
    at 26 million cells. Otherwise the columns are measured exactly and the rows by their digit count;
    only if that bound is too big are the rows measured exactly (a second pass).
    """
    special, careful, max_col, digits = False, False, 26, 6
    tail = b""
    try:
        with archive.open(part) as handle:
            while chunk := handle.read(2**20):
                window = tail + chunk
                special = special or any(n in window for n in (*XLSX_ERROR_NEEDLES, b"<f"))
                careful = careful or XLSX_FAR_REFERENCE.search(window) is not None
                if careful:
                    letters = set(XLSX_COLUMN_LETTERS.findall(window))
                    if letters:
                        max_col = max(max_col, *(_column_index(c.decode().upper()) + 1 for c in letters))
                    while digits < 9 and XLSX_ROW_DIGITS[digits + 1].search(window):
                        digits += 1
                tail = window[-64:]
    except KeyError:
        return False
    if careful and (max_col > MAX_COLUMNS or max_col * (10**digits - 1) > MAX_CELLS):
        max_row = _max_row_reference(archive, part)
        if max_col > MAX_COLUMNS or max_row > MAX_ROWS or max_col * max_row > MAX_CELLS:
            letters = _column_letters(max_col - 1)
            raise ReadError(
                f"Sheet '{label}' of {name} has cells as far as column {letters} and row {max_row:,}: a grid of "
                f"{max_row:,} rows × {max_col:,} columns, more than this dashboard reads ({MAX_CELLS:,} cells). "
                "Usually it is a stray value far from the table: press Ctrl+End in Excel to find it, delete those "
                "rows and columns, save and upload again.",
                f"ชีต '{label}' ในไฟล์ {name} มีข้อมูลไปถึงคอลัมน์ {letters} แถวที่ {max_row:,} (ตาราง {max_row:,} แถว × "
                f"{max_col:,} คอลัมน์) เกินกว่าที่ระบบอ่านได้ ({MAX_CELLS:,} ช่อง) ส่วนใหญ่เกิดจากค่าที่หลงอยู่ไกลจากตาราง "
                "กรุณากด Ctrl+End ใน Excel เพื่อหาเซลล์นั้น ลบแถวและคอลัมน์ที่เกิน บันทึก แล้วอัปโหลดอีกครั้ง",
                code="too_many_cells")
    return special


def _max_row_reference(archive: zipfile.ZipFile, part: str) -> int:
    highest, tail = 99_999, b""
    with archive.open(part) as handle:
        while chunk := handle.read(2**20):
            window = tail + chunk
            numbers = XLSX_LONG_ROW_NUMBER.findall(window)
            if numbers:
                highest = max(highest, *map(int, set(numbers)))
            tail = window[-64:]
    return highest


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _restore_xlsx_cells(data: bytes, sheets: list[RawSheet], flagged: set[str]) -> None:
    """Put back what calamine reads as blank: error cells ("#REF!") and formulas never calculated."""
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
            for (row, col), value in _xlsx_special_cells(xml).items():
                _put_cell(sheet, row, col, value)


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
            key = (int(reference.group(2)) - 1, _column_index(reference.group(1).decode()))
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


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _restore_xls_errors(data: bytes, sheets: list[RawSheet]) -> None:
    """Error cells of an .xls, which calamine reads as blank, from xlrd (only when the bytes hold one)."""
    if not BIFF_ERROR_RECORD.search(data):
        return
    try:
        import xlrd
    except ImportError:  # optional: without it, error cells of .xls stay blank
        return
    by_name = {s.name: s for s in sheets}
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
        for index, sheet_name in enumerate(book.sheet_names()):
            sheet = by_name.get(sheet_name)
            if sheet is None:
                continue
            source = book.sheet_by_index(index)
            for row in range(source.nrows):
                for col, cell_type in enumerate(source.row_types(row)):
                    if cell_type == xlrd.XL_CELL_ERROR:
                        code = source.cell_value(row, col)
                        _put_cell(sheet, row, col, xlrd.error_text_from_code.get(code, "#ERROR"))
            book.unload_sheet(index)
    except Exception:  # xlrd is stricter than calamine on some files: keep calamine's reading
        return


def _restore_ods_details(data: bytes, sheets: list[RawSheet], name: str) -> None:
    """Merged ranges (calamine gives none for .ods) and error cells, from content.xml."""
    needles = (b"number-columns-spanned", b"number-rows-spanned", b'value-type="error"')
    by_name = {s.name: s for s in sheets}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not _member_contains(archive, "content.xml", needles):
            return
        with archive.open("content.xml") as content:
            try:
                _walk_ods_content(content, by_name)
            except ElementTree.ParseError as exc:
                raise _damaged(name, f"content.xml: {exc}") from exc


def _walk_ods_content(content: BinaryIO, by_name: dict[str, RawSheet]) -> None:
    table, row, col, repeat_rows = None, 0, 0, 1
    cell_tags = (f"{ODS_TABLE}table-cell", f"{ODS_TABLE}covered-table-cell")
    for event, element in ElementTree.iterparse(content, events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{ODS_TABLE}table":
                table, row = by_name.get(element.get(f"{ODS_TABLE}name", "")), 0
            elif tag == f"{ODS_TABLE}table-row":
                col, repeat_rows = 0, int(element.get(f"{ODS_TABLE}number-rows-repeated", "1"))
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
                        _put_cell(table, row, col + k, text)
            col += repeat
            element.clear()
        elif tag == f"{ODS_TABLE}table-row":
            row += repeat_rows
            element.clear()
        elif tag == f"{ODS_TABLE}table":
            table = None
            element.clear()


# --- text (CSV, TSV, TXT) --------------------------------------------------------------------------------


def _read_text(data: bytes, name: str, digest: str) -> Workbook:
    text, encoding = _decode(data, name)
    _refuse_markup(text, name)
    if not text.strip():
        raise _empty(name)
    hint = EXCEL_SEPARATOR_LINE.match(text)
    if hint:  # "sep=;" on the first line: Excel's own hint, which Excel hides (so rows stay numbered as shown)
        delimiter, text = hint.group(1), text[hint.end():]
    else:
        delimiter = detect_delimiter(text[:SAMPLE_CHARACTERS], whole=len(text) <= SAMPLE_CHARACTERS,
                                     default="\t" if Path(name).suffix.lower() in (".tsv", ".tab") else ",")
    if text.count(delimiter) + text.count("\n") > MAX_CELLS:
        raise _too_many_cells(name, f"it holds more than {MAX_CELLS:,} cells", f"มีมากกว่า {MAX_CELLS:,} ช่อง")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                        strict=True)
    try:
        rows = [[cell or None for cell in row] for row in reader]
    except csv.Error as exc:
        raise _csv_error(text, delimiter, name, exc) from exc
    if len(rows) > MAX_ROWS:
        raise _too_many_cells(name, f"it has {len(rows):,} rows", f"มี {len(rows):,} แถว")
    widest = max(map(len, rows), default=0)
    if widest > MAX_COLUMNS:
        raise _too_many_cells(name, f"a row has {widest:,} columns", f"มีแถวที่มี {widest:,} คอลัมน์")
    decimal_comma = delimiter != "," and _uses_decimal_comma(rows[:DECIMAL_SAMPLE_ROWS])
    return Workbook(file_name=name, sha256=digest, file_format="tsv" if delimiter == "\t" else "csv",
                    sheets=[RawSheet(Path(name).stem or "csv", rows)], encoding=encoding, delimiter=delimiter,
                    decimal_comma=decimal_comma)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """BOM → its encoding; else strict UTF-8; else cp874 if it gives plausible Thai; else refuse."""
    for bom, codec, label in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), label
            except UnicodeDecodeError as exc:
                line = _line_of(data, len(bom) + exc.start, label)
                raise _unknown_encoding(name, f"It starts with a {label.upper()} mark but line {line} is not "
                                        f"{label.upper()} text.",
                                        f"ไฟล์ขึ้นต้นด้วยเครื่องหมาย {label.upper()} แต่บรรทัดที่ {line} "
                                        f"ไม่ใช่ข้อความ {label.upper()}") from exc
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            text = ""
        if text and _looks_like_text(text[:32768].encode("utf-8", "replace")):
            return text, utf16
    if not _looks_like_text(data):
        raise ReadError(
            f"{name} is not a spreadsheet: it is neither an Excel/OpenDocument workbook nor a text (CSV) file. "
            "Upload the .xlsx, .xls, .ods or .csv file itself.",
            f"ไฟล์ {name} ไม่ใช่ไฟล์ตาราง (ไม่ใช่ไฟล์ Excel/OpenDocument และไม่ใช่ไฟล์ข้อความ CSV) "
            "กรุณาอัปโหลดไฟล์ .xlsx, .xls, .ods หรือ .csv",
            code="not_a_spreadsheet")
    data = data.replace(b"\x00", b"")  # NUL bytes in an otherwise text file (some exporters pad with them)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if _mostly_utf8(data):  # a UTF-8 file with a few bad bytes: say where, rather than garble all its Thai
        line = _line_of(data, utf8_error.start, "utf-8")
        raise _unknown_encoding(name, f"It is UTF-8 except at line {line}, which may have been pasted from another "
                                "file or damaged.",
                                f"ไฟล์เป็น UTF-8 ยกเว้นบรรทัดที่ {line} ซึ่งอาจคัดลอกมาจากไฟล์อื่นหรือเสียหาย") from utf8_error
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_thai(text[:1_000_000]):
        return text, "cp874"
    raise _unknown_encoding(name, "", "") from utf8_error


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: the high byte of each character is 0 (ASCII: digits, commas, line ends) or
    one script's block (0x0E for Thai), the low byte almost never 0."""
    sample = data[:4096]
    sample = sample[: len(sample) // 2 * 2]
    half = len(sample) // 2
    if half < 4:
        return None
    for codec, high, low in (("utf-16-le", sample[1::2], sample[0::2]), ("utf-16-be", sample[0::2], sample[1::2])):
        if high.count(0) < 0.05 * half or low.count(0) > 0.02 * half:
            continue
        if sum(n for _, n in Counter(high).most_common(2)) >= 0.9 * half:
            return codec
    return None


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    nul = sample.count(0)
    if nul > 0.3 * len(sample):
        return False
    stripped = sample.replace(b"\x00", b"")
    if not stripped:
        return False
    control = len(stripped) - len(stripped.translate(None, CONTROL_BYTES))
    return control <= 0.01 * len(stripped)


def _mostly_utf8(data: bytes) -> bool:
    high = len(data) - len(data.translate(None, HIGH_BYTES))
    if not high:
        return False
    in_sequences = len(data) - len(UTF8_SEQUENCE.sub(b"", data))
    return in_sequences >= 0.9 * high


def _plausible_thai(text: str) -> bool:
    """cp874 decodes most bytes; real Thai is not single letters glued inside Latin words.

    latin-1/cp1252 text misread as cp874 turns "café" into "caf้": a tone mark after a Latin letter.
    """
    thai = len(THAI_CHARACTER.findall(text))
    if not thai:
        return False
    glued = len(THAI_GLUED_TO_LATIN.findall(text))
    orphans = len(THAI_ORPHAN_MARK.findall(text))
    return glued <= 0.1 * thai and orphans <= 0.02 * thai


def _line_of(data: bytes, offset: int, encoding: str) -> int:
    newline = "\n".encode(encoding.replace("-sig", "")) if encoding else b"\n"
    return data.count(newline, 0, offset) + 1


def _refuse_markup(text: str, name: str) -> None:
    """Web pages and Excel 2003 XML saved as .xls are text, but not CSV: reading them would give junk rows."""
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")):
        raise ReadError(
            f"{name} is a web page (HTML) saved under a spreadsheet name — many systems export this way. "
            f"{SAVE_AS_XLSX_EN}",
            f"ไฟล์ {name} เป็นหน้าเว็บ (HTML) ที่ตั้งชื่อเหมือนไฟล์ตาราง (ระบบหลายแห่งส่งออกแบบนี้) {SAVE_AS_XLSX_TH}",
            code="not_a_spreadsheet")
    if head.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in text[:20000]:
            english, thai = "an Excel 2003 XML spreadsheet", "ไฟล์ Excel 2003 XML"
        else:
            english, thai = "an XML document", "เอกสาร XML"
        raise ReadError(f"{name} is {english}, which this dashboard does not read. {SAVE_AS_XLSX_EN}",
                        f"ไฟล์ {name} เป็น{thai} ซึ่งระบบนี้อ่านไม่ได้ {SAVE_AS_XLSX_TH}", code="not_a_spreadsheet")


def detect_delimiter(sample: str, whole: bool = False, default: str = ",") -> str:
    """The delimiter among , ; tab | whose count (outside quotes) is the same on most of the first records.

    csv.Sniffer guesses from character frequencies and is easily fooled by decimal commas and metadata
    lines; counting per record is plainer. Near-ties go to the candidate with more fields per record,
    except that commas which all sit between digits (5,3) are decimal commas, not delimiters.
    """
    records = _count_per_record(sample, whole)
    if not records:
        return default
    scores = {}
    for delimiter in DELIMITERS:
        counts = [r[delimiter] for r in records]
        usual = Counter(c for c in counts if c)
        if not usual:
            continue
        mode = max(usual.items(), key=lambda item: (item[1], item[0]))[0]
        scores[delimiter] = (counts.count(mode) / len(counts), mode)
    if not scores:
        return default
    best = max(share for share, _ in scores.values())
    close = {d: mode for d, (share, mode) in scores.items() if share >= best - 0.1}
    if "," in close and len(close) > 1:
        commas = sample.count(",")
        if commas and len(DIGIT_COMMA_DIGIT.findall(sample)) >= 0.9 * commas:
            del close[","]
    if default in close and close[default] == max(close.values()):
        return default
    return max(close, key=lambda d: (close[d], scores[d][0]))


def _count_per_record(sample: str, whole: bool) -> list[dict[str, int]]:
    """Per record (not per line: a quoted cell may span lines), how often each candidate occurs."""
    records: list[dict[str, int]] = []
    counts, blank, quoted, field_start = dict.fromkeys(DELIMITERS, 0), True, False, True
    i, length = 0, len(sample)
    while i < length and len(records) < SAMPLE_RECORDS:
        char = sample[i]
        if quoted:
            closing = sample.find('"', i)
            if closing == -1:
                break
            if sample.startswith('""', closing):
                i = closing + 2
                continue
            quoted, field_start, i = False, False, closing + 1
            continue
        if char == '"' and field_start:
            quoted, blank = True, False
        elif char in "\r\n":
            if not blank:
                records.append(counts)
            counts, blank, field_start = dict.fromkeys(DELIMITERS, 0), True, True
        elif char in counts:
            counts[char] += 1
            blank, field_start = False, True
        else:
            field_start = field_start and char == " "
            blank = blank and char.isspace()
        i += 1
    if whole and not blank and not quoted:
        records.append(counts)
    return records


def _csv_error(text: str, delimiter: str, name: str, error: csv.Error) -> ReadError:
    """Turn csv's error into the row (as Excel would number it) and the line where the trouble starts."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    record, line = 0, 1
    try:
        for _ in reader:
            record, line = record + 1, reader.line_num + 1
    except csv.Error:
        pass
    row = record + 1
    quote_line = _unclosed_quote_line(text, line, delimiter)
    message = str(error)
    if quote_line is not None or "end of data" in message or "field larger" in message:
        where = quote_line or line
        snippet = _line_text(text, where)
        return ReadError(
            f"{name} cannot be read: row {row} (line {where} of the file) opens a quote (\") that is never closed, "
            f"so everything after it would run into one cell. The line starts: {snippet!r}. Close or remove that "
            f"quote (or open the file in Excel and save it again), then upload again.",
            f"อ่านไฟล์ {name} ไม่ได้: แถวที่ {row} (บรรทัดที่ {where} ของไฟล์) มีเครื่องหมายอัญประกาศ (\") "
            f"เปิดแต่ไม่มีปิด ข้อมูลที่เหลือทั้งหมดจะรวมอยู่ในช่องเดียว บรรทัดนั้นขึ้นต้นด้วย: {snippet!r} "
            "กรุณาแก้เครื่องหมายนั้น (หรือเปิดไฟล์ใน Excel แล้วบันทึกใหม่) แล้วอัปโหลดอีกครั้ง",
            code="bad_csv")
    snippet = _line_text(text, line)
    return ReadError(
        f"{name} cannot be read at row {row} (line {line} of the file): {message}. A closing quote must be "
        f"followed by the delimiter, as in \"abc\",def. The line starts: {snippet!r}. Fix that row (or open the "
        "file in Excel and save it again), then upload again.",
        f"อ่านไฟล์ {name} ไม่ได้ที่แถวที่ {row} (บรรทัดที่ {line} ของไฟล์): หลังเครื่องหมายอัญประกาศปิด (\") "
        f"ต้องตามด้วยตัวคั่น เช่น \"abc\",def บรรทัดนั้นขึ้นต้นด้วย: {snippet!r} "
        "กรุณาแก้แถวนั้น (หรือเปิดไฟล์ใน Excel แล้วบันทึกใหม่) แล้วอัปโหลดอีกครั้ง",
        code="bad_csv")


def _unclosed_quote_line(text: str, from_line: int, delimiter: str) -> int | None:
    """The line on which a quote opens and is never closed, scanning from a record's first line."""
    offset = 0
    for _ in range(from_line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return None
    field_start, i, stop = True, offset, min(len(text), offset + 1_000_000)
    while i < stop:
        char = text[i]
        if char == '"' and field_start:
            opening = i
            while True:
                closing = text.find('"', i + 1)
                if closing == -1:
                    return text.count("\n", 0, opening) + 1
                if text.startswith('""', closing):
                    i = closing + 1
                    continue
                i, field_start = closing + 1, False
                break
            continue
        field_start = char in (delimiter, "\n", "\r")
        i += 1
    return None


def _line_text(text: str, line: int) -> str:
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return ""
    end = text.find("\n", offset)
    return text[offset:end if end != -1 else len(text)].rstrip("\r")[:60]


def _uses_decimal_comma(rows: list[list[str | None]]) -> bool:
    """5,3 written with a comma: many cells like '4,0' and none that can only be thousands ('1,234,567')."""
    decimal = thousands = 0
    for row in rows:
        for cell in row:
            if cell and "," in cell:
                cell = cell.strip()
                if DECIMAL_COMMA_CELL.match(cell) and not AMBIGUOUS_COMMA_CELL.match(cell):
                    decimal += 1
                elif THOUSANDS_CELL.match(cell):
                    thousands += 1
    return decimal > 0 and decimal >= 10 * thousands


# --- messages --------------------------------------------------------------------------------------------


def _empty(name: str) -> ReadError:
    return ReadError(f"{name} is empty: it holds no data. Check that you chose the right file and upload it again.",
                     f"ไฟล์ {name} ว่างเปล่า ไม่มีข้อมูล กรุณาตรวจสอบว่าเลือกไฟล์ถูกต้องแล้วอัปโหลดอีกครั้ง",
                     code="empty_file")


def _too_large(name: str) -> ReadError:
    limit = MAX_FILE_BYTES // 2**20
    return ReadError(f"{name} is larger than {limit} MB. Split it into smaller files (for example one per year) "
                     "and upload those.",
                     f"ไฟล์ {name} ใหญ่เกิน {limit} MB กรุณาแบ่งเป็นไฟล์ย่อย (เช่น ปีละไฟล์) แล้วอัปโหลดใหม่",
                     code="too_large")


def _too_many_cells(name: str, english: str, thai: str) -> ReadError:
    return ReadError(f"{name} is too big to read: {english} (limit {MAX_ROWS:,} rows × {MAX_COLUMNS:,} columns). "
                     "Split it into smaller files, or delete empty rows and columns, and upload again.",
                     f"ไฟล์ {name} ใหญ่เกินกว่าจะอ่านได้: {thai} (สูงสุด {MAX_ROWS:,} แถว × {MAX_COLUMNS:,} คอลัมน์) "
                     "กรุณาแบ่งเป็นไฟล์ย่อย หรือลบแถวและคอลัมน์ว่างออก แล้วอัปโหลดใหม่",
                     code="too_many_cells")


def _damaged(name: str, detail: str) -> ReadError:
    return ReadError(f"{name} is damaged and cannot be read ({detail}). If it opens in Excel, save it again as "
                     ".xlsx and upload that file; otherwise ask the sender for a new copy.",
                     f"ไฟล์ {name} เสียหาย อ่านไม่ได้ หากเปิดใน Excel ได้ กรุณาบันทึกใหม่เป็น .xlsx แล้วอัปโหลดไฟล์นั้น "
                     "หากเปิดไม่ได้ กรุณาขอไฟล์ใหม่จากผู้ส่ง",
                     code="damaged")


def _password_protected(name: str) -> ReadError:
    return ReadError(f"{name} is protected by a password, so it cannot be read. Open it in Excel, remove the "
                     "password (File > Info > Protect Workbook > Encrypt with Password, clear it), save it as .xlsx "
                     "and upload again.",
                     f"ไฟล์ {name} ตั้งรหัสผ่านไว้ จึงอ่านไม่ได้ กรุณาเปิดใน Excel แล้วเอารหัสผ่านออก (ไฟล์ > ข้อมูล > "
                     "ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน แล้วลบรหัส) บันทึกเป็น .xlsx แล้วอัปโหลดอีกครั้ง",
                     code="password_protected")


def _wrong_kind(name: str, english: str, thai: str) -> ReadError:
    return ReadError(f"{name} is really {english}, not a spreadsheet. Upload the Excel (.xlsx, .xls), "
                     "OpenDocument (.ods) or CSV file that holds the table.",
                     f"ไฟล์ {name} เป็น{thai} ไม่ใช่ไฟล์ตาราง กรุณาอัปโหลดไฟล์ Excel (.xlsx, .xls), OpenDocument (.ods) "
                     "หรือ CSV ที่มีตารางข้อมูล",
                     code="not_a_spreadsheet")


def _unknown_encoding(name: str, english: str, thai: str) -> ReadError:
    """Never guess latin-1/cp1252: that would store Thai as garbage without anyone noticing."""
    return ReadError(" ".join(filter(None, (
        f"The text encoding of {name} cannot be recognised: it is neither UTF-8 nor Thai Windows "
        "(cp874/TIS-620).", english, SAVE_AS_CSV_EN))),
        " ".join(filter(None, (
            f"ไม่รู้จักการเข้ารหัสตัวอักษรของไฟล์ {name} (ไม่ใช่ UTF-8 และไม่ใช่ภาษาไทยแบบ Windows cp874/TIS-620)",
            thai, SAVE_AS_CSV_TH))),
        code="unknown_encoding")
