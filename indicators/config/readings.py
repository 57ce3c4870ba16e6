"""What the engine says about a reading — its evidence, its doubts, why a column is set aside — kept as
a code with values and said in English or Thai (readings.yaml), so the wizard, `--explain` and the
problems list speak the researcher's language.

    said("kind_read", kind="activities", score=6.5, next="statistics", next_score=2.0).text("th")
    → "อ่านเป็นกิจกรรม (คะแนน 6.5 รองลงมา สถิติ 2.0)"

Values that are words of the engine (a kind, a field, where a measure was found: WORD_VALUES) are said
in the language too, from the same labels the pages use; a tuple is said part by part, a list as a list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from indicators.base.thai import BE_OFFSET, SHORT_MONTHS
from indicators.config import config_path, read_yaml

# Values said as words of the engine; the others (a header, a sample of cells) stay as written.
WORD_VALUES = frozenset({"kind", "next", "field", "source", "period", "record", "ranked"})
# Values that are a month or a day ("2023-04", "2024-03-31"): said as the reader says them, in พ.ศ. in Thai.
DATE_VALUES = frozenset({"start", "day", "date", "year"})
ISO_MONTH_OR_DAY = re.compile(r"(\d{4})-(\d{2})(?:-(\d{2}))?")


@dataclass(frozen=True)
class Said:
    code: str
    values: tuple[tuple[str, object], ...] = ()

    def text(self, lang: str = "en") -> str:
        template = readings()["readings"].get(self.code)
        if template is None:
            raise KeyError(f"readings.yaml has no entry '{self.code}'")
        text = template.get(lang) or template["en"]
        return text.format(**{name: _date(value, lang) if name in DATE_VALUES else _word(value, lang, name in WORD_VALUES)
                              for name, value in self.values})

    def __str__(self) -> str:
        return self.text("en")

    def __eq__(self, other: object) -> bool:  # a reason is still compared with its English words
        if isinstance(other, str):
            return str(self) == other
        return isinstance(other, Said) and (self.code, self.values) == (other.code, other.values)

    def __hash__(self) -> int:
        return hash((self.code, self.values))


def said(reading: str, **values) -> Said:
    if reading not in readings()["readings"]:
        raise KeyError(f"readings.yaml has no entry '{reading}'")
    return Said(reading, tuple(values.items()))


def said_once(items: list) -> list:
    """The statements in order, each said once: a wide sheet's 24 groups of "2 columns count loans …"
    are one line for the reader, not 24 identical ones."""
    seen: set[str] = set()
    kept = []
    for item in items:
        key = repr(item)  # a Said's code and values (some values are lists, so not hashable as they are)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def say(items, lang: str = "en", joiner: str = "; ") -> str:
    """A list of Said (or plain text) as one sentence-list in `lang`."""
    return joiner.join(item.text(lang) if isinstance(item, Said) else str(item) for item in items)


def _date(value: object, lang: str) -> object:
    """ "2023-04" → "เม.ย. 2566" / "Apr 2023"; "2024-03-31" → "31 มี.ค. 2567" / "31 Mar 2024"; "2002" →
    "2545" / "2002"."""
    if str(value).isdigit() and len(str(value)) == 4:  # a year: พ.ศ. in Thai
        return int(value) + BE_OFFSET if lang == "th" else value
    match = ISO_MONTH_OR_DAY.fullmatch(str(value))
    if match is None or not 1 <= int(match[2]) <= 12:
        return value
    thai = lang == "th"
    month = SHORT_MONTHS["th" if thai else "en"][int(match[2]) - 1]
    said = f"{month} {int(match[1]) + (BE_OFFSET if thai else 0)}"
    return f"{int(match[3])} {said}" if match[3] else said


@lru_cache(maxsize=1)
def readings() -> dict:
    """Templates and the engine's words (kinds, fields, places) in both languages."""
    data = read_yaml(config_path("readings.yaml"))
    labels = read_yaml(config_path("strings_upload.yaml"))
    words = dict(data.get("words") or {})
    for key, entry in labels.items():
        for prefix in ("kind_", "field_"):
            if key.startswith(prefix) and key[len(prefix):] not in words:
                words[key[len(prefix):]] = entry
    return {"readings": data["readings"], "words": words}


def _word(value: object, lang: str, translate: bool) -> object:
    if isinstance(value, Said):
        return value.text(lang)
    if isinstance(value, tuple):
        return " ".join(str(_word(part, lang, translate)) for part in value)
    if isinstance(value, list):
        return ", ".join(str(_word(part, lang, translate)) for part in value)
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.1f}"
    if translate and isinstance(value, str):
        entry = readings()["words"].get(value)
        if entry is not None:
            return entry.get(lang) or entry.get("en") or value
    return value
