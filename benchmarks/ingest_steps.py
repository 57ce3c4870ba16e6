"""The three ways to load a register, each a function run alone in its own process.

- `ours`: the engine end to end — `ingest_files` into a fresh DuckDB file (read, understand, clean,
  validate, store, map).
- `naive`: what a developer writes first — `pandas.read_excel(engine="openpyxl")` or `pandas.read_csv`,
  a Python for-loop over rows converting BE dates and counts, then `executemany` row inserts into DuckDB.
  It is generous to the naive side: it knows the layout in advance (skips the four header rows, no header
  detection), writes one wide table (ours writes activities, participation rows and Key Feature mapping),
  and does no validation.
- `floor`: parsing the file and nothing else — python-calamine `to_python()` (xlsx) or DuckDB `read_csv` into a table (CSV).

Every function returns seconds and the process's peak resident memory (VmHWM, which includes the
interpreter and imported libraries, ~100 MB).
"""
from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

MONTHS = {m: i for i, m in enumerate(["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.",
                                        "ต.ค.", "พ.ย.", "ธ.ค."], start=1)}
EXECUTEMANY_SAMPLE = 5_000
NAIVE_TABLE = """CREATE TABLE activities_naive (title VARCHAR, category VARCHAR, district VARCHAR, organiser VARCHAR,
    mode VARCHAR, target_group VARCHAR, event_date DATE, year INTEGER, events INTEGER, hours DOUBLE, budget DOUBLE,
    male INTEGER, female INTEGER, total INTEGER)"""


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ours(path: str, db_path: str) -> dict:
    from indicators import ingest, store

    Path(db_path).unlink(missing_ok=True)
    con = store.open_database(db_path)
    started = time.perf_counter()
    try:
        outcome = ingest.ingest_files(con, [path], "Bench City", user="benchmark")
    except Exception as exc:  # e.g. the 200 MB upload limit; engine errors do not pickle back to the parent
        con.close()
        Path(db_path).unlink(missing_ok=True)
        message = getattr(exc, "message_en", None) or str(exc)
        return {"seconds": float("nan"), "rows": 0, "peak_mb": peak_rss_mb(),
                "error": f"{type(exc).__name__}: {message}"}
    seconds = time.perf_counter() - started
    if outcome.status != "committed":
        raise RuntimeError(f"ingest of {path} was {outcome.status}: {[p.code for p in outcome.problems][:10]}")
    rows = con.execute("SELECT count(*) FROM activities").fetchone()[0]
    con.close()
    Path(db_path).unlink(missing_ok=True)
    return {"seconds": seconds, "rows": rows, "peak_mb": peak_rss_mb()}


def _count(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    text = str(value).strip().replace(",", "")
    if text in ("", "ไม่ระบุ"):
        return None
    if text == "-":
        return 0
    return int(float(text))


def _date(value):
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return dt.date(value.year - 543, value.month, value.day) if value.year > 2400 else value
    text = str(value).strip()
    match = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})$", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        day_text, month_text, year_text = text.split()
        day, month, year = int(day_text), MONTHS[month_text], int(year_text)
    return dt.date(year - 543 if year > 2400 else year, month, day)


def naive(path: str, db_path: str, extrapolate: bool) -> dict:
    import duckdb
    import pandas as pd

    started = time.perf_counter()
    if path.endswith(".csv"):
        frame = pd.read_csv(path, header=None, skiprows=4, dtype=object, keep_default_na=False)
    else:
        frame = pd.read_excel(path, engine="openpyxl", header=None, skiprows=4)
    read_done = time.perf_counter()
    rows = []
    for record in frame.itertuples(index=False):
        first = record[0]
        if isinstance(first, str) and first.strip() in ("รวม", "รวมทั้งหมด", "Total"):
            continue
        event_date = _date(record[7])
        budget = _count(record[10])
        rows.append((record[1], record[2], record[3], record[4], record[5], record[6], event_date, event_date.year,
                     _count(record[8]), float(record[9]), None if budget is None else float(budget),
                     _count(record[11]), _count(record[12]), _count(record[13])))
    clean_done = time.perf_counter()
    Path(db_path).unlink(missing_ok=True)
    con = duckdb.connect(db_path)
    con.execute(NAIVE_TABLE)
    sample = rows[:EXECUTEMANY_SAMPLE] if extrapolate else rows
    insert_started = time.perf_counter()
    con.executemany("INSERT INTO activities_naive VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", sample)
    insert_seconds = time.perf_counter() - insert_started
    if extrapolate and len(rows) > len(sample):
        insert_seconds *= len(rows) / len(sample)
    con.close()
    Path(db_path).unlink(missing_ok=True)
    read_seconds, clean_seconds = read_done - started, clean_done - read_done
    return {"seconds": read_seconds + clean_seconds + insert_seconds, "read_seconds": read_seconds,
            "clean_seconds": clean_seconds, "insert_seconds": insert_seconds,
            "insert_extrapolated": extrapolate and len(rows) > EXECUTEMANY_SAMPLE, "rows": len(rows),
            "peak_mb": peak_rss_mb()}


def floor(path: str) -> dict:
    started = time.perf_counter()
    if path.endswith(".csv"):  # DuckDB's own reader into a table: every row, every cell as text
        import duckdb

        con = duckdb.connect()
        con.execute("CREATE TABLE floor AS SELECT * FROM read_csv(?, all_varchar = true, header = false, "
                    "null_padding = true)", [path])
        rows = con.execute("SELECT count(*) FROM floor").fetchone()[0]
        con.close()
    else:
        from python_calamine import CalamineWorkbook

        rows = len(CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python())
    return {"seconds": time.perf_counter() - started, "rows": rows, "peak_mb": peak_rss_mb()}
