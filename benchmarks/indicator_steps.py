"""All indicators for every year and district on a large database, against pandas groupby.

The database is built directly (no spreadsheet): one upload per year (status committed), activities,
participation (total, female, male per activity), outcomes for a fifth of the activities, population
statistics per year and district, and one Key Features area per activity — inserted with the store's
`insert_frame`, so the views the indicators read see exactly what an ingest would have produced.
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


def build_database(db_path: str, activities: int, years: int = 10, seed: int = 11) -> dict:
    from indicators import store

    started = time.perf_counter()
    Path(db_path).unlink(missing_ok=True)
    rng = np.random.default_rng(seed)
    con = store.open_database(db_path)
    year = FIRST_YEAR + rng.integers(0, years, activities)
    day = pd.to_datetime(year.astype(str), format="%Y") + pd.to_timedelta(rng.integers(0, 365, activities), unit="D")
    categories = np.array(list(CATEGORIES))
    category = categories[rng.integers(0, len(categories), activities)]
    district = np.array(DISTRICTS)[rng.integers(0, len(DISTRICTS), activities)]
    upload_id = (year - FIRST_YEAR + 1).astype("int32")
    key = pd.Series(np.arange(activities)).map("A{:07d}".format).to_numpy()
    fiscal = np.where(day.month >= 10, year + 1, year)
    frame = pd.DataFrame({
        "upload_id": upload_id, "city": CITY, "activity_key": key, "activity_code": key,
        "title": pd.Series(category).radd("กิจกรรม ").to_numpy(), "category": category, "district": district,
        "organiser": pd.Series(rng.integers(0, 40, activities)).map("หน่วยงาน {}".format).to_numpy(),
        "mode": np.array(MODES, dtype=object)[rng.integers(0, len(MODES), activities)],
        "event_date": day.date, "year": year, "fiscal_year": fiscal,
        "events": rng.integers(1, 4, activities), "hours": rng.integers(1, 13, activities) * 1.5,
        "budget": rng.integers(0, 500, activities) * 100.0, "sheet": "กิจกรรม", "source_row": np.arange(activities) + 5,
    })
    for number in range(1, years + 1):
        store.record_upload(con, {
            "upload_id": number, "city": CITY, "source": "bench", "file_name": f"bench_{number}.xlsx",
            "sha256": f"{number:064d}", "file_format": "xlsx", "sheets": [], "rows_read": 0, "rows_kept": 0,
            "years": [FIRST_YEAR + number - 1], "uploaded_by": "benchmark", "uploaded_at": dt.datetime.now(),
            "status": "committed"})
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
    statistics = pd.DataFrame([
        {"upload_id": y - FIRST_YEAR + 1, "city": CITY, "district": d, "year": y, "measure": "population",
         "sex": sex, "age_min": age_min, "value": float(value), "unit": "คน"}
        for y in range(FIRST_YEAR, FIRST_YEAR + years) for d in DISTRICTS
        for sex, age_min, value in ((None, None, 40_000), ("female", None, 21_000), ("male", None, 19_000),
                                    (None, 60, 8_000))])
    store.insert_frame(con, "statistics", statistics)
    areas = pd.DataFrame({"upload_id": upload_id, "city": CITY, "activity_key": key,
                          "area_code": pd.Series(category).map(CATEGORIES).to_numpy(), "rule": "category",
                          "rule_detail": category})
    store.insert_frame(con, "activity_areas", areas)
    con.execute("CHECKPOINT").fetchall()
    con.close()
    return {"seconds": time.perf_counter() - started, "rows": activities, "peak_mb": peak_rss_mb()}


def ours(db_path: str) -> dict:
    from indicators import store
    from indicators.measure import compute

    con = store.open_database(db_path, read_only=True)
    started = time.perf_counter()
    values = compute.compute_values(con, CITY, by=("year", "district"))
    seconds = time.perf_counter() - started
    indicators = values["indicator"].nunique()
    return {"seconds": seconds, "rows": len(values), "indicators": indicators, "peak_mb": peak_rss_mb()}


def _fetch(con):
    activities = con.execute("SELECT activity_key, district, year, mode, events, hours FROM v_activities "
                             "WHERE city = ?", [CITY]).df()
    participation = con.execute("SELECT activity_key, district, year, dimension, category, value FROM v_participation "
                                "WHERE city = ?", [CITY]).df()
    statistics = con.execute("SELECT district, year, measure, sex, age_min, age_max, value FROM v_statistics "
                             "WHERE city = ?", [CITY]).df()
    areas = con.execute("SELECT activity_key, area_code FROM v_activity_areas WHERE city = ?", [CITY]).df()
    return activities, participation, statistics, areas


def pandas_indicators(activities, participation, statistics, areas) -> pd.DataFrame:
    """The base measures and a few per-capita and share indicators, by year and by year × district."""
    out = []
    population = statistics[(statistics["measure"] == "population") & statistics["sex"].isna()
                            & statistics["age_min"].isna() & statistics["age_max"].isna()]
    totals = participation[participation["dimension"] == "total"]
    sexes = participation[participation["dimension"] == "sex"]
    culture_keys = areas.loc[areas["area_code"] == "1.2", "activity_key"]
    culture = totals[totals["activity_key"].isin(culture_keys)]
    for keys in (["year"], ["year", "district"]):
        measures = pd.DataFrame({
            "activities": activities.groupby(keys)["events"].sum(),
            "learning_hours": activities.groupby(keys)["hours"].sum(),
            "participants": totals.groupby(keys)["value"].sum(),
            "participants_female": sexes[sexes["category"] == "female"].groupby(keys)["value"].sum(),
            "participants_male": sexes[sexes["category"] == "male"].groupby(keys)["value"].sum(),
            "culture_participants": culture.groupby(keys)["value"].sum(),
            "online": activities[activities["mode"].isin(["online", "hybrid"])].groupby(keys)["events"].sum(),
            "mode_known": activities[activities["mode"].notna()].groupby(keys)["events"].sum(),
            "population": population.groupby(keys)["value"].sum(),
        })
        measures["participants_per_1000"] = 1000 * measures["participants"] / measures["population"]
        measures["learning_hours_per_1000"] = 1000 * measures["learning_hours"] / measures["population"]
        measures["women_share"] = 100 * measures["participants_female"] / (
            measures["participants_female"] + measures["participants_male"])
        measures["online_share"] = 100 * measures["online"] / measures["mode_known"]
        long = measures.drop(columns=["online", "mode_known", "population"]).reset_index().melt(
            id_vars=keys, var_name="indicator", value_name="value")
        out.append(long)
    return pd.concat(out, ignore_index=True)


def baseline(db_path: str) -> dict:
    from indicators import store

    con = store.open_database(db_path, read_only=True)
    started = time.perf_counter()
    frames = _fetch(con)
    fetched = time.perf_counter()
    values = pandas_indicators(*frames)
    done = time.perf_counter()
    return {"seconds": done - fetched, "fetch_seconds": fetched - started, "rows": len(values),
            "indicators": values["indicator"].nunique(), "peak_mb": peak_rss_mb()}
