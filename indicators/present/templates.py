"""Blank workbooks researchers fill in: one per sheet kind, Thai or English headers, drop-down lists
(districts, categories, areas of focus, modes, measures) and an instructions sheet. Every header is one
the reader recognises (tests check that a filled template ingests with no problems at all).

The lists hold a city's own districts and categories, which came from uploads: each is written as text
that can never run as a formula (exports/safe.py), and control characters are dropped."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.config.framework import load_framework
from indicators.mapping import category_table_for
from indicators.present.exports.safe import save_workbook, xlsx_cell
from indicators.store.queries import districts_of

KINDS = ("activities", "participants", "outcomes", "statistics")
DATA_ROWS = 2000  # rows that get the drop-downs

# (field, Thai header, English header, drop-down list or None)
COLUMNS = {
    "activities": [
        ("activity_code", "รหัสกิจกรรม", "Activity code", None),
        ("title", "ชื่อกิจกรรม", "Activity name", None),
        ("category", "ประเภทกิจกรรม", "Category", "categories"),
        ("kf_code", "รหัสคุณลักษณะ", "Key feature code", "areas"),
        ("district", "เขต", "District", "districts"),
        ("organiser", "หน่วยงานที่จัด", "Organiser", None),
        ("partner", "หน่วยงานร่วม", "Partner", None),
        ("mode", "รูปแบบ", "Mode", "modes"),
        ("target_group", "กลุ่มเป้าหมาย", "Target group", None),
        ("date", "วันที่จัดกิจกรรม", "Date", None),
        ("events", "จำนวนครั้ง", "Events", None),
        ("hours", "ชั่วโมง", "Hours", None),
        ("budget", "งบประมาณ (บาท)", "Budget (baht)", None),
        ("participants_male", "ชาย", "Male", None),
        ("participants_female", "หญิง", "Female", None),
        ("participants_total", "จำนวนผู้เข้าร่วม", "Participants", None),
        ("group_older_adults", "ผู้สูงอายุ", "Older adults", None),
        ("group_disability", "ผู้พิการ", "Persons with disabilities", None),
    ],
    "participants": [
        ("activity_code", "รหัสกิจกรรม", "Activity code", None),
        ("age_band", "อายุ 0-14 ปี", "Age 0-14", None),
        ("age_band", "อายุ 15-24 ปี", "Age 15-24", None),
        ("age_band", "อายุ 25-59 ปี", "Age 25-59", None),
        ("age_band", "อายุ 60 ปีขึ้นไป", "Age 60+", None),
    ],
    "outcomes": [
        ("activity_code", "รหัสกิจกรรม", "Activity code", None),
        ("enrolled", "ผู้ลงทะเบียน", "Enrolled", None),
        ("completed", "ผู้สำเร็จหลักสูตร", "Completed", None),
        ("certified", "ได้รับวุฒิบัตร", "Certified", None),
        ("satisfaction", "ความพึงพอใจ", "Satisfaction", None),
        ("employed_after", "มีงานทำหลังอบรม", "Employed after", None),
    ],
    "statistics": [
        ("year", "ปี พ.ศ.", "Year", None),
        ("district", "เขต", "District", "districts"),
        ("measure", "ตัวชี้วัด", "Measure", "measures"),
        ("value", "ค่า", "Value", None),
        ("unit", "หน่วย", "Unit", None),
    ],
}
SHEET_NAMES = {"activities": ("กิจกรรม", "Activities"), "participants": ("ผู้เข้าร่วมตามอายุ", "Participants by age"),
               "outcomes": ("ผลลัพธ์", "Outcomes"), "statistics": ("สถิติ", "Statistics")}
MODES = {"th": ["ในสถานที่", "ออนไลน์", "ผสมผสาน"], "en": ["in person", "online", "hybrid"]}
INSTRUCTIONS = {
    "th": [
        "วิธีกรอกแบบฟอร์ม",
        "1. กรอกหนึ่งกิจกรรม (หรือหนึ่งรายการ) ต่อหนึ่งแถว เริ่มแถวที่ 2 ห้ามแก้ไขหัวคอลัมน์ในแถวที่ 1",
        "2. ช่องที่มีลูกศรให้เลือกจากรายการ (เขต ประเภท รหัสคุณลักษณะ รูปแบบ ตัวชี้วัด)",
        "3. วันที่กรอกเป็น พ.ศ. หรือ ค.ศ. ก็ได้ เช่น 15/03/2567 หรือ 2024-03-15",
        "4. ไม่ต้องใส่แถวรวม ระบบคำนวณผลรวมเอง หากใส่ไว้ ระบบจะตัดออกและแจ้งให้ทราบ",
        "5. จำนวนที่เป็นศูนย์ใส่ 0 หรือ - ได้ ช่องที่ไม่ทราบให้เว้นว่าง",
        "6. ห้ามใส่ข้อมูลส่วนบุคคล (ชื่อ เลขบัตรประชาชน เบอร์โทร) ระบบจะไม่รับไฟล์",
        "7. รหัสกิจกรรมต้องไม่ซ้ำกัน ไฟล์ผู้เข้าร่วมและผลลัพธ์อ้างถึงกิจกรรมด้วยรหัสนี้",
        "ชีตนี้และชีต _lists ระบบจะข้ามไม่อ่าน",
    ],
    "en": [
        "How to fill in this template",
        "1. One activity (or one record) per row, starting at row 2. Do not change the headers in row 1.",
        "2. Cells with an arrow take a value from the list (district, category, key feature code, mode, measure).",
        "3. Dates may be Buddhist Era or CE, e.g. 15/03/2567 or 2024-03-15.",
        "4. Do not add a totals row: the dashboard sums for you (a totals row is dropped and reported).",
        "5. Zero may be 0 or -; leave unknown cells empty.",
        "6. No personal data (names, ID numbers, phone numbers): such files are refused.",
        "7. Activity codes must be unique; participant and outcome files refer to activities by this code.",
        "The reader skips this sheet and the _lists sheet.",
    ],
}


def template_workbook(kind: str, lang: str = "th", districts: list[str] | None = None,
                      categories: list[str] | None = None, measures: list[str] | None = None) -> bytes:
    """The .xlsx bytes of a blank template for `kind` with headers in `lang` ('th' or 'en')."""
    if kind not in COLUMNS:
        raise ValueError(f"kind must be one of {KINDS}")
    english = lang == "en"
    lists = {
        "districts": list(districts or []),
        "categories": list(categories or []),
        "areas": list(load_framework().area_codes),
        "modes": MODES["en" if english else "th"],
        "measures": list(measures or []),
    }
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAMES[kind][1 if english else 0]
    columns = COLUMNS[kind]
    sheet.append([english_header if english else thai_header for _, thai_header, english_header, _ in columns])
    for index in range(1, len(columns) + 1):
        cell = sheet.cell(1, index)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = 24 if index <= 3 else 16
    sheet.freeze_panes = "A2"

    list_sheet = workbook.create_sheet("_lists")
    list_sheet.sheet_state = "hidden"
    list_columns = {}
    for position, (name, values) in enumerate(lists.items(), start=1):
        list_sheet.cell(1, position, name)
        for row, value in enumerate(values, start=2):
            list_sheet.cell(row, position, xlsx_cell(value))
        list_columns[name] = (get_column_letter(position), len(values))
    for index, (field, _, _, choice) in enumerate(columns, start=1):
        if choice is None or not lists[choice]:
            continue
        letter, count = list_columns[choice]
        validation = DataValidation(type="list", formula1=f"=_lists!${letter}$2:${letter}${count + 1}",
                                    allow_blank=True, showErrorMessage=field != "category")
        validation.error = "เลือกจากรายการ / Choose from the list"
        column = get_column_letter(index)
        validation.add(f"{column}2:{column}{DATA_ROWS + 1}")
        sheet.add_data_validation(validation)
    date_columns = [i for i, c in enumerate(columns, start=1) if c[0] == "date"]
    for index in date_columns:
        for row in range(2, DATA_ROWS + 2):
            sheet.cell(row, index).number_format = "yyyy-mm-dd"

    notes = workbook.create_sheet("Instructions" if english else "คำแนะนำ")
    for line in INSTRUCTIONS["en" if english else "th"]:
        notes.append([line])
    notes["A1"].font = Font(bold=True, size=13)
    notes.column_dimensions["A"].width = 110
    return save_workbook(workbook)


def city_template(con, kind: str, lang: str = "th", city: str | None = None) -> bytes:
    """The template the Upload page offers (and `python -m indicators template` writes): drop-downs of the
    city's districts and categories when a city is given."""
    districts, categories = [], []
    if city:
        districts = districts_of(con, city)
        categories = sorted(category_table_for(con, city)["category"].dropna().unique().tolist())
    return template_workbook(kind, lang, districts, categories)
