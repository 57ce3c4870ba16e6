"""The reading's words (evidence, doubts, reasons) exist in English and Thai with the same values, and
every one the engine says is written down (config/readings.yaml)."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from indicators.config.readings import readings, said, said_once, say
from indicators.ingest import ingest_files
from tests.bad_inputs import xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]
THAI = re.compile("[\u0e00-\u0e7f]")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(readings()["readings"]))
def test_every_reading_is_said_in_both_languages_with_the_same_values(code):
    entry = readings()["readings"][code]
    assert entry["en"].strip() and THAI.search(entry["th"]), entry
    assert _fields(entry["en"]) == _fields(entry["th"]), code


def test_every_reading_the_engine_says_is_written_down():
    used = set()
    for path in (ROOT / "indicators").rglob("*.py"):
        used |= set(re.findall(r"""\bsaid\(\s*["']([a-z_]+)["']""", path.read_text(encoding="utf-8")))
    used |= {"row_numbers", "name_column_of", "name_column", "numbers", "amounts", "area_beside", "note_or_place"}
    assert used, "no reading found in the code"
    assert used <= set(readings()["readings"]), sorted(used - set(readings()["readings"]))


def test_words_of_the_engine_are_said_in_thai_and_headers_stay_as_written():
    reading = said("known_header", header="date", field="date")
    assert reading.text("en") == "'date' is a known header for date"
    assert reading.text("th") == "'date' เป็นหัวคอลัมน์ที่รู้จัก หมายถึงวันที่"
    ranked = said("kind_unclear", ranked=[("activities", 4.0), ("statistics", 3.5)])
    assert ranked.text("th") == "ยังไม่ชัดว่าชีตนี้เป็นข้อมูลชนิดใด: กิจกรรม 4, สถิติ 3.5"
    assert say([ranked, "plain"], "en") == "the kind of sheet is not clear: activities 4, statistics 3.5; plain"


def test_a_sheet_needing_review_says_why_in_thai_too(con, tmp_path):
    # Numbers under a header that names nothing the engine counts: what they count is not said.
    rows = [["อำเภอ", "ก้อนหิน"], ["เมือง", 12], ["เหนือ", 7], ["ใต้", 9]]
    path = tmp_path / "unknown.xlsx"
    path.write_bytes(xlsx_bytes({"Sheet1": rows}))
    outcome = ingest_files(con, [path], "Test City", dry_run=True)
    review = [p for p in outcome.problems if p.code == "needs_review"]
    assert review, [(p.code, p.message_en) for p in outcome.problems]
    assert "ก้อนหิน" in review[0].message_en and "ก้อนหิน" in review[0].message_th
    assert not re.search(r"\b(holds|column|numbers|said)\b", review[0].message_th), review[0].message_th


def test_each_statement_of_a_reading_is_said_once():
    """A wide sheet's groups of parts each say "2 columns count loans …" word for word: the reader gets
    the line once, in its first place; statements that differ in a value (3 columns), or hold a list, stay."""
    loans, other = said("parts_apart", n=2, measure="loans"), said("parts_apart", n=3, measure="loans")
    listed = said("kind_unclear", ranked=[("statistics", 0.5), ("activities", 0.4)])
    assert said_once([loans, other, loans, listed, listed, "as written", "as written"]) == [
        loans, other, listed, "as written"]



def test_months_days_and_years_in_a_reading_are_said_as_the_reader_says_them():
    """A reading's month, day or year is said in พ.ศ. with Thai month names in Thai, and as 'Apr 2023' in
    English — never an ISO '2023-04' in a Thai sentence beside pages that show 01/04/2566."""
    from indicators.config.readings import said

    span = said("read_in_the_span", n=4, headers="a", start="2023-04", months=12)
    assert "เม.ย. 2566" in span.text("th") and "Apr 2023" in span.text("en") and "2023-04" not in span.text("th")
    day = said("on_a_day_of_the_span", header="Pcs (31/03)", day="2024-03-31")
    assert "31 มี.ค. 2567" in day.text("th") and "31 Mar 2024" in day.text("en")
    year = said("header_period", period="year", start="2002")
    assert "2545" in year.text("th") and "2002" in year.text("en")
    assert "Pcs (31/03)" in day.text("th")  # a header keeps its own words and numbers
