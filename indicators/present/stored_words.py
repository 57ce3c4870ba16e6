"""Stored codes as words for people: the participation table keeps `dimension=sex, category=female`,
and a Thai researcher checking a preview should read "เพศ | หญิง", not the codes (which stay in the
database, the CLI and the downloads, where scripts read them)."""

from __future__ import annotations

import pandas as pd

from indicators.present.i18n import strings, t

CODED_COLUMNS = ("dimension", "category", "mode", "sex", "unit")


def word_for(code: object, lang: str) -> object:
    """A stored code in words ("female" → "หญิง"); anything else (an age band "60+", a name) as it is."""
    if isinstance(code, str) and f"code_{code}" in strings():
        return t(f"code_{code}", lang)
    return code


def column_label(column: str, lang: str) -> str | None:
    """A stored column's heading in words, where one is defined here."""
    return t(f"column_{column}", lang) if f"column_{column}" in strings() else None


def in_words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with its coded columns' values in words (headings are left to the caller)."""
    shown = frame.copy()
    for column in CODED_COLUMNS:
        if column in shown:
            shown[column] = shown[column].map(lambda code: word_for(code, lang))
    return shown


def person(name: object, lang: str) -> str:
    """Who did something, as shown: the app's own loader in words ("sample-loader" is its account name)."""
    if name is None or (isinstance(name, float) and name != name):
        return "–"
    return str(word_for(name, lang)) if name == "sample-loader" else str(name)
