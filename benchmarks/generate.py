"""Realistic activity registers at any size, the way Thai offices send them.

A title row, a blank row, a two-row merged header ("จำนวนผู้เข้าร่วม (คน)" over ชาย | หญิง | รวม), dates
as Thai text ("15 ม.ค. 2567") or as date cells typed with a Buddhist-era year, counts that are mostly
numbers but sometimes "1,250", "-" or "ไม่ระบุ", and a totals row at the bottom. Rows are streamed, so a
full 1,048,576-row sheet never sits in memory.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import numpy as np

MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
DISTRICTS = ["นครพิงค์", "กาวิละ", "เม็งราย", "ศรีวิชัย"]
CATEGORIES = ["อาชีพ", "ผู้สูงอายุ", "ศิลปวัฒนธรรม", "สิ่งแวดล้อม", "สุขภาพ", "ดิจิทัล", "การศึกษานอกระบบ"]
TITLES = ["อบรมการทำขนมไทย", "โรงเรียนผู้สูงอายุ", "ฟ้อนเล็บและดนตรีพื้นเมือง", "คัดแยกขยะในชุมชน",
          "ออกกำลังกายผู้สูงวัย", "ทักษะดิจิทัลสำหรับประชาชน", "ห้องสมุดเคลื่อนที่"]
MODES = ["ในสถานที่", "ออนไลน์", "ผสมผสาน"]
TITLE_ROW = "ทะเบียนกิจกรรมการเรียนรู้ เทศบาลนครตัวอย่าง (ข้อมูลสังเคราะห์สำหรับทดสอบความเร็ว)"
SINGLE_HEADERS = ["ลำดับ", "ชื่อกิจกรรม", "ประเภทกิจกรรม", "เขต", "หน่วยงานที่จัด", "รูปแบบ", "กลุ่มเป้าหมาย",
                  "วันที่จัดกิจกรรม", "จำนวนครั้ง", "ชั่วโมง", "งบประมาณ (บาท)"]
HEADER_TOP = [*SINGLE_HEADERS, "จำนวนผู้เข้าร่วม (คน)", None, None]
HEADER_BOTTOM = [None] * len(SINGLE_HEADERS) + ["ชาย", "หญิง", "รวม"]
WIDTH = len(HEADER_TOP)
FIRST_DATA_ROW = 5  # Excel row number: title, blank, two header rows


def _columns(n: int, seed: int = 7) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    start = dt.date(2015, 1, 1).toordinal()
    return {
        "kind": rng.integers(0, len(CATEGORIES), n),
        "district": rng.integers(0, len(DISTRICTS), n),
        "mode": rng.integers(0, len(MODES), n),
        "day": start + rng.integers(0, 3650, n),
        "events": rng.integers(1, 4, n),
        "hours": rng.integers(1, 13, n) * 1.5,
        "budget": rng.integers(0, 500, n) * 100,
        "male": rng.integers(0, 60, n),
        "female": rng.integers(0, 60, n),
        "mess": rng.random(n),
    }


def activity_rows(n: int, seed: int = 7, date_cells: bool = True):
    """Yield the header block, `n` data rows and the totals row. With `date_cells` some dates are real
    date cells typed with a BE year (xlsx); without it they are "15/01/2567" text (CSV)."""
    c = _columns(n, seed)
    yield [TITLE_ROW]
    yield []
    yield HEADER_TOP
    yield HEADER_BOTTOM
    totals = [0, 0.0, 0, 0, 0, 0]
    for i in range(n):
        day = dt.date.fromordinal(int(c["day"][i]))
        mess = c["mess"][i]
        if mess < 0.5:
            when: object = f"{day.day} {MONTHS[day.month - 1]} {day.year + 543}"
        elif date_cells:
            when = dt.datetime(day.year + 543, day.month, min(day.day, 28) if day.month == 2 else day.day)
        else:
            when = f"{day.day:02d}/{day.month:02d}/{day.year + 543}"
        kind, male, female = int(c["kind"][i]), int(c["male"][i]), int(c["female"][i])
        total: object = male + female
        budget: object = int(c["budget"][i])
        if mess > 0.97:
            total = f"{male + female:,}"  # text with a thousands separator
        if mess > 0.99:
            budget = "-"                   # a dash means zero
        male_cell: object = "ไม่ระบุ" if 0.95 < mess <= 0.96 else male
        events, hours = int(c["events"][i]), float(c["hours"][i])
        yield [i + 1, f"{TITLES[kind]} ครั้งที่ {i % 50 + 1}", CATEGORIES[kind], DISTRICTS[int(c["district"][i])],
               f"สำนักการศึกษา {i % 30 + 1}", MODES[int(c["mode"][i])], "ประชาชนทั่วไป", when, events, hours, budget,
               male_cell, female, total]
        totals[0] += events
        totals[1] += hours
        totals[2] += int(c["budget"][i]) if budget != "-" else 0
        totals[3] += male if male_cell != "ไม่ระบุ" else 0
        totals[4] += female
        totals[5] += male + female
    yield ["รวม", None, None, None, None, None, None, None, *totals]


def write_xlsx(path: Path, n: int, seed: int = 7) -> Path:
    """Write the register as a minimal, valid xlsx by streaming the sheet XML straight into the zip.

    openpyxl's write-only mode was the first choice, but without lxml installed it serialises through
    et_xmlfile at ~3,000 rows/s (a 1M-row sheet would take over 5 minutes); this writer does ~40k rows/s
    and produces what Excel does: inline strings, a date style (numFmt 14) for date cells, merged ranges."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in _PACKAGE_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as raw:
            out = io.TextIOWrapper(raw, encoding="utf-8")
            out.write('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.'
                      'openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            buffer = []
            for number, row in enumerate(activity_rows(n, seed, date_cells=True), start=1):
                buffer.append(_row_xml(number, row))
                if len(buffer) >= 5000:
                    out.write("".join(buffer))
                    buffer.clear()
            out.write("".join(buffer))
            out.write("</sheetData>" + _merge_xml() + "</worksheet>")
            out.flush()
            out.detach()
    return path


_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_LETTERS = [chr(ord("A") + i) for i in range(26)]


def _cell_xml(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if isinstance(value, dt.datetime):
        serial = (value - _EXCEL_EPOCH).days
        return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{xml_escape(str(value))}</t></is></c>'


def _row_xml(number: int, row: list) -> str:
    cells = "".join(_cell_xml(f"{_LETTERS[i]}{number}", v) for i, v in enumerate(row))
    return f'<row r="{number}">{cells}</row>'


def _merge_xml() -> str:
    ranges = [f"{_LETTERS[len(SINGLE_HEADERS)]}3:{_LETTERS[WIDTH - 1]}3"]
    ranges += [f"{_LETTERS[c]}3:{_LETTERS[c]}4" for c in range(len(SINGLE_HEADERS))]
    return f'<mergeCells count="{len(ranges)}">' + "".join(f'<mergeCell ref="{r}"/>' for r in ranges) + "</mergeCells>"


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="กิจกรรม" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
        '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}


def write_csv(path: Path, n: int, seed: int = 7) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for row in activity_rows(n, seed, date_cells=False):
            writer.writerow(["" if v is None else v for v in row])
    return path
