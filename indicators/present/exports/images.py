"""Chart images (PNG/SVG) and a PDF of the HTML report — only where a Chromium is installed.

Both need a browser engine: kaleido (>= 1) drives a Chrome/Chromium through choreographer to draw a
Plotly figure, and Chromium's own --print-to-pdf prints the standalone report once its charts have
drawn. Debian's `chromium` works for both (and `fonts-thai-tlwg` gives it Thai glyphs); nothing is ever
downloaded. Where either is missing, the functions raise a LearningCityError saying, in Thai and
English, what to install — the pages show that message, and Plotly's camera button still works.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import plotly.graph_objects as go

from indicators.base.errors import LearningCityError

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PDF_TIMEOUT_S = 180
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def find_chromium() -> str | None:
    """The browser to use: $BROWSER_PATH (kaleido's own setting) or the first Chromium on PATH."""
    chosen = os.environ.get("BROWSER_PATH")
    if chosen and Path(chosen).exists():
        return chosen
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _no_chromium() -> LearningCityError:
    return LearningCityError(
        "Chart images and the PDF need a Chromium browser, which is not installed here. Install it "
        "(Debian/Ubuntu: sudo apt-get install chromium fonts-thai-tlwg), or use the HTML report and the "
        "camera button on each chart instead.",
        "การสร้างภาพกราฟและไฟล์ PDF ต้องใช้เบราว์เซอร์ Chromium ซึ่งยังไม่ได้ติดตั้งในเครื่องนี้ กรุณาติดตั้ง "
        "(Debian/Ubuntu: sudo apt-get install chromium fonts-thai-tlwg) หรือใช้รายงาน HTML และปุ่มกล้องบนกราฟแทน",
        code="no_chromium")


def chromium_or_error() -> str:
    browser = find_chromium()
    if browser is None:
        raise _no_chromium()
    return browser


def images_available() -> bool:
    """True when kaleido and a Chromium are both installed (the pages offer image buttons then)."""
    # Only looked up, not imported: importing kaleido takes a quarter of a second, paid when drawing.
    return importlib.util.find_spec("kaleido") is not None and find_chromium() is not None


def figure_image(figure: go.Figure, image_format: str = "png", width: int = 1200, height: int | None = None,
                 scale: float = 1.0) -> bytes:
    """A Plotly figure as PNG, SVG or PDF bytes, drawn by kaleido with the local Chromium."""
    if image_format not in IMAGE_FORMATS:
        raise ValueError(f"image_format must be one of {', '.join(IMAGE_FORMATS)}")
    try:
        import kaleido  # noqa: F401
    except ImportError:
        raise LearningCityError(
            "Chart images need the Python package kaleido (pip install kaleido) and a Chromium browser.",
            "การสร้างภาพกราฟต้องใช้แพ็กเกจ Python ชื่อ kaleido (pip install kaleido) และเบราว์เซอร์ Chromium",
            code="no_kaleido") from None
    os.environ.setdefault("BROWSER_PATH", chromium_or_error())  # kaleido's choreographer reads it
    try:
        return figure.to_image(format=image_format, width=width, height=height or figure.layout.height or 500,
                               scale=scale)
    except Exception as error:  # kaleido reports a missing or broken browser in several ways
        raise LearningCityError(
            f"The chart image could not be drawn with the installed Chromium: {error}",
            f"สร้างภาพกราฟด้วย Chromium ที่ติดตั้งไว้ไม่สำเร็จ: {error}", code="image_failed") from error


def report_pdf(report_html: str) -> bytes:
    """The standalone report printed to PDF by headless Chromium, after its charts have drawn."""
    browser = chromium_or_error()
    with tempfile.TemporaryDirectory(prefix="learning-city-pdf-") as folder:
        source, target = Path(folder) / "report.html", Path(folder) / "report.pdf"
        source.write_text(report_html, encoding="utf-8")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   "--disable-background-networking", "--no-first-run", f"--user-data-dir={Path(folder) / 'profile'}",
                   "--virtual-time-budget=30000", f"--print-to-pdf={target}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PDF_TIMEOUT_S)
        except subprocess.TimeoutExpired as error:
            raise LearningCityError("Chromium took too long to print the report.",
                                    "Chromium ใช้เวลานานเกินไปในการพิมพ์รายงาน", code="pdf_failed") from error
        if not target.exists() or target.stat().st_size == 0:
            raise LearningCityError(f"Chromium could not print the report: {done.stderr[-500:]}",
                                    f"Chromium พิมพ์รายงานไม่สำเร็จ: {done.stderr[-500:]}", code="pdf_failed")
        return target.read_bytes()
