"""The lake against the file, side by side in one run: `python -m benchmarks.lake_steps` (about 10 minutes).

Starts a throwaway PostgreSQL cluster (tests/postgres_cluster.py) and measures, on the embedded file and on
a DuckLake (catalog in that cluster, Parquet files under --work):
- ingest of one generated activities register (CSV, --ingest-rows, default 200,000: the largest file the
  upload limit takes);
- every indicator for every year and district on the 1M-activity database of benchmarks/indicator_steps.py,
  moved to the lake with `migrate`'s own code (and that move timed);
- writers at once: W processes (default 8) each committing U small uploads, against the same uploads made by
  one process — on the lake, and on the file (where only one process may write).
Each timing runs in a fresh process. Writes benchmarks/LAKE.md."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks import generate, indicator_steps
from benchmarks.__main__ import run_alone

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent


def ingest_once(path: str, target: str) -> dict:
    from indicators import ingest, store

    con = store.open_database(target)
    started = time.perf_counter()
    outcome = ingest.ingest_files(con, [path], "Bench City", user="benchmark")
    seconds = time.perf_counter() - started
    assert outcome.status == "committed", [p.code for p in outcome.problems][:5]
    con.close()
    return {"seconds": seconds}


def indicators_once(target: str) -> dict:
    from indicators import store
    from indicators.measure import compute

    con = store.open_database(target, read_only=True)
    started = time.perf_counter()
    values = compute.compute_values(con, indicator_steps.CITY, by=("year", "district"))
    return {"seconds": time.perf_counter() - started, "rows": len(values)}


def move(source: str, target: str) -> dict:
    from indicators import store
    from indicators.store.moving import move_record

    started = time.perf_counter()
    rows = move_record(store.open_database(source, read_only=True), store.open_database(target))
    return {"seconds": time.perf_counter() - started, "rows": sum(rows.values())}


def writer(target: str, office: int, uploads: int, folder: str) -> tuple[int, float, float]:
    """One process committing `uploads` small uploads of its own, as an office would; returns how many
    committed and the wall-clock moments its first began and its last ended (after a dry run that loads
    the reading's dictionaries, so that the interpreter's start-up is not counted)."""
    sys.path.insert(0, str(PROJECT / "tests"))
    from test_lake import office_file

    from indicators import ingest, store

    con = store.open_database(target)
    ingest.ingest_files(con, [office_file(Path(folder), office % 8)], "Warm-up", dry_run=True)
    done, began = 0, time.time()
    for number in range(uploads):
        place = Path(folder) / f"w{office}_{number}"
        place.mkdir(parents=True, exist_ok=True)
        file = office_file(place, office % 8)  # the same file may come again: each upload is a city of its own
        outcome = ingest.ingest_files(con, [file], f"City {office} {number}", user="benchmark")
        done += outcome.status == "committed"
    ended = time.time()
    con.close()
    return done, began, ended


def writers_at_once(target: str, count: int, uploads: int, folder: Path) -> dict:
    from indicators import store

    store.open_database(target).close()
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn")) as pool:
        runs = list(pool.map(writer, [target] * count, range(count), [uploads] * count, [str(folder)] * count))
    done = sum(r[0] for r in runs)
    seconds = max(r[2] for r in runs) - min(r[1] for r in runs)  # from the first upload begun to the last ended
    return {"seconds": seconds, "uploads": done, "per_second": done / seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lake_steps", description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=HERE / "work" / "lake")
    parser.add_argument("--ingest-rows", type=int, default=200_000)
    parser.add_argument("--indicator-rows", type=int, default=1_000_000)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--uploads", type=int, default=4, help="uploads per writer")
    parser.add_argument("--results", type=Path, default=HERE / "LAKE.md")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(PROJECT / "tests"))
    from postgres_cluster import Cluster

    args.work.mkdir(parents=True, exist_ok=True)
    os.environ["LEARNING_CITY_DATA_PATH"] = f"{args.work / 'data'}/"
    cluster = Cluster()
    try:
        rows = []
        csv = args.work / f"activities_{args.ingest_rows}.csv"
        if not csv.exists():
            generate.write_csv(csv, args.ingest_rows)
        file_db = args.work / "ingest.duckdb"
        runs = {"file": [], "lake": []}
        for repeat in range(3):
            file_db.unlink(missing_ok=True)
            runs["file"].append(run_alone(ingest_once, str(csv), str(file_db))["seconds"])
            runs["lake"].append(run_alone(ingest_once, str(csv), cluster.target(f"ingest{repeat}"))["seconds"])
        rows.append((f"ingest {args.ingest_rows:,}-row CSV (median of 3)", statistics.median(runs["file"]),
                     statistics.median(runs["lake"])))
        print(rows[-1], flush=True)

        indicator_db = str(args.work / "indicators.duckdb")
        run_alone(indicator_steps.build_database, indicator_db, args.indicator_rows)
        lake = cluster.target("indicators")
        moved = run_alone(move, indicator_db, lake)
        file_times = [run_alone(indicators_once, indicator_db)["seconds"] for _ in range(3)]
        lake_times = [run_alone(indicators_once, lake)["seconds"] for _ in range(3)]
        rows.append((f"all indicators, every year and district, {args.indicator_rows:,} activities (median of 3)",
                     statistics.median(file_times), statistics.median(lake_times)))
        print(rows[-1], flush=True)
        Path(indicator_db).unlink(missing_ok=True)

        total = args.writers * args.uploads
        lake_many = writers_at_once(cluster.target("writers"), args.writers, args.uploads, args.work / "w_many")
        lake_one = writers_at_once(cluster.target("writer"), 1, total, args.work / "w_one")
        file_target = args.work / "writers.duckdb"
        file_target.unlink(missing_ok=True)
        file_one = writers_at_once(str(file_target), 1, total, args.work / "w_file")
        print(lake_many, lake_one, file_one, flush=True)
    finally:
        cluster.stop()
    _write(args, rows, moved, lake_many, lake_one, file_one)
    return 0


def _write(args, rows, moved, lake_many, lake_one, file_one) -> None:
    lines = ["# The lake against the file", "",
             f"`python -m benchmarks.lake_steps` on {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. PostgreSQL is a local throwaway "
             "cluster (tests/postgres_cluster.py, fsync off); the Parquet files are on the local disk. A network "
             f"adds its round trips to every catalog query. Load average at the end: {os.getloadavg()[0]:.1f} "
             "(a shared machine: compare the two stores within one run, not across runs).", "",
             "| step | file (s) | lake (s) | lake ÷ file |", "|---|---|---|---|"]
    lines += [f"| {name} | {file:.2f} | {lake:.2f} | {lake / file:.1f}× |" for name, file, lake in rows]
    lines += ["", f"Moving the {args.indicator_rows:,}-activity record to the lake (`migrate --to`): "
                  f"{moved['seconds']:.1f} s for {moved['rows']:,} rows.", "",
              "| writers | uploads | seconds | uploads per second |", "|---|---|---|---|",
              f"| lake, {args.writers} processes at once | {lake_many['uploads']} | {lake_many['seconds']:.1f} | "
              f"{lake_many['per_second']:.2f} |",
              f"| lake, 1 process | {lake_one['uploads']} | {lake_one['seconds']:.1f} | {lake_one['per_second']:.2f} |",
              f"| file, 1 process (the only writer a file allows) | {file_one['uploads']} | {file_one['seconds']:.1f} | "
              f"{file_one['per_second']:.2f} |", ""]
    args.results.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
