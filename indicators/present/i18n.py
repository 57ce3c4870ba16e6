"""Thai and English for everything a user sees: UI strings (strings.yaml), years as พ.ศ. or CE,
numbers formatted for the language. Pure Python, shared by the pages, the CLI and exports."""

from __future__ import annotations

import math
from functools import lru_cache

from indicators.base.thai import BE_OFFSET
from indicators.config import CONFIG_DIR, read_yaml
from indicators.measure.progress import STATUSES

LANGUAGES = ("th", "en")
STRINGS_DIR = CONFIG_DIR


@lru_cache(maxsize=1)
def strings() -> dict[str, dict[str, str]]:
    """strings.yaml plus strings_<topic>.yaml files (one per feature, so features do not collide).
    A key defined twice is a mistake that would silently change a label, so it fails loudly."""
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(STRINGS_DIR.glob("strings*.yaml")):
        for key, entry in (read_yaml(path) or {}).items():
            if key in merged:
                raise ValueError(f"UI string {key!r} is defined twice (again in {path.name})")
            merged[key] = entry
    return merged


def t(key: str, lang: str = "en", **values) -> str:
    """The string `key` in `lang`; a missing key shows itself rather than failing a page."""
    entry = strings().get(key)
    if entry is None:
        return key
    if lang == "bi":  # both languages, Thai first: for labels that must not change with the language
        thai, english = entry.get("th", key), entry.get("en", key)
        text = thai if thai == english else f"{thai} / {english}"
        return text.format(**values) if values else text
    text = entry.get(lang) or entry.get("en") or key
    return text.format(**values) if values else text


def format_year(year: int | None, era: str = "be") -> str:
    """2024 → "2567" (พ.ศ.) or "2024" (CE)."""
    if year is None or (isinstance(year, float) and math.isnan(year)):
        return ""
    return str(int(year) + BE_OFFSET) if era == "be" else str(int(year))


def year_axis_label(lang: str, era: str, fiscal: bool) -> str:
    if fiscal:
        return {"th": "ปีงบประมาณ (พ.ศ.)" if era == "be" else "ปีงบประมาณ (ค.ศ.)",
                "en": "Fiscal year (BE)" if era == "be" else "Fiscal year (CE)"}[lang]
    return {"th": "ปี พ.ศ." if era == "be" else "ปี ค.ศ.", "en": "Year (BE)" if era == "be" else "Year (CE)"}[lang]


def format_number(value: float | None, decimals: int | None = None) -> str:
    """Thousands separators; whole numbers without decimals, rates with one (the same in Thai and English).
    Missing, NaN and infinity (no real figure) show as "–"."""
    if value is None or not math.isfinite(float(value)):
        return "–"
    if decimals is None:
        decimals = 0 if float(value).is_integer() or abs(value) >= 1000 else 1
    return f"{value:,.{decimals}f}"


def status_text(code: str, lang: str = "en") -> str:
    english, thai, symbol = STATUSES.get(code, STATUSES["insufficient_data"])
    return f"{symbol} {thai if lang == 'th' else english}"
