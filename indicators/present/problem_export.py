"""The problems of an upload as a table and an .xlsx a researcher can work through: severity, file,
sheet, Excel row, column as written, the value, and the message in Thai or English."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from indicators.base.errors import Problem
from indicators.present.exports.safe import save_workbook, xlsx_cell

HEADERS = {
    "en": ["Severity", "File", "Sheet", "Row", "Column", "Value", "Problem"],
    "th": ["ระดับ", "ไฟล์", "ชีต", "แถว", "คอลัมน์", "ค่า", "ปัญหา"],
}
SEVERITY_WORDS = {"en": {"error": "error", "warning": "warning", "info": "note"},
                  "th": {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "หมายเหตุ"}}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def problems_frame(problems: list[Problem], lang: str = "en") -> pd.DataFrame:
    lang = "th" if lang == "th" else "en"
    rows = [[SEVERITY_WORDS[lang].get(p.severity, p.severity), p.file, p.sheet, p.row, p.column, p.value,
             p.message(lang)] for p in sorted(problems, key=lambda p: (SEVERITY_ORDER.get(p.severity, 3),
                                                                        p.file or "", p.sheet or "", p.row or 0))]
    frame = pd.DataFrame(rows, columns=HEADERS[lang])
    frame[HEADERS[lang][3]] = frame[HEADERS[lang][3]].astype("Int64")
    return frame


def problems_xlsx(problems: list[Problem], lang: str = "en") -> bytes:
    """The problems as a workbook; values and names come from the uploaded file, so every cell goes
    through xlsx_cell (no live formula, no control character — either would break or arm the file)."""
    frame = problems_frame(problems, lang)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "problems" if lang == "en" else "ปัญหา"
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append([xlsx_cell(None if pd.isna(v) else v) for v in row])
    for index, width in enumerate((12, 28, 18, 8, 22, 22, 90), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    return save_workbook(workbook)
