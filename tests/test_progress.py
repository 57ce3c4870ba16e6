"""Progress status (Statistics Canada rule, DESIGN.md §4) on hand-computed cases; targets and evidence."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from indicators.measure.progress import (
    STATUSES,
    add_evidence,
    cagr,
    evidence_for,
    load_sample_targets,
    load_targets,
    progress_status,
    progress_table,
    set_target,
    status_label,
)
from indicators.store import migrate

SCHEMA = Path(__file__).resolve().parents[1] / "indicators" / "config" / "sql" / "schema.sql"


@pytest.fixture
def mem():
    connection = duckdb.connect(":memory:")
    migrate(connection)
    yield connection
    connection.close()


def test_cagr():
    assert cagr(121, 100, 2022, 2020) == pytest.approx(0.10)
    assert cagr(81, 100, 2022, 2020) == pytest.approx(-0.10)
    assert cagr(5, 0, 2022, 2020) is None
    assert cagr(5, -1, 2022, 2020) is None
    assert cagr(5, 4, 2020, 2020) is None


# Base 100 in 2020, target 200 in 2030: required CAGR = 2 ** 0.1 - 1 = 7.177 %/year; latest year 2025.
@pytest.mark.parametrize("latest, expected", [
    (200, "achieved"),                                    # target met early
    (250, "achieved"),
    (100 * 1.0718 ** 5, "substantial_progress"),          # ratio 1.00
    (100 * 1.0682 ** 5, "substantial_progress"),          # ratio 0.950 (just above the 0.95 band edge)
    (100 * 1.05 ** 5, "moderate_progress"),               # ratio 0.68
    (100 * 1.02 ** 5, "limited_progress"),                # ratio 0.28
    (100, "limited_progress"),                            # ratio 0: no change is still "limited", not worse
    (90, "deterioration"),                                # ratio < 0: going the wrong way
])
def test_with_a_target(latest, expected):
    assert progress_status([(2020, 100), (2025, latest)], "higher", 200, 2030) == expected


def test_target_band_edges_hand_computed():
    required = 2 ** 0.1 - 1
    just_below = 100 * (1 + 0.94 * required) ** 5      # ratio 0.94 → moderate
    just_above = 100 * (1 + 0.61 * required) ** 5      # ratio 0.61 → moderate
    below_moderate = 100 * (1 + 0.59 * required) ** 5  # ratio 0.59 → limited
    assert progress_status([(2020, 100), (2025, just_below)], "higher", 200, 2030) == "moderate_progress"
    assert progress_status([(2020, 100), (2025, just_above)], "higher", 200, 2030) == "moderate_progress"
    assert progress_status([(2020, 100), (2025, below_moderate)], "higher", 200, 2030) == "limited_progress"


def test_base_year_of_the_target_is_used():
    # From 2022 (120) the series rose to 130 by 2025; from 2020 (100) it would look much better.
    points = [(2020, 100), (2022, 120), (2025, 130)]
    assert progress_status(points, "higher", 200, 2030, base_year=2022) == "limited_progress"  # ratio ≈ 0.41
    assert progress_status(points, "higher", 200, 2030, base_year=2020) == "moderate_progress"  # ratio ≈ 0.75
    assert progress_status(points, "higher", 200, 2030, base_year=2025) == "insufficient_data"  # one point left


@pytest.mark.parametrize("latest, expected", [
    (110, "substantial_progress"),       # CAGR +1.9 %
    (102, "moderate_progress"),          # +0.4 %
    (100, "moderate_progress"),          # 0 %: the 0–1 % band
    (98, "moderate_deterioration"),      # -0.4 %
    (80, "substantial_deterioration"),   # -4.4 %
])
def test_without_a_target(latest, expected):
    assert progress_status([(2020, 100), (2025, latest)], "higher") == expected


def test_without_a_target_one_percent_edge():
    assert progress_status([(2020, 100), (2021, 101.5)], "higher") == "substantial_progress"  # 1.5 %
    assert progress_status([(2020, 100), (2021, 100.5)], "higher") == "moderate_progress"     # 0.5 %
    assert progress_status([(2020, 100), (2021, 98.5)], "higher") == "substantial_deterioration"  # -1.5 %


def test_lower_is_better():
    assert progress_status([(2020, 100), (2025, 80)], "lower") == "substantial_progress"
    assert progress_status([(2020, 100), (2025, 99.8)], "lower") == "moderate_progress"          # -0.04 %
    assert progress_status([(2020, 100), (2025, 100.2)], "lower") == "moderate_deterioration"    # +0.04 %
    assert progress_status([(2020, 100), (2025, 120)], "lower") == "substantial_deterioration"
    # Target 50 by 2030 from 100 in 2020: required CAGR = 0.5 ** 0.1 - 1 = -6.7 %.
    assert progress_status([(2020, 100), (2025, 50)], "lower", 50, 2030) == "achieved"
    assert progress_status([(2020, 100), (2025, 100 * 0.5 ** 0.5)], "lower", 50, 2030) == "substantial_progress"
    assert progress_status([(2020, 100), (2025, 80)], "lower", 50, 2030) == "moderate_progress"   # ratio 0.65
    assert progress_status([(2020, 100), (2025, 95)], "lower", 50, 2030) == "limited_progress"    # ratio 0.15
    assert progress_status([(2020, 100), (2025, 130)], "lower", 50, 2030) == "deterioration"


def test_two_point_gate_and_zero_or_negative_base():
    assert progress_status([(2024, 100)], "higher") == "insufficient_data"
    assert progress_status([(2024, 100)], "higher", 200, 2030) == "insufficient_data"
    assert progress_status([], "higher") == "insufficient_data"
    assert progress_status([(2024, 100), (2025, float("nan"))], "higher") == "insufficient_data"
    assert progress_status([(2020, 0), (2025, 10)], "higher") == "insufficient_data"
    assert progress_status([(2020, 0), (2025, 10)], "higher", 20, 2030) == "insufficient_data"
    assert progress_status([(2020, -5), (2025, 10)], "higher", 20, 2030) == "insufficient_data"


def test_every_status_has_words_and_a_symbol():
    assert set(STATUSES) == {"achieved", "substantial_progress", "moderate_progress", "limited_progress",
                             "deterioration", "moderate_deterioration", "substantial_deterioration",
                             "insufficient_data"}
    assert all(english and thai and symbol for english, thai, symbol in STATUSES.values())
    assert status_label("achieved", "en") == "✔ Target achieved"
    assert status_label("insufficient_data", "th") == "? ข้อมูลไม่เพียงพอ"


def _seed_activities(con, per_year: dict[int, int]):
    con.execute("INSERT INTO uploads (upload_id, city, source, file_name, sha256, uploaded_at, status) "
                "VALUES (1, 'C', 's', 'f.xlsx', 'h', ?, 'committed')", [datetime(2025, 1, 1)]).fetchall()
    rows = pd.DataFrame([{"upload_id": 1, "city": "C", "activity_key": f"k{y}", "year": y, "fiscal_year": y,
                          "events": n, "district": "North"} for y, n in per_year.items()])
    con.register("_rows", rows)
    con.execute("INSERT INTO activities BY NAME SELECT * FROM _rows").fetchall()
    con.unregister("_rows")


def test_targets_keep_history_and_the_newest_is_in_force(mem):
    set_target(mem, "C", "activities", 150, 2027, 2020, milestones={"2025": 120}, user="a")
    set_target(mem, "C", "activities", 180, 2028, 2020, user="b")
    set_target(mem, "C", "activities", 30, 2028, district="North")
    now = load_targets(mem, "C")
    city_wide = now[now["district"].isna()].iloc[0]
    assert (city_wide["target_value"], city_wide["target_year"], city_wide["updated_by"]) == (180, 2028, "b")
    assert len(now) == 2 and len(load_targets(mem, "C", history=True)) == 3


def test_progress_table(mem):
    _seed_activities(mem, {2020: 100, 2023: 110, 2024: 121})
    set_target(mem, "C", "activities", 200, 2030, 2020)
    set_target(mem, "C", "activities", 1, 2030, district="North")  # a district target is not the city's
    table = progress_table(mem, "C").set_index("indicator")
    row = table.loc["activities"]
    assert (row["year"], row["value"], row["previous_year"], row["previous"]) == (2024, 121, 2023, 110)
    assert row["change"] == 11 and row["change_pct"] == pytest.approx(10.0)
    assert (row["target_value"], row["target_year"]) == (200, 2030)
    # CAGR 2020→2024 = 4.88 %; required 7.18 % → ratio 0.68: moderate.
    assert row["status"] == "moderate_progress" and row["symbol"] == "↗"
    assert table.loc["participants", "status"] == "insufficient_data"
    assert progress_table(mem, "C", year=2023).set_index("indicator").loc["activities", "value"] == 110


def test_sample_targets_load_once_and_a_missing_file_is_fine(mem, tmp_path):
    csv = tmp_path / "targets.csv"
    csv.write_text("indicator,target_value,target_year,base_year\nparticipants,27992,2027,2020\n"
                   "activities,986,2027,\n", encoding="utf-8")
    assert load_sample_targets(mem, "C", csv) == 2
    assert load_sample_targets(mem, "C", csv) == 0  # same targets: nothing new
    assert load_sample_targets(mem, "C", tmp_path / "absent.csv") == 0
    targets = load_targets(mem, "C").set_index("indicator")
    assert targets.loc["participants", "base_year"] == 2020 and pd.isna(targets.loc["activities", "base_year"])


def test_evidence_keeps_history(mem):
    add_evidence(mem, "C", "2.2", 2024, "First", "ครั้งแรก", ["https://example.org/a"], "somchai")
    add_evidence(mem, "C", "2.2", 2024, "Second", "ครั้งที่สอง", [], "somying")
    add_evidence(mem, "C", "2.3", 2024, "Other", "อื่น", [], "somying")
    current = evidence_for(mem, "C", "2.2", 2024)
    assert list(current["narrative_en"]) == ["Second"]
    assert list(evidence_for(mem, "C", "2.2", 2024, history=True)["version"]) == [2, 1]
    assert sorted(evidence_for(mem, "C")["narrative_en"]) == ["Other", "Second"]


# --- issue 18: status over the chosen years, incomplete periods left out -----------------------------------

def _dated_activities(con, city: str, events_by_day: dict):
    """Activities on given days (one row each, `events` events), in one committed upload."""
    from indicators.base.thai import fiscal_year_of

    con.execute("INSERT INTO uploads (upload_id, city, source, file_name, sha256, uploaded_at, status) "
                "VALUES (7, ?, 's', 'f.xlsx', 'h7', ?, 'committed')", [city, datetime(2026, 1, 1)]).fetchall()
    rows = pd.DataFrame([{"upload_id": 7, "city": city, "activity_key": f"d{i}", "event_date": day, "year": day.year,
                          "fiscal_year": fiscal_year_of(day), "events": n, "district": "North"}
                         for i, (day, n) in enumerate(events_by_day.items())])
    con.register("_rows", rows)
    con.execute("INSERT INTO activities BY NAME SELECT * FROM _rows").fetchall()
    con.unregister("_rows")


def test_status_is_computed_over_the_chosen_years_and_says_its_base_year(mem):
    """A fall from 3,467 to 2,234 between the two chosen years was labelled "Substantial progress",
    computed from the first year in the data."""
    _seed_activities(mem, {2020: 1000, 2022: 2000, 2024: 3467, 2025: 2234})
    everything = progress_table(mem, "C").set_index("indicator").loc["activities"]
    assert everything["status"] == "substantial_progress" and everything["base_year"] == 2020
    chosen = progress_table(mem, "C", years=(2024, 2025)).set_index("indicator").loc["activities"]
    assert chosen["status"] == "substantial_deterioration"
    assert (chosen["base_year"], chosen["year"], chosen["value"]) == (2024, 2025, 2234)
    earlier = progress_table(mem, "C", years=(2020, 2024)).set_index("indicator").loc["activities"]
    assert (earlier["year"], earlier["previous_year"], earlier["base_year"]) == (2024, 2022, 2020)
    lone = progress_table(mem, "C", years=(2025, 2025)).set_index("indicator").loc["activities"]
    assert lone["status"] == "insufficient_data" and pd.isna(lone["base_year"])


def test_an_incomplete_period_is_left_out_of_status_and_change_unless_asked(mem):
    """FY 2569 holding only Oct–Dec 2025 gave "Participants 5,733 (−18,368)" and "deterioration"."""
    from datetime import date

    days = {date(year, month, 15): 100 for year in (2023, 2024) for month in range(1, 13)}
    days.update({date(2025, month, 15): 110 for month in range(1, 13)})
    _dated_activities(mem, "C", days)
    today = date(2026, 12, 1)
    table = progress_table(mem, "C", fiscal=True, today=today).set_index("indicator").loc["activities"]
    # FY 2566 (Jan–Sep 2023 only) and FY 2569 (Oct–Dec 2025 only) are both left out
    assert (table["base_year"], table["previous_year"], table["year"]) == (2024, 2024, 2025)
    assert table["value"] == 3 * 100 + 9 * 110 and not table["partial"]
    assert table["status"] == "substantial_progress"
    asked = progress_table(mem, "C", fiscal=True, today=today, include_partial=True).set_index("indicator")
    row = asked.loc["activities"]
    assert (row["year"], row["value"], row["partial"]) == (2026, 330, True)
    assert row["status"] == "substantial_deterioration"
