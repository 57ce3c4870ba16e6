"""python -m benchmarks [--sizes 10000,100000,200000,1000000] [--quick]

Generates the registers, measures ours / naive / floor side by side in one run (each measurement in its
own spawned process, so its peak memory is its own), then all indicators on a large database against a
pandas groupby, then every page on that database (AppTest, cold and warm), prints the table and writes
RESULTS.md.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks import generate, indicator_steps, ingest_steps, page_steps
from benchmarks.report import render_results, render_table

HERE = Path(__file__).parent


def run_alone(function, *args) -> dict:
    """Run one measurement in a fresh spawned process (clean memory high-water mark)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def median_of(function, args: tuple, repeats: int) -> dict:
    runs = [run_alone(function, *args) for _ in range(repeats)]
    result = dict(runs[len(runs) // 2] if repeats % 2 else runs[0])
    for key in ("seconds", "cpu_seconds", "read_seconds", "clean_seconds", "insert_seconds", "fetch_seconds"):
        if key in runs[0]:
            result[key] = statistics.median(r[key] for r in runs)
    result["peak_mb"] = max(r["peak_mb"] for r in runs)
    result["repeats"] = repeats
    return result


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[2])
    parser.add_argument("--sizes", default="10000,100000,200000,1000000",
                        help="rows per register, comma-separated (default: %(default)s)")
    parser.add_argument("--quick", action="store_true", help="one repeat of everything")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="where workbooks and databases go")
    parser.add_argument("--results", type=Path, default=HERE / "RESULTS.md", help="where to write the results")
    parser.add_argument("--indicator-rows", type=int, default=None,
                        help="activities in the indicator database (default 1,000,000; with --quick the largest size)")
    parser.add_argument("--national-rows", type=int, default=None,
                        help="activities in a second, national-network database timed with ours alone "
                             "(default 10,000,000; 0 or --quick: not measured)")
    parser.add_argument("--naive-xlsx-max", type=int, default=200_000,
                        help="largest xlsx the naive openpyxl baseline reads; above it the baseline is estimated "
                             "linearly from the largest measured size (default: %(default)s)")
    parser.add_argument("--merge", action="store_true",
                        help="keep the rows of the last results.json whose size and format this run does not measure")
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: rewrite RESULTS.md from the last run's results.json in --work")
    parser.add_argument("--xlsx-max", type=int, default=1_048_572,
                        help="largest register also written as xlsx (an xlsx sheet holds 1,048,576 rows)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    indicator_rows = args.indicator_rows or (max(sizes) if args.quick else 1_000_000)
    args.work.mkdir(parents=True, exist_ok=True)
    raw = args.work / "results.json"
    if args.render_only:
        saved = json.loads(raw.read_text(encoding="utf-8"))
        args.quick, args.sizes = saved["quick"], saved["sizes"]
        return _write(saved["rows"], saved["indicators"], args, saved["started"], saved["finished"])
    started, load_at_start = time.time(), os.getloadavg()[0]
    rows: list[dict] = []
    for size in sizes:
        repeats = 1 if args.quick or size >= 200_000 else 3
        formats = ["xlsx", "csv"] if size <= args.xlsx_max else ["csv"]
        for file_format in formats:
            path = args.work / f"activities_{size}.{file_format}"
            began = time.perf_counter()
            if not path.exists():
                (generate.write_xlsx if file_format == "xlsx" else generate.write_csv)(path, size)
                print(f"generated {path.name} in {time.perf_counter() - began:.1f} s", flush=True)
            db = str(args.work / f"bench_{size}_{file_format}.duckdb")
            ours = median_of(ingest_steps.ours, (str(path), db), repeats)
            floor = median_of(ingest_steps.floor, (str(path),), repeats)
            if file_format == "xlsx" and size > args.naive_xlsx_max:
                naive = _estimate_naive(rows, size)
            else:
                naive = median_of(ingest_steps.naive, (str(path), db, size >= 100_000), repeats)
            row = {"size": size, "format": file_format, "repeats": repeats, "ours": ours, "naive": naive,
                   "floor": floor, "file_mb": path.stat().st_size / 1e6}
            rows.append(row)
            if "error" in ours:
                print(f"ours failed on {path.name}: {ours['error']}", flush=True)
            print(render_table([row], header=not rows[:-1]), flush=True)
    print(f"building the {indicator_rows:,}-activity indicator database …", flush=True)
    indicator_db = str(args.work / f"indicators_{indicator_rows}.duckdb")
    build = run_alone(indicator_steps.build_database, indicator_db, indicator_rows)
    indicator_repeats = 1 if args.quick else 3
    indicators = {"activities": indicator_rows, "build": build,
                  "ours": median_of(indicator_steps.ours, (indicator_db,), indicator_repeats),
                  "pandas": median_of(indicator_steps.baseline, (indicator_db,), indicator_repeats)}
    national_rows = 0 if args.quick and args.national_rows is None else (args.national_rows or 10_000_000)
    if args.national_rows == 0:
        national_rows = 0
    if national_rows:
        print(f"building the {national_rows:,}-activity national database …", flush=True)
        national_db = str(args.work / f"indicators_{national_rows}.duckdb")
        national_build = run_alone(indicator_steps.build_database, national_db, national_rows)
        indicators["national"] = {"activities": national_rows, "build": national_build,
                                  "ours": median_of(indicator_steps.ours, (national_db,), indicator_repeats)}
        Path(national_db).unlink(missing_ok=True)
    print("timing every page on it (AppTest, cold and warm) …", flush=True)
    indicators["pages"] = [run_alone(page_steps.time_page, indicator_db, page) for page in page_steps.page_paths()]
    Path(indicator_db).unlink(missing_ok=True)
    finished = time.time()
    indicators["load_average"] = {"start": load_at_start, "end": os.getloadavg()[0]}
    if args.merge and raw.exists():
        saved = json.loads(raw.read_text(encoding="utf-8"))
        measured = {(r["size"], r["format"]) for r in rows}
        rows = sorted([r for r in saved["rows"] if (r["size"], r["format"]) not in measured] + rows,
                      key=lambda r: (r["size"], r["format"] != "xlsx"))
        started = min(started, saved["started"])
        args.sizes = ",".join(str(s) for s in sorted({r["size"] for r in rows}))
    raw.write_text(json.dumps({"rows": rows, "indicators": indicators, "quick": args.quick, "sizes": args.sizes,
                               "started": started, "finished": finished}, indent=1), encoding="utf-8")
    return _write(rows, indicators, args, started, finished)


def _write(rows: list[dict], indicators: dict, args: argparse.Namespace, started: float, finished: float) -> int:
    text = render_results(rows, indicators, args, started, finished)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(text, encoding="utf-8")
    print(render_table(rows))
    print(f"wrote {args.results}")
    return 0


def _estimate_naive(rows: list[dict], size: int) -> dict:
    measured = [r for r in rows if r["format"] == "xlsx" and not r["naive"].get("estimated")]
    if not measured:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "estimated": True, "rows": size}
    largest = max(measured, key=lambda r: r["size"])
    scale = size / largest["size"]
    return {"seconds": largest["naive"]["seconds"] * scale, "peak_mb": float("nan"), "estimated": True,
            "estimated_from": largest["size"], "insert_extrapolated": True, "rows": size}


if __name__ == "__main__":
    sys.exit(main())
