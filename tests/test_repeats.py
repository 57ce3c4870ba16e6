"""Nothing counted twice by content (issue 16, item 4): a sheet copied inside a workbook, an "all
zones" sheet beside the zone sheets, or the same records under another file name (another source)."""

from __future__ import annotations

from indicators.ingest import ingest_files
from tests.bad_inputs import xlsx_bytes
from tests.conftest import real_file, table_snapshot

CITY = "Test City"
HEADER = ["title", "district", "date", "events", "participants"]
NORTH = [["Reading club", "North", "15/01/2567", 1, 30], ["Tree planting", "North", "15/03/2567", 1, 40]]
SOUTH = [["Digital skills", "South", "03/02/2567", 2, 25], ["Cooking class", "South", "10/02/2567", 1, 12]]


def _ingest(con, tmp_path, name: str, sheets: dict, source: str | None = None):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes({sheet: [HEADER, *rows] for sheet, rows in sheets.items()}))
    return ingest_files(con, [path], CITY, source=source)


def _codes(outcome) -> dict[str, list]:
    found: dict[str, list] = {}
    for p in outcome.problems:
        found.setdefault(p.code, []).append(p)
    return found


def _activities(con) -> int:
    return con.execute("SELECT count(*) FROM v_activities").fetchone()[0]


def test_summary_sheet_of_the_zone_sheets_is_set_aside_and_counted_once(con, tmp_path):
    outcome = _ingest(con, tmp_path, "zones.xlsx", {"North": NORTH, "South": SOUTH, "รวมทุกเขต": NORTH + SOUTH})
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    set_aside = _codes(outcome)["sheet_set_aside"]
    assert [p.sheet for p in set_aside] == ["รวมทุกเขต"]
    assert "North" in set_aside[0].message_en and "South" in set_aside[0].message_en
    assert _activities(con) == 4
    assert con.execute("SELECT sum(value) FROM v_participation WHERE dimension = 'total'").fetchone()[0] == 107


def test_sheet_copied_whole_is_set_aside(con, tmp_path):
    outcome = _ingest(con, tmp_path, "copied.xlsx", {"Sheet1": NORTH + SOUTH, "Sheet1 (2)": NORTH + SOUTH})
    assert outcome.status == "committed"
    assert len(_codes(outcome)["sheet_set_aside"]) == 1
    assert _activities(con) == 4


def test_records_repeated_in_part_refuse_the_file_naming_both_sheets(con, tmp_path):
    before = table_snapshot(con)
    outcome = _ingest(con, tmp_path, "overlap.xlsx", {"January": NORTH + SOUTH[:1], "February": SOUTH})
    assert outcome.status == "refused"
    repeated = _codes(outcome)["repeated_records"]
    assert {p.sheet for p in repeated} <= {"January", "February"}
    assert any("January" in p.message_en or "February" in p.message_en for p in repeated)
    assert table_snapshot(con) == before


def test_same_records_under_another_name_are_refused_naming_the_earlier_upload(con, tmp_path):
    first = _ingest(con, tmp_path, "north_office.xlsx", {"activities": NORTH + SOUTH})
    assert first.status == "committed"
    before = table_snapshot(con)
    second = _ingest(con, tmp_path, "copy for the mayor.xlsx", {"list": NORTH + SOUTH[:1]})
    assert second.status == "refused"
    (problem,) = _codes(second)["records_in_other_upload"]
    assert str(first.upload_ids[0]) in problem.message_en and "north_office.xlsx" in problem.message_en
    assert problem.message_th
    assert table_snapshot(con) == before


def test_the_same_source_sending_again_replaces_rather_than_repeats(con, tmp_path):
    assert _ingest(con, tmp_path, "activities.xlsx", {"activities": NORTH}).status == "committed"
    again = _ingest(con, tmp_path, "activities (corrected).xlsx", {"activities": NORTH + SOUTH},
                    source="activities")
    assert again.status == "committed", [(p.code, p.message_en) for p in again.problems]
    assert _activities(con) == 4


def test_other_records_of_another_source_are_not_repeats(con, tmp_path):
    assert _ingest(con, tmp_path, "north.xlsx", {"activities": NORTH}).status == "committed"
    assert _ingest(con, tmp_path, "south.xlsx", {"activities": SOUTH}).status == "committed"
    assert _activities(con) == 4


def test_a_real_statistics_file_sent_again_under_another_name_is_refused(con, tmp_path):
    original = real_file("th_dbd_new_companies_BE2558_12_cp874.csv")
    assert ingest_files(con, [original], CITY).status == "committed"
    before = table_snapshot(con)
    renamed = tmp_path / "companies for the meeting.csv"
    renamed.write_bytes(original.read_bytes() + b"\r\n")  # one more line end: not the same bytes
    outcome = ingest_files(con, [renamed], CITY)
    assert outcome.status == "refused"
    codes = _codes(outcome)
    assert "records_in_other_upload" in codes and "duplicate_file" not in codes
    assert table_snapshot(con) == before


def test_participants_in_a_content_key_are_the_totals_summed_per_activity_key():
    """The key's participants are summed by key number, not by text: the same sums as a groupby on the keys
    (missing keys, missing values, keys with no total, totals of unknown keys), on random registers."""
    import numpy as np
    import pandas as pd

    from indicators.ingest.repeats import _participants

    rng = np.random.default_rng(3)
    for _ in range(200):
        n, m = rng.integers(0, 30), rng.integers(1, 60)
        activities = pd.DataFrame({"activity_key": pd.Series(rng.choice(["a", "b", "c", None, "e"], n), dtype="string")})
        people = pd.DataFrame({"activity_key": pd.Series(rng.choice(["a", "b", "x", None], m), dtype="string"),
                               "dimension": rng.choice(["total", "sex", "age"], m),
                               "value": np.where(rng.random(m) < 0.1, np.nan, rng.random(m) * 100)})
        totals = people.loc[people["dimension"].eq("total")].groupby("activity_key")["value"].sum()
        expected = activities["activity_key"].map(totals).to_numpy(dtype="float64", na_value=np.nan)
        assert np.array_equal(_participants(activities, people).to_numpy(), expected, equal_nan=True)
    assert _participants(activities, None).isna().all()
