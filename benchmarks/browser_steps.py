"""What a visitor waits for in a real browser: a cold server, a new session on a warm server, page switches.

`python -m benchmarks.browser_steps [--db PATH] [--runs 3] [--results benchmarks/BROWSER.md]`

One run measures, side by side, the dashboard and a baseline — a one-chart Streamlit app
(benchmarks/baseline_app.py: Streamlit's own floor for "a page with a Plotly figure") — each on its own
freshly started server, with Debian's chromium through Playwright:

- *cold server*: the first visit after the server is up (empty caches, the database not yet opened);
- *warm server, new session*: a new browser context (a new visitor: no cookies, no browser cache) once
  the server has served a visit — the median of `--runs`;
- *page switch*: in one session, a click on each page of the menu (median and slowest).

Each visit is timed from the start of the navigation to the first chart put into the page (a Plotly
figure, or the Overview's framework emblem and small trends, which are HTML), and to the script having
finished (`data-test-script-state="notRunning"`). Times on a shared machine vary: compare
the ratio to the baseline in the same run, not figures across runs. Nothing here is a test: the suite
has no timed tests, the figures live in the results file.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent
# The first chart of any kind: a Plotly figure, or the Overview's framework emblem and small trends (HTML)
FIRST_FIGURE = ".js-plotly-plot .main-svg, figure.emblem, .sparklines img"
# Notes in the page itself when the first figure is put into it (the browser's own clock from the start of
# the navigation): Playwright's polling would see it only once the page's main thread is free again.
OBSERVER = """
const FIRST_FIGURE = '""" + FIRST_FIGURE + """';
window.__runsDone = 0;
new MutationObserver(() => {
  if (!window.__firstFigure && document.querySelector(FIRST_FIGURE)) {
    window.__firstFigure = performance.now();
  }
}).observe(document, {childList: true, subtree: true});
// each script run that ends: the app's state attribute turning to notRunning (page switches wait for one)
new MutationObserver((records) => {
  for (const r of records) {
    if (r.attributeName === 'data-test-script-state' && r.target.dataset.testScriptState === 'notRunning') {
      window.__runsDone += 1;
    }
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(project: Path, script: str, database: str):
    """A `streamlit run` of `script` in `project` on a free port, up (health answered) when the block starts."""
    port = _free_port()
    env = dict(os.environ, LEARNING_CITY_DB=database)
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                                "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                               cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    try:
        while time.perf_counter() - started < 120:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        yield url, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)


def _visit(page, url: str) -> dict:
    """Seconds from the navigation's start to the first figure drawn (the page's clock) and to the
    script being idle (seen by Playwright)."""
    began = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(FIRST_FIGURE, timeout=180_000)
    page.wait_for_selector(IDLE, timeout=180_000)
    idle = time.perf_counter() - began
    figure = page.evaluate("() => window.__firstFigure / 1000")
    return {"first_figure": figure, "idle": idle}


def _new_context(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(OBSERVER)
    return context


def measure_app(browser, project: Path, script: str, database: str, runs: int, switch_pages: bool) -> dict:
    """Cold visit; `runs` new sessions on the warm server, each in a new tab of the same browser (its
    cache kept, as a visitor opening the dashboard again) and in a new browser context (a first-time
    visitor: empty cache); and (for the dashboard) every page switch in one session."""
    with server(project, script, database) as (url, startup):
        context = _new_context(browser)
        page = context.new_page()
        cold = _visit(page, url)
        switches = []
        if switch_pages:
            links = page.locator('[data-testid="stSidebarNavLink"]')
            for index in [*range(1, links.count()), 0]:
                link = links.nth(index)
                name = link.inner_text()
                page.wait_for_selector(IDLE, timeout=180_000)
                runs_before = page.evaluate("() => window.__runsDone")
                began = time.perf_counter()
                link.click()
                try:
                    page.wait_for_function(f"() => window.__runsDone > {runs_before}", timeout=60_000)
                except Exception:  # the click was lost (the menu moved under it): noted, not timed
                    switches.append({"page": name, "idle": float("nan")})
                    continue
                switches.append({"page": name, "idle": time.perf_counter() - began})
        tabs = []
        for _ in range(runs):
            tab = context.new_page()
            tabs.append(_visit(tab, url))
            tab.close()
        context.close()
        visitors = []
        for _ in range(runs):
            fresh = _new_context(browser)
            visitors.append(_visit(fresh.new_page(), url))
            fresh.close()
    return {"startup": startup, "cold": cold, "tabs": tabs, "visitors": visitors, "switches": switches,
            "tab_first_figure": statistics.median(s["first_figure"] for s in tabs),
            "tab_idle": statistics.median(s["idle"] for s in tabs),
            "visitor_first_figure": statistics.median(s["first_figure"] for s in visitors),
            "visitor_idle": statistics.median(s["idle"] for s in visitors)}


def _sample_database(path: Path) -> str:
    """A database holding the sample city, made before any server starts: a cold server is then timed
    opening data, not loading the sample (which only an empty database's first visit does)."""
    from indicators.ingest.sample import load_sample_if_empty
    from indicators.store import open_database

    con = open_database(path)
    load_sample_if_empty(con)
    con.close()
    return str(path)


def run(database: str | None, runs: int, compare: Path | None = None) -> dict:
    """The baseline, ours and (with `compare`, another checkout such as main) that dashboard, one after
    the other in one browser, each on its own server over a copy of the same database."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    found = {"runs": runs, "database": database or "the sample city"}
    with tempfile.TemporaryDirectory(prefix="browser-bench-") as folder, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)

        source = database or _sample_database(Path(folder) / "sample.duckdb")

        def copy_of_database(name: str) -> str:
            """Each app its own copy (a server holds its database open for writing)."""
            target = Path(folder) / f"{name}.duckdb"
            shutil.copyfile(source, target)
            return str(target)

        found["baseline"] = measure_app(browser, PROJECT, "benchmarks/baseline_app.py", copy_of_database("b"), runs,
                                        switch_pages=False)
        found["ours"] = measure_app(browser, PROJECT, "dashboard.py", copy_of_database("ours"), runs, switch_pages=True)
        if compare:
            found["compared"] = measure_app(browser, compare, "dashboard.py", copy_of_database("c"), runs,
                                            switch_pages=True)
            found["compared_with"] = str(compare)
        browser.close()
    return found


STEPS = [("server start (health answers)", lambda r: r["startup"]),
         ("cold server: first figure", lambda r: r["cold"]["first_figure"]),
         ("cold server: script finished", lambda r: r["cold"]["idle"]),
         ("warm server, new session in a new tab: first figure", lambda r: r["tab_first_figure"]),
         ("warm server, new session in a new tab: script finished", lambda r: r["tab_idle"]),
         ("warm server, first-time visitor (empty cache): first figure", lambda r: r["visitor_first_figure"]),
         ("warm server, first-time visitor (empty cache): script finished", lambda r: r["visitor_idle"])]


def render(result: dict, started: float, arguments: str) -> str:
    ours, base, other = result["ours"], result["baseline"], result.get("compared")
    head = "| step | ours s | baseline s | ours / baseline |" + (" compared s | compared / ours |" if other else "")
    rows = []
    for name, pick in STEPS:
        line = f"| {name} | {pick(ours):.2f} | {pick(base):.2f} | {pick(ours) / pick(base):.1f}× |"
        if other:
            line += f" {pick(other):.2f} | {pick(other) / pick(ours):.1f}× |"
        rows.append(line)
    switches = {s["page"]: s["idle"] for s in ours["switches"]}
    before = {s["page"]: s["idle"] for s in other["switches"]} if other else {}
    lines = [
        "# Browser timings (issue 18)", "",
        f"Run {datetime.fromtimestamp(started, UTC):%Y-%m-%d %H:%M} UTC with "
        f"`python -m benchmarks.browser_steps {arguments}`; {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; database: {result['database']}.", "",
        "Seconds in Debian's chromium (Playwright) at 1,400 px. *first figure* = from the start of the navigation "
        "to the first Plotly figure put into the page (the page's own clock); *script finished* = until "
        "Streamlit reports the run done. *baseline* = a one-chart Streamlit app on its own server "
        "(benchmarks/baseline_app.py): the floor Streamlit itself sets on this machine. Warm = median of "
        f"{result['runs']} visits once the server has served one"
        + (f"; *compared* = the dashboard of `{result['compared_with']}`, measured in the same run" if other else "")
        + ". Compare ratios within the run; the machine is shared.", "",
        head, "|---|---|---|---|" + ("---|---|" if other else ""), *rows, "",
        f"New session on a warm server (new tab), first figure: **{ours['tab_first_figure']:.2f} s** "
        f"(target < 2 s: {'met' if ours['tab_first_figure'] < 2 else 'missed'}; runs "
        + ", ".join(f"{s['first_figure']:.2f}" for s in ours["tabs"]) + " s); a first-time visitor: "
        f"{ours['visitor_first_figure']:.2f} s (baseline {base['visitor_first_figure']:.2f} s).", "",
        "## Page switches (one session, each page of the menu in turn, then back to the first)", "",
        "| page | script finished s |" + (" compared s |" if other else ""), "|---|---|" + ("---|" if other else ""),
        *[f"| {page} | {seconds:.2f} |" + (f" {before.get(page, float('nan')):.2f} |" if other else "")
          for page, seconds in switches.items()], "",
    ]
    timed = [seconds for seconds in switches.values() if seconds == seconds]
    if timed:
        lines.append(f"Median {statistics.median(timed):.2f} s, slowest {max(timed):.2f} s"
                     + ("" if len(timed) == len(switches) else f"; {len(switches) - len(timed)} click(s) lost, not timed")
                     + ".")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser_steps", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to serve (default: a fresh one holding the sample city)")
    parser.add_argument("--runs", type=int, default=3, help="new sessions on the warm server (default 3)")
    parser.add_argument("--results", type=Path, default=HERE / "BROWSER.md")
    parser.add_argument("--compare", type=Path, help="another checkout of the project (e.g. main) to measure too")
    args = parser.parse_args(argv)
    started = time.time()
    result = run(args.db, args.runs, args.compare)
    text = render(result, started, " ".join(argv if argv is not None else sys.argv[1:]))
    args.results.write_text(text, encoding="utf-8")
    raw = HERE / "work" / "browser.json"  # every visit's figures, beside the other runs' raw results
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
