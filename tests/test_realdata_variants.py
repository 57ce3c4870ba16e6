"""Real tables sent again the ways offices also send them: as a CSV (no merges, no cell types), in Thai
digits with separators, under a title, with a spacer column, a footnote, subtotal rows, or copied into a
second sheet. Each must store exactly what the table as it is stores, or ask; never other figures.

The expected figures are the engine's own reading of the table as it is, so the test holds the engine
to one reading of one table whatever its dress, with no figure typed in.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from conftest import real_file

from indicators import ingest, store
from indicators.read import read_workbook

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
TABLES = [("th_police_crime_by_province_BE2545_2554.xls", "รัฐเป็นผู้เสียหาย"),
          ("th_krabi_child_development_centres_BE2555.xls", "Sheet1"),
          ("th_nakhonsithammarat_family_centre_projects_BE2555.xls", "ปากพนัง")]


def _plain(cell):
    return int(cell) if isinstance(cell, float) and cell.is_integer() else cell


def _number(cell) -> bool:
    return isinstance(cell, (int, float)) and not isinstance(cell, bool)


def _in_thai_digits(cell):
    if not _number(cell):
        return cell
    value = _plain(cell)
    return (f"{value:,}" if isinstance(value, int) else f"{value:,.2f}").translate(THAI_DIGITS)


def _with_subtotals(rows: list[list]) -> list[list]:
    """A "รวม" row after every three records, summing their numbers."""
    width = max(len(r) for r in rows)
    records = {k for k, r in enumerate(rows) if any(_number(c) for c in r) and any(isinstance(c, str) for c in r)}
    label = next(j for j in range(width) if any(j < len(rows[k]) and isinstance(rows[k][j], str) for k in records))
    dressed, group = [], []
    for k, row in enumerate(rows):
        dressed.append(row)
        group += [row] if k in records else []
        if len(group) == 3:
            sums = [sum(c for g in group if j < len(g) and _number(c := g[j])) if any(
                j < len(g) and _number(g[j]) for g in group) else None for j in range(width)]
            sums[label] = "รวม"
            dressed.append(sums)
            group = []
    return dressed


DRESSES = {
    "as a CSV": lambda rows: rows,
    "in Thai digits": lambda rows: [[_in_thai_digits(c) for c in r] for r in rows],
    "under a title": lambda rows: [["รายงานข้อมูลประจำปี"], [], *rows],
    "with a spacer column": lambda rows: [r[:1] + [None] + r[1:] for r in rows],
    "with a footnote": lambda rows: [*rows, [], ["หมายเหตุ: ข้อมูลจากสำนักงานจังหวัด"]],
    "with subtotals": _with_subtotals,
}


def _figures(path: Path) -> tuple[str, tuple]:
    con = store.open_database(":memory:")
    outcome = ingest.ingest_files(con, [path], "Real")
    return outcome.status, (
        con.execute("SELECT count(*), round(sum(value), 2) FROM statistics").fetchone(),
        con.execute("SELECT count(*), coalesce(sum(events), 0) FROM activities").fetchone(),
        con.execute("SELECT count(*), round(coalesce(sum(value), 0), 2) FROM participation").fetchone())


def _write_csv(path: Path, rows: list[list]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["" if c is None else _plain(c) for c in r] for r in rows])
    return path


@pytest.mark.parametrize("file_name, sheet_name", TABLES)
def test_a_real_table_in_another_dress_stores_the_same_figures_or_asks(tmp_path, file_name, sheet_name):
    source = real_file(file_name)
    rows = [list(r) for r in next(s for s in read_workbook(source).sheets if s.name == sheet_name).rows]
    name = f"{source.stem}_{sheet_name}"  # the names say what the figures are: the same in every dress

    def sent(dress: str, suffix: str = ".csv") -> Path:
        (tmp_path / dress).mkdir()
        return tmp_path / dress / f"{name}{suffix}"

    status, expected = _figures(_write_csv(sent("as it is"), rows))
    assert status == "committed" and expected[0][0] + expected[1][0] > 0
    for dress, dressed in DRESSES.items():
        got_status, got = _figures(_write_csv(sent(dress), dressed(rows)))
        assert got_status == "refused" or got == expected, (dress, got_status, got, expected)
    book = openpyxl.Workbook()
    for title in (sheet_name, f"{sheet_name} (2)"):  # the same table copied into a second sheet: stored once
        sheet = book.active if title == sheet_name else book.create_sheet(title)
        sheet.title = title
        for row in rows:
            sheet.append([_plain(c) for c in row])
    book.save(copy := sent("copied", ".xlsx"))
    copied_status, copied = _figures(copy)
    assert copied_status == "refused" or copied == expected, ("copied", copied_status, copied, expected)
