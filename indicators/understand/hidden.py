"""Sheets, rows and columns that Excel hides. An office hides a sheet of last year's figures or its working
copy, hides rows of activities that were cancelled or counted elsewhere, and hides a working column (last
year's figures, a helper total, a copy of the participants column); calamine reads them as any other, so
they would be counted while the person who sent the file sees none of them. Whether they count is not
written: the reading asks (the wizard shows the reading to confirm; a confirmed reading counts them)."""

from __future__ import annotations

from collections.abc import Sequence

from indicators.config.readings import Said, said
from indicators.read.sheets import RawSheet, column_letters
from indicators.understand.context import areas_in_title, context_measure, context_year
from indicators.understand.headers import Column, is_blank
from indicators.understand.layout import text_of_rows
from indicators.understand.multipliers import multiplier_in
from indicators.understand.vocabulary import TIME_FIELDS


def hidden_doubts(sheet: RawSheet, data_rows: list[int], columns: Sequence[Column] = ()) -> list[Said]:
    """The doubts of a hidden sheet that holds data rows, of the data rows Excel hides, and of the columns
    Excel hides that the reading uses (`columns`: the plan's, with .index, .field and .header) and that
    hold something in a data row."""
    doubts = [said("sheet_hidden")] if sheet.hidden and data_rows else []
    if sheet.hidden_rows:
        hidden = [number for number in (sheet.first_row + i + 1 for i in data_rows) if number in sheet.hidden_rows]
        if hidden:
            doubts.append(said("rows_hidden", n=len(hidden), rows=row_spans(hidden)))
    if sheet.hidden_columns:
        hidden_columns = [column for column in columns if _read_and_hidden(sheet, data_rows, column)]
        if hidden_columns:
            doubts.append(said("columns_hidden", n=len(hidden_columns),
                               columns=column_names(sheet, sorted(hidden_columns, key=lambda c: c.index))))
    return doubts


def hidden_title_doubt(sheet: RawSheet, header_start: int | None, file_name: str,
                       columns: Sequence[Column] = ()) -> Said | None:
    """The doubt of rows above the table that Excel hides and whose words change the reading: a hidden
    "หน่วย : พันบาท" made every budget 1,000 times what the sender sees, a hidden title could give the
    measure, the district, or the year of a sheet whose rows have no date or year of their own. Hidden
    rows above the table whose words change nothing ask nothing."""
    dated = any(c.field in (*TIME_FIELDS, "period_value") for c in columns)
    if not sheet.hidden_rows or not header_start:
        return None
    above = sheet.rows[:header_start]
    hidden = [i for i, row in enumerate(above) if sheet.first_row + i + 1 in sheet.hidden_rows
              and any(not is_blank(cell) for cell in row)]
    if not hidden:
        return None

    def reading(rows: list[list[object]]) -> tuple:
        text = text_of_rows(rows)
        measure = context_measure(text, sheet.name, file_name)
        return (None if dated else context_year(text, sheet.name, file_name), measure.code if measure else None,
                multiplier_in(text, own_header=False), sorted(areas_in_title(text)))

    if reading(above) == reading([row for i, row in enumerate(above) if i not in hidden]):
        return None
    words = text_of_rows([above[i] for i in hidden])
    return said("title_rows_hidden", rows=row_spans([sheet.first_row + i + 1 for i in hidden]), text=words[:80])


def _read_and_hidden(sheet: RawSheet, data_rows: list[int], column: Column) -> bool:
    """The column is hidden in Excel, the reading uses it, and a data row holds something in it."""
    if column.field in (None, "ignored", "personal_dropped") or sheet.first_col + column.index + 1 not in sheet.hidden_columns:
        return False
    return any(column.index < len(sheet.rows[i]) and not is_blank(sheet.rows[i][column.index])
               for i in data_rows if i < len(sheet.rows))


def column_names(sheet: RawSheet, columns: Sequence[Column], shown: int = 8) -> str:
    """Columns as their letters and headers, "C 'ผู้เข้าร่วม (คน)', F": the first `shown`, "…" after them."""
    names = [f"{column_letters(sheet.first_col + c.index)} '{c.header}'" if c.header.strip()
             else column_letters(sheet.first_col + c.index) for c in columns[:shown]]
    return ", ".join(names) + (", …" if len(columns) > shown else "")


def row_spans(numbers: list[int], shown: int = 8) -> str:
    """Row numbers as runs, "5, 9–12, 20", the first `shown` runs and "…" after them."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    text = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs[:shown])
    return text + (", …" if len(runs) > shown else "")
