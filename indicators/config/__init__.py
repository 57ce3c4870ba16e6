"""The data a city may change without touching code: header synonyms, measures, the framework,
mapping rules, indicator definitions, UI strings, cell vocabularies and the store's table definitions.

Everything here is read through `config_path` and `read_yaml`, so the files have one home. YAML is read
with libyaml's C parser when PyYAML has it: the pure-Python parser takes ~0.6 s for our files, paid by
the first visitor after every restart; the C parser reads the same documents into the same data
(tests/test_yaml_files.py) ten times faster.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from indicators.base.text import clean_text

CONFIG_DIR = Path(__file__).resolve().parent
SQL_DIR = CONFIG_DIR / "sql"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def config_path(name: str) -> Path:
    """A shipped data file, by its name inside indicators/config/."""
    return CONFIG_DIR / name


def read_yaml(path: str | Path) -> object:
    """The document in the UTF-8 file at `path`, read safely (plain data, no Python objects)."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SAFE_LOADER)


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """Words the cleaners recognise in cells (vocabulary.yaml): sexes, modes, missing values, …"""
    return read_yaml(config_path("vocabulary.yaml"))


@lru_cache(maxsize=1)
def dash_cells() -> frozenset[str]:
    """A cell that is only a dash ("-", "–"): zero or nothing, as Thai tables write it (vocabulary.yaml)."""
    return frozenset(vocabulary()["dashes"])


@lru_cache(maxsize=1)
def missing_cells() -> frozenset[str]:
    """Cells saying a figure is not known ("n.a.", "ไม่มีข้อมูล", ".."), tidied and case-folded as the
    readers compare them."""
    return frozenset(clean_text(w).casefold() for w in vocabulary()["missing"]) - {""}


@lru_cache(maxsize=1)
def one_source_measures() -> frozenset[str]:
    """Measures only one office holds for an area and year (measures.yaml `one_source`): sent again by
    another source they are a conflict, never parts to add up."""
    return frozenset(code for code, spec in read_yaml(config_path("measures.yaml"))["measures"].items()
                     if spec.get("one_source"))
