"""Open data: every indicator of a city as CSV and JSON, described by a Frictionless `datapackage.json`
(Data Package v2: each resource's path, format, encoding and table schema, and — as Open SDG's
data/meta split does — the indicator's metadata beside its data), for other portals to harvest.

The rows are compute_values' by year and district, written through present/records.py: a figure here is
the same text as in `values --format csv|json` (same columns: indicator, area, year, district, value,
unit; an empty district is all districts, Open SDG's "blank disaggregation = total"). The JSON API
(present/api.py) serves the same documents.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pandas as pd

from indicators import store
from indicators.measure.compute import compute_values
from indicators.measure.definitions import IndicatorDef, load_indicators
from indicators.measure.periods import incomplete_periods
from indicators.measure.progress import load_targets, progress_table
from indicators.present.records import records

VALUE_COLUMNS = ["indicator", "area", "year", "district", "value", "unit"]
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
FIELDS = [
    {"name": "indicator", "type": "string", "description": "indicator code"},
    {"name": "area", "type": "string", "description": "UNESCO Key Features area(s) of focus, e.g. 1.1"},
    {"name": "year", "type": "integer", "description": "year, CE (calendar, or the Thai fiscal year's end year)"},
    {"name": "district", "type": "string", "description": "district; empty = all districts (the total)"},
    {"name": "value", "type": "number"},
    {"name": "unit", "type": "string"},
]


def indicator_values(values: pd.DataFrame, code: str) -> pd.DataFrame:
    """One indicator's rows in the CLI's order: years, the total before the districts."""
    rows = values[values["indicator"] == code]
    return rows.sort_values(["year", "district"], na_position="first", kind="stable")[VALUE_COLUMNS]


def values_csv(rows: pd.DataFrame) -> str:
    """As `values --format csv` writes them (empty for a missing value or the total's district)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=VALUE_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in records(rows):
        writer.writerow({k: "" if row.get(k) is None else row.get(k) for k in VALUE_COLUMNS})
    return out.getvalue()


def indicator_metadata(indicator: IndicatorDef, fiscal: bool, target: dict | None) -> dict:
    """Definition, unit, direction, method, formula and source in both languages, and the target in force."""
    return {
        "code": indicator.code, "name": {"en": indicator.name("en"), "th": indicator.name("th")},
        "unit": {"en": indicator.unit("en"), "th": indicator.unit("th")}, "direction": indicator.direction,
        "areas": list(indicator.areas), "method": {"en": indicator.method("en", fiscal), "th": indicator.method("th", fiscal)},
        "formula": indicator.formula(), "source": {"en": indicator.source("en"), "th": indicator.source("th")},
        "disaggregations": list(indicator.disaggregations), "periodicity": "fiscal year" if fiscal else "calendar year",
        "target": target,
    }


class OpenData:
    """A city's open data, computed once: values by year and district, status, targets."""

    def __init__(self, con, city: str, fiscal: bool = False) -> None:
        self.city, self.fiscal = city, fiscal
        self.indicators = load_indicators()
        self.values = compute_values(con, city=city, by=("year", "district"), fiscal=fiscal, indicators=self.indicators)
        status = progress_table(con, city, fiscal=fiscal, values=self.values, indicators=self.indicators)
        # each row as `status --format json` prints it (status in words and symbol included)
        self.status = {row["indicator"]: row for row in records(status)}
        targets = load_targets(con, city)
        targets = targets[targets["district"].isna()]
        self.targets = {row["indicator"]: {k: row[k] for k in ("target_value", "target_year", "base_year",
                                                               "milestones")}
                        for row in records(targets)}
        for target in self.targets.values():
            target["milestones"] = json.loads(target["milestones"] or "{}")
        self.is_sample = store.is_sample_city(con, city)
        self.partial_years = sorted(incomplete_periods(con, city, fiscal))

    def indicator(self, code: str) -> IndicatorDef | None:
        return next((i for i in self.indicators if i.code == code), None)

    def rows(self, code: str) -> pd.DataFrame:
        return indicator_values(self.values, code)

    def metadata(self, code: str) -> dict:
        return indicator_metadata(self.indicator(code), self.fiscal, self.targets.get(code))

    def document(self, code: str) -> dict:
        """One indicator as JSON: its metadata, its status and its values."""
        return {"city": self.city, "sample": self.is_sample, "metadata": self.metadata(code),
                "status": self.status.get(code), "incomplete_years": self.partial_years,
                "values": records(self.rows(code))}

    def datapackage(self) -> dict:
        return {
            "$schema": PROFILE, "name": _slug(f"learning-city-{self.city}"),
            "title": f"Learning city indicators — {self.city}" + (" (SYNTHETIC SAMPLE DATA)" if self.is_sample else ""),
            "description": ("Indicators of the UNESCO Key Features of Learning Cities computed by the Learning City "
                            "Dashboard; one CSV and one JSON file per indicator. An empty district is all districts."
                            + (" The figures are synthetic sample data, not a real city." if self.is_sample else "")),
            "version": "1.0.0", "keywords": ["learning city", "UNESCO GNLC", "lifelong learning", "indicators"],
            "resources": [self._resource(i) for i in self.indicators],
        }

    def _resource(self, indicator: IndicatorDef) -> dict:
        return {"$schema": RESOURCE_PROFILE, "name": _slug(indicator.code), "path": f"data/{indicator.code}.csv",
                "type": "table", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "title": indicator.name("en"), "description": indicator.method("en", self.fiscal),
                "schema": {"$schema": SCHEMA_PROFILE, "fields": FIELDS, "missingValues": [""],
                           "primaryKey": ["indicator", "year", "district"]},
                "sources": [{"title": indicator.source("en")}],
                "learning_city": {"metadata": self.metadata(indicator.code), "status": self.status.get(indicator.code),
                                  "json": f"data/{indicator.code}.json"}}


def _slug(text: str) -> str:
    """A Data Package name: lower-case ASCII letters, digits, "-", "_" and "." only."""
    slug = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-")
    return slug or "learning-city"


def open_data_files(con, city: str, fiscal: bool = False) -> dict[str, str]:
    """Every file of the open data by its path: datapackage.json, data/<code>.csv, data/<code>.json."""
    data = OpenData(con, city, fiscal)
    files = {}
    for indicator in data.indicators:
        files[f"data/{indicator.code}.csv"] = values_csv(data.rows(indicator.code))
        files[f"data/{indicator.code}.json"] = _json(data.document(indicator.code))
    files["datapackage.json"] = _json(data.datapackage())
    return files


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)


def write_open_data(con, city: str, out_dir: str | Path, fiscal: bool = False) -> dict:
    """The open data written into a folder; returns the package."""
    folder = Path(out_dir)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    files = open_data_files(con, city, fiscal)
    for path, text in files.items():
        (folder / path).write_text(text, encoding="utf-8")
    return json.loads(files["datapackage.json"])


def open_data_zip(con, city: str, fiscal: bool = False) -> bytes:
    """The same files in one zip (the Methodology page's download)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in open_data_files(con, city, fiscal).items():
            archive.writestr(path, text.encode("utf-8"))
    return buffer.getvalue()
