"""Reading the project's YAML files with libyaml's C parser when PyYAML has it.

The pure-Python parser takes ~0.6 s for our five files, paid by the first visitor after every restart;
the C parser reads the same documents into the same data (tests/test_yaml_files.py) ten times faster.
"""
from __future__ import annotations

from pathlib import Path

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: str | Path) -> object:
    """The document in the UTF-8 file at `path`, read safely (plain data, no Python objects)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)
