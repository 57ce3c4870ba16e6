"""All indicators for every year and district on a large database, against pandas groupby.

The database is built directly (no spreadsheet): one upload per year (status committed), activities,
participation (total, female, male per activity), outcomes for a fifth of the activities, population
statistics per year and district, and one Key Features area per activity — inserted with the store's
`insert_frame`, so the views the indicators read see exactly what an ingest would have produced; then
the figures are kept for the pages, as a commit does.
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.ingest_steps import peak_rss_mb

CITY = "Bench City"
DISTRICTS = ["นครพิงค์", "กาวิละ", "เม็งราย", "ศรีวิชัย"]
CATEGORIES = {"อาชีพ": "2.3", "ผู้สูงอายุ": "2.2", "วัฒนธรรม": "1.2", "สิ่งแวดล้อม": "1.3", "สุขภาพ": "1.1",
              "ดิจิทัล": "2.4", "การศึกษานอกระบบ": "2.1", "เทศกาลการเรียนรู้": "2.6"}
MODES = ["in_person", "online", "hybrid", None]
FIRST_YEAR = 2015


CHUNK = 1_000_000  # activities generated and inserted at a time (10 million at once would need ~25 GB)


def build_database(db_path: str, activities: int, years: int = 10, seed: int = 11) -> dict:
    from indicators import store
    from indicators.measure import kept

    started = time.perf_counter()
    Path(db_path).unlink(missing_ok=True)
    con = store.open_database(db_path)
    for number in range(1, years + 1):
        store.record_upload(con, {
            "upload_id": number, "city": CITY, "source": "bench", "file_name": f"bench_{number}.xlsx",
            "sha256": f"{number:064d}", "file_format": "xlsx", "sheets": [], "rows_read": 0, "rows_kept": 0,
            "years": [FIRST_YEAR + number - 1], "uploaded_by": "benchmark", "uploaded_at": dt.datetime.now(),
            "status": "committed"})
    for first in range(0, activities, CHUNK):
        _insert_chunk(con, np.random.default_rng([seed, first]), first, min(CHUNK, activities - first), years)
    statistics = pd.DataFrame([
        {"upload_id": y - FIRST_YEAR + 1, "city": CITY, "district": d, "year": y, "measure": "population",
         "sex": sex, "age_min": age_min, "value": float(value), "unit": "คน"}
        for y in range(FIRST_YEAR, FIRST_YEAR + years) for d in DISTRICTS
        for sex, age_min, value in ((None, None, 40_000), ("female", None, 21_000), ("male", None, 19_000),
                                    (None, 60, 8_000))])
    store.insert_frame(con, "statistics", statistics)
    kept.keep(con, {CITY})  # as a commit does (actions.commit_upload): the pages' figures, kept per data version
    con.execute("CHECKPOINT").fetchall()
    con.close()
    return {"seconds": time.perf_counter() - started, "rows": activities, "peak_mb": peak_rss_mb()}


def _insert_chunk(con, rng, first: int, activities: int, years: int) -> None:
    """Activities first … first + activities - 1 with their participation, outcomes and areas."""
    from indicators import store

    year = FIRST_YEAR + rng.integers(0, years, activities)
    day = pd.to_datetime(year.astype(str), format="%Y") + pd.to_timedelta(rng.integers(0, 365, activities), unit="D")
    categories = np.array(list(CATEGORIES))
    category = categories[rng.integers(0, len(categories), activities)]
    district = np.array(DISTRICTS)[rng.integers(0, len(DISTRICTS), activities)]
    upload_id = (year - FIRST_YEAR + 1).astype("int32")
    key = pd.Series(np.arange(first, first + activities)).map("A{:08d}".format).to_numpy()
    fiscal = np.where(day.month >= 10, year + 1, year)
    frame = pd.DataFrame({
        "upload_id": upload_id, "city": CITY, "activity_key": key, "activity_code": key,
        "title": pd.Series(category).radd("กิจกรรม ").to_numpy(), "category": category, "district": district,
        "organiser": pd.Series(rng.integers(0, 40, activities)).map("หน่วยงาน {}".format).to_numpy(),
        "mode": np.array(MODES, dtype=object)[rng.integers(0, len(MODES), activities)],
        "event_date": day.date, "year": year, "fiscal_year": fiscal,
        "events": rng.integers(1, 4, activities), "hours": rng.integers(1, 13, activities) * 1.5,
        "budget": rng.integers(0, 500, activities) * 100.0, "sheet": "กิจกรรม",
        "source_row": np.arange(first, first + activities) + 5,
    })
    store.insert_frame(con, "activities", frame)
    female = rng.integers(0, 60, activities)
    male = rng.integers(0, 60, activities)
    common = {"upload_id": upload_id, "city": CITY, "activity_key": key, "district": district,
              "event_date": day.date, "year": year, "fiscal_year": fiscal}
    participation = pd.concat([
        pd.DataFrame({**common, "dimension": "total", "category": None, "value": (female + male).astype(float)}),
        pd.DataFrame({**common, "dimension": "sex", "category": "female", "value": female.astype(float)}),
        pd.DataFrame({**common, "dimension": "sex", "category": "male", "value": male.astype(float)}),
    ], ignore_index=True)
    store.insert_frame(con, "participation", participation)
    some = rng.random(activities) < 0.2
    enrolled = (female + male)[some].astype(float)
    outcomes = pd.concat([
        pd.DataFrame({"upload_id": upload_id[some], "city": CITY, "activity_key": key[some],
                      "district": district[some], "year": year[some], "fiscal_year": fiscal[some],
                      "measure": measure, "value": values})
        for measure, values in (("enrolled", enrolled), ("completed", np.floor(enrolled * 0.8)))],
        ignore_index=True)
    store.insert_frame(con, "outcomes", outcomes)
    areas = pd.DataFrame({"upload_id": upload_id, "city": CITY, "activity_key": key,
                          "area_code": pd.Series(category).map(CATEGORIES).to_numpy(), "rule": "category",
                          "rule_detail": category})
    store.insert_frame(con, "activity_areas", areas)


def ours(db_path: str) -> dict:
    from indicators import store
    from indicators.measure import compute

    con = store.open_database(db_path, read_only=True)
    compute.compute_values(con, CITY, by=("year", "district"), codes=["activities"])  # the file opened, cache warm
    started, cpu = time.perf_counter(), time.process_time()
    values = compute.compute_values(con, CITY, by=("year", "district"))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    indicators = values["indicator"].nunique()
    return {"seconds": seconds, "cpu_seconds": cpu_seconds, "rows": len(values), "indicators": indicators,
            "peak_mb": peak_rss_mb()}


def baseline(db_path: str) -> dict:
    """pandas computing the same indicators (benchmarks/pandas_indicators.py); then, untimed, ours on the
    same database, to count the figures that differ (0 expected)."""
    from benchmarks.pandas_indicators import differences, fetch, pandas_values
    from indicators import store
    from indicators.measure import compute
    from indicators.measure.definitions import load_indicators

    con = store.open_database(db_path, read_only=True)
    indicators = load_indicators()
    started = time.perf_counter()
    frames = fetch(con, CITY)
    fetched, cpu = time.perf_counter(), time.process_time()
    values = pandas_values(frames, indicators)
    done, cpu_seconds = time.perf_counter(), time.process_time() - cpu
    ours_values = compute.compute_values(con, CITY, by=("year", "district"))
    return {"seconds": done - fetched, "cpu_seconds": cpu_seconds, "fetch_seconds": fetched - started,
            "rows": int(values["value"].notna().sum()), "indicators": values.loc[values["value"].notna(), "indicator"].nunique(),
            "differing": differences(ours_values, values), "peak_mb": peak_rss_mb()}
