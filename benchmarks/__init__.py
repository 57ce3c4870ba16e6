"""Benchmarks for issue 7: our ingest and indicators against a naive pipeline and the raw-parse floor.

Run `python -m benchmarks` (see `__main__.py`). Each measured step runs in its own spawned process so its
peak memory (VmHWM) is its own; workbooks are generated into `benchmarks/work/` (gitignored).
"""
