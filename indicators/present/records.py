"""Figures as scripts read them — the CLI's JSON and CSV, the open-data files and the JSON API all
write values through here, so one figure is the same text everywhere: whole numbers without ".0",
other numbers at full precision, infinity and NaN as no number at all (JSON has neither)."""

from __future__ import annotations

import math

import pandas as pd


def plain(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def records(frame: pd.DataFrame) -> list[dict]:
    frame = frame.astype(object).where(frame.notna(), None)
    return [{k: plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
