"""The composite learning-city index: normalisation as stated, weights as data, sub-scores per area,
the sensitivity view, and the CLI giving the engine's figures."""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stdout

import pandas as pd
import pytest

from indicators import cli
from indicators.base.errors import LearningCityError
from indicators.measure import composite
from indicators.measure.definitions import IndicatorDef, Term, load_indicators


def indicator(code: str, areas: tuple[str, ...], direction: str = "higher", rate: bool = True) -> IndicatorDef:
    term = Term("activities", "count(*)")
    return IndicatorDef(code, code, code, "%", "%", direction, areas, term, term if rate else None)


INDICATORS = [indicator("reach", ("1.1",)), indicator("equity", ("1.1",)), indicator("cost", ("3.3",), "lower"),
              indicator("spaces", ("3.3", "2.6"))]
WEIGHTS = composite.Weights("min_max", {a: 1.0 for a in ("1.1", "2.6", "3.3")},
                            {i.code: 1.0 for i in INDICATORS})


def rows(table: dict[str, dict[str, float]], year: int = 2024) -> pd.DataFrame:
    """compute_values-shaped rows from {district: {indicator: value}}."""
    return pd.DataFrame([{"city": "C", "indicator": code, "year": year, "district": district, "value": value}
                         for district, values in table.items() for code, value in values.items()])


VALUES = rows({"North": {"reach": 10, "equity": 50, "cost": 100, "spaces": 4},
               "South": {"reach": 30, "equity": 40, "cost": 300, "spaces": 2},
               "East": {"reach": 20, "equity": 60, "cost": 200, "spaces": 3}})


def test_min_max_puts_best_at_100_worst_at_0_and_reverses_lower_is_better():
    result = composite.composite_index(VALUES, INDICATORS, WEIGHTS, "district", 2024, "C")
    normalised = result.normalised
    assert normalised.loc["South", "reach"] == 100 and normalised.loc["North", "reach"] == 0
    assert normalised.loc["East", "reach"] == pytest.approx(50)
    assert normalised.loc["North", "cost"] == 100 and normalised.loc["South", "cost"] == 0  # lower is better


def test_area_sub_scores_and_overall_are_weighted_means():
    result = composite.composite_index(VALUES, INDICATORS, WEIGHTS, "district", 2024, "C")
    n, s = result.normalised, result.scores
    for district in s.index:
        assert s.loc[district, "1.1"] == pytest.approx((n.loc[district, "reach"] + n.loc[district, "equity"]) / 2)
        assert s.loc[district, "2.6"] == pytest.approx(n.loc[district, "spaces"])  # counts in both of its areas
        areas = [s.loc[district, a] for a in ("1.1", "2.6", "3.3")]
        assert s.loc[district, composite.OVERALL] == pytest.approx(sum(areas) / 3)
    assert list(s.sort_values("rank").index) == list(s.sort_values(composite.OVERALL, ascending=False).index)


def test_weights_change_the_score_as_written():
    heavy = composite.Weights("min_max", {"1.1": 3.0, "2.6": 1.0, "3.3": 0.0}, WEIGHTS.indicators)
    result = composite.composite_index(VALUES, INDICATORS, heavy, "district", 2024, "C")
    s = result.scores
    for district in s.index:
        assert s.loc[district, composite.OVERALL] == pytest.approx((3 * s.loc[district, "1.1"] + s.loc[district, "2.6"]) / 4)
    zero = composite.Weights("min_max", WEIGHTS.areas, dict(WEIGHTS.indicators, equity=0.0))
    s = composite.composite_index(VALUES, INDICATORS, zero, "district", 2024, "C").scores
    assert s.loc["South", "1.1"] == 100  # reach alone


def test_an_indicator_that_cannot_tell_units_apart_is_left_out_and_named():
    same = rows({"North": {"reach": 5, "equity": 50}, "South": {"reach": 5, "equity": 40}})
    result = composite.composite_index(same, INDICATORS, WEIGHTS, "district", 2024, "C")
    assert result.left_out["reach"] == "no_spread" and result.left_out["cost"] == "no_data"
    assert result.scores.loc["North", "1.1"] == 100  # equity alone


def test_missing_values_are_not_imputed_weights_rescale_over_what_a_unit_has():
    gap = rows({"North": {"reach": 10, "equity": 50}, "South": {"reach": 30}, "East": {"reach": 20, "equity": 60}})
    result = composite.composite_index(gap, INDICATORS, WEIGHTS, "district", 2024, "C")
    assert result.scores.loc["South", "1.1"] == 100  # its reach only, not a zero for equity
    assert pd.isna(result.normalised.loc["South", "equity"])


def test_distance_to_target_caps_at_100_and_leaves_out_indicators_without_one():
    targets = pd.DataFrame({"reach": [20.0] * 3, "cost": [150.0] * 3}, index=["North", "South", "East"])
    method = composite.Weights("distance_to_target", WEIGHTS.areas, WEIGHTS.indicators)
    result = composite.composite_index(VALUES, INDICATORS, method, "district", 2024, "C", targets)
    n = result.normalised
    assert n.loc["North", "reach"] == pytest.approx(50) and n.loc["South", "reach"] == 100
    assert n.loc["North", "cost"] == 100 and n.loc["South", "cost"] == pytest.approx(50)  # 150 / 300
    assert result.left_out["equity"] == "no_target" and result.left_out["spaces"] == "no_target"


def test_city_targets_reach_districts_only_for_rates():
    targets = pd.DataFrame([{"indicator": "reach", "district": None, "target_value": 25.0},
                            {"indicator": "count", "district": None, "target_value": 900.0},
                            {"indicator": "count", "district": "North", "target_value": 300.0}])
    defs = [indicator("reach", ("1.1",)), indicator("count", ("1.1",), rate=False)]
    table = composite.unit_targets(targets, defs, "district", ["North", "South"])
    assert table.loc["South", "reach"] == 25 and table.loc["North", "count"] == 300
    assert pd.isna(table.loc["South", "count"])  # the city's total is no district's target


def test_sensitivity_cases_and_random_weightings_are_reproducible():
    result = composite.composite_index(VALUES, INDICATORS, WEIGHTS, "district", 2024, "C")
    first = composite.sensitivity(result, INDICATORS, WEIGHTS, draws=200)
    again = composite.sensitivity(result, INDICATORS, WEIGHTS, draws=200)
    pd.testing.assert_frame_equal(first, again)
    without = first[(first["case"] == "without") & (first["area"] == "1.1")].set_index("unit")
    expected = composite.score(result.normalised, {i.code: i for i in INDICATORS}, WEIGHTS,
                               dict(WEIGHTS.areas, **{"1.1": 0.0}))
    assert without["score"].to_dict() == pytest.approx(expected[composite.OVERALL].to_dict())
    ranges = composite.rank_ranges(first)
    assert (ranges["best_rank"] <= ranges["rank"]).all() and (ranges["rank"] <= ranges["worst_rank"]).all()
    assert ranges["worst_rank"].max() <= len(result.scores)


def test_sensitivity_scores_each_case_as_the_whole_index_would():
    """The sensitivity view reuses the area sub-scores (only the area weights change): each area left out
    and doubled gives exactly the scores and ranks of scoring the index afresh with those weights."""
    result = composite.composite_index(VALUES, INDICATORS, WEIGHTS, "district", 2024, "C")
    rows = composite.sensitivity(result, INDICATORS, WEIGHTS, draws=50)
    chosen = {i.code: i for i in INDICATORS}
    assert result.areas
    for area in result.areas:
        for case, factor in (("without", 0.0), ("doubled", 2.0)):
            changed = dict(WEIGHTS.areas, **{area: WEIGHTS.areas.get(area, 1.0) * factor})
            afresh = composite.score(result.normalised, chosen, WEIGHTS, changed)
            shown = rows[(rows["case"] == case) & (rows["area"] == area)].set_index("unit")
            assert shown["score"].to_dict() == afresh[composite.OVERALL].to_dict()
            assert shown["rank"].to_dict() == afresh["rank"].astype(float).to_dict()


def test_weights_file_is_checked_and_round_trips():
    codes = {i.code for i in load_indicators()}
    shipped = composite.load_weights(known_indicators=codes)
    assert set(shipped.areas.values()) == {1.0}  # equal by default
    assert composite.parse_weights(__import__("yaml").safe_load(composite.weights_yaml(shipped)), codes) == shipped
    with pytest.raises(LearningCityError, match="no_such"):
        composite.parse_weights({"indicators": {"no_such": 1}}, codes)
    with pytest.raises(LearningCityError, match="0 or more"):
        composite.parse_weights({"area_weights": {"1.1": -1}}, codes)
    with pytest.raises(LearningCityError, match="normalisation"):
        composite.parse_weights({"normalisation": "z_score"}, codes)


def run_cli(*argv: str) -> list[dict]:
    out = io.StringIO()
    with redirect_stdout(out):
        assert cli.main(list(argv)) == 0
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_cli_index_gives_the_engines_scores(db_path):
    from indicators.ingest.sample import load_sample_if_empty
    from indicators.measure.compute import compute_values
    from indicators.store import list_cities, open_database

    con = open_database(db_path)
    load_sample_if_empty(con)
    city = list_cities(con)[0]
    indicators = load_indicators()
    weights = composite.load_weights()
    values = compute_values(con, city=city, by=("year", "district"), indicators=indicators)
    expected = composite.index_rows(composite.index_for(con, city, "district", 2024, weights, indicators,
                                                        values=values))
    con.close()
    shown = run_cli("index", "--db", str(db_path), "--year", "2567")
    assert len(shown) == len(expected)
    for row, want in zip(shown, expected.itertuples()):
        assert (row["unit"], row["part"]) == (want.unit, want.part)
        assert (float(row["score"]) if row["score"] else None) == (None if pd.isna(want.score) else pytest.approx(want.score))
    overall = [r for r in shown if r["part"] == "overall"]
    assert sorted(int(r["rank"]) for r in overall) == list(range(1, len(overall) + 1))


def test_the_index_page_shows_the_engines_scores_and_says_whose_index_it_is(db_path, monkeypatch):
    from conftest import PROJECT
    from streamlit.testing.v1 import AppTest

    from indicators.ingest.sample import load_sample_if_empty
    from indicators.measure.compute import compute_values
    from indicators.present.i18n import t
    from indicators.store import list_cities, open_database

    con = open_database(db_path)
    load_sample_if_empty(con)
    city = list_cities(con)[0]
    indicators = load_indicators()
    values = compute_values(con, city=city, by=("year", "district"), indicators=indicators)
    result = composite.index_for(con, city, "district", int(values["year"].max()), composite.load_weights(),
                                 indicators, values=values)
    con.close()
    for lang, says in (("en", "not a UNESCO index"), ("th", "ไม่ใช่ดัชนีของยูเนสโก")):
        at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=120)
        at.session_state["lang"] = lang
        at.switch_page("pages/learning_index.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert says in at.info[0].value
        shown = next(d.value for d in at.dataframe if d.value.columns[0] == t("index_unit", lang))
        overall = dict(zip(shown.iloc[:, 0], shown.iloc[:, 2]))
        expected = result.scores[composite.OVERALL].round(1)
        assert {u: float(str(v).replace(",", "")) for u, v in overall.items()} == expected.to_dict()
