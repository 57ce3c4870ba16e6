"""The code stays clean and the engine stays free of the UI: ruff and the import-linter contract."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import PROJECT


def test_ruff_is_clean():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_engine_never_imports_streamlit():
    lint_imports = shutil.which("lint-imports")
    command = [lint_imports] if lint_imports else [sys.executable, "-m", "importlinter.cli"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "KEPT" in done.stdout
