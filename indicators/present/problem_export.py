"""The problems of an upload as a table and an .xlsx a researcher can work through: severity, file,
sheet, Excel row, column as written, the value, and the message in Thai or English."""

from __future__ import annotations

import io

import pandas as pd

from indicators.base.errors import Problem

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADERS = {
    "en": ["Severity", "File", "Sheet", "Row", "Column", "Value", "Problem"],
    "th": ["ระดับ", "ไฟล์", "ชีต", "แถว", "คอลัมน์", "ค่า", "ปัญหา"],
}
SEVERITY_WORDS = {"en": {"error": "error", "warning": "warning", "info": "note"},
                  "th": {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "หมายเหตุ"}}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def neutralise(value: object) -> object:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(…)", "@SUM(…)") is shown as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def problems_frame(problems: list[Problem], lang: str = "en") -> pd.DataFrame:
    lang = "th" if lang == "th" else "en"
    rows = [[SEVERITY_WORDS[lang].get(p.severity, p.severity), p.file, p.sheet, p.row, p.column, p.value,
             p.message(lang)] for p in sorted(problems, key=lambda p: (SEVERITY_ORDER.get(p.severity, 3),
                                                                        p.file or "", p.sheet or "", p.row or 0))]
    frame = pd.DataFrame(rows, columns=HEADERS[lang])
    frame[HEADERS[lang][3]] = frame[HEADERS[lang][3]].astype("Int64")
    return frame


def problems_xlsx(problems: list[Problem], lang: str = "en") -> bytes:
    frame = problems_frame(problems, lang)
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(neutralise)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="problems" if lang == "en" else "ปัญหา")
        sheet = writer.sheets["problems" if lang == "en" else "ปัญหา"]
        for letter, width in zip("ABCDEFG", (12, 28, 18, 8, 22, 22, 90)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A2"
    return buffer.getvalue()
