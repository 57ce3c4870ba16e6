"""The benchmark runs end to end at 1k rows so it cannot rot (no timing assertions: CI machines vary)."""
from __future__ import annotations

from benchmarks.__main__ import main

EXPECTED_ROWS = ["| 1,000 | xlsx | 1 |", "| 1,000 | csv | 1 |"]
EXPECTED_SECTIONS = ["## Machine", "## Ingest: ours vs naive vs floor", "## Indicators: all of them, every year and district",
                     "## Pages: server time in AppTest on that database",
                     "## Targets from issue 19", "## Targets from issue 7"]


def test_benchmark_runs_at_1k_rows(tmp_path):
    results = tmp_path / "RESULTS.md"
    assert main(["--sizes", "1000", "--quick", "--work", str(tmp_path / "work"), "--results", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    for expected in EXPECTED_ROWS + EXPECTED_SECTIONS:
        assert expected in text
    assert "| ours: `compute_values(con, city, by=(\"year\", \"district\"))` | 1 |" in text
    assert "| `overview.py` |" in text and "| `history.py` |" in text  # every page timed
    assert "| none |" in text  # pages ran without an error shown
    assert "**0 differ**" in text  # the pandas baseline computed the same figures as ours
    assert (tmp_path / "work" / "activities_1000.xlsx").exists()
    assert (tmp_path / "work" / "activities_1000.csv").exists()
