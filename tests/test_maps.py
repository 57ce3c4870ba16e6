"""District maps: boundary files read or refused, names matched in the ways offices write them (with a
report of what did not match), the shipped amphoe set and its credit, a figure that needs no internet,
and a researcher uploading a city's own GeoJSON on the page."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from indicators import actions
from indicators.base.errors import LearningCityError, PermissionDenied
from indicators.present import maps
from indicators.present.place_match import match_districts, name_key
from indicators.read.geojson import POINT_BUDGET, read_boundaries
from indicators.store.accounts import Actor
from indicators.store.boundaries import city_boundaries


def square(x: float, y: float, size: float = 1.0, points: int = 4) -> list[list[float]]:
    step = size / max(1, points // 4)
    ring = [[x + i * step, y] for i in range(points // 4)] + [[x + size, y + i * step] for i in range(points // 4)]
    ring += [[x + size - i * step, y + size] for i in range(points // 4)] + [[x, y + size - i * step]
                                                                              for i in range(points // 4)]
    return ring + [ring[0]]


def collection(names: list[dict], points: int = 4) -> dict:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [square(i, 0, 1, points)]}}
        for i, props in enumerate(names)]}


WARDS = collection([{"name": "นครพิงค์", "name_en": "Nakhon Ping", "code": "TH500101"},
                    {"name": "แขวงกาวิละ", "name_en": "Kawila", "code": "TH500102"},
                    {"name": "เม็งราย", "name_en": "Mengrai", "code": "TH500103"},
                    {"name": "ศรีวิชัย", "name_en": "Srivichai", "code": "TH500104"}])


def test_names_match_with_and_without_prefixes_in_thai_english_and_codes():
    features = read_boundaries(json.dumps(WARDS)).features
    report = match_districts(["แขวงนครพิงค์", "กาวิละ", "Mengrai", "TH500104", "เขตเหนือ"], features, "name")
    assert report.how == {"แขวงนครพิงค์": "prefix", "กาวิละ": "prefix", "Mengrai": "english", "TH500104": "code"}
    assert [features[i]["properties"]["name"] for i in report.matches.values()] == \
        ["นครพิงค์", "แขวงกาวิละ", "เม็งราย", "ศรีวิชัย"]
    assert report.unmatched_districts == ["เขตเหนือ"] and report.unmatched_features == []
    assert name_key("Amphoe Muang Chiang Mai") == name_key("mueang chiang mai district") == "mueangchiangmai"


def test_one_shape_is_never_given_two_districts():
    features = read_boundaries(json.dumps(WARDS)).features
    report = match_districts(["นครพิงค์", "แขวงนครพิงค์"], features, "name")
    assert list(report.matches) == ["นครพิงค์"] and report.unmatched_districts == ["แขวงนครพิงค์"]


def test_shipped_amphoe_resolve_inside_the_province_the_data_names():
    districts = ["อำเภอเมืองเชียงใหม่", "อ.สันทราย", "San Kamphaeng", "Amphoe Mae Rim", "TH5009", "เขตนครพิงค์"]
    values = pd.DataFrame({"district": districts, "value": range(len(districts))})
    drawn = maps.prepare(values, None, "en")
    assert drawn["source"] == "shipped" and drawn["provinces"] == ["Chiang Mai"]
    assert len(drawn["features"]) == 25  # Chiang Mai's amphoe (the set's README)
    report = drawn["report"]
    shapes = {d: drawn["features"][i]["properties"]["ADM2_EN"] for d, i in report.matches.items()}
    assert shapes == {"อำเภอเมืองเชียงใหม่": "Mueang Chiang Mai", "อ.สันทราย": "San Sai",
                      "San Kamphaeng": "San Kamphaeng", "Amphoe Mae Rim": "Mae Rim", "TH5009": "Fang"}
    assert report.unmatched_districts == ["เขตนครพิงค์"]  # a municipal ward: the city uploads its own file


def test_the_map_needs_no_internet_and_shows_every_value():
    features = read_boundaries(json.dumps(WARDS)).features
    values = pd.DataFrame({"district": ["นครพิงค์", "กาวิละ", "เม็งราย"], "value": [10.0, 20.0, 40.0]})
    report = match_districts(list(values["district"]), features, "name")
    rows = maps.map_rows(values, features, report, "name")
    assert rows["value"].tolist()[:3] == [10.0, 20.0, 40.0] and pd.isna(rows["value"].iloc[3])
    figure = maps.district_map(features, rows, "Title", "people", "en")
    assert {type(trace) for trace in figure.data} == {go.Scatter}  # no geo trace: nothing fetched from a CDN
    fills = [trace.fillcolor for trace in figure.data if trace.fill == "toself"]
    assert fills[3] == maps.NO_DATA and len(set(fills[:3])) == 3  # three values, three shades
    labels = [a.text for a in figure.layout.annotations]
    assert labels == ["นครพิงค์<br><b>10</b>", "แขวงกาวิละ<br><b>20</b>", "เม็งราย<br><b>40</b>"]
    assert "ศรีวิชัย: No data" in [trace.text for trace in figure.data]
    assert "Map of" in maps.map_summary(rows, "Title", "2024", "en")


@pytest.mark.parametrize(("text", "says"), [
    ("not json", "not JSON"),
    (json.dumps({"type": "Topology", "objects": {}}), "FeatureCollection"),
    (json.dumps({"type": "FeatureCollection", "features": []}), "no features"),
    (json.dumps(collection([{"name": "a"}]) | {"features": [{"type": "Feature", "properties": {"name": "a"},
                                                             "geometry": {"type": "Point", "coordinates": [1, 2]}}]}),
     "not an area"),
    (json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "a"},
        "geometry": {"type": "Polygon", "coordinates": [[[500000, 2000000], [500100, 2000000], [500100, 2000100],
                                                         [500000, 2000000]]]}}]}), "WGS 84"),
    (json.dumps(collection([{"id": 1}, {"id": 2}])), "no text property"),
])
def test_bad_boundary_files_are_refused_with_the_reason(text, says):
    with pytest.raises(LearningCityError, match=says):
        read_boundaries(text.encode())


def test_large_files_are_thinned_within_the_budget():
    big = collection([{"name": f"area {i}"} for i in range(20)], points=8000)
    read = read_boundaries(json.dumps(big).encode())
    kept = sum(len(ring) for f in read.features for polygon in f["geometry"]["coordinates"] for ring in polygon)
    assert kept <= POINT_BUDGET * 1.05 and kept < 20 * 8000
    assert all(polygon[0][0] == polygon[0][-1] for f in read.features for polygon in f["geometry"]["coordinates"])


def test_saving_boundaries_needs_a_researcher_and_keeps_versions(con):
    from conftest import add_accounts

    add_accounts(con)
    read = read_boundaries(json.dumps(WARDS))
    with pytest.raises(PermissionDenied):
        actions.save_boundaries(con, Actor("vee", "viewer"), "Chiang Mai", "khwaeng", "name", read, "wards.geojson")
    assert city_boundaries(con, "Chiang Mai") is None
    assert actions.save_boundaries(con, Actor("rita", "researcher"), "Chiang Mai", "khwaeng", "name", read, "w.geojson") == 1
    assert actions.save_boundaries(con, Actor("rita", "researcher"), "Chiang Mai", "khwaeng", "name_en", read, "w2.geojson") == 2
    newest = city_boundaries(con, "Chiang Mai")
    assert (newest["version"], newest["name_property"], len(newest["collection"]["features"])) == (2, "name_en", 4)
    logged = con.execute("SELECT count(*) FROM audit_log WHERE action = 'upload_boundaries'").fetchall()[0][0]
    assert logged == 2


def test_the_sample_city_draws_its_synthetic_districts(con):
    from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty

    load_sample_if_empty(con)
    shapes = city_boundaries(con, SAMPLE_CITY)
    values = pd.DataFrame({"district": ["เขตเหนือ", "เขตใต้", "เขตตะวันออก", "เขตตะวันตก"], "value": [1, 2, 3, 4]})
    drawn = maps.prepare(values, shapes)
    assert drawn["report"].matched == 4 and drawn["report"].how["เขตใต้"] == "prefix"
    assert [drawn["features"][i]["properties"]["name"] for i in drawn["report"].unmatched_features] == ["เขตกลาง"]


def test_a_researcher_uploads_a_citys_geojson_on_the_map_page(researcher_app):
    from indicators.ingest.sample import SAMPLE_CITY
    from indicators.store import open_database

    at, path = researcher_app("pages/district_map.py")
    assert not at.exception and any("Names matched: 4 of 4" in m.value for m in at.markdown)
    shapes = collection([{"label": "North district", "name_th": "เหนือ"}, {"label": "South", "name_th": "เขตใต้"}])
    at.run()  # AppTest gives widgets other ids on the first run after switch_page than on the next ones
    at.file_uploader[0].set_value(("zones.geojson", json.dumps(shapes).encode(), "application/octet-stream")).run()
    assert at.selectbox(key="map_name_property").value == "name_th"  # the property that matches the data
    at.selectbox(key="map_level").set_value("khwaeng")
    at.button(key="map_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("version 2" in s.value for s in at.success)
    assert any("Names matched: 2 of 4" in m.value for m in at.markdown)
    assert any("เขตตะวันออก" in w.value and "no shape" in w.value for w in at.warning)
    con = open_database(path)
    assert city_boundaries(con, SAMPLE_CITY)["level"] == "khwaeng"
    con.close()
