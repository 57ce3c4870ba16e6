"""The mapping rules shipped with the app (mapping_rules/categories.csv and keywords.csv), with the keys
they are matched on. A city's own rules, edited on the Rules page, are stored in the database."""

from __future__ import annotations

import pandas as pd

from indicators.base.text import category_keys, keyword_key
from indicators.config import config_path

RULES_DIR = config_path("mapping_rules")


def _read_rules(name: str) -> pd.DataFrame:
    table = pd.read_csv(RULES_DIR / name, dtype=str, keep_default_na=False)
    table = table.apply(lambda column: column.str.strip())
    return table.replace("", None)


def load_default_category_table() -> pd.DataFrame:
    table = _read_rules("categories.csv")
    table["category_norm"] = category_keys(table["category"])
    return table[["category", "category_norm", "area_code", "feature_code"]].reset_index(drop=True)


def load_default_keyword_rules() -> pd.DataFrame:
    rules = _read_rules("keywords.csv")
    rules["keyword_norm"] = rules["keyword"].map(keyword_key).astype("string")
    return rules[["keyword", "keyword_norm", "area_code", "feature_code", "language"]].reset_index(drop=True)
