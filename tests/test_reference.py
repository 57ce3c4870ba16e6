"""Reference series: a province's, the nation's or the network's statistics uploaded with a level, kept
apart from the city's own figures (never added to them), computed by the same formula or taken as
published, and drawn on the same chart as the city."""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stdout
from pathlib import Path

import pandas as pd
import pytest

from indicators import cli
from indicators.base.errors import LearningCityError
from indicators.ingest.commit import ingest_files
from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.measure.reference import reference_values
from indicators.present import chart_data, charts, reference_lines

NATION = [("2563", "60.1"), ("2564", "65.3"), ("2565", "70.2"), ("2566", "74.8"), ("2567", "79.0")]


def write(path: Path, header: list[str], rows: list[tuple]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def nation_file(tmp_path: Path) -> Path:
    return write(tmp_path / "thailand_internet.csv", ["ปี", "รายการ", "ค่า", "หน่วย"],
                 [(y, "ร้อยละครัวเรือนที่เข้าถึงอินเทอร์เน็ต", v, "ร้อยละ") for y, v in NATION])


@pytest.fixture
def sample(con):
    load_sample_if_empty(con)
    return con


def test_nation_figures_are_drawn_by_the_same_formula_and_never_added_to_the_city(sample, tmp_path):
    before = compute_values(sample, city=SAMPLE_CITY, by=("year", "district"))
    outcome = ingest_files(sample, [nation_file(tmp_path)], SAMPLE_CITY, level="nation", area_name="ประเทศไทย")
    assert outcome.status == "committed"
    after = compute_values(sample, city=SAMPLE_CITY, by=("year", "district"))
    pd.testing.assert_frame_equal(before.reset_index(drop=True), after.reset_index(drop=True))
    refs = reference_values(sample, SAMPLE_CITY)
    internet = refs[refs["indicator"] == "internet_households"]
    assert set(internet["level"]) == {"nation"} and set(internet["area"]) == {"ประเทศไทย"}
    assert internet["year"].tolist() == [2020, 2021, 2022, 2023, 2024]
    assert internet["value"].tolist() == [float(v) for _, v in NATION] and set(internet["how"]) == {"formula"}


def test_a_ratio_indicator_is_computed_from_the_reference_areas_own_terms(sample, tmp_path):
    path = write(tmp_path / "province.csv", ["year", "measure", "value"],
                 [(2024, "learning spaces", 30), (2024, "population", 60_000)])
    ingest_files(sample, [path], SAMPLE_CITY, level="province", area_name="Province X")
    refs = reference_values(sample, SAMPLE_CITY)
    row = refs[(refs["indicator"] == "learning_spaces_per_10000") & (refs["area"] == "Province X")]
    assert row["value"].tolist() == [pytest.approx(10_000 * 30 / 60_000)]


def test_a_published_figure_named_by_the_indicator_code_is_taken_as_it_is(sample, tmp_path):
    path = write(tmp_path / "network.csv", ["year", "measure", "value"],
                 [(2023, "participants_per_1000", 92.1), (2024, "participants_per_1000", 101.3)])
    ingest_files(sample, [path], SAMPLE_CITY, level="network", area_name="Network mean")
    refs = reference_values(sample, SAMPLE_CITY)
    row = refs[refs["indicator"] == "participants_per_1000"]
    assert row[["year", "value", "how"]].values.tolist() == [[2023, 92.1, "published"], [2024, 101.3, "published"]]


def test_reference_uploads_refuse_what_cannot_be_one_areas_statistics(sample, tmp_path):
    count = sample.execute("SELECT count(*) FROM uploads").fetchall()[0][0]
    with pytest.raises(LearningCityError, match="Name the area"):
        ingest_files(sample, [nation_file(tmp_path)], SAMPLE_CITY, level="nation")
    by_district = write(tmp_path / "districts.csv", ["year", "district", "measure", "value"],
                        [(2024, "เขตเหนือ", "population", 10), (2024, "เขตใต้", "population", 20)])
    with pytest.raises(LearningCityError, match="one area's figures"):
        ingest_files(sample, [by_district], SAMPLE_CITY, level="province", area_name="P")
    activities = write(tmp_path / "activities_ref.csv", ["ชื่อกิจกรรม", "วันที่", "จำนวนผู้เข้าร่วม"],
                       [("อบรม", "1/1/2567", 10), ("อบรม 2", "2/1/2567", 12)])
    with pytest.raises(LearningCityError, match="statistics only"):
        ingest_files(sample, [activities], SAMPLE_CITY, level="nation", area_name="ประเทศไทย")
    with pytest.raises(LearningCityError, match="level must be"):
        ingest_files(sample, [nation_file(tmp_path)], SAMPLE_CITY, level="planet", area_name="Earth")
    assert sample.execute("SELECT count(*) FROM uploads").fetchall()[0][0] == count


def test_the_chart_draws_the_reference_beside_the_city_with_its_table_and_sentence(sample, tmp_path):
    ingest_files(sample, [nation_file(tmp_path)], SAMPLE_CITY, level="nation", area_name="ประเทศไทย")
    refs = reference_values(sample, SAMPLE_CITY)
    own = refs[refs["indicator"] == "internet_households"]
    values = compute_values(sample, city=SAMPLE_CITY)
    series = values[values["indicator"] == "internet_households"]
    figure = charts.trend(series, "Internet", "%", "th", "be", False)
    reference_lines.add_references(figure, own, "th", "be", (2020, 2025))
    line = figure.data[-1]
    assert line.name == "ประเทศไทย (ประเทศ)" and list(line.x) == [2563, 2564, 2565, 2566, 2567]
    assert list(line.y) == [float(v) for _, v in NATION] and line.line.dash == "dot"
    table = reference_lines.add_reference_columns(chart_data.trend_table(series, "en", "ce"), own, "en", "ce",
                                                  (2020, 2025))
    assert table.set_index("Year")["ประเทศไทย (nation)"].to_dict()["2024"] == 79.0
    assert pd.isna(table.set_index("Year")["ประเทศไทย (nation)"]["2025"])  # the city's 2025, no reference
    assert reference_lines.reference_sentence(own, "en", "ce") == "Reference ประเทศไทย (nation): 79 in 2024."


def test_cli_ingest_takes_the_level_and_the_area_name(db_path, tmp_path):
    from indicators.store import open_database

    con = open_database(db_path)
    load_sample_if_empty(con)
    con.close()
    out = io.StringIO()
    with redirect_stdout(out):
        code = cli.main(["ingest", str(nation_file(tmp_path)), "--db", str(db_path), "--city", SAMPLE_CITY,
                         "--level", "nation", "--area-name", "Thailand"])
    assert code == 0
    con = open_database(db_path, read_only=True)
    stored = con.execute("SELECT DISTINCT level, district FROM v_statistics WHERE level IS NOT NULL").fetchall()
    con.close()
    assert stored == [("nation", "Thailand")]


def test_a_researcher_uploads_the_nations_figures_on_the_upload_page(researcher_app, tmp_path):
    from indicators.store import open_database

    at, path = researcher_app("pages/upload.py")
    at.selectbox(key="upload_level").set_value("nation").run()
    at.text_input(key="upload_area_name").set_value("Thailand").run()
    data = nation_file(tmp_path).read_bytes()
    at.file_uploader[0].set_value(("thailand_internet.csv", data, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="commit_upload").click().run()
    assert not at.exception and at.success and "Committed" in at.success[0].value
    con = open_database(path)  # as the app's own connection in this process: read-write
    stored = con.execute("SELECT level, district, count(*) FROM v_statistics WHERE level IS NOT NULL "
                         "GROUP BY ALL").fetchall()
    con.close()
    assert stored == [("nation", "Thailand", len(NATION))]
