"""An indicator's `aggregate` and `where` come from YAML a city may edit (issue 16, item 11): they are
parsed, and only the columns of the indicator's tables, the aggregate functions and the operators an
indicator needs get through — never a file read, a query of other tables or a second statement."""

from __future__ import annotations

import pytest

from indicators.base.errors import LearningCityError
from indicators.measure.compute import compute_values
from indicators.measure.definitions import load_indicators, parse_indicator


def spec(aggregate: str = "sum(value)", where: str | None = None, table: str = "participation") -> dict:
    numerator = {"table": table, "aggregate": aggregate}
    if where is not None:
        numerator["where"] = where
    return {"code": "custom", "name_en": "Custom", "name_th": "กำหนดเอง", "unit_en": "people", "unit_th": "คน",
            "direction": "higher", "areas": ["2.1"], "numerator": numerator}


@pytest.mark.parametrize("aggregate", [
    "read_text('/etc/hostname')",
    "max(length(read_text('/etc/hostname')))",
    "sum(value); DROP TABLE uploads",
    "sum(value) -- comment",
    "(SELECT count(*) FROM users)",
    "sum((SELECT count(*) FROM users))",
    "sum(password_hash)",  # a column of another table
    "sum(value) FILTER (WHERE TRUE)",
    "getenv('HOME')",
    "sum(sum(value))",
    "string_agg(title, ',')",
])
def test_an_aggregate_outside_the_allow_list_is_refused_before_any_sql_runs(aggregate):
    with pytest.raises(LearningCityError) as refused:
        parse_indicator(spec(aggregate))
    assert refused.value.code == "bad_indicator"
    assert "custom" in refused.value.message_en and "custom" in refused.value.message_th


@pytest.mark.parametrize("where", [
    "read_text('/etc/hostname') IS NOT NULL",
    "dimension = 'total' OR EXISTS (SELECT 1 FROM users)",
    "dimension = 'total'; SELECT 1",
    "dimension = getenv('USER')",
    "EXISTS (SELECT 1 FROM read_csv('/etc/passwd') x)",
])
def test_a_where_outside_the_allow_list_is_refused(where):
    with pytest.raises(LearningCityError) as refused:
        parse_indicator(spec(where=where))
    assert refused.value.code == "bad_indicator"


@pytest.mark.parametrize("aggregate", [
    "sum(value)", "count(*)", "count(DISTINCT activity_key)", "avg(value)", "max(value) - min(value)",
    "sum(value) / 2", "100 * sum(value)", "SUM(value)", "sum(value * 1.5)"])
def test_the_aggregates_an_indicator_needs_are_accepted(aggregate, mem):
    indicator = parse_indicator(spec(aggregate))
    assert compute_values(mem, indicators=[indicator]).empty  # runs (nothing stored yet)


def test_every_shipped_definition_passes_the_allow_list():
    assert len(load_indicators()) >= 27  # parsing them is the check
