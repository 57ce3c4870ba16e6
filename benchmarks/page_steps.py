"""Each dashboard page's server time on the large indicator database, cold and warm, in AppTest.

One spawned process per page, so every page starts cold: empty Streamlit caches, the database not yet
opened. *cold* = the first run of the page (dashboard.py → navigation → the page, as a visitor arriving
on it); *warm* = the median of the next runs of the same page in new sessions of the same process (the
caches of the first run are kept, as on a server that has been up a while). Time is `AppTest.run()`:
the whole script run on the server side, without the browser's drawing. Write pages (upload, rules,
evidence, history) are timed as a visitor who is not signed in sees them.

Before the cold run, a one-line script is run once: the server's own start-up (Streamlit scanning every
installed package for components, ~0.4–0.6 s here) happens when `streamlit run` starts, before any
visitor arrives, but AppTest does it on its first run. Nothing of ours is imported or cached by it.
AppTest would scan again for every new AppTest (every new session); a server scans once, so the
component registry of that first run is handed to each later run (AppTest's `_bidi_component_manager`).
"""
from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from benchmarks.ingest_steps import peak_rss_mb

PROJECT = Path(__file__).resolve().parents[1]
WARM_RUNS = 3


def page_paths() -> list[str]:
    import ast

    tree = ast.parse((PROJECT / "dashboard.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "PAGES":
            return [entry[0] for entry in ast.literal_eval(node.value)]
    raise RuntimeError("dashboard.py has no PAGES list")


def time_page(db_path: str, page: str, lang: str = "th") -> dict:
    """Run `page` cold once, then warm WARM_RUNS times; seconds and the process's peak memory."""
    from streamlit.testing.v1 import AppTest

    os.environ["LEARNING_CITY_DB"] = db_path

    def run_once() -> tuple[float, list[str]]:
        at = AppTest.from_file(str(PROJECT / "dashboard.py"), default_timeout=600)
        at._bidi_component_manager = started_server._bidi_component_manager  # scanned once, as by a server
        at.session_state["lang"] = lang
        if page != page_paths()[0]:
            at.switch_page(page)
        started = time.perf_counter()
        at.run()
        seconds = time.perf_counter() - started
        return seconds, [e.value for e in at.exception] + [e.value for e in at.error]

    started_server = AppTest.from_string("import streamlit as st\nst.write('started')")
    started_server.run()  # the server's start-up
    cold, problems = run_once()
    warm = [run_once()[0] for _ in range(WARM_RUNS)]
    return {"page": page, "cold": cold, "warm": statistics.median(warm), "warm_runs": warm,
            "problems": [str(p)[:200] for p in problems], "peak_mb": peak_rss_mb()}
