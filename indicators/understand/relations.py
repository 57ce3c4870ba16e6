"""How value columns relate, from their contents: several columns counting the same thing with nothing
in their headers to tell them apart (staff by post: "ครูผู้ดูแลเด็ก", "พนักงานจ้างทั่วไป", …) are parts
of a whole, and a column equal to their sum on (nearly) every row is that whole — even when its header
says only "รวม ทั้งสิ้น (คน)". An unlabelled row equal to the sums of the rows above is a totals row.

Parts keep a breakdown (their own header); the whole has none. So a measure's rows without a
breakdown are never stored twice.
"""

from __future__ import annotations

from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.headers import Column
from indicators.understand.profile import _number

SAMPLE = 300
AGREEMENT = 0.9  # share of rows on which the sum must hold
MAX_PARTS = 10


def _values(sheet: RawSheet, rows: list[int], column: int) -> list[float | None]:
    found = []
    for i in rows:
        cells = sheet.rows[i]
        found.append(_number(cells[column]) if column < len(cells) and cells[column] is not None else None)
    return found


def _qualifiers(column: Column) -> tuple:
    meaning = column.meaning
    age = (column.age_min, column.age_max) if column.is_age_band else (meaning.age if meaning else None)
    return (column.period.start if column.period else None, column.sex or (meaning.sex if meaning else None), age,
            column.mode, column.rate)


def relate_parts(sheet: RawSheet, columns: list[Column], data_rows: list[int]) -> list[Said]:
    """Give parts a breakdown and find their whole; returns the evidence."""
    evidence: list[Said] = []
    values = [c for c in columns if c.field in ("value", "period_value") and not c.rate]
    rows = data_rows[:SAMPLE]
    by_group: dict[tuple, list[Column]] = {}
    unnamed: dict[tuple, list[Column]] = {}
    for column in values:
        if column.measure:
            by_group.setdefault((_qualifiers(column), column.measure), []).append(column)
        else:
            unnamed.setdefault(_qualifiers(column), []).append(column)
    for (qualifiers, measure), named in by_group.items():
        if len(named) < 2:
            continue
        group = named + unnamed.get(qualifiers, [])
        sums = {c.index: _values(sheet, rows, c.index) for c in group}
        whole = _find_whole(group, sums, len(named))
        parts = [c for c in named if c is not whole]
        for part in parts:
            part.breakdown = part.measure_label or part.header
        if whole is not None:
            whole.measure, whole.breakdown = measure, None
            whole.evidence.append(said("sum_of_columns", n=len(parts)))
            evidence.append(said("whole_of_parts", header=whole.header, n=len(parts), measure=measure,
                                 share=f"{AGREEMENT:.0%}"))
        else:
            evidence.append(said("parts_apart", n=len(parts), measure=measure))
    return evidence


def _find_whole(group: list[Column], sums: dict[int, list[float | None]], named: int) -> Column | None:
    """The column equal to the sum of the named others (the first `named` of the group are named)."""
    for candidate in sorted(group, key=lambda c: (not c.total, -c.index)):
        others = [c for c in group[:named] if c is not candidate][:MAX_PARTS]
        if not others:
            continue
        checked = agreeing = 0
        for position, total in enumerate(sums[candidate.index]):
            parts = [sums[c.index][position] for c in others]
            if total is None or all(p is None for p in parts):
                continue
            checked += 1
            agreeing += abs(total - sum(p or 0 for p in parts)) < 1e-6
        if checked >= 3 and agreeing >= AGREEMENT * checked:
            return candidate
    return None


def is_sum_of_rows_above(sheet: RawSheet, columns: list[Column], row: int, data_rows: list[int]) -> bool:
    """An unlabelled row whose every figure is the sum of the data rows above it."""
    above = [i for i in data_rows if i < row]
    figures = [c for c in columns if c.field in ("value", "period_value") or c.is_age_band]
    if not above or not figures:
        return False
    compared = 0
    for column in figures:
        total = _values(sheet, [row], column.index)[0]
        if total is None:
            continue
        compared += 1
        if abs(total - sum(v or 0 for v in _values(sheet, above, column.index))) > 1e-6:
            return False
    return compared > 0
