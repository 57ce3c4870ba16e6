"""The synthetic sample city ("Sample Learning City / เมืองตัวอย่าง"), loaded into an empty database on
first start so the dashboard shows something before any real upload. It is labelled synthetic wherever
it is shown (store.is_sample_city)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from indicators.base.errors import ValidationRefused
from indicators.ingest.commit import ingest_files
from indicators.measure.progress import load_sample_targets
from indicators.read import SPREADSHEET_SUFFIXES
from indicators.read.geojson import read_boundaries
from indicators.store import has_uploads, retried, transaction
from indicators.store.boundaries import save_boundaries

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"
SAMPLE_CITY = "Sample Learning City"
SAMPLE_CITY_TH = "เมืองตัวอย่าง"


def sample_files() -> list[Path]:
    """The bundled synthetic workbooks, in the order they must be read (activities before the
    sheets that refer to them)."""
    if not SAMPLE_DIR.exists():
        return []
    order = ("activities", "participants", "outcomes", "population", "city_statistics")
    files = [p for p in SAMPLE_DIR.iterdir()
             if p.suffix.lower() in SPREADSHEET_SUFFIXES and p.name.startswith(order)]
    return sorted(files, key=lambda p: (next((i for i, o in enumerate(order) if p.name.startswith(o)), 99), p.name))


@retried
def load_sample_if_empty(con: duckdb.DuckDBPyConnection) -> bool:
    """First start with an empty database: load the synthetic sample city. Returns True if it loaded.
    One transaction with the check, so that of several app servers starting on an empty lake one loads it."""
    if has_uploads(con):
        return False
    files = sample_files()
    if not files:
        return False
    with transaction(con):
        if has_uploads(con):
            return False
        outcome = ingest_files(con, files, city=SAMPLE_CITY, user="sample-loader", is_sample=True)
        if outcome.status != "committed":  # the bundled files are ours: refusing them is a bug, never hidden
            raise ValidationRefused(outcome.problems)
        targets = SAMPLE_DIR / "targets.csv"
        if targets.exists():
            load_sample_targets(con, SAMPLE_CITY, targets)
        load_sample_boundaries(con)
    return True


def load_sample_boundaries(con: duckdb.DuckDBPyConnection) -> None:
    """The sample city's synthetic district shapes (data/sample/districts.geojson), for its map."""
    path = SAMPLE_DIR / "districts.geojson"
    if path.exists():
        shapes = read_boundaries(path.read_bytes())
        save_boundaries(con, SAMPLE_CITY, "other", "name", shapes.to_json(), len(shapes.features), path.name,
                        "sample-loader")
