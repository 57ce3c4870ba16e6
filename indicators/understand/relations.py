"""How value columns relate, from their contents: several columns counting the same thing with nothing
in their headers to tell them apart (staff by post: "ครูผู้ดูแลเด็ก", "พนักงานจ้างทั่วไป", …) are parts
of a whole, and a column equal to their sum on (nearly) every row is that whole — even when its header
says only "รวม ทั้งสิ้น (คน)". An unlabelled row equal to the sums of the rows above is a totals row.

Parts keep a breakdown (their own header); the whole has none. So a measure's rows without a
breakdown are never stored twice.
"""

from __future__ import annotations

from indicators.base.text import header_key, slug
from indicators.config.readings import Said, said
from indicators.read import RawSheet
from indicators.understand.headers import UNIT_IN_BRACKETS, Column
from indicators.understand.profile import DASHES, _number

SAMPLE = 300
AGREEMENT = 0.9  # share of rows on which the sum must hold
MAX_PARTS = 10


def values_of(sheet: RawSheet, rows: list[int], column: int) -> list[float | None]:
    """The number each of the rows holds in the column (None for a blank or text)."""
    found = []
    for i in rows:
        cells = sheet.rows[i]
        found.append(_number(cells[column]) if column < len(cells) and cells[column] is not None else None)
    return found


def same_numbers(sheet: RawSheet, rows: list[int], one: int, other: int) -> bool:
    """Whether two columns hold the same number (or none) on every row."""
    return values_of(sheet, rows, one) == values_of(sheet, rows, other)


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
    handled = _totals_over_qualifiers(sheet, values, rows, evidence)
    _sexes_of_a_named_whole(sheet, values, rows, evidence)
    for (qualifiers, measure), named in by_group.items():
        named = [c for c in named if c.index not in handled]
        if len(named) < 2:
            continue
        group = named + unnamed.get(qualifiers, [])
        sums = {c.index: values_of(sheet, rows, c.index) for c in group}
        whole = _find_whole(group, sums, len(named))
        parts = [c for c in named if c is not whole]
        for part in parts:
            part.breakdown = part.measure_label or part.header
        if whole is not None:
            whole.measure, whole.breakdown, whole.is_whole = measure, None, True
            whole.evidence.append(said("sum_of_columns", n=len(parts)))
            evidence.append(said("whole_of_parts", header=whole.header, n=len(parts), measure=measure,
                                 share=f"{AGREEMENT:.0%}"))
        else:
            evidence.append(said("parts_apart", n=len(parts), measure=measure))
    unnamed = [c for c in columns if c.field == "value" and not c.measure]  # rates too: each names its own
    evidence += _unnamed_columns(sheet, unnamed, rows)
    return evidence


def _sexes_of_a_named_whole(sheet: RawSheet, values: list[Column], rows: list[int], evidence: list[Said]) -> None:
    """ "ชาย | หญิง | รวมประชากร": bare sexes that add up to a total naming its measure count that measure."""
    for whole in [c for c in values if c.total and c.measure and not c.sex]:
        sexes = [c for c in values if not c.measure and c.sex in ("female", "male") and not c.total
                 and (c.period.start if c.period else None) == (whole.period.start if whole.period else None)]
        if sorted(c.sex for c in sexes) != ["female", "male"]:
            continue
        sums = {c.index: values_of(sheet, rows, c.index) for c in [whole, *sexes]}
        if _find_whole([*sexes, whole], sums, len(sexes), totals_only=True) is whole:
            for part in sexes:
                part.measure = whole.measure
            evidence.append(said("whole_of_parts", header=whole.header, n=len(sexes), measure=whole.measure,
                                 share=f"{AGREEMENT:.0%}"))
            return


def _totals_over_qualifiers(sheet: RawSheet, values: list[Column], rows: list[int], evidence: list[Said]) -> set[int]:
    """ "Issues - adult | Issues - children | Issues - total": a total-word column of a measure equal to the
    sum of that measure's other columns (of the same period), whatever qualifies them, is their whole. Parts
    told apart by sex or age keep those; the others get their header as a breakdown. Returns the columns
    so related."""
    handled: set[int] = set()
    for whole in [c for c in values if c.total and c.measure]:
        others = [c for c in values if c is not whole and c.measure == whole.measure and not c.total
                  and (c.period.start if c.period else None) == (whole.period.start if whole.period else None)]
        if len(others) < 2 or whole.index in handled:
            continue
        sums = {c.index: values_of(sheet, rows, c.index) for c in [whole, *others]}
        if _find_whole([*others, whole], sums, len(others), totals_only=True) is not whole:
            continue
        for part in others:
            if _qualifiers(part)[1:3] == (None, None):
                part.breakdown = part.measure_label or part.header
        whole.breakdown, whole.is_whole = None, True
        whole.evidence.append(said("sum_of_columns", n=len(others)))
        evidence.append(said("whole_of_parts", header=whole.header, n=len(others), measure=whole.measure,
                             share=f"{AGREEMENT:.0%}"))
        handled |= {whole.index, *(c.index for c in others)}
    return handled


def _unnamed_columns(sheet: RawSheet, unnamed: list[Column], rows: list[int]) -> list[Said]:
    """Value columns whose headers name no known measure ("ศูนย์การเรียนรู้ชุมชน (แห่ง)", "จำนวนหมู่บ้าน",
    "Book stock"): with a total among them equal to the sum of the others, they are parts of the sheet's
    measure and that column its whole; without one, each counts something of its own, named by its header
    — never one measure added up from different things."""
    if len(unnamed) < 2:
        return []
    counts = [c for c in unnamed if not c.rate]
    parts = [c for c in counts if not c.total]
    sums = {c.index: values_of(sheet, rows, c.index) for c in counts}
    whole = _find_whole(parts + [c for c in counts if c.total], sums, len(parts), totals_only=True) \
        if len(parts) >= 2 else None
    if whole is not None:
        told_apart = all(_qualifiers(p)[1:3] != (None, None) for p in parts) and len(
            {_qualifiers(p) for p in parts}) == len(parts)
        if not told_apart:  # sexes or ages already tell the parts apart; else their headers do
            for part in parts:
                part.breakdown = part.measure_label or part.header
            whole.is_whole = True
        whole.evidence.append(said("sum_of_columns", n=len(parts)))
        apart = [c for c in unnamed if c.rate]
        for column in apart:
            column.measure = slug(column.measure_label or column.header) or None
        return [said("whole_of_parts", header=whole.header, n=len(parts), measure="—", share=f"{AGREEMENT:.0%}")]
    # a sex, an age or a total ("รวมชาย", "ชาย 60+", "รวมทั้งสิ้น") qualifies the sheet's measure: no measure
    # of its own
    apart = [c for c in unnamed if not c.total and _qualifiers(c)[1:3] == (None, None)]
    if len(apart) < 2:
        return []
    # "จำนวน" beside "ร้อยละ" under "จำนวนประชากร …": the count is the sheet's measure, the share its own
    counted = [c for c in apart if not c.rate and _only_a_count_word(c)]
    for column in apart:
        if not (len(counted) == 1 and column is counted[0]):
            column.measure = slug(column.measure_label or column.header) or None
    return [said("measures_apart", n=len(apart))]


COUNT_WORDS = {"จำนวน", "จำนวนคน", "คน", "number", "count", "no", "no.", "n"}


def _only_a_count_word(column: Column) -> bool:
    """A header that says a number of something and nothing of what ("จำนวน", "จำนวน (คน)", "Number")."""
    return header_key(UNIT_IN_BRACKETS.sub(" ", column.measure_label or column.header)) in COUNT_WORDS


def _find_whole(group: list[Column], sums: dict[int, list[float | None]], named: int,
                totals_only: bool = False) -> Column | None:
    """The column equal to the sum of the named others (the first `named` of the group are named). A
    header saying total may be checked on fewer rows (a table of three districts) than any other."""
    for candidate in sorted(group, key=lambda c: (not c.total, -c.index)):
        if totals_only and not candidate.total:
            continue
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
        if checked >= (2 if candidate.total else 3) and agreeing >= AGREEMENT * checked:
            return candidate
    return None


def total_of_periods(sheet: RawSheet, columns: list[Column], rows: list[int]) -> list[Said]:
    """A column beside period columns ("Dec-23 | Jan-24 | Total") that equals their sum on every row it
    can be checked is their total: the periods hold the figures, so it is checked, never stored again.
    A header saying total may be checked on one row; any other needs three."""
    periods = [c for c in columns if c.field == "period_value"]
    if len(periods) < 2:
        return []
    evidence = []
    sums = {c.index: values_of(sheet, rows[:SAMPLE], c.index) for c in periods}
    for column in columns:
        if column.field not in ("value", None) or column.rate or (column.field is None and not column.total):
            continue
        totals = values_of(sheet, rows[:SAMPLE], column.index)
        checked = agreeing = 0
        for position, total in enumerate(totals):
            parts = [sums[c.index][position] for c in periods]
            if total is None or all(p is None for p in parts):
                continue
            checked += 1
            agreeing += abs(total - sum(p or 0 for p in parts)) < 1e-6
        if checked >= (1 if column.total else 3) and agreeing == checked:
            column.field, column.reason = "ignored", said("total_of_periods", n=len(periods))
            evidence.append(said("total_of_periods_found", header=column.header, n=len(periods)))
    return evidence


ROW_COUNTS = ("participants_total", "participants_female", "participants_male", "enrolled", "completed",
              "certified", "employed_after")


def rate_of_columns(sheet: RawSheet, columns: list[Column], rows: list[int]) -> list[Said]:
    """A share in a register that is one of its counts over another on every row ("ร้อยละผู้สำเร็จ" =
    completed / enrolled): derived, so checked and not stored — the indicators compute it from the counts."""
    counts = [c for c in columns if c.field in ROW_COUNTS or c.note == "target"]  # (achieved over planned)
    evidence = []
    for rate in (c for c in columns if c.field == "value" and c.rate):
        shares = values_of(sheet, rows[:SAMPLE], rate.index)
        for top in counts:
            for bottom in (c for c in counts if c is not top):
                pairs = list(zip(shares, values_of(sheet, rows[:SAMPLE], top.index),
                                 values_of(sheet, rows[:SAMPLE], bottom.index)))
                checked = [(s, a, b) for s, a, b in pairs if s is not None and a is not None and b]
                if checked and all(abs(s - 100 * a / b) <= 0.051 or abs(s - a / b) <= 0.00051 for s, a, b in checked):
                    rate.field = "ignored"
                    rate.reason = said("rate_of_columns", top=top.header, bottom=bottom.header)
                    evidence.append(rate.reason)
                    break
            if rate.field == "ignored":
                break
    return evidence


def is_sum_of_rows_above(sheet: RawSheet, columns: list[Column], row: int, data_rows: list[int],
                         since: int = -1) -> bool:
    """An unlabelled row whose every figure is the sum of the data rows above it — all of them (a grand
    total), or those since the previous total row `since` (a page's subtotal, "รวมหน้านี้")."""
    return any(sums_rows(sheet, columns, row, [i for i in data_rows if start < i < row])
               for start in dict.fromkeys((since, -1)))


FIGURE_FIELDS = ("value", "period_value", "participants_total", "participants_female", "participants_male",
                 "events", "hours", "budget")


def figures_of_row(sheet: RawSheet, columns: list[Column], row: int) -> list[float]:
    """The figures a row holds in those columns; a blank or a dash holds none."""
    cells = sheet.rows[row]
    written = [cells[c.index] for c in columns if c.index < len(cells)]
    return [n for cell in written if not (isinstance(cell, str) and cell.strip() in DASHES)
            and (n := _number(cell)) is not None]


def sums_rows(sheet: RawSheet, columns: list[Column], row: int, above: list[int]) -> bool:
    figures = [c for c in columns if c.field in FIGURE_FIELDS or c.is_age_band]
    if not above or not figures:
        return False
    compared = 0
    for column in figures:
        total = values_of(sheet, [row], column.index)[0]
        if total is None:
            continue
        compared += 1
        if abs(total - sum(v or 0 for v in values_of(sheet, above, column.index))) > 1e-6:
            return False
    return compared > 0


MIN_COPY_ROWS = 3


def copies_of_columns(sheet: RawSheet, columns: list[Column], data_rows: list[int]) -> list[Said]:
    """A column of numbers the reading does not place that equals a placed figure column on every data
    row ("ตรวจสอบ" beside "ผู้เข้าร่วม (คน)", a check or helper column) is a copy: set aside, said."""
    placed = [c for c in columns if c.field in FIGURE_FIELDS or c.is_age_band]
    evidence = []
    for column in columns:
        if column.field not in (None, "value") or column.measure or not column.header or column.note:
            continue
        # a sex, an age, a period or a mode makes it a part of its own, however alike its numbers
        if column.profile is None or not column.profile.numeric or any(_qualifiers(column)[:4]):
            continue
        mine = values_of(sheet, data_rows, column.index)
        if sum(v is not None for v in mine) < MIN_COPY_ROWS:
            continue
        original = next((c for c in placed if c is not column and values_of(sheet, data_rows, c.index) == mine), None)
        if original is not None:
            column.field, column.note = None, f"duplicate:{original.field}"
            evidence.append(said("copy_of_column", header=column.header, original=original.header))
    return evidence


def areas_side_by_side(sheet: RawSheet, columns: list[Column], data_rows: list[int]) -> Said | None:
    """A second area column naming the same areas as the first in another order ("อำเภอ | ห้องสมุด |
    อำเภอ | ศูนย์การเรียนรู้", two tables side by side): each row's figures are read with the first
    column's area, so the second table's would go to the wrong areas — a person must say."""
    first = next((c for c in columns if c.field == "district"), None)
    if first is None:
        return None
    names = _texts(sheet, data_rows[:SAMPLE], first.index)
    for column in columns:
        if getattr(column.reason, "code", None) != "second_area":
            continue
        others = _texts(sheet, data_rows[:SAMPLE], column.index)
        pairs = [(a, b) for a, b in zip(names, others) if a and b]
        left, right = {a for a, _ in pairs}, {b for _, b in pairs}
        # the same list of areas in another order (not a finer area sharing a name with its district)
        same_list = len(left) >= 2 and 5 * len(left & right) >= 4 * max(len(left), len(right))
        if same_list and any(a != b for a, b in pairs):
            return said("areas_side_by_side", header=column.header, first=first.header)
    return None


def _texts(sheet: RawSheet, rows: list[int], column: int) -> list[str]:
    return [header_key(cells[column]) if column < len(cells) and isinstance(cells[column], str) else ""
            for cells in (sheet.rows[i] for i in rows)]
