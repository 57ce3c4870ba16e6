"""Open data (issue 21, item 10): every indicator as CSV and JSON in a Frictionless data package whose
figures are the CLI's, to the character, and a read-only JSON API serving the same over HTTP."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import run_cli, thai_activities_workbook

from indicators.ingest import ingest_files
from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.definitions import load_indicators
from indicators.present.api import serve
from indicators.present.open_data import FIELDS, write_open_data
from indicators.store import open_database

NAME = re.compile(r"^[a-z0-9._-]+$")


@pytest.fixture
def package(db_path, tmp_path):
    con = open_database(db_path)
    load_sample_if_empty(con)
    written = write_open_data(con, SAMPLE_CITY, tmp_path / "open")
    con.close()
    return tmp_path / "open", written


def test_the_package_describes_every_file_and_the_files_are_the_clis_values(package, db_path):
    folder, written = package
    assert json.loads((folder / "datapackage.json").read_text(encoding="utf-8")) == written
    assert NAME.match(written["name"]) and written["$schema"].startswith("https://datapackage.org/profiles/2.0/")
    assert "SYNTHETIC" in written["title"]
    codes = [i.code for i in load_indicators()]
    assert [r["name"] for r in written["resources"]] == codes
    for resource in written["resources"]:
        assert NAME.match(resource["name"]) and (folder / resource["path"]).exists()
        text = (folder / resource["path"]).read_text(encoding="utf-8")
        header = next(csv.reader(io.StringIO(text)))
        assert header == [f["name"] for f in resource["schema"]["fields"]] == [f["name"] for f in FIELDS]
        keys = [(r["indicator"], r["year"], r["district"]) for r in csv.DictReader(io.StringIO(text))]
        assert len(keys) == len(set(keys))  # the primary key holds
        assert resource["learning_city"]["metadata"]["name"]["th"]
    for code in ("participants", "women_share", "completion_rate"):
        _, out, _ = run_cli("values", "--by", "year,district", "--indicator", code, env_db=db_path)
        assert (folder / "data" / f"{code}.csv").read_text(encoding="utf-8") == out
        _, status, _ = run_cli("status", "--format", "json", env_db=db_path)
        document = json.loads((folder / "data" / f"{code}.json").read_text(encoding="utf-8"))
        expected = next(r for r in json.loads(status) if r["indicator"] == code)
        assert document["status"] == expected
        assert [row["value"] for row in document["values"]] == [
            (float(r["value"]) if "." in r["value"] else int(r["value"])) if r["value"] else None
            for r in csv.DictReader(io.StringIO(out))]


@pytest.fixture
def api(db_path):
    con = open_database(db_path)
    load_sample_if_empty(con)
    server = serve(con, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", con
    server.shutdown()
    server.server_close()
    con.close()


def _get(url: str, method: str = "GET"):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method=method), timeout=60) as answer:
            return answer.status, answer.headers, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def test_the_api_serves_the_same_values_metadata_and_statuses(api, tmp_path):
    base, con = api
    status, headers, body = _get(f"{base}/api/values?indicator=participants")
    assert status == 200 and headers["Content-Type"].startswith("application/json")
    served = json.loads(body)
    open_folder = tmp_path / "same"
    write_open_data(con, SAMPLE_CITY, open_folder)
    written = json.loads((open_folder / "data" / "participants.json").read_text(encoding="utf-8"))
    assert served == written["values"] and len(served) > 6
    _, _, one = _get(f"{base}/api/indicators/participants")
    assert json.loads(one)["metadata"] == written["metadata"] and json.loads(one)["status"] == written["status"]
    _, _, listed = _get(f"{base}/api/indicators")
    assert [x["metadata"]["code"] for x in json.loads(listed)] == [i.code for i in load_indicators()]
    _, _, csv_text = _get(f"{base}/data/participants.csv")
    assert csv_text == (open_folder / "data" / "participants.csv").read_text(encoding="utf-8")
    _, _, north = _get(f"{base}/api/values?indicator=participants&district=" + urllib.parse.quote("เขตเหนือ"))
    assert {r["district"] for r in json.loads(north)} == {"เขตเหนือ"}
    # an upload is served at once: the results are kept per data version
    status, _, _ = _get(f"{base}/api/values?city=" + urllib.parse.quote("เมืองทดสอบ"))
    assert status == 404
    ingest_files(con, [thai_activities_workbook(tmp_path / "activities_2567.xlsx")], "เมืองทดสอบ")
    status, _, body = _get(f"{base}/api/values?indicator=activities&city=" + urllib.parse.quote("เมืองทดสอบ"))
    assert status == 200 and json.loads(body)


@pytest.mark.parametrize(("path", "method", "code"), [
    ("/api/indicators/nope", "GET", 404), ("/api/values?city=Atlantis", "GET", 404), ("/elsewhere", "GET", 404),
    ("/api/values", "POST", 405), ("/api/values", "DELETE", 405),
])
def test_the_api_refuses_in_json_and_writes_nothing(api, path, method, code):
    base, con = api
    before = con.execute("SELECT count(*) FROM audit_log").fetchall()
    status, headers, body = _get(base + path, method)
    assert status == code and headers["Content-Type"].startswith("application/json")
    assert set(json.loads(body)["error"]) == {"en", "th"}
    assert con.execute("SELECT count(*) FROM audit_log").fetchall() == before


def test_the_zip_holds_the_same_files(package, db_path):
    import zipfile

    from indicators.present.open_data import open_data_zip

    folder, _ = package
    con = open_database(db_path)
    archive = zipfile.ZipFile(io.BytesIO(open_data_zip(con, SAMPLE_CITY)))
    con.close()
    names = sorted(archive.namelist())
    assert names == sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert archive.read("data/participants.csv").decode() == (folder / "data" / "participants.csv").read_text()
