"""A register's columns of people: a column of some of the participants beside all of them is a part of
them (an age band) or is asked about; it is never ignored as a second column of all of them, which loses
its numbers without a word."""
from __future__ import annotations

from contextlib import closing

import pytest
from conftest import make_xlsx as workbook

from indicators.ingest.commit import ingest_files
from indicators.store import open_database


@pytest.fixture
def store():
    with closing(open_database(":memory:")) as con:
        yield con


def rows(store, sql: str) -> list[tuple]:
    return store.execute(sql).fetchall()


@pytest.mark.parametrize("header", [
    ["Activity", "Date", "Attendees", "Attendees who are children"],
    ["ชื่อกิจกรรม", "วันที่", "ผู้เข้าร่วม (คน)", "ผู้เข้าร่วมที่เป็นเด็ก (คน)"],
])
def test_participants_who_are_children_beside_all_of_them_are_their_children(store, tmp_path, header):
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        header, ["Story time", "2024-03-01", 30, 20], ["Coding club", "2024-03-08", 15, 5]]})], "Library")
    assert result.status == "committed", [(p.code, p.message_en) for p in result.problems]
    assert "duplicate_column" not in {p.code for p in result.problems}
    assert rows(store, "SELECT dimension, age_min, age_max, sum(value) FROM v_participation GROUP BY ALL "
                       "ORDER BY 1") == [("age", 0, 17, 25.0), ("total", None, None, 45.0)]


def test_a_second_column_of_all_the_participants_with_other_numbers_is_asked_about(store, tmp_path):
    """Two 'Attendees' columns that disagree: which is right is the researcher's to say."""
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", "Attendees", "Attendees"],
        ["Story time", "2024-03-01", 30, 31], ["Coding club", "2024-03-08", 15, 15]]})], "Library")
    assert result.status == "refused"
    review = result.plans[0].sheets[0].review
    assert "second_column_differs" in {said.code for said in review}
    assert rows(store, "SELECT count(*) FROM participation") == [(0,)]


def test_a_copy_of_the_participants_column_is_set_aside_as_a_copy(store, tmp_path):
    result = ingest_files(store, [workbook(tmp_path / "register_2024.xlsx", {"Sheet1": [
        ["Activity", "Date", "Attendees", "Attendees"],
        ["Story time", "2024-03-01", 30, 30], ["Coding club", "2024-03-08", 15, 15]]})], "Library")
    assert result.status == "committed"
    assert rows(store, "SELECT sum(value) FROM v_participation") == [(45.0,)]
