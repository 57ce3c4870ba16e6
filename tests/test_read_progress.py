"""Progress inside one file (read/progress.py): rows read of the total are reported while a sheet is
read, and reading with someone listening gives exactly the cells read without."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROJECT, REAL_DATA, make_xlsx

from indicators.read import progress, read_workbook

CORPUS = sorted(path for folder in (PROJECT / "data" / "sample", REAL_DATA) if folder.exists()
                for path in folder.iterdir() if path.suffix in (".csv", ".xlsx", ".xls"))


def _cells(workbook) -> list:
    return [(s.name, s.first_row, s.first_col, s.rows, s.merged) for s in workbook.sheets]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: Path(p).name)
def test_listening_changes_no_cell(path):
    heard = []
    with progress.reporting(lambda sheet, done, total: heard.append((sheet, done, total))):
        listened = read_workbook(path)
    assert _cells(listened) == _cells(read_workbook(path))
    if path.suffix in (".csv", ".xlsx"):
        assert heard and all(done <= total for _, done, total in heard)


def test_a_long_sheet_reports_rows_read_of_its_total(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "EVERY_ROWS", 100)
    rows = [["title"], [], ["code", "count"], *[[f"A{n}", n] for n in range(1_000)]]
    path = make_xlsx(tmp_path / "long.xlsx", {"กิจกรรม": rows})
    heard = []
    with progress.reporting(lambda sheet, done, total: heard.append((sheet, done, total))):
        read_workbook(path)
    assert heard[0] == ("กิจกรรม", 100, 1_003) and heard[-1] == ("กิจกรรม", 1_003, 1_003)
    assert [done for _, done, _ in heard] == [*range(100, 1_001, 100), 1_003]


def test_a_sheet_starting_below_the_first_row_keeps_its_numbering(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active["C3"], book.active["D5"] = "a", 2
    book.save(tmp_path / "offset.xlsx")
    with progress.reporting(lambda *_: None):
        listened = read_workbook(tmp_path / "offset.xlsx")
    assert _cells(listened) == _cells(read_workbook(tmp_path / "offset.xlsx"))
    assert listened.sheets[0].first_row == 2


def test_the_wizard_and_the_cli_say_rows_read_of_the_total(capsys):
    from types import SimpleNamespace

    from indicators import cli
    from ui.review import read_progress_bar
    from ui.view import View

    shown = []
    bar = SimpleNamespace(progress=lambda share, text: shown.append((share, text)))
    for lang in ("th", "en"):
        view = View.__new__(View)
        view.lang = lang
        read_progress_bar(view, bar, "big.csv", 2, 2)("big", 250_000, 1_000_000)
    assert shown == [(0.625, "กำลังอ่าน big.csv [big]: 250,000 จาก 1,000,000 แถว"),
                     (0.625, "Reading big.csv [big]: 250,000 of 1,000,000 rows")]
    capsys.readouterr()  # Streamlit's own warnings about running without a server
    show = cli._progress_line(SimpleNamespace(lang="en"))
    show("big", 20_000, 30_000)
    show("big", 30_000, 30_000)
    assert capsys.readouterr().err == "\rReading [big]: 20,000 of 30,000 rows\rReading [big]: 30,000 of 30,000 rows\n"
