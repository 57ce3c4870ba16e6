"""Generate the bundled SYNTHETIC sample data for "Sample Learning City" / "เมืองตัวอย่าง".

Nothing here is a real figure. The files are messy on purpose, as Thai offices send them: title rows,
merged two-row headers, Buddhist-era dates in several forms, Thai digits, "-" and "ไม่ระบุ", totals
rows and notes, a cp874 CSV, a wide table with years as columns. The true totals are computed from the
generator's own data (not by reading the files back) and written to expected_totals.json, so tests can
check that an ingest reproduces them exactly.

Run: python data/make_sample.py   (deterministic: same seed, same cells)
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent / "sample"
SEED = 2567
YEARS = range(2020, 2026)
DISTRICTS = ["เขตเหนือ", "เขตใต้", "เขตตะวันออก", "เขตตะวันตก"]
SYNTHETIC_NOTE = "ข้อมูลสังเคราะห์สำหรับทดลองใช้ — Synthetic sample data, not real figures"
FIXED_TIME = datetime(2025, 1, 1)
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
THAI_MONTHS = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
THAI_MONTHS_LONG = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                    "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]

# category (Thai, English) -> titles (Thai, English) and a typical target group
CATEGORIES = {
    ("อาชีพ", "vocational training"): (["อบรมการทำขนมไทยเพื่ออาชีพ", "ฝึกอาชีพช่างซ่อมมอเตอร์ไซค์", "อบรมการตลาดออนไลน์สำหรับผู้ประกอบการ"],
                                       ["Thai dessert making for a living", "Motorcycle repair course", "Online marketing for small traders"], "วัยทำงาน"),
    ("ผู้สูงอายุ", "older adults learning"): (["โรงเรียนผู้สูงอายุ", "ชมรมร้องเพลงผู้สูงวัย"],
                                              ["School for older adults", "Singing club for seniors"], "ผู้สูงอายุ"),
    ("ดิจิทัล", "digital skills"): (["ห้องเรียนสมาร์ทโฟนสำหรับผู้สูงอายุ", "อบรมทักษะดิจิทัลเบื้องต้น"],
                                    ["Smartphone class for older adults", "Basic digital skills"], "ประชาชนทั่วไป"),
    ("สิ่งแวดล้อม", "environment"): (["ปลูกป่าชุมชน", "คัดแยกขยะที่ต้นทาง"], ["Community tree planting", "Waste sorting at home"], "ครอบครัว"),
    ("วัฒนธรรม", "culture and heritage"): (["เรียนรู้ภูมิปัญญาผ้าทอ", "ฟ้อนเล็บสำหรับเยาวชน"],
                                          ["Traditional weaving heritage", "Northern dance for youth"], "เยาวชน"),
    ("การอ่าน", "reading and literacy"): (["มุมอ่านหนังสือในชุมชน", "ส่งเสริมการอ่านออกเขียนได้"],
                                          ["Community reading corner", "Adult literacy circle"], "ประชาชนทั่วไป"),
    ("ครอบครัว", "family learning"): (["ครอบครัวเรียนรู้ร่วมกัน", "นิทานก่อนนอนพ่อแม่ลูก"],
                                      ["Family learning day", "Bedtime stories for parents and children"], "ครอบครัว"),
    ("การศึกษานอกระบบ", "non-formal education"): (["การศึกษานอกระบบระดับมัธยม", "เทียบระดับการศึกษา"],
                                                  ["Non-formal secondary classes", "Equivalency programme"], "ผู้ใหญ่"),
    ("เทศกาลการเรียนรู้", "learning festival"): (["เทศกาลการเรียนรู้ประจำปี", "ตลาดนัดความรู้"],
                                                 ["Annual learning festival", "Knowledge fair"], "ประชาชนทั่วไป"),
    ("อบรมครูและวิทยากร", "educator training"): (["อบรมครูการสอนแบบลงมือทำ", "พัฒนาวิทยากรชุมชน"],
                                                 ["Active learning for teachers", "Community facilitator training"], "ครูและวิทยากร"),
    ("ภาคีเครือข่าย", "stakeholder forum"): (["เวทีภาคีเครือข่ายเมืองแห่งการเรียนรู้", "ประชุมเครือข่ายผู้จัดกิจกรรม"],
                                            ["Learning city partners' forum", "Network meeting of providers"], "ภาคีเครือข่าย"),
    ("แผนเมืองแห่งการเรียนรู้", "learning city planning"): (["ประชาคมจัดทำแผนเมืองแห่งการเรียนรู้"],
                                                            ["Public hearing on the learning city plan"], "ประชาชนทั่วไป"),
    ("อาสาสมัคร", "volunteering"): (["อาสาสมัครสอนหนังสือเด็ก"], ["Volunteer tutors for children"], "อาสาสมัคร"),
    ("สุขภาพ", "health and wellbeing"): (["ความรู้สุขภาพชุมชน"], ["Community health literacy"], "ประชาชนทั่วไป"),
}
UNMAPPED_TITLES = (["ประชุมประจำเดือน", "งานเปิดบ้าน"], ["Monthly meeting", "Open day"])
ORGANISERS = ["เทศบาลเมืองตัวอย่าง", "ศูนย์การเรียนรู้ชุมชน", "ห้องสมุดประชาชน", "กศน.อำเภอ"]
PARTNERS = [f"ภาคีเครือข่าย {n:02d}" for n in range(1, 41)]
MODES_TH = {"in_person": "ออนไซต์", "online": "ออนไลน์", "hybrid": "ผสมผสาน"}
MODES_EN = {"in_person": "in person", "online": "online", "hybrid": "hybrid"}
OUTCOME_CATEGORIES = {"อาชีพ", "ดิจิทัล", "การศึกษานอกระบบ"}


@dataclass
class Activity:
    code: str
    year: int
    day: date
    category_th: str
    category_en: str
    title_th: str
    title_en: str
    district: str
    organiser: str
    partner: str
    mode: str
    target_group: str
    events: int
    hours: float
    budget: int
    male: int
    female: int
    older: int | None
    disability: int
    ages: tuple[int, int, int, int]
    kf_code: str | None
    show_category: bool


def make_activities(rng: np.random.Generator) -> list[Activity]:
    activities = []
    categories = list(CATEGORIES.items())
    for year in YEARS:
        growth = 1 + 0.12 * (year - 2020)
        rows = int(150 * growth) + int(rng.integers(0, 15))
        partners_open = 12 + 5 * (year - 2020)
        for n in range(rows):
            (category_th, category_en), (titles_th, titles_en, target) = categories[n % len(categories)]
            pick = int(rng.integers(0, len(titles_th)))
            title_th, title_en = titles_th[pick], titles_en[pick]
            unmapped = rng.random() < 0.02
            if unmapped:
                pick = int(rng.integers(0, 2))
                title_th, title_en = UNMAPPED_TITLES[0][pick], UNMAPPED_TITLES[1][pick]
            online_share = min(0.1 + 0.07 * (year - 2020), 0.5)
            mode = rng.choice(["in_person", "online", "hybrid"], p=[1 - online_share, online_share * 0.6, online_share * 0.4])
            events = int(rng.choice([1, 1, 1, 1, 1, 1, 3, 4, 6, 12]))
            total = int(rng.integers(10, 120) * growth)
            female = int(round(total * rng.uniform(0.45, 0.65)))
            older_share = 0.45 if category_th == "ผู้สูงอายุ" else rng.uniform(0.05, 0.25)
            a60 = int(round(total * older_share))
            a0 = int(round((total - a60) * rng.uniform(0.0, 0.3)))
            a15 = int(round((total - a60 - a0) * rng.uniform(0.1, 0.4)))
            ages = (a0, a15, total - a60 - a0 - a15, a60)
            older = a60 if rng.random() > 0.03 else None
            month = int(rng.integers(1, 13))
            activities.append(Activity(
                code=f"A{(year + 543) % 100:02d}-{n + 1:03d}", year=year, day=date(year, month, int(rng.integers(1, 29))),
                category_th=category_th, category_en=category_en, title_th=title_th, title_en=title_en,
                district=DISTRICTS[int(rng.integers(0, 4))], organiser=ORGANISERS[int(rng.integers(0, 4))],
                partner=PARTNERS[int(rng.integers(0, partners_open))], mode=str(mode), target_group=target,
                events=events, hours=float(events * int(rng.choice([2, 3, 3, 6]))), budget=int(rng.integers(5, 60)) * 1000,
                male=total - female, female=female, older=older, disability=int(total * rng.uniform(0, 0.06)),
                ages=ages, kf_code=(str(rng.choice(["2.4", "KF 1.3", "2.2", "3.2"])) if year >= 2023 and rng.random() < 0.1 else None),
                show_category=rng.random() > 0.03 and not unmapped,
            ))
    return activities


def be(year: int) -> int:
    return year + 543


def thai_date_cell(day: date, n: int) -> object:
    """Dates as Thai offices type them, rotating through the forms."""
    form = n % 5
    if form == 0:
        return f"{day.day} {THAI_MONTHS[day.month - 1]} {be(day.year)}"
    if form == 1:
        return f"{day.day} {THAI_MONTHS_LONG[day.month - 1]} {be(day.year)}"
    if form == 2:
        return f"{day.day:02d}/{day.month:02d}/{be(day.year) % 100:02d}"
    if form == 3:
        return f"{day.day} {THAI_MONTHS[day.month - 1]} {be(day.year)}".translate(THAI_DIGITS)
    return datetime(be(day.year), day.month, day.day)  # a date cell typed with a BE year


def messy_count(value: int, n: int) -> object:
    if value == 0:
        return "-"
    if n % 17 == 0:
        return str(value).translate(THAI_DIGITS)
    if n % 11 == 0 and value >= 1000:
        return f"{value:,}"
    return value


def _stable(wb: Workbook) -> Workbook:
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "make_sample.py"
    return wb


def _title(ws, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=14)


def write_thai_activities(out: Path, activities: list[Activity]) -> None:
    rows = [a for a in activities if a.year <= 2022]
    wb = _stable(Workbook())
    ws = wb.active
    ws.title = "กิจกรรม"
    singles = ["ลำดับ", "รหัสกิจกรรม", "ชื่อกิจกรรม", "ประเภทกิจกรรม", "เขต", "หน่วยงานที่จัด", "หน่วยงานร่วม", "รูปแบบ",
               "กลุ่มเป้าหมาย", "วันที่จัดกิจกรรม", "จำนวนครั้ง", "ชั่วโมง", "งบประมาณ (บาท)"]
    width = len(singles) + 5
    _title(ws, "ทะเบียนกิจกรรมการเรียนรู้ เมืองตัวอย่าง พ.ศ. 2563–2565", width)
    ws.append([SYNTHETIC_NOTE])
    ws.append([])
    ws.append([*singles, "จำนวนผู้เข้าร่วม (คน)", None, None, "ผู้สูงอายุ", "ผู้พิการ"])
    ws.append([None] * len(singles) + ["ชาย", "หญิง", "รวม", None, None])
    top = ws.max_row - 1
    for col in [*range(1, len(singles) + 1), width - 1, width]:
        ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
    ws.merge_cells(start_row=top, start_column=len(singles) + 1, end_row=top, end_column=len(singles) + 3)
    for row in ws.iter_rows(min_row=top, max_row=top + 1):
        for cell in row:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for n, a in enumerate(rows, start=1):
        ws.append([n, a.code, a.title_th, a.category_th if a.show_category else None, a.district, a.organiser, a.partner,
                   MODES_TH[a.mode], a.target_group, thai_date_cell(a.day, n), a.events, a.hours, messy_count(a.budget, n),
                   messy_count(a.male, n), messy_count(a.female, n), messy_count(a.male + a.female, n),
                   "ไม่ระบุ" if a.older is None else messy_count(a.older, n), messy_count(a.disability, n)])
    ws.append(["รวม", None, None, None, None, None, None, None, None, None, sum(a.events for a in rows),
               sum(a.hours for a in rows), sum(a.budget for a in rows), sum(a.male for a in rows),
               sum(a.female for a in rows), sum(a.male + a.female for a in rows),
               sum(a.older or 0 for a in rows), sum(a.disability for a in rows)])
    ws.append(["หมายเหตุ: ข้อมูลสังเคราะห์ ไม่ใช่ตัวเลขจริง"])
    ws.column_dimensions["C"].width = 40
    wb.save(out / "activities_2563-2565_th.xlsx")


def write_english_activities(out: Path, activities: list[Activity]) -> None:
    wb = _stable(Workbook())
    wb.remove(wb.active)
    header = ["Activity code", "Activity name", "Category", "District", "Organiser", "Partner", "Mode", "Target group",
              "Date", "Events", "Hours", "Budget", "Participants", None, None, "Older adults",
              "Persons with disabilities", "Key feature code"]
    for year in (2023, 2024, 2025):
        rows = [a for a in activities if a.year == year]
        ws = wb.create_sheet(str(be(year)))
        _title(ws, f"Learning activities {year} — Sample Learning City ({SYNTHETIC_NOTE})", len(header))
        ws.append(header)
        ws.append([None] * 12 + ["Male", "Female", "Total", None, None, None])
        top = ws.max_row - 1
        ws.merge_cells(start_row=top, start_column=13, end_row=top, end_column=15)
        for col in [*range(1, 13), 16, 17, 18]:
            ws.merge_cells(start_row=top, start_column=col, end_row=top + 1, end_column=col)
        for a in rows:
            ws.append([a.code, a.title_en, a.category_en if a.show_category else None, a.district, a.organiser, a.partner,
                       MODES_EN[a.mode], a.target_group, datetime(a.day.year, a.day.month, a.day.day), a.events, a.hours,
                       a.budget, a.male, a.female, a.male + a.female, a.older, a.disability, a.kf_code])
            ws.cell(ws.max_row, 9).number_format = "yyyy-mm-dd"
        ws.append(["Total", None, None, None, None, None, None, None, None, sum(a.events for a in rows),
                   sum(a.hours for a in rows), sum(a.budget for a in rows), sum(a.male for a in rows),
                   sum(a.female for a in rows), sum(a.male + a.female for a in rows), None, None, None])
    wb.save(out / "activities_2566-2568_en.xlsx")


def write_ages(out: Path, activities: list[Activity]) -> None:
    wb = _stable(Workbook())
    ws = wb.active
    ws.title = "ช่วงอายุ"
    ws.append(["รหัสกิจกรรม", "อายุ 0-14 ปี", "อายุ 15-24 ปี", "อายุ 25-59 ปี", "อายุ 60 ปีขึ้นไป"])
    for a in activities:
        ws.append([a.code, *a.ages])
    ws.append(["รวม", *(sum(a.ages[i] for a in activities) for i in range(4))])
    wb.save(out / "participants_by_age_2563-2568.xlsx")


def write_outcomes(out: Path, activities: list[Activity], rng: np.random.Generator) -> None:
    wb = _stable(Workbook())
    ws = wb.active
    ws.title = "ผลลัพธ์"
    ws.append(["รหัสกิจกรรม", "ผู้ลงทะเบียน", "ผู้สำเร็จหลักสูตร", "ได้รับวุฒิบัตร", "ความพึงพอใจ", "มีงานทำหลังอบรม"])
    for a in activities:
        if a.category_th not in OUTCOME_CATEGORIES or not a.show_category:
            continue
        enrolled = a.male + a.female + int(rng.integers(0, 10))
        completed = int(enrolled * rng.uniform(0.6 + 0.03 * (a.year - 2020), 0.95))
        certified = int(completed * rng.uniform(0.7, 1.0))
        satisfaction = round(float(rng.uniform(3.6, 4.8)), 1)
        employed = int(completed * rng.uniform(0.2, 0.6)) if a.category_th == "อาชีพ" else None
        ws.append([a.code, enrolled, completed, certified, satisfaction, employed])
    wb.save(out / "outcomes_2563-2568.xlsx")


def population_table(rng: np.random.Generator) -> dict[tuple[str, int], dict[str, int]]:
    table = {}
    for i, district in enumerate(DISTRICTS):
        base = 28000 + 9000 * i
        for year in YEARS:
            total = int(base * (1 + 0.004 * (year - 2020)) + rng.integers(-200, 200))
            female = int(total * 0.515)
            table[(district, year)] = {"total": total, "female": female, "male": total - female,
                                       "older": int(total * (0.17 + 0.006 * (year - 2020)))}
    return table


def write_population(out: Path, population: dict) -> None:
    wb = _stable(Workbook())
    ws = wb.active
    ws.title = "ประชากร"
    _title(ws, f"จำนวนประชากรตามทะเบียนราษฎร์ เมืองตัวอย่าง ({SYNTHETIC_NOTE})", 8)
    ws.append(["เขต", "ข้อมูล", *(be(y) for y in YEARS)])
    labels = {"total": "ประชากร", "female": "ประชากรหญิง", "male": "ประชากรชาย", "older": "ประชากรอายุ 60 ปีขึ้นไป"}
    for key, label in labels.items():
        for district in DISTRICTS:
            ws.append([district, label, *(population[(district, y)][key] for y in YEARS)])
    for key, label in labels.items():
        ws.append(["รวม", label, *(sum(population[(d, y)][key] for d in DISTRICTS) for y in YEARS)])
    wb.save(out / "population_2563-2568.xlsx")


def write_city_statistics(out: Path, rng: np.random.Generator) -> None:
    rows = [["ปี", "เขต", "ตัวชี้วัด", "ค่า", "หน่วย"]]
    for year in YEARS:
        for i, district in enumerate(DISTRICTS):
            rows.append([be(year), district, "จำนวนแหล่งเรียนรู้", 8 + 2 * i + (year - 2020) * (1 + i % 2), "แห่ง"])
        city = [
            ("ร้อยละครัวเรือนที่เข้าถึงอินเทอร์เน็ต", round(62 + 4.5 * (year - 2020) + float(rng.uniform(-1, 1)), 1), "ร้อยละ"),
            ("อัตราการรู้หนังสือของผู้ใหญ่", round(94.0 + 0.4 * (year - 2020), 1), "ร้อยละ"),
            ("งบประมาณการเรียนรู้ตลอดชีวิต", f"{int(4_500_000 * (1 + 0.1 * (year - 2020))):,}", "บาท"),
            ("การประชุมคณะกรรมการเมืองแห่งการเรียนรู้", 2 + (year - 2020) // 2 + (1 if year == 2024 else 0), "ครั้ง"),
            ("จำนวนองค์กรภาคีเครือข่าย", 15 + 4 * (year - 2020), "องค์กร"),
        ]
        rows += [[be(year), "", label, value, unit] for label, value, unit in city]
    with (out / "city_statistics_2563-2568_cp874.csv").open("w", encoding="cp874", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


def write_targets(out: Path, activities: list[Activity]) -> None:
    first = [a for a in activities if a.year == 2020]
    base = {"participants": sum(a.male + a.female for a in first), "activities": sum(a.events for a in first),
            "learning_hours": sum(a.hours for a in first)}
    with (out / "targets.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["indicator", "target_value", "target_year", "base_year"])
        for code, factor in (("participants", 2.8), ("activities", 1.8), ("learning_hours", 1.9)):
            writer.writerow([code, round(base[code] * factor), 2027, 2020])


def expected_totals(activities: list[Activity], population: dict) -> dict:
    totals = {}
    for year in YEARS:
        rows = [a for a in activities if a.year == year]
        totals[str(year)] = {
            "activities": sum(a.events for a in rows),
            "participants": sum(a.male + a.female for a in rows),
            "participants_female": sum(a.female for a in rows),
            "participants_male": sum(a.male for a in rows),
            "learning_hours": sum(a.hours for a in rows),
            "population": sum(population[(d, year)]["total"] for d in DISTRICTS),
        }
    return totals


def main(out: Path = OUT) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    activities = make_activities(rng)
    population = population_table(rng)
    write_thai_activities(out, activities)
    write_english_activities(out, activities)
    write_ages(out, activities)
    write_outcomes(out, activities, rng)
    write_population(out, population)
    write_city_statistics(out, rng)
    write_targets(out, activities)
    totals = expected_totals(activities, population)
    (out / "expected_totals.json").write_text(json.dumps(totals, indent=2) + "\n", encoding="utf-8")
    return totals


if __name__ == "__main__":
    for year, figures in main().items():
        print(year, figures)
