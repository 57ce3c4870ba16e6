"""The bundled synthetic sample: it loads on first start, says it is synthetic, and an exact ingest
reproduces the totals the generator computed from its own data."""

from __future__ import annotations

import importlib.util
import json
import sys

from conftest import PROJECT
from openpyxl import load_workbook

from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.store import is_sample_city, list_cities

SAMPLE = PROJECT / "data" / "sample"


def test_sample_loads_once_and_reproduces_expected_totals(con):
    assert load_sample_if_empty(con) is True
    assert load_sample_if_empty(con) is False  # not twice
    assert list_cities(con) == [SAMPLE_CITY]
    assert is_sample_city(con, SAMPLE_CITY)
    expected = json.loads((SAMPLE / "expected_totals.json").read_text(encoding="utf-8"))
    stored = {str(year): {"activities": a, "participants": p, "participants_female": f, "participants_male": m,
                          "learning_hours": h}
              for year, a, p, f, m, h in con.execute(
        """
        SELECT a.year, a.events, p.total, p.female, p.male, a.hours FROM
          (SELECT year, sum(events) AS events, sum(hours) AS hours FROM v_activities GROUP BY year) a
          JOIN (SELECT year, sum(value) FILTER (dimension = 'total') AS total,
                       sum(value) FILTER (category = 'female') AS female,
                       sum(value) FILTER (category = 'male') AS male
                FROM v_participation GROUP BY year) p USING (year)
        """).fetchall()}
    population = dict(con.execute(
        "SELECT year::VARCHAR, sum(value) FROM v_statistics WHERE measure = 'population' AND sex IS NULL "
        "AND age_min IS NULL AND district IS NOT NULL GROUP BY 1").fetchall())
    for year, figures in expected.items():
        assert stored[year] == {k: v for k, v in figures.items() if k != "population"}, year
        assert population[year] == figures["population"], year


def test_sample_files_say_they_are_synthetic():
    for path in SAMPLE.glob("*.xlsx"):
        book = load_workbook(path, read_only=True)
        text = " ".join(str(c) for ws in book.worksheets for row in ws.iter_rows(max_row=3, values_only=True)
                        for c in row if c)
        assert "ข้อมูลสังเคราะห์" in text or "Synthetic" in text or path.name.startswith(("participants", "outcomes")), path
    readme = (SAMPLE / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower()


def test_generator_is_deterministic(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_sample", PROJECT / "data" / "make_sample.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_sample", module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    totals = module.main(tmp_path)
    assert totals == json.loads((SAMPLE / "expected_totals.json").read_text(encoding="utf-8"), object_hook=dict)
    for name in ("city_statistics_2563-2568_cp874.csv", "targets.csv"):
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes()
    for path in SAMPLE.glob("*.xlsx"):
        fresh = load_workbook(tmp_path / path.name, read_only=True)
        shipped = load_workbook(path, read_only=True)
        for a, b in zip(fresh.worksheets, shipped.worksheets, strict=True):
            assert list(a.iter_rows(values_only=True)) == list(b.iter_rows(values_only=True))
