"""CSV, TSV and TXT files as rows of strings, exactly as written (blank → None).

The delimiter is counted outside quotes, per record; "5,3" decimal commas are flagged for the cleaner;
a malformed quote is reported with the row and line where it starts."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from pathlib import Path

from indicators.base.errors import ReadError
from indicators.read import limits, progress
from indicators.read.encoding import decode, refuse_markup
from indicators.read.refusals import empty, too_many_cells
from indicators.read.sheets import RawSheet, Workbook, share_texts

DELIMITERS = (",", ";", "\t", "|")
SAMPLE_RECORDS = 50
SAMPLE_CHARACTERS = 256 * 1024
DECIMAL_SAMPLE_ROWS = 5_000
DECIMAL_COMMA_CELL = re.compile(r"^-?\d+,\d+$|^-?\d{1,3}(?:\.\d{3})+,\d+$")
AMBIGUOUS_COMMA_CELL = re.compile(r"^-?\d{1,3},\d{3}$")  # 1,250: a thousand and a quarter, or 1.25?
THOUSANDS_CELL = re.compile(r"^-?\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$|^-?\d{1,3}(?:,\d{3})+\.\d+$")
DIGIT_COMMA_DIGIT = re.compile(r"\d,\d")
EXCEL_SEPARATOR_LINE = re.compile("sep=([,;\t|])\r?\n")
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def read_text(data: bytes, name: str, digest: str) -> Workbook:
    text, encoding = decode(data, name)
    refuse_markup(text, name)
    if not text.strip():
        raise empty(name)
    hint = EXCEL_SEPARATOR_LINE.match(text)
    if hint:  # "sep=;" on the first line: Excel's own hint, which Excel hides (so rows stay numbered as shown)
        delimiter, text = hint.group(1), text[hint.end():]
    else:
        delimiter = detect_delimiter(text[:SAMPLE_CHARACTERS], whole=len(text) <= SAMPLE_CHARACTERS,
                                     default="\t" if Path(name).suffix.lower() in (".tsv", ".tab") else ",")
    if text.count(delimiter) + text.count("\n") > limits.MAX_CELLS:
        raise too_many_cells(name, f"it holds more than {limits.MAX_CELLS:,} cells", f"มีมากกว่า {limits.MAX_CELLS:,} ช่อง")
    reader = _records(text, delimiter)
    sheet = Path(name).stem or "csv"
    if progress.listening():  # about one row a line (a quoted line break makes fewer rows)
        reader = progress.counted(reader, sheet, text.count("\n") + 1)
    try:
        rows = share_texts(reader)
    except csv.Error as exc:
        raise _csv_error(text, delimiter, name, exc) from exc
    if len(rows) > limits.MAX_ROWS:
        raise too_many_cells(name, f"it has {len(rows):,} rows", f"มี {len(rows):,} แถว")
    widest = max(map(len, rows), default=0)
    if widest > limits.MAX_COLUMNS:
        raise too_many_cells(name, f"a row has {widest:,} columns", f"มีแถวที่มี {widest:,} คอลัมน์")
    decimal_comma = delimiter != "," and _uses_decimal_comma(rows[:DECIMAL_SAMPLE_ROWS])
    return Workbook(file_name=name, sha256=digest, file_format="tsv" if delimiter == "\t" else "csv",
                    sheets=[RawSheet(sheet, rows)], encoding=encoding, delimiter=delimiter,
                    decimal_comma=decimal_comma)


def _records(text: str, delimiter: str):
    """The records csv.reader makes of the text. A line with no quote, no NUL and no cell longer than csv's
    limit is exactly its split at the delimiter, done in C (a 200k-row register: 1.5 s → 0.8 s); any other
    line is handed to csv.reader, which takes as many next lines as a quoted cell spans. A lone CR (an old
    Mac line end) ends a line for csv but not for split: such a text goes through csv.reader whole."""
    if text.count("\r") != text.count("\r\n"):
        yield from _csv_reader(_lines(text), delimiter)
        return
    limit = csv.field_size_limit()
    lines = _lines_split(text)
    for line in lines:
        if '"' in line or "\x00" in line or len(line) > limit:
            yield next(_csv_reader(itertools.chain((line,), lines), delimiter))
        else:
            body = line.rstrip("\r\n")
            yield body.split(delimiter) if body else []


def _csv_reader(lines, delimiter: str):
    return csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True, strict=True)


def _lines_split(text: str, chunk: int = 1 << 20):
    """`_lines`, split a megabyte at a time in C (each line keeps its ending, as csv.reader needs it)."""
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", min(start + chunk, length) - 1)
        end = length if end == -1 else end + 1
        lines = text[start:end].split("\n")
        last = lines.pop()  # after the piece's last line end: "" — or the text's last line, which has none
        yield from (line + "\n" for line in lines)
        if last:
            yield last
        start = end


def _lines(text: str):
    """The text's lines with their endings, split as io.StringIO(newline="") splits them — without its copy
    of the whole text at four bytes a character (1 GB for a 1M-row Thai file)."""
    return (match.group() for match in LINE.finditer(text))


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
    if quote_line is None and "field larger" in message:
        return _cell_too_long(text, line, row, name)
    if quote_line is not None or "end of data" in message:
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


def _cell_too_long(text: str, line: int, row: int, name: str) -> ReadError:
    """A cell longer than any table holds (csv's limit, 131,072 characters), with no quote to blame: most
    often a file whose line breaks were lost, or one that is no table at all."""
    offset = 0
    for _ in range(line - 1):
        offset = text.find("\n", offset) + 1
    end = text.find("\n", offset)
    length = (end if end != -1 else len(text)) - offset
    limit = csv.field_size_limit()
    return ReadError(
        f"{name} cannot be read: row {row} (line {line} of the file) holds a single cell of more than {limit:,} "
        f"characters — the line is {length:,} characters long without a break between rows or cells. This is not "
        "a table as written; if it should be one, its line breaks or delimiters were lost on the way. Open the "
        "original in Excel, save it as CSV UTF-8 and upload that file.",
        f"อ่านไฟล์ {name} ไม่ได้: แถวที่ {row} (บรรทัดที่ {line} ของไฟล์) มีช่องเดียวที่ยาวเกิน {limit:,} ตัวอักษร "
        f"บรรทัดนี้ยาว {length:,} ตัวอักษรโดยไม่มีการขึ้นบรรทัดหรือตัวคั่นระหว่างช่อง จึงไม่ใช่ตารางข้อมูล "
        "หากควรเป็นตาราง แสดงว่าการขึ้นบรรทัดหรือตัวคั่นหายไประหว่างทาง กรุณาเปิดไฟล์ต้นฉบับใน Excel "
        "บันทึกเป็น CSV UTF-8 แล้วอัปโหลดไฟล์นั้น",
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
