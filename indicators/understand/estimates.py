"""A year's column that is an estimate, a forecast or a target ("2567 (ประมาณการ)", "2025 (forecast)",
"เป้าหมาย 2570") is not what happened: stored beside the actual years it would read as that year's
figure. It is set aside and said (the problem `estimate_column`); the lexicon's `estimates` hold the words."""

from __future__ import annotations

from functools import lru_cache

from indicators.config.readings import said
from indicators.understand.lexicon import find
from indicators.understand.words import lexicon_data, words


@lru_cache(maxsize=1)
def _estimate_words() -> frozenset[tuple[str, ...]]:
    return frozenset(phrase for entry in lexicon_data()["estimates"]
                     for phrase in [words(entry) or (str(entry).casefold(),)] if phrase)


def is_estimate(header: str) -> bool:
    return bool(find(words(header or ""), _estimate_words()))


def set_aside_estimates(plan) -> None:
    """A period's figures whose header says they are not actual figures are not stored."""
    for column in plan.columns:
        if column.field == "period_value" and column.note != "chosen" and is_estimate(column.header):
            column.field, column.note = "ignored", "estimate"
            column.reason = said("estimate_set_aside")
