"""Limits on what the reader accepts. Module attributes (not default arguments) so a test or a
deployment can lower them; every reader reads them as `limits.NAME` at call time."""

from __future__ import annotations

MAX_FILE_BYTES = 200 * 2**20  # a workbook: 200 MB of zipped XML holds tens of millions of cells
# A CSV/TSV/TXT: text is about 290 bytes a row for a 14-column Thai register, so Excel's own 1,048,576 rows
# (MAX_ROWS, which text files keep too) need ~300 MB; 400 MB leaves room for wider rows. Reading one keeps its
# bytes, its decoded text and its cells in memory at once: ~1 GB for 1M rows (the whole ingest ~2.5 GB).
MAX_TEXT_FILE_BYTES = 400 * 2**20
MAX_UNCOMPRESSED_BYTES = 2**30  # sum of the sizes a zip's central directory declares
MAX_COMPRESSION_RATIO = 200  # real workbooks compress 5-30×; zeros compress ~1000×
RATIO_CHECK_FROM_BYTES = 8 * 2**20  # below this a high ratio is harmless (a small, repetitive part)
MAX_ROWS = 1_048_576  # Excel's own limits, applied to CSV too
MAX_COLUMNS = 16_384
MAX_CELLS = 50_000_000  # ~ what fits in memory as Python lists; a 200 MB file of commas would not

# The child process that parses .xls and .xlsb (calamine.read_isolated).
ISOLATED_MEMORY_BYTES = 4 * 2**30
ISOLATED_TIMEOUT_SECONDS = 120
