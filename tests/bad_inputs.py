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
