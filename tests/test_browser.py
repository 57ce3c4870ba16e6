"""A real browser (Debian's chromium through Playwright) opens the app, visits every page in Thai and
English, fails on any Streamlit exception element, and saves a screenshot of each page to
tests/screenshots/ for people to look at. Skipped when chromium or playwright is not installed."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import PROJECT, thai_activities_workbook

SCREENSHOTS = PROJECT / "tests" / "screenshots"
PAGES = ["overview", "key-features", "districts", "map", "index", "scorecard", "data-quality", "cities", "methodology",
         "indicator", "present", "upload", "rules", "evidence", "history"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SAMPLE = "Sample Learning City"

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, deadline_s: float = 90) -> None:
    """Poll the health endpoint (bounded): the server answers once it is up."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError("streamlit did not start")


@contextlib.contextmanager
def streamlit_server(database: Path):
    port = free_port()
    env = dict(os.environ, LEARNING_CITY_DB=str(database))
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    database = tmp_path_factory.mktemp("browser") / "sample.duckdb"
    from indicators import store
    from indicators.store import accounts

    con = store.open_database(database)
    accounts.add_user(con, "rita", "researcher", "password-123")
    con.close()
    with streamlit_server(database) as url:
        yield url


def launch(p):
    return p.chromium.launch(executable_path=CHROMIUM, args=[
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"])


RUN_COUNTER = """
window.__runsDone = 0;
new MutationObserver((records) => {
  for (const r of records) {
    if (r.target.dataset && r.target.dataset.testScriptState === 'notRunning') { window.__runsDone += 1; }
  }
}).observe(document, {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""


def after_rerun(page, action) -> None:
    """Do `action` and wait until the script run it starts has finished (not merely until the app is
    idle, which it may still be before the run begins)."""
    before = page.evaluate("() => window.__runsDone")
    action()
    page.wait_for_function(f"() => window.__runsDone > {before}", timeout=90_000)
    settle(page)


def settle(page) -> None:
    """Wait until the script has finished running and the page has drawn."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)
    page.wait_for_load_state("networkidle")


RAW_CELL = ("None", "nan", "NaN", "<NA>", "NaT")


def cells_shown(page) -> list[str]:
    """The text of every table cell on the page: plain tables (st.table) and the grids' accessible cells."""
    return page.locator('[data-testid="stTable"] td, [data-testid="stTable"] th, [role="gridcell"]').all_inner_texts()


def screenshot_whole(page, path: Path) -> None:
    """The whole page: Streamlit scrolls its main section, not the document, so the window is made as tall
    as the content for the picture (two animation frames let the charts take the new size)."""
    size = page.viewport_size
    height = page.evaluate("() => { const main = document.querySelector('[data-testid=\"stMain\"]');"
                           " return main ? main.scrollHeight : document.body.scrollHeight; }")
    page.set_viewport_size({"width": size["width"], "height": min(max(height + 40, size["height"]), 14_000)})
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def close_menu(page) -> None:
    """On a phone the open sidebar covers the page: fold it, as a visitor does after choosing."""
    if page.viewport_size["width"] >= 800:
        return
    collapse = page.locator('[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebarCollapseButton"]')
    if collapse.count() and collapse.first.is_visible():
        collapse.first.click()
        page.locator('[data-testid="stExpandSidebarButton"]').first.wait_for(state="visible", timeout=30_000)
        page.wait_for_function("() => document.querySelector('[data-testid=\"stSidebar\"]')"
                               ".getBoundingClientRect().right <= 1", timeout=30_000)  # slid away


def open_menu(page) -> None:
    """On a phone the sidebar is folded away: open it (as a visitor taps the arrow)."""
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    if expand.count() and expand.first.is_visible():
        expand.first.click()
        page.locator('[data-testid="stSidebarNavLink"]').first.wait_for(state="visible", timeout=30_000)


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_in_a_real_browser(server, lang, width):
    """Every page, through the menu as a visitor uses it, at a laptop's width and a phone's: no exception,
    no error, no raw value in a table cell; a screenshot of each for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": width, "height": 900 if width < 800 else 1000})
        external = []
        page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
        page.add_init_script(RUN_COUNTER)
        page.goto(server)
        settle(page)
        if lang == "en":
            open_menu(page)
            after_rerun(page, lambda: page.get_by_text("English", exact=True).click())
        for index, slug in enumerate(PAGES):  # through the sidebar, as a user does (keeps the language)
            open_menu(page)
            page.locator('[data-testid="stSidebarNavLink"]').nth(index).click()
            wanted = server + "/" if index == 0 else f"{server}/{slug}"
            # the address without its query: the indicator page names the indicator shown (?code=…)
            page.wait_for_url(lambda url, wanted=wanted: url.split("?")[0] == wanted, timeout=30_000)
            settle(page)
            title = "Learning City Dashboard" if lang == "en" else "แดชบอร์ดเมืองแห่งการเรียนรู้"
            assert page.get_by_role("heading", name=title).count() == 1, slug
            assert page.locator('[data-testid="stException"]').count() == 0, slug
            assert page.locator('[data-testid="stAlertContentError"]').count() == 0, slug
            raw = [c for c in cells_shown(page) if c.strip() in RAW_CELL]
            assert not raw, (slug, raw[:5])
            close_menu(page)
            screenshot_whole(page, SCREENSHOTS / f"{lang}-{width}-{slug}.png")
        browser.close()
    assert external == [], f"the app loaded something from the internet: {external[:5]}"
    assert all((SCREENSHOTS / f"{lang}-{width}-{slug}.png").exists() for slug in PAGES)


def upload_into_new_city(page, server: str, city: str) -> None:
    """The Upload page, signed in as the researcher rita, with a new city chosen. Each step waits for the
    run it starts: the idle state before a run has begun let a file be dropped while the city's run was
    still to come (one CI run timed out waiting for the preview)."""
    page.add_init_script(RUN_COUNTER)
    page.goto(server + "/upload")
    settle(page)
    page.get_by_label("ชื่อผู้ใช้ / User name").fill("rita")
    page.get_by_label("รหัสผ่าน / Password").fill("password-123")
    after_rerun(page, lambda: page.get_by_role("button", name="เข้าสู่ระบบ / Sign in").click())
    page.get_by_label("เมือง", exact=True).click()
    after_rerun(page, lambda: page.get_by_role("option", name="+ เมืองใหม่").click())
    page.get_by_label("ชื่อเมืองใหม่").fill(city)
    after_rerun(page, lambda: page.get_by_label("ชื่อเมืองใหม่").press("Enter"))


def wait_for_text(page, text: str, timeout_ms: int = 90_000) -> None:
    """Wait for `text`; on a timeout fail with what the page shows instead (CI keeps no screenshots)."""
    try:
        page.get_by_text(text).first.wait_for(timeout=timeout_ms)
    except playwright.TimeoutError:
        shown = page.locator('[data-testid="stMain"]').inner_text()
        pytest.fail(f"{text!r} not shown within {timeout_ms // 1000} s; the page ends:\n{shown[-2500:]}")


def drop_file(page, workbook: Path) -> None:
    """Give an empty file picker a file and wait until Streamlit shows it as received (a chip, its name
    shortened, with no spinner)."""
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
    page.locator('[data-testid="stFileChip"]').first.wait_for(timeout=60_000)
    page.locator('[data-testid="stFileChipIconSpinner"]').first.wait_for(state="detached", timeout=60_000)


def test_a_researcher_uploads_through_the_real_file_picker(server, tmp_path):
    SCREENSHOTS.mkdir(exist_ok=True)
    workbook = thai_activities_workbook(tmp_path / "activities_2567.xlsx")
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1600, "height": 2600})
        # Into a new city: the server's sample city must keep its figures for the other browser tests.
        upload_into_new_city(page, server, "เมืองทดสอบเบราว์เซอร์")
        drop_file(page, workbook)
        wait_for_text(page, "6. บันทึก")
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(SCREENSHOTS / "flow-upload-preview.png"), full_page=True)
        page.get_by_role("button", name="บันทึกเข้าฐานข้อมูล").click()
        wait_for_text(page, "บันทึกแล้ว (การอัปโหลดหมายเลข")
        settle(page)
        page.screenshot(path=str(SCREENSHOTS / "flow-upload-committed.png"), full_page=True)
        browser.close()


def test_present_mode_downloads_files(server, tmp_path):
    """Present mode in a real browser: the chart's data downloads as a UTF-8 CSV with BOM holding exactly the
    values the chart plots (the server's database may hold uploads by earlier tests, so the chart, not a
    fresh sample, is the reference; AppTest compares with the engine), and the HTML report (made when
    clicked) downloads and names the city."""
    import csv
    import io

    from indicators.ingest.sample import SAMPLE_CITY
    from indicators.present.i18n import t

    SCREENSHOTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1600, "height": 2000}, accept_downloads=True)
        external = []
        page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
        page.goto(server)  # through the sidebar, as a user does (a direct URL skips the frame's navigation)
        settle(page)
        page.locator('[data-testid="stSidebarNavLink"]').filter(has_text=t("page_present", "th")).click()
        page.wait_for_url(server + "/present", timeout=30_000)
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        # named "present-mode-…", not "th-…": the page test counts the th-*.png files
        page.screenshot(path=str(SCREENSHOTS / "present-mode-th.png"), full_page=True)
        # the script may have finished before Plotly has drawn: wait for the drawn chart, not for a time
        page.wait_for_function("() => { const plot = document.querySelector('.js-plotly-plot');"
                               " return !!(plot && plot._fullData && plot._fullData.length); }", timeout=30_000)
        plotted = page.evaluate("() => { const trace = document.querySelector('.js-plotly-plot')._fullData[0];"
                                " return {x: Array.from(trace.x), y: Array.from(trace.y)}; }")
        with page.expect_download(timeout=60_000) as chart_data:
            page.get_by_role("button", name=t("download_displayed_csv", "th")).click()
        data = Path(chart_data.value.path()).read_bytes()
        with page.expect_download(timeout=120_000) as report:
            page.get_by_role("button", name=t("export_html", "th")).click()
        report_text = Path(report.value.path()).read_text(encoding="utf-8")
        first = page.locator("h2").first.inner_text()
        page.locator("h2").first.click()  # focus the page, not a button, as a presenter's click does
        page.keyboard.press("ArrowRight")  # Streamlit's own button shortcut: no script from outside
        page.wait_for_function(f"document.querySelector('h2') && document.querySelector('h2').innerText !== {first!r}",
                               timeout=30_000)
        settle(page)
        second = page.locator("h2").first.inner_text()
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(f"document.querySelector('h2') && document.querySelector('h2').innerText === {first!r}",
                               timeout=30_000)
        browser.close()
    assert external == [], external[:5]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len({r[t("col_indicator_code", "th")] for r in rows}) == 1
    assert [int(r[t("col_year_shown", "th")]) for r in rows] == plotted["x"]  # years as shown (พ.ศ.), a numeric axis
    assert [float(r[t("value", "th")]) for r in rows] == plotted["y"]
    assert t("report_title", "th") in report_text and SAMPLE_CITY in report_text
    assert second != first


def test_html_report_opens_offline_in_a_browser(tmp_path):
    """The standalone report, opened from a file, draws its charts and asks the network for nothing."""
    from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
    from indicators.present.exports.context import make_context
    from indicators.present.exports.html_report import build_report
    from indicators.store import open_database

    con = open_database(tmp_path / "report.duckdb")
    load_sample_if_empty(con)
    report = tmp_path / "report.html"
    report.write_text(build_report(con, make_context(con, SAMPLE_CITY, lang="en", era="ce")), encoding="utf-8")
    con.close()
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        page.wait_for_load_state("networkidle")
        drawn = page.locator(".plotly-graph-div .main-svg").count()
        charts = page.locator(".plotly-graph-div").count()
        page.screenshot(path=str(SCREENSHOTS / "report-en-browser.png"))
        browser.close()
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    assert charts > 20 and drawn >= charts  # every chart drew (each has at least one svg layer)


def test_a_direct_link_on_a_fresh_server_gets_the_app_menu(tmp_path):
    """Streamlit runs pages/history.py on its own when a fresh server's first visit is a deep link;
    the page must hand over to dashboard.py (menu in the user's language, wide layout) and stay put."""
    from indicators.present.i18n import t

    with streamlit_server(tmp_path / "fresh.duckdb") as url, playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(url + "/history")
        settle(page)
        assert page.url == url + "/history"
        menu = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
        assert menu[0] == t("page_overview", "th") and t("page_history", "th") in menu
        assert page.get_by_role("heading", name=t("audit_log", "th")).count() == 1
        browser.close()


def slider_years(page) -> list[str]:
    return page.locator('[data-testid="stSidebar"] [data-testid="stSliderThumbValue"]').all_inner_texts()


def choose_sidebar_city(page, name: str) -> None:
    page.get_by_label("เมือง / City").click()
    after_rerun(page, lambda: page.get_by_role("option", name=name).click())


def upload_and_commit(page, workbook: Path) -> None:
    drop_file(page, workbook)
    wait_for_text(page, "6. บันทึก")
    settle(page)
    page.get_by_role("button", name="บันทึกเข้าฐานข้อมูล").click()
    wait_for_text(page, "บันทึกแล้ว (การอัปโหลดหมายเลข")
    settle(page)


def dated_rows(years: list[int]) -> list[tuple]:
    """Activity rows in the shared messy layout, one a month of each (BE) year."""
    return [(f"Y-{year}-{month}", f"อบรม {year} เดือน {month}", "อาชีพ", "เขตเหนือ", f"15/{month:02d}/{year}", 1, 2,
             5, 5, 10, "-") for year in years for month in range(1, 13)]


def test_the_year_range_follows_each_city_and_each_upload(server, tmp_path):
    """Switching from a city with 2565–2566 to one with 2563–2568 showed 2565–2566 still; an upload adding
    2567 did not widen the range. Each city's whole span, in the real sidebar."""
    first = thai_activities_workbook(tmp_path / "ทะเบียนกิจกรรม.xlsx", rows=dated_rows([2565, 2566]))
    more = thai_activities_workbook(tmp_path / "กิจกรรมเพิ่มเติม.xlsx", rows=dated_rows([2567]))
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        upload_into_new_city(page, server, "เมืองช่วงปี")  # it counts the runs (RUN_COUNTER)
        upload_and_commit(page, first)
        choose_sidebar_city(page, "เมืองช่วงปี")
        assert slider_years(page) == ["2565", "2566"]
        choose_sidebar_city(page, f"{SAMPLE} (ตัวอย่าง)")
        assert slider_years(page) == ["2563", "2568"]  # the sample's whole span, not the other city's
        assert page.get_by_text("ช่วงปีที่แสดง: 2563–2568").count() == 1
        choose_sidebar_city(page, "เมืองช่วงปี")
        assert slider_years(page) == ["2565", "2566"]
        upload_and_commit(page, more)  # the upload page takes the sidebar's city
        assert slider_years(page) == ["2565", "2567"]  # the upload's year is shown at once
        page.screenshot(path=str(SCREENSHOTS / "flow-years-after-upload.png"), full_page=True)
        browser.close()


def test_status_follows_the_years_chosen_on_the_slider(server, tmp_path):
    from indicators.ingest.sample import load_sample_if_empty
    from indicators.measure.definitions import load_indicators
    from indicators.measure.progress import progress_table
    from indicators.present.i18n import status_text
    from indicators.store import open_database

    con = open_database(tmp_path / "sample.duckdb")  # the server's sample, computed apart
    load_sample_if_empty(con)
    first = next(i for i in load_indicators() if "1.1" in i.areas)
    expected = progress_table(con, SAMPLE, years=(2024, 2025)).set_index("indicator").loc[first.code, "status"]
    whole = progress_table(con, SAMPLE).set_index("indicator").loc[first.code, "status"]
    con.close()
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.add_init_script(RUN_COUNTER)
        page.goto(server)
        settle(page)
        page.locator('[data-testid="stSidebarNavLink"]').nth(1).click()
        page.wait_for_url(f"{server}/key-features", timeout=30_000)
        settle(page)
        assert page.get_by_text(f"สถานะ 2563→2568: {status_text(whole, 'th')}").count() >= 1
        thumb = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input[type="range"]').first
        thumb.focus()
        for _ in range(4):  # 2563 → 2567, as a visitor does with the arrow key
            thumb.press("ArrowRight")
        page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stSliderThumbValue]')]"
                               ".map(e => e.innerText).join() === '2567,2568'", timeout=60_000)
        # The thumbs move before the run they start has drawn (each key press may start its own run),
        # so wait for the chosen years' status itself; a wrong status still fails when the wait runs out.
        page.get_by_text(f"สถานะ 2567→2568: {status_text(expected, 'th')}").first.wait_for(timeout=90_000)
        settle(page)
        assert page.get_by_text("ช่วงปีที่แสดง: 2567–2568").count() == 1
        page.screenshot(path=str(SCREENSHOTS / "flow-status-chosen-years.png"), full_page=False)
        browser.close()
