"""A reading confirmed for one file and kept for its source reads the source's next files the same way:
their kind, header, columns and measure. What a next file holds is its own, which the person who confirmed
the first never saw: what it hides (rows, a sheet), a row of figures that is no one's, a new column of other
numbers, a title naming another measure. Those are asked about again, never answered by the kept reading."""
from __future__ import annotations

import openpyxl
import pytest
from conftest import rows

from indicators import actions
from indicators.ingest.plan import plan_batch
from indicators.ingest.recipes import recipe_of, saved_recipe
from indicators.read import read_workbook
from indicators.store import accounts
from indicators.store.accounts import Actor

CITY = "Office"
ADMIN = Actor("tester", "admin", "test")
HEADER = ["ชื่อกิจกรรม", "อำเภอ", "วันที่", "จำนวนผู้เข้าร่วม (คน)"]


def _register(path, year: int, hidden_rows=(), hidden_sheet: bool = False):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "กิจกรรม"
    sheet.append(HEADER)
    for n, district in enumerate(["แม่ริม", "สันทราย", "สารภี", "สันทราย"], start=1):
        sheet.append([f"อบรม {n}", district, f"{n}/2/{year}", 10 * n])
    for number in hidden_rows:
        sheet.row_dimensions[number].hidden = True
    if hidden_sheet:
        old = book.create_sheet("สำเนา")
        old.append(HEADER)
        old.append(["อบรม สำเนา", "สารภี", f"7/3/{year}", 99])
        old.sheet_state = "hidden"
    book.save(path)
    return path


@pytest.fixture
def kept_reading(store, tmp_path):
    """The 2566 file, its hidden row confirmed in the wizard and committed: its reading kept for the source."""
    accounts.add_user(store, "tester", "admin", "tester-password")
    first = _register(tmp_path / "register_2566.xlsx", 2566, hidden_rows=(3,))
    (plan,) = plan_batch(store, [read_workbook(first)], CITY)
    assert not plan.ok  # the hidden row was asked about
    recipe = recipe_of(plan)
    (confirmed,) = plan_batch(store, [read_workbook(first)], CITY, recipe=recipe)
    assert confirmed.ok, [(p.code, p.message_en) for p in confirmed.problems]
    actions.commit_upload(store, ADMIN, [confirmed], recipes={confirmed.file_name: recipe})
    assert saved_recipe(store, CITY, confirmed.source) is not None
    return store


@pytest.mark.parametrize("hidden", [{"hidden_rows": (4, 5)}, {"hidden_sheet": True}])
def test_what_the_next_file_hides_is_asked_about_though_its_reading_is_kept(kept_reading, tmp_path, hidden):
    following = _register(tmp_path / "register_2567.xlsx", 2567, **hidden)
    (plan,) = plan_batch(kept_reading, [read_workbook(following)], CITY)
    assert not plan.ok
    (doubt,) = [p for p in plan.problems if p.code == "needs_review"]
    said = "hidden in Excel: 4–5 (2 in all)" if "hidden_rows" in hidden else "hidden in the workbook"
    assert said in doubt.message_en
    assert rows(kept_reading, "SELECT DISTINCT year FROM activities") == [(2023,)]  # the 2567 file not written


def test_the_kept_reading_still_answers_a_next_file_that_hides_nothing(kept_reading, tmp_path):
    following = _register(tmp_path / "register_2567.xlsx", 2567)
    (plan,) = plan_batch(kept_reading, [read_workbook(following)], CITY)
    assert plan.ok, [(p.code, p.message_en) for p in plan.problems]


def test_confirming_the_next_file_counts_what_it_hides(kept_reading, tmp_path):
    following = _register(tmp_path / "register_2567.xlsx", 2567, hidden_rows=(4, 5))
    (plan,) = plan_batch(kept_reading, [read_workbook(following)], CITY)
    recipe = recipe_of(plan)
    (confirmed,) = plan_batch(kept_reading, [read_workbook(following)], CITY, recipe=recipe)
    assert confirmed.ok, [(p.code, p.message_en) for p in confirmed.problems]
    actions.commit_upload(kept_reading, ADMIN, [confirmed], recipes={confirmed.file_name: recipe})
    assert rows(kept_reading, "SELECT year, sum(value) FROM v_participation GROUP BY year ORDER BY year") == [
        (2023, 100.0), (2024, 100.0)]


@pytest.mark.parametrize("change, said", [
    ("unlabelled_row", "has figures but no label"),
    ("new_column", "ผู้เข้าร่วมปีก่อน (คน)"),
])
def test_a_doubt_about_the_next_files_own_contents_is_asked_again(kept_reading, tmp_path, change, said):
    """Found by a reviewer: under the kept reading a row of figures nobody labelled (not the rows' sum) was
    dropped as a total, and a new column of other numbers set aside as a copy, without a question."""
    path = _register(tmp_path / "register_2567.xlsx", 2567)
    book = openpyxl.load_workbook(path)
    sheet = book.active
    if change == "unlabelled_row":
        sheet.append([None, None, None, 125])
    else:
        sheet.cell(1, 5, "ผู้เข้าร่วมปีก่อน (คน)")
        for row, value in zip(range(2, 6), (11, 19, 7, 5)):
            sheet.cell(row, 5, value)
    book.save(path)
    (plan,) = plan_batch(kept_reading, [read_workbook(path)], CITY)
    assert not plan.ok
    (doubt,) = [p for p in plan.problems if p.code == "needs_review"]
    assert said in doubt.message_en


def test_a_kept_measure_is_not_taken_when_the_next_file_names_another(store, tmp_path):
    """Found by a reviewer: population kept for the source, next year's file titled households: its
    households were stored as population and replaced the real population without a question."""
    accounts.add_user(store, "tester", "admin", "tester-password")

    def table(path, title, figures):
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "ข้อมูล"
        for row in [[title], ["อำเภอ", "2565", "2566"], *figures]:
            sheet.append(row)
        book.save(path)
        return read_workbook(path)

    first = table(tmp_path / "stat_2566.xlsx", "จำนวนประชากร จำแนกตามอำเภอ (คน)", [["แม่ริม", 80000, 81000], ["สารภี", 70000, 71000]])
    (plan,) = plan_batch(store, [first], CITY)
    recipe = recipe_of(plan)
    (confirmed,) = plan_batch(store, [first], CITY, recipe=recipe)
    actions.commit_upload(store, ADMIN, [confirmed], recipes={confirmed.file_name: recipe})
    assert saved_recipe(store, CITY, confirmed.source).sheets["ข้อมูล"].measure == "population"
    following = table(tmp_path / "stat_2567.xlsx", "จำนวนครัวเรือน จำแนกตามอำเภอ (ครัวเรือน)",
                      [["แม่ริม", 30000, 31000], ["สารภี", 25000, 26000]])
    (plan,) = plan_batch(store, [following], CITY)
    assert not plan.ok
    (doubt,) = [p for p in plan.problems if p.code == "needs_review"]
    assert "'population'" in doubt.message_en and "ครัวเรือน" in doubt.message_en
    # a next file whose words name the same measure reads as the kept reading says, without a question
    same = table(tmp_path / "stat_2568.xlsx", "จำนวนประชากร จำแนกตามอำเภอ (คน)", [["แม่ริม", 81000, 82000], ["สารภี", 71000, 72000]])
    (plan,) = plan_batch(store, [same], CITY)
    assert plan.ok, [(p.code, p.message_en) for p in plan.problems]
