"""Builders for the bad-input corpus: every hostile or broken file is made in the test, never committed."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook

HEADER = ["activity code", "title", "district", "date", "events", "hours", "participants", "female", "male"]
GOOD_ROWS = [
    ["A-1", "Reading club", "North", "15/01/2567", 1, 2, 30, 18, 12],
    ["A-2", "Digital skills", "South", "03/02/2567", 2, 6, 25, 15, 10],
    ["A-3", "Tree planting", "North", "15/03/2567", 1, 3, 40, 20, 20],
]


def xlsx_bytes(sheets: dict[str, list[list]], merges: dict[str, list[str]] | None = None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
        for cells in (merges or {}).get(name, []):
            ws.merge_cells(cells)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def good_xlsx() -> bytes:
    return xlsx_bytes({"activities": [HEADER, *GOOD_ROWS]})


def activities_with(row_index: int, column: str, value) -> bytes:
    """The good activities sheet with one cell replaced (row_index 0 = first data row, Excel row 2)."""
    rows = [list(r) for r in GOOD_ROWS]
    rows[row_index][HEADER.index(column)] = value
    return xlsx_bytes({"activities": [HEADER, *rows]})


def csv_text(rows: list[list]) -> str:
    return "\n".join(",".join("" if c is None else str(c) for c in row) for row in rows) + "\n"


def zip_bomb(member_bytes: int) -> bytes:
    """A real zip whose one member unpacks to `member_bytes` of zeros, written in chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * 2**20
            for _ in range(member_bytes // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def with_member(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def encrypted_cfb() -> bytes:
    """What Excel writes for a password-protected workbook: a CFB container naming EncryptionInfo."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    return header + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1000


def fake_xlsb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00garbage-not-a-biff12-record" * 4)
    return buffer.getvalue()


def thai_id(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def big_activities_csv(path: Path, rows: int) -> Path:
    """A plain activities CSV; every row is one activity with 10 participants (6 female, 4 male)."""
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(HEADER) + "\n")
        for i in range(rows):
            out.write(f"K-{i},Course {i},District {i % 7},{(i % 28) + 1}/{(i % 12) + 1}/2566,1,2,10,6,4\n")
    return path


TODAY = date.today()
FUTURE = datetime(TODAY.year + 3, 1, 15)


def raw_xlsx(rows_xml: str, strings: list[str]) -> bytes:
    """An .xlsx written by hand, sheet XML and shared-text table as given — what a script or a damaged
    file may hold and openpyxl would never write (text indices out of range, empty formatted far cells)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{relationships}"><Relationship '
                        f'Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{office}">'
                            '<sheets><sheet name="activities" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{relationships}"><Relationship Id="rId1" '
            f'Type="{office}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            f'Type="{office}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}" '
                                     f'xmlns:r="{office}"><sheetData>{rows_xml}</sheetData></worksheet>'),
        "xl/sharedStrings.xml": (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" count="{len(strings)}" '
                                 f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{s}</t></si>" for s in strings)
                                 + "</sst>"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


RAW_STRINGS = ["activity code", "title", "district", "date", "participants", "A-1", "Reading club", "North",
               "15/01/2567"]


def raw_row(number: int, *cells: str) -> str:
    return f'<row r="{number}">' + "".join(cells) + "</row>"


def text_cell(reference: str, index: int | str) -> str:
    return f'<c r="{reference}" t="s"><v>{index}</v></c>'


def number_cell(reference: str, value: float) -> str:
    return f'<c r="{reference}"><v>{value}</v></c>'


def raw_activities(district_index: int | str = 7, extra: str = "") -> bytes:
    """activity code, title, district, date, participants — one activity; `district_index` names its
    district's entry of the shared-text table; `extra` is appended after the rows."""
    header = raw_row(1, *(text_cell(f"{c}1", i) for c, i in zip("ABCDE", range(5))))
    body = raw_row(2, text_cell("A2", 5), text_cell("B2", 6), text_cell("C2", district_index), text_cell("D2", 8),
                   number_cell("E2", 30))
    return raw_xlsx(header + body + extra, RAW_STRINGS)
