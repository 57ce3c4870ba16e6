"""Exports for presenters: data downloads (CSV/XLSX), a standalone HTML report, an editable PowerPoint
deck, the GNLC progress-report pack and, when a Chromium is installed, chart images and a PDF.

Plain Python over the engine (never streamlit), so the CLI, the pages and the tests make the same files.
Which file ending makes which export is one table, EXPORTERS: adding a kind of export is one entry.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from indicators.base.errors import LearningCityError


def _html(con, context) -> bytes:
    from indicators.present.exports.html_report import build_report

    return build_report(con, context).encode("utf-8")


def _pdf(con, context) -> bytes:
    from indicators.present.exports.html_report import build_report
    from indicators.present.exports.images import report_pdf

    return report_pdf(build_report(con, context, for_print=True))


def _pptx(con, context) -> bytes:
    from indicators.present.exports.pptx_deck import build_deck

    return build_deck(con, context)


def _gnlc_pack(con, context) -> bytes:
    from indicators.present.exports.gnlc_pack import build_pack

    return build_pack(con, context)


# File ending → the function that makes that export (imported when used: python-pptx and kaleido are
# heavy, and a page that never exports should not pay for them).
EXPORTERS: dict[str, Callable[[object, object], bytes]] = {
    ".html": _html, ".htm": _html, ".pdf": _pdf, ".pptx": _pptx, ".xlsx": _gnlc_pack}


class UnknownExport(LearningCityError):
    """An output file whose ending names no export: bad usage (exit 2), not an unreadable input."""

    exit_code = 2


def export_bytes(con, context, suffix: str) -> bytes:
    """The export a file ending names: .html report, .pptx deck, .xlsx GNLC pack, .pdf report."""
    make = EXPORTERS.get(suffix.lower())
    if make is None:
        endings = ", ".join(sorted(EXPORTERS))
        raise UnknownExport(f"Cannot write {suffix or 'a file without an ending'}: use {endings}.",
                            f"เขียนไฟล์ชนิด {suffix or '(ไม่มีนามสกุล)'} ไม่ได้ ใช้ {endings}",
                            code="bad_export_type")
    return make(con, context)


def write_export(con, context, path: str | Path) -> int:
    """Make the export and write it; returns its size in bytes."""
    data = export_bytes(con, context, Path(path).suffix)
    Path(path).write_bytes(data)
    return len(data)
