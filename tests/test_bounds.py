"""Impossible values (issue 16, item 5): every count is finite and below a plausible maximum stated in
the message, every rate is bounded by its unit (% ≤ 100, per 1,000 ≤ 1,000), and no output — the CLI's
JSON and CSV, the exports — ever holds inf or NaN, even from a database written before these checks."""

from __future__ import annotations

import io
import json
import math

import pytest
from conftest import run_cli
from pptx import Presentation

from indicators.clean import bounds
from indicators.ingest import ingest_files
from indicators.measure.compute import compute_values
from indicators.present.exports import export_bytes
from indicators.present.exports.context import make_context
from indicators.store import open_database
from tests.bad_inputs import HEADER, activities_with, csv_text, xlsx_bytes

CITY = "Bounded City"


def test_unit_maxima():
    assert bounds.unit_maximum("%") == 100
    assert bounds.unit_maximum("ร้อยละ") == 100
    assert bounds.unit_maximum("Percentage") == 100
    assert bounds.unit_maximum("per 1,000 residents") == 1000
    assert bounds.unit_maximum("ต่อประชากร 1,000 คน") == 1000
    assert bounds.unit_maximum("per 10000") == 10000
    assert bounds.unit_maximum("persons") is None
    assert bounds.unit_maximum(None) is None


@pytest.mark.parametrize(("column", "value", "code"), [
    ("participants", 1e308, "count_too_large"),
    ("participants", 200_000_000, "count_too_large"),
    ("events", 1e20, "count_too_large"),
    ("hours", 1e308, "value_too_large"),
])
def test_an_implausible_number_in_xlsx_is_refused_with_the_limit_in_the_message(con, tmp_path, column, value, code):
    path = tmp_path / "huge.xlsx"
    path.write_bytes(activities_with(0, column, value))
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "refused"
    found = [p for p in outcome.problems if p.code == code]
    assert found and found[0].row == 2 and found[0].column == column and found[0].sheet == "activities"
    limit = f"{bounds.MAX_COUNT:,}" if code == "count_too_large" else f"{bounds.MAX_VALUE:,.0f}"
    assert limit in found[0].message_en and limit in found[0].message_th
    assert con.execute("SELECT count(*) FROM uploads").fetchall() == [(0,)]


@pytest.mark.parametrize(("measure", "unit", "value", "limit"), [
    ("literacy rate", "%", 180, "100"),
    ("adult literacy rate", None, 100.5, "100"),  # the measure's own unit (measures.yaml) is %
    ("อัตราการเกิด", "ต่อประชากร 1000 คน", 1200, "1,000"),  # (no comma: this is a CSV)
])
def test_a_rate_above_what_its_unit_allows_is_refused(con, tmp_path, measure, unit, value, limit):
    rows = [["year", "district", "measure", "value", "unit"], [2567, "North", measure, value, unit],
            [2567, "South", measure, 50, unit]]
    path = tmp_path / "rates.csv"
    path.write_bytes(csv_text(rows).encode())
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "refused"
    found = [p for p in outcome.problems if p.code == "rate_above_maximum"]
    assert [(p.row, p.column) for p in found] == [(2, "value")]
    assert limit in found[0].message_en and limit in found[0].message_th
    assert con.execute("SELECT count(*) FROM statistics").fetchall() == [(0,)]


def test_a_wide_statistics_sheet_is_bounded_too(con, tmp_path):
    rows = [["ตัวชี้วัด", "หน่วย", "2566", "2567"], ["อัตราการรู้หนังสือ", "ร้อยละ", 97.5, 180]]
    path = tmp_path / "wide.xlsx"
    path.write_bytes(xlsx_bytes({"literacy": rows}))
    outcome = ingest_files(con, [path], CITY)
    found = [p for p in outcome.problems if p.code == "rate_above_maximum"]
    assert outcome.status == "refused" and [(p.sheet, p.row, p.column) for p in found] == [("literacy", 2, "2567")]


@pytest.fixture
def poisoned(tmp_path):
    """A database holding what the old code let in: a count of 1e308 (sums to inf) and a NaN."""
    path = tmp_path / "poisoned.duckdb"
    con = open_database(path)
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx_bytes({"activities": [HEADER, ["A-1", "Reading", "North", "15/01/2567", 1, 2, 30, 18, 12],
                                                ["A-2", "Digital", "North", "15/01/2568", 1, 2, 30, 18, 12]]}))
    assert ingest_files(con, [good], CITY).status == "committed"
    con.execute("UPDATE participation SET value = 1e308 WHERE dimension = 'total'")
    con.execute("INSERT INTO participation BY NAME SELECT * REPLACE (2e308 AS value) FROM participation "
                "WHERE dimension = 'total'")  # 1e308 + 1e308 = inf
    con.execute("UPDATE activities SET hours = 'NaN'::DOUBLE")
    yield con, path
    con.close()


def test_no_figure_is_inf_or_nan_even_from_a_poisoned_database(poisoned):
    con, _ = poisoned
    values = compute_values(con, CITY, by=("year", "district"))
    assert not values.empty
    assert all(v is None or math.isfinite(v) for v in values["value"].astype(object).where(values["value"].notna(), None))


def test_cli_json_and_csv_never_print_infinity_or_nan(poisoned):
    con, path = poisoned
    con.close()
    code, out, err = run_cli("values", "--db", str(path), "--format", "json", "--city", CITY)
    assert code == 0, err
    rows = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))
    assert rows
    code, out, err = run_cli("values", "--db", str(path), "--city", CITY)
    assert code == 0, err
    assert not any(word in out.lower() for word in ("inf", "nan")), out
    code, out, err = run_cli("status", "--db", str(path), "--format", "json", "--city", CITY)
    assert code == 0, err
    json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))


@pytest.mark.parametrize("suffix", [".pptx", ".xlsx", ".html"])
def test_exports_are_made_from_a_poisoned_database(poisoned, suffix):
    con, _ = poisoned
    context = make_context(con, CITY, lang="en", era="ce")
    data = export_bytes(con, context, suffix)
    assert data
    if suffix == ".pptx":
        assert Presentation(io.BytesIO(data)).slides
    if suffix == ".html":
        text = data.decode("utf-8").lower()  # (plotly.js itself, inside the file, names Infinity and NaN)
        assert ">inf<" not in text and ">nan<" not in text
