"""Limits on what the reader accepts. Module attributes (not default arguments) so a test or a
deployment can lower them; every reader reads them as `limits.NAME` at call time."""

from __future__ import annotations

MAX_FILE_BYTES = 200 * 2**20
MAX_UNCOMPRESSED_BYTES = 2**30  # sum of the sizes a zip's central directory declares
MAX_COMPRESSION_RATIO = 200  # real workbooks compress 5-30×; zeros compress ~1000×
RATIO_CHECK_FROM_BYTES = 8 * 2**20  # below this a high ratio is harmless (a small, repetitive part)
MAX_ROWS = 1_048_576  # Excel's own limits, applied to CSV too
MAX_COLUMNS = 16_384
MAX_CELLS = 50_000_000  # ~ what fits in memory as Python lists; a 200 MB file of commas would not

# The child process that parses .xls and .xlsb (calamine.read_isolated).
ISOLATED_MEMORY_BYTES = 4 * 2**30
ISOLATED_TIMEOUT_SECONDS = 120
