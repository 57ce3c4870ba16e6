"""Why a file cannot be read, in English and Thai, with what to do about it. Every ReadError the reader
raises is made here, so the wording of a refusal has one home."""

from __future__ import annotations

from indicators.base.errors import ReadError
from indicators.read import limits

SAVE_AS_XLSX_EN = "Open it in Excel, save it as an Excel Workbook (.xlsx) and upload that file."
SAVE_AS_XLSX_TH = "กรุณาเปิดไฟล์ใน Excel แล้วบันทึกเป็น Excel Workbook (.xlsx) และอัปโหลดไฟล์นั้นอีกครั้ง"
SAVE_AS_CSV_EN = "In Excel use File > Save As > 'CSV UTF-8 (Comma delimited)' and upload that file."
SAVE_AS_CSV_TH = "กรุณาใช้ Excel: ไฟล์ > บันทึกเป็น > 'CSV UTF-8 (Comma delimited)' แล้วอัปโหลดไฟล์นั้นอีกครั้ง"


def empty(name: str) -> ReadError:
    return ReadError(f"{name} is empty: it holds no data. Check that you chose the right file and upload it again.",
                     f"ไฟล์ {name} ว่างเปล่า ไม่มีข้อมูล กรุณาตรวจสอบว่าเลือกไฟล์ถูกต้องแล้วอัปโหลดอีกครั้ง",
                     code="empty_file")


def too_large(name: str, text: bool = False) -> ReadError:
    """Over the limit of its kind: `text` files (CSV/TSV/TXT) have their own, larger one (limits.py)."""
    limit = (limits.MAX_TEXT_FILE_BYTES if text else limits.MAX_FILE_BYTES) // 2**20
    kind_en, kind_th = ("a CSV/TSV/TXT file", "ไฟล์ CSV/TSV/TXT") if text else ("a workbook", "ไฟล์ Excel/ODS")
    return ReadError(f"{name} is larger than {limit} MB, the limit for {kind_en}. Split it into smaller files "
                     "(for example one per year) and upload those.",
                     f"ไฟล์ {name} ใหญ่เกิน {limit} MB ซึ่งเป็นขนาดสูงสุดของ{kind_th} กรุณาแบ่งเป็นไฟล์ย่อย "
                     "(เช่น ปีละไฟล์) แล้วอัปโหลดใหม่",
                     code="too_large")


def too_many_cells(name: str, english: str, thai: str) -> ReadError:
    return ReadError(f"{name} is too big to read: {english} (limit {limits.MAX_ROWS:,} rows × {limits.MAX_COLUMNS:,} columns). "
                     "Split it into smaller files, or delete empty rows and columns, and upload again.",
                     f"ไฟล์ {name} ใหญ่เกินกว่าจะอ่านได้: {thai} (สูงสุด {limits.MAX_ROWS:,} แถว × {limits.MAX_COLUMNS:,} คอลัมน์) "
                     "กรุณาแบ่งเป็นไฟล์ย่อย หรือลบแถวและคอลัมน์ว่างออก แล้วอัปโหลดใหม่",
                     code="too_many_cells")


def damaged(name: str, detail: str) -> ReadError:
    return ReadError(f"{name} is damaged and cannot be read ({detail}). If it opens in Excel, save it again as "
                     ".xlsx and upload that file; otherwise ask the sender for a new copy.",
                     f"ไฟล์ {name} เสียหาย อ่านไม่ได้ หากเปิดใน Excel ได้ กรุณาบันทึกใหม่เป็น .xlsx แล้วอัปโหลดไฟล์นั้น "
                     "หากเปิดไม่ได้ กรุณาขอไฟล์ใหม่จากผู้ส่ง",
                     code="damaged")


def password_protected(name: str) -> ReadError:
    return ReadError(f"{name} is protected by a password, so it cannot be read. Open it in Excel, remove the "
                     "password (File > Info > Protect Workbook > Encrypt with Password, clear it), save it as .xlsx "
                     "and upload again.",
                     f"ไฟล์ {name} ตั้งรหัสผ่านไว้ จึงอ่านไม่ได้ กรุณาเปิดใน Excel แล้วเอารหัสผ่านออก (ไฟล์ > ข้อมูล > "
                     "ป้องกันเวิร์กบุ๊ก > เข้ารหัสด้วยรหัสผ่าน แล้วลบรหัส) บันทึกเป็น .xlsx แล้วอัปโหลดอีกครั้ง",
                     code="password_protected")


def wrong_kind(name: str, english: str, thai: str) -> ReadError:
    return ReadError(f"{name} is really {english}, not a spreadsheet. Upload the Excel (.xlsx, .xls), "
                     "OpenDocument (.ods) or CSV file that holds the table.",
                     f"ไฟล์ {name} เป็น{thai} ไม่ใช่ไฟล์ตาราง กรุณาอัปโหลดไฟล์ Excel (.xlsx, .xls), OpenDocument (.ods) "
                     "หรือ CSV ที่มีตารางข้อมูล",
                     code="not_a_spreadsheet")


def unknown_encoding(name: str, english: str, thai: str) -> ReadError:
    """Never guess latin-1/cp1252: that would store Thai as garbage without anyone noticing."""
    return ReadError(" ".join(filter(None, (
        f"The text encoding of {name} cannot be recognised: it is neither UTF-8 nor Thai Windows "
        "(cp874/TIS-620).", english, SAVE_AS_CSV_EN))),
        " ".join(filter(None, (
            f"ไม่รู้จักการเข้ารหัสตัวอักษรของไฟล์ {name} (ไม่ใช่ UTF-8 และไม่ใช่ภาษาไทยแบบ Windows cp874/TIS-620)",
            thai, SAVE_AS_CSV_TH))),
        code="unknown_encoding")


def bad_text_reference(name: str, sheet: str, cell: str, index: str) -> ReadError:
    """A text cell pointing outside the workbook's shared-text table: a damaged or hand-made file."""
    return ReadError(f"{name} is damaged and cannot be read: cell {cell} of sheet '{sheet}' names text number {index}, "
                     "which the file's text table cannot hold, so the cell has no text to read. If it opens in Excel, "
                     "save it again as .xlsx and upload that file; otherwise ask the sender for a new copy.",
                     f"ไฟล์ {name} เสียหาย อ่านไม่ได้: เซลล์ {cell} ในชีต '{sheet}' อ้างถึงข้อความลำดับที่ {index} "
                     "ซึ่งไม่มีอยู่ในตารางข้อความของไฟล์ จึงไม่มีข้อความให้อ่าน หากเปิดใน Excel ได้ กรุณาบันทึกใหม่เป็น .xlsx "
                     "แล้วอัปโหลดไฟล์นั้น หากเปิดไม่ได้ กรุณาขอไฟล์ใหม่จากผู้ส่ง",
                     code="damaged")
