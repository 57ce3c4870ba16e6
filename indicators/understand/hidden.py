"""Sheets and rows that Excel hides. An office hides a sheet of last year's figures or its working copy,
and hides rows of activities that were cancelled or counted elsewhere; calamine reads them as any other,
so they would be counted while the person who sent the file sees none of them. Whether they count is not
written: the reading asks (the wizard shows the reading to confirm; a confirmed reading counts them)."""

from __future__ import annotations

from indicators.config.readings import Said, said
from indicators.read.sheets import RawSheet


def hidden_doubts(sheet: RawSheet, data_rows: list[int]) -> list[Said]:
    """The doubts of a hidden sheet that holds data rows, and of the data rows Excel hides."""
    doubts = [said("sheet_hidden")] if sheet.hidden and data_rows else []
    if sheet.hidden_rows:
        hidden = [number for number in (sheet.first_row + i + 1 for i in data_rows) if number in sheet.hidden_rows]
        if hidden:
            doubts.append(said("rows_hidden", n=len(hidden), rows=row_spans(hidden)))
    return doubts


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
