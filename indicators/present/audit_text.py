"""An audit-log entry's details in words: "file hash 3f2a…, source กิจกรรม, years 2566–2567, rows
activities 120" — not the JSON the log stores (which scripts and `audit` in the CLI keep reading)."""

from __future__ import annotations

import json

from indicators.present.i18n import format_number, format_year, strings, t
from indicators.present.years import years_text
from indicators.store.accounts import ROLE_WORDS

YEAR_KEYS = ("target_year", "base_year")


def _value(key: str, value, lang: str, era: str) -> str:
    if key == "sha256":
        return f"{str(value)[:12]}…"
    if key == "years":
        return years_text(value, era)
    if key in YEAR_KEYS:
        return format_year(value, era)
    if key == "rows":
        return ", ".join(f"{t('table_' + table, lang)} {format_number(n)}" for table, n in value.items())
    if key == "versions":
        return ", ".join(f"{t('version_' + table, lang)} {n}" for table, n in value.items())
    if key == "columns":
        return format_number(len(value))
    if key == "role":
        return ROLE_WORDS.get(value, value) if lang == "th" else str(value)
    if isinstance(value, bool):
        return t("yes", lang) if value else "–"
    if isinstance(value, int | float):
        return format_number(float(value))
    return str(value).replace("_", " ")


def describe_detail(detail: str | None, lang: str, era: str) -> str:
    """The stored JSON as "label value · label value"; empty values are left out."""
    try:
        found = json.loads(detail or "{}")
    except ValueError:
        return str(detail)
    if not isinstance(found, dict):
        return str(found)
    parts = []
    for key, value in found.items():
        if value is None or value == "" or value == [] or value == {}:
            continue
        label = t("audit_" + key, lang) if "audit_" + key in strings() else key.replace("_", " ")
        parts.append(f"{label} {_value(key, value, lang, era)}")
    return " · ".join(parts) or "–"
