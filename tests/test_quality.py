"""The code stays clean and shaped as the pipeline: ruff, the import-linter contracts (no streamlit in the
engine, stages in order, no import circles), and no module too long to read."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import PROJECT

MAX_MODULE_LINES = 600


def test_ruff_is_clean():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_import_contracts_are_kept():
    lint_imports = shutil.which("lint-imports")
    command = [lint_imports] if lint_imports else [sys.executable, "-m", "importlinter.cli"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count(" KEPT") == 3, done.stdout


def test_no_module_is_too_long_to_read():
    modules = [*(PROJECT / "indicators").rglob("*.py"), *(PROJECT / "ui").glob("*.py"), *(PROJECT / "pages").glob("*.py")]
    assert len(modules) > 50
    long = {str(p.relative_to(PROJECT)): n for p in modules
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}
