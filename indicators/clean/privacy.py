"""Personal data never reaches the store (Thailand's PDPA): the dashboard needs counts, not people.

Columns named like ID numbers, names, phones or e-mails are dropped by their header (fields.yaml,
group "personal"); this module also looks at the *content* of every text column, because offices
often paste a registration list under a header such as "ข้อมูล" or "หมายเหตุ".
"""

from __future__ import annotations

import re

from indicators.base.errors import Problem
from indicators.base.messages import problem
from indicators.base.thai import is_valid_thai_national_id, thai_digits_to_ascii
from indicators.read import RawSheet
from indicators.understand.sheet import SheetPlan
from indicators.understand.vocabulary import load_field_catalogue

SAMPLE_SIZE = 200
PERSONAL_SHARE = 0.5  # a column is personal when at least half of its sampled values look personal
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
PHONE = re.compile(r"^(?:\+66|0)\d{8,9}$")
KINDS = {
    "national_id": ("Thai national ID numbers", "เลขประจำตัวประชาชน"),
    "email": ("e-mail addresses", "อีเมล"),
    "phone": ("phone numbers", "หมายเลขโทรศัพท์"),
    "person_name": ("personal names", "ชื่อบุคคล"),
}


def personal_kind(values: list[str]) -> str | None:
    """What kind of personal data a sample of cells holds, if any."""
    cleaned = [thai_digits_to_ascii(v).strip() for v in values if v and v.strip()]
    if not cleaned:
        return None
    compact = [re.sub(r"[\s\-]", "", v) for v in cleaned]
    checks = {
        # a 13-digit number starting with 0 is a company's (juristic person's) registration, not a person's ID
        "national_id": lambda i: len(compact[i]) == 13 and compact[i].isdigit() and compact[i][0] != "0"
        and is_valid_thai_national_id(compact[i]),
        "email": lambda i: bool(EMAIL.match(cleaned[i])),
        "phone": lambda i: bool(PHONE.match(compact[i])),
    }
    for kind, check in checks.items():
        if sum(check(i) for i in range(len(cleaned))) >= PERSONAL_SHARE * len(cleaned):
            return kind
    return None


def protect_sheet(sheet: RawSheet, plan: SheetPlan, file_name: str) -> list[Problem]:
    """Unset every column that holds personal data, so it is never extracted; say so."""
    catalogue = load_field_catalogue()
    problems = []
    for column in plan.columns:
        kind = column.field if catalogue.field_group.get(column.field or "") == "personal" else None
        if kind is None and column.field not in ("age_band", "period_value"):
            sample = [sheet.rows[i][column.index] for i in plan.data_rows[:SAMPLE_SIZE]
                      if column.index < len(sheet.rows[i]) and sheet.rows[i][column.index] is not None]
            kind = personal_kind([str(v) for v in sample])
        if kind is None:
            continue
        english, thai = KINDS.get(kind, KINDS["person_name"])
        problems.append(problem("personal_column", file=file_name, sheet=plan.sheet, column=column.header,
                                detail=english, detail_th=thai))
        column.field = "personal_dropped"
        column.note = f"personal:{kind}"
    return problems

