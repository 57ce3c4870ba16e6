"""Milestones (issue 21, item 9): typed with a target (BE or CE, Thai digits), checked, stored, audited,
used by the status (progress against the next milestone) and drawn on the chart."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from conftest import add_accounts, run_cli

from indicators import actions
from indicators.base.errors import LearningCityError
from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.measure.milestones import checkpoint, parse_milestones
from indicators.measure.progress import load_targets, progress_status, progress_table
from indicators.present import charts
from indicators.store import audit
from indicators.store.accounts import Actor

ADMIN = Actor("adam", "admin")


def test_milestones_are_read_in_either_era_and_thai_digits():
    assert parse_milestones("2567: 40; 2025=45.5") == {2024: 40.0, 2025: 45.5}
    assert parse_milestones("๒๕๖๗: ๑,๒๐๐\n2568: 1300") == {2024: 1200.0, 2025: 1300.0}
    assert parse_milestones("  ") == {}
    for bad in ("2567 40", "2567: 40; 2024: 41", "67: 40"):
        with pytest.raises(LearningCityError) as refused:
            parse_milestones(bad)
        assert refused.value.code == "bad_milestones"


def test_the_next_milestone_is_the_checkpoint():
    planned = {2022: 40.0, 2024: 45.0}
    assert checkpoint(planned, 2021, 60, 2026) == (40.0, 2022)
    assert checkpoint(planned, 2022, 60, 2026) == (40.0, 2022)
    assert checkpoint(planned, 2023, 60, 2026) == (45.0, 2024)
    assert checkpoint(planned, 2025, 60, 2026) == (60, 2026)


def test_a_planned_slow_start_on_track_is_not_falling_behind():
    points = [(2020, 100.0), (2021, 110.0)]
    # to 200 by 2025 needs 14.9 % a year; 10 % is two thirds of it: moderate
    assert progress_status(points, "higher", 200, 2025, 2020) == "moderate_progress"
    # the plan said 110 in 2021: on track
    assert progress_status(points, "higher", 200, 2025, 2020, {2021: 110.0}) == "substantial_progress"
    # a milestone missed is measured against the milestone, not the far target
    assert progress_status(points, "higher", 200, 2025, 2020, {2021: 150.0}) == "limited_progress"
    # lower is better: the milestone works the same way down
    down = [(2020, 100.0), (2021, 95.0)]
    assert progress_status(down, "lower", 50, 2025, 2020) == "limited_progress"
    assert progress_status(down, "lower", 50, 2025, 2020, {2021: 95.0}) == "substantial_progress"


@pytest.fixture
def city(con):
    add_accounts(con)
    load_sample_if_empty(con)
    return con


def test_milestones_saved_with_the_target_drive_status_and_the_chart(city):
    values = compute_values(city, SAMPLE_CITY, codes=["participants"])
    by_year = dict(zip(values["year"], values["value"]))
    first, last = int(values["year"].min()), int(values["year"].max())
    target = by_year[last] * 3
    actions.save_target(city, ADMIN, SAMPLE_CITY, "participants", target, last + 3, first)
    before = progress_table(city, SAMPLE_CITY).set_index("indicator").loc["participants"]
    assert pd.isna(before["milestone_year"])
    actions.save_target(city, ADMIN, SAMPLE_CITY, "participants", target, last + 3, first, {last: by_year[last]})
    stored = load_targets(city, SAMPLE_CITY).set_index("indicator").loc["participants"]
    assert json.loads(stored["milestones"]) == {str(last): by_year[last]}
    after = progress_table(city, SAMPLE_CITY).set_index("indicator").loc["participants"]
    assert (after["milestone_year"], after["milestone_value"]) == (last, by_year[last])
    assert after["status"] == "substantial_progress" and before["status"] != after["status"]
    logged = audit.entries(city, SAMPLE_CITY)  # newest first
    assert json.loads(logged[logged["action"] == "edit_targets"].iloc[0]["detail"])["milestones"] == {
        str(last): by_year[last]}
    figure = charts.trend(values, "P", "persons", "en", "ce", False, (target, last + 3), milestones={last: 1.0})
    diamonds = [trace for trace in figure.data if trace.marker.symbol == "diamond-open"]
    assert len(diamonds) == 1 and list(diamonds[0].x) == [last] and list(diamonds[0].y) == [1.0]


@pytest.mark.parametrize("milestones", [{2030: 5.0}, {2019: 5.0}, {2022: float("nan")}, {2022: -1.0}])
def test_milestones_outside_the_target_span_are_refused(city, milestones):
    before = load_targets(city, SAMPLE_CITY, history=True)
    with pytest.raises(LearningCityError) as refused:
        actions.save_target(city, ADMIN, SAMPLE_CITY, "participants", 100, 2027, 2020, milestones)
    assert refused.value.code == "bad_milestones"
    assert len(load_targets(city, SAMPLE_CITY, history=True)) == len(before)


def test_the_cli_sets_a_target_with_milestones_and_status_shows_the_checkpoint(db_path):
    code, _, err = run_cli("targets", "set", "participants", "--value", "90000", "--year", "2571",
                           "--base-year", "2563", "--milestones", "2568: 40000; 2569: 50000", env_db=db_path)
    assert code == 0, err
    code, out, _ = run_cli("status", "--format", "json", env_db=db_path)
    row = next(r for r in json.loads(out) if r["indicator"] == "participants")
    assert (row["target_value"], row["target_year"], row["milestone_year"], row["milestone_value"]) == (
        90000, 2028, 2025, 40000)
    code, out, _ = run_cli("targets", "list", "--format", "csv", env_db=db_path)
    listed = pd.read_csv(io.StringIO(out))
    assert listed.loc[listed["indicator"] == "participants", "milestones"].item() == "2025: 40000; 2026: 50000"
    code, _, err = run_cli("targets", "set", "participants", "--value", "9", "--year", "2571",
                           "--milestones", "2575: 1", env_db=db_path)
    assert code == 1 and "2032" in err  # refused, naming the year (CE in English)
