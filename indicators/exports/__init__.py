"""Exports for presenters: data downloads (CSV/XLSX), a standalone HTML report, an editable PowerPoint
deck, the GNLC progress-report pack and, when a Chromium is installed, chart images and a PDF.

Plain Python over the engine (never streamlit), so the CLI, the pages and the tests make the same files.
"""

from __future__ import annotations

from pathlib import Path

from indicators.errors import ReadError


def export_bytes(con, context, suffix: str) -> bytes:
    """The export a file ending names: .html report, .pptx deck, .xlsx GNLC pack, .pdf report."""
    suffix = suffix.lower()
    if suffix in (".html", ".htm", ".pdf"):
        from indicators.exports.html_report import build_report

        report = build_report(con, context)
        if suffix == ".pdf":
            from indicators.exports.images import report_pdf

            return report_pdf(report)
        return report.encode("utf-8")
    if suffix == ".pptx":
        from indicators.exports.pptx_deck import build_deck

        return build_deck(con, context)
    if suffix == ".xlsx":
        from indicators.exports.gnlc_pack import build_pack

        return build_pack(con, context)
    raise ReadError(f"Cannot write {suffix or 'a file without an ending'}: use .html, .pptx, .xlsx or .pdf.",
                    f"เขียนไฟล์ชนิด {suffix or '(ไม่มีนามสกุล)'} ไม่ได้ ใช้ .html .pptx .xlsx หรือ .pdf",
                    code="bad_export_type")


def write_export(con, context, path: str | Path) -> int:
    """Make the export and write it; returns its size in bytes."""
    data = export_bytes(con, context, Path(path).suffix)
    Path(path).write_bytes(data)
    return len(data)
