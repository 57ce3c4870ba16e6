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
PAGES = ["overview", "key-features", "districts", "data-quality", "cities", "methodology", "present", "upload",
         "rules", "evidence", "history"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

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


def settle(page) -> None:
    """Wait until the script has finished running and the page has drawn."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_in_a_real_browser(server, lang):
    SCREENSHOTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1600, "height": 2600})
        external = []
        page.on("request", lambda r: external.append(r.url) if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
        page.goto(server)
        settle(page)
        if lang == "en":
            page.get_by_text("English", exact=True).click()
            settle(page)
        for index, slug in enumerate(PAGES):  # through the sidebar, as a user does (keeps the language)
            page.locator('[data-testid="stSidebarNavLink"]').nth(index).click()
            page.wait_for_url(server + "/" if index == 0 else f"{server}/{slug}", timeout=30_000)
            settle(page)
            title = "Learning City Dashboard" if lang == "en" else "แดชบอร์ดเมืองแห่งการเรียนรู้"
            assert page.get_by_role("heading", name=title).count() == 1, slug
            assert page.locator('[data-testid="stException"]').count() == 0, slug
            assert page.locator('[data-testid="stAlertContentError"]').count() == 0, slug
            page.screenshot(path=str(SCREENSHOTS / f"{lang}-{slug}.png"), full_page=True)
        browser.close()
    assert external == [], f"the app loaded something from the internet: {external[:5]}"
    assert all((SCREENSHOTS / f"{lang}-{slug}.png").exists() for slug in PAGES)


def test_a_researcher_uploads_through_the_real_file_picker(server, tmp_path):
    SCREENSHOTS.mkdir(exist_ok=True)
    workbook = thai_activities_workbook(tmp_path / "activities_2567.xlsx")
    with playwright.sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1600, "height": 2600})
        page.goto(server + "/upload")
        settle(page)
        page.get_by_label("ชื่อผู้ใช้ / User name").fill("rita")
        page.get_by_label("รหัสผ่าน / Password").fill("password-123")
        page.get_by_role("button", name="เข้าสู่ระบบ / Sign in").click()
        settle(page)
        # Into a new city: the server's sample city must keep its figures for the other browser tests.
        page.get_by_label("เมือง", exact=True).click()
        page.get_by_role("option", name="+ เมืองใหม่").click()
        settle(page)
        page.get_by_label("ชื่อเมืองใหม่").fill("เมืองทดสอบเบราว์เซอร์")
        page.get_by_label("ชื่อเมืองใหม่").press("Enter")
        settle(page)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(workbook))
        page.get_by_text("6. บันทึก").wait_for(timeout=90_000)
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(SCREENSHOTS / "flow-upload-preview.png"), full_page=True)
        page.get_by_role("button", name="บันทึกเข้าฐานข้อมูล").click()
        page.get_by_text("บันทึกแล้ว (การอัปโหลดหมายเลข").wait_for(timeout=90_000)
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
    assert [r[t("col_year_shown", "th")] for r in rows] == plotted["x"]  # years as shown (พ.ศ.)
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
