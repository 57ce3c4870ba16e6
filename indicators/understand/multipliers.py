"""Figures written in thousands or millions ("หน่วย : พันบาท" above the table, "งบประมาณ (ล้านบาท)",
"Budget (£000)"): stored in whole units, so 12,500.5 thousand baht is 12,500,500 baht and adds up with
the registers that write baht. The words are the lexicon's `multipliers`; above the table they count only
after "หน่วย"/"unit"/"in" or in brackets ("(พันบาท)"), never inside a phrase ("หนึ่งพันคน")."""

from __future__ import annotations

import re
from functools import lru_cache

from indicators.config.readings import said
from indicators.understand.lexicon import find, load_lexicon
from indicators.understand.words import lexicon_data, words

UNIT_LEAD_WORDS = {"หน่วย", "unit", "units", "in", "figures"}
FIGURE_FIELDS = {"value", "period_value", "budget"}


@lru_cache(maxsize=1)
def _multipliers() -> dict[tuple[str, ...], float]:
    return {phrase: float(factor) for factor, entries in lexicon_data()["multipliers"].items()
            for phrase in (words(entry) or (str(entry).casefold(),) for entry in entries) if phrase}


def multiplier_in(text: str, *, own_header: bool) -> tuple[float, str | None] | None:
    """(factor, the unit it multiplies or None) that `text` writes its figures in: anywhere in a column's
    own header, else after a unit's lead word or in brackets."""
    if not own_header:
        for bracket in re.findall(r"[(\[]([^)\]]*)[)\]]", text or ""):
            if found := multiplier_in(bracket, own_header=True):
                return found
    found = words(text or "")
    units = load_lexicon().units
    for position, phrase in find(found, _multipliers()):
        after = found[position + len(phrase):position + len(phrase) + 1]
        lead = set(found[max(0, position - 2):position]) & UNIT_LEAD_WORDS
        if own_header or lead:
            return _multipliers()[phrase], units.get(after) if after else None
    return None


def scale_figures(plan) -> None:
    """Multiply the figure columns a multiplier stands over: the column's own header first, else the
    words above the table when they name the column's unit (or no unit at all)."""
    over_table = multiplier_in(plan.title_text, own_header=False)
    for column in plan.columns:
        if column.field not in FIGURE_FIELDS or column.rate:
            continue
        found = multiplier_in(column.header, own_header=True)
        if found is None and over_table is not None and over_table[1] in (None, _unit_of(column, plan)):
            found = over_table
        if found is not None:
            column.scale *= found[0]
            column.evidence.append(said("figures_multiplied", factor=f"{found[0]:,.0f}"))


def _unit_of(column, plan) -> str | None:
    if column.field == "budget":
        return "baht"
    meaning = column.meaning
    return column.unit or (meaning.unit if meaning is not None else None) or \
        load_lexicon().measure_units.get(column.measure or "") or plan.measure_unit
