"""The scorecard (districts × indicators with status) and the status summary (indicators per status and
area): the same rule as the city's status, district targets only, and the CLI giving the page's rows."""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stdout

import pandas as pd

from indicators import cli
from indicators.measure.definitions import IndicatorDef, Term, load_indicators
from indicators.measure.progress import STATUSES, load_targets, progress_status, progress_table
from indicators.measure.scorecard import district_statuses, scorecard, status_summary
from indicators.present.scorecard_table import scorecard_html, scorecard_table

TERM = Term("activities", "count(*)")
GROW = IndicatorDef("grow", "Grow", "โต", "n", "n", "higher", ("1.1", "2.6"), TERM)
FALL = IndicatorDef("fall", "Fall", "ลด", "n", "n", "lower", ("3.3",), TERM)


def rows(series: dict[tuple[str | None, str], dict[int, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"city": "C", "district": d, "indicator": code, "year": y, "value": v}
                         for (d, code), points in series.items() for y, v in points.items()])


VALUES = rows({("North", "grow"): {2020: 100, 2022: 121}, ("South", "grow"): {2020: 100, 2022: 90},
               ("North", "fall"): {2021: 50}, ("South", "fall"): {2020: 80, 2022: 60},
               (None, "grow"): {2020: 200, 2022: 211}})
NO_TARGETS = pd.DataFrame(columns=["indicator", "district", "target_value", "target_year", "base_year"])


def test_district_status_is_the_city_rule_on_the_districts_own_series():
    card = district_statuses(VALUES, [GROW, FALL], NO_TARGETS).set_index(["district", "indicator"])
    assert card.loc[("North", "grow"), "status"] == progress_status([(2020, 100), (2022, 121)], "higher")
    assert card.loc[("North", "grow"), "status"] == "substantial_progress"
    assert card.loc[("South", "grow"), "status"] == "substantial_deterioration"
    assert card.loc[("North", "fall"), "status"] == "insufficient_data"  # one year only
    assert card.loc[("South", "fall"), "status"] == "substantial_progress"  # lower is better
    assert card.loc[("South", "fall"), "symbol"] == STATUSES["substantial_progress"][2]


def test_a_district_uses_its_own_target_never_the_citys():
    targets = pd.DataFrame([{"indicator": "grow", "district": None, "target_value": 10_000.0, "target_year": 2030,
                             "base_year": 2020},
                            {"indicator": "grow", "district": "South", "target_value": 80.0, "target_year": 2030,
                             "base_year": 2020}])
    card = district_statuses(VALUES, [GROW], targets).set_index("district")
    assert card.loc["South", "status"] == "achieved"  # 90 against its own target of 80 (a lower one)
    assert card.loc["North", "status"] == "substantial_progress"  # no target of its own: the growth rule


def test_years_and_incomplete_periods_are_left_out_as_for_the_city():
    card = district_statuses(VALUES, [GROW], NO_TARGETS, left_out={2022}).set_index("district")
    assert set(card["status"]) == {"insufficient_data"}
    card = district_statuses(VALUES, [GROW], NO_TARGETS, years=(2021, 2022)).set_index("district")
    assert set(card["status"]) == {"insufficient_data"}


def test_status_summary_counts_each_indicator_in_each_of_its_areas_once_in_all():
    progress = pd.DataFrame({"indicator": ["grow", "fall"], "status": ["achieved", "deterioration"]})
    summary = status_summary(progress, [GROW, FALL])
    assert summary.loc["1.1", "achieved"] == 1 and summary.loc["2.6", "achieved"] == 1
    assert summary.loc["3.3", "deterioration"] == 1
    assert summary.loc["all", "indicators"] == 2 and summary.loc["all", "achieved"] == 1
    assert summary.loc["1.2", "indicators"] == 0


def test_scorecard_table_and_html_say_status_in_symbols_and_words(con):
    progress = pd.DataFrame([{"indicator": "grow", "area": "1.1", "year": 2022, "value": 211.0, "base_year": 2020,
                              "status": "moderate_progress", "symbol": "↗"}])
    card = scorecard(progress, district_statuses(VALUES, [GROW, FALL], NO_TARGETS))
    table = scorecard_table(card, [GROW, FALL], "en", "ce")
    assert list(table.columns[2:]) == ["Whole city", "North", "South"]
    assert table.loc[0, "Whole city"] == "↗ 211 (2022)" and table.loc[0, "South"] == "▼ 90 (2022)"
    assert table.loc[1, "Whole city"] == "–"
    html = scorecard_html(card, [GROW, FALL], "th", "be", "<label>")
    assert "ก้าวหน้าปานกลาง" in html and "(2565)" in html and "<label>" not in html


def test_cli_scorecard_and_summary_equal_the_engine(db_path):
    from indicators.ingest.sample import load_sample_if_empty
    from indicators.measure.compute import compute_values
    from indicators.store import list_cities, open_database

    con = open_database(db_path)
    load_sample_if_empty(con)
    city = list_cities(con)[0]
    indicators = load_indicators()
    values = compute_values(con, city=city, by=("year", "district"), indicators=indicators)
    progress = progress_table(con, city, values=values)
    expected = scorecard(progress, district_statuses(values, indicators, load_targets(con, city)))
    summary = status_summary(progress, indicators)
    con.close()
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["scorecard", "--db", str(db_path)]) == 0
    shown = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["district"] or None, r["indicator"], r["status"]) for r in shown] == \
        [(None if pd.isna(d) else d, i, s) for d, i, s in zip(expected["district"], expected["indicator"], expected["status"])]
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(["scorecard", "--db", str(db_path), "--summary"]) == 0
    shown = {r["area"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert int(shown["all"]["indicators"]) == len(indicators)
    assert all(int(shown[a][s]) == summary.loc[a, s] for a in summary.index for s in STATUSES)
