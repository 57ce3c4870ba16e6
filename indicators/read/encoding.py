"""The text encoding of a CSV file, decided from its bytes — never latin-1, which garbles Thai silently.

A BOM decides; else strict UTF-8; else UTF-16 without a BOM; else Windows Thai (cp874/TIS-620) when it
gives plausible Thai. Web pages and XML saved under a spreadsheet name are refused by name."""

from __future__ import annotations

import codecs
import json
import re
from collections import Counter

from indicators.base.errors import ReadError
from indicators.read.refusals import SAVE_AS_XLSX_EN, SAVE_AS_XLSX_TH, unknown_encoding

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


def decode(data: bytes, name: str) -> tuple[str, str]:
    """BOM → its encoding; else strict UTF-8; else cp874 if it gives plausible Thai; else refuse."""
    for bom, codec, label in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as exc:
                if codec.startswith("utf-16") and _bom_lies(body, ""):
                    return decode(body, name)
                line = _line_of(data, len(bom) + exc.start, label)
                raise unknown_encoding(name, f"It starts with a {label.upper()} mark but line {line} is not "
                                        f"{label.upper()} text.",
                                        f"ไฟล์ขึ้นต้นด้วยเครื่องหมาย {label.upper()} แต่บรรทัดที่ {line} "
                                        f"ไม่ใช่ข้อความ {label.upper()}") from exc
            if codec.startswith("utf-16") and _bom_lies(body, text):
                return decode(body, name)  # a UTF-16 mark before one-byte text: read the text as it is
            return text, label
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
        raise unknown_encoding(name, f"It is UTF-8 except at line {line}, which may have been pasted from another "
                                "file or damaged.",
                                f"ไฟล์เป็น UTF-8 ยกเว้นบรรทัดที่ {line} ซึ่งอาจคัดลอกมาจากไฟล์อื่นหรือเสียหาย") from utf8_error
    try:
        text = data.decode("cp874")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_thai(text[:1_000_000]):
        return text, "cp874"
    raise unknown_encoding(name, "", "") from utf8_error


def _bom_lies(body: bytes, text: str) -> bool:
    """A UTF-16 mark glued before a one-byte text (a cp874 export prefixed by a tool): read as UTF-16 it
    has no line break or delimiter at all — one garbled line — while its bytes are full of them."""
    sample = text[:65536]
    if any(mark in sample for mark in "\n\r,;\t|"):
        return False
    raw = body[:65536]
    return raw.count(b"\n") + raw.count(b",") + raw.count(b";") + raw.count(b"\t") > 0


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


def _is_json(text: str) -> bool:
    """An object or array written as JSON: CSV never opens with '{', and a '[' row that parses whole is JSON."""
    body = text.strip("\ufeff \t\r\n")
    if not body or body[0] not in "{[" or body[-1] not in "}]":
        return False
    try:
        json.loads(body)
    except ValueError:
        return False
    return True


def refuse_markup(text: str, name: str) -> None:
    """Web pages and Excel 2003 XML saved as .xls are text, but not CSV: reading them would give junk rows."""
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")):
        raise ReadError(
            f"{name} is a web page (HTML) saved under a spreadsheet name — many systems export this way. "
            f"{SAVE_AS_XLSX_EN}",
            f"ไฟล์ {name} เป็นหน้าเว็บ (HTML) ที่ตั้งชื่อเหมือนไฟล์ตาราง (ระบบหลายแห่งส่งออกแบบนี้) {SAVE_AS_XLSX_TH}",
            code="not_a_spreadsheet")
    if _is_json(text):
        raise ReadError(f"{name} is a JSON document (data for programs), not a spreadsheet. Export the data as a "
                        "spreadsheet (.xlsx or .csv) from the system it came from, and upload that file.",
                        f"ไฟล์ {name} เป็นเอกสาร JSON (ข้อมูลสำหรับโปรแกรม) ไม่ใช่ไฟล์ตาราง กรุณาส่งออกข้อมูลเป็นไฟล์ตาราง "
                        "(.xlsx หรือ .csv) จากระบบต้นทาง แล้วอัปโหลดไฟล์นั้น", code="not_a_spreadsheet")
    if head.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in text[:20000]:
            english, thai = "an Excel 2003 XML spreadsheet", "ไฟล์ Excel 2003 XML"
        else:
            english, thai = "an XML document", "เอกสาร XML"
        raise ReadError(f"{name} is {english}, which this dashboard does not read. {SAVE_AS_XLSX_EN}",
                        f"ไฟล์ {name} เป็น{thai} ซึ่งระบบนี้อ่านไม่ได้ {SAVE_AS_XLSX_TH}", code="not_a_spreadsheet")
