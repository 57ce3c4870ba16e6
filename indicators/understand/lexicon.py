"""The lexicon (config/lexicon.yaml) as lookups on words: which role, record noun, measure, unit, mode,
age group or area level a word or phrase names. Phrases are matched as whole words in order."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from indicators.config import vocabulary
from indicators.understand.words import lexicon_data, words


@dataclass(frozen=True)
class Lexicon:
    roles: dict[tuple[str, ...], str]
    records: dict[tuple[str, ...], str]
    measures: dict[tuple[str, ...], str]
    measure_units: dict[str, str]
    aggregation: frozenset[tuple[str, ...]]
    rate: frozenset[tuple[str, ...]]
    per: frozenset[tuple[str, ...]]
    not_per: frozenset[tuple[str, ...]]
    per_whom: frozenset[tuple[str, ...]]
    summaries: frozenset[tuple[str, ...]]  # averages too
    averages: frozenset[tuple[str, ...]]
    per_own_row: frozenset[tuple[str, ...]]
    relative: frozenset[tuple[str, ...]]
    clause_fillers: frozenset[str]
    completion: frozenset[tuple[str, ...]]
    count: frozenset[tuple[str, ...]]
    units: dict[tuple[str, ...], str]
    modes: dict[tuple[str, ...], str]
    age_groups: dict[tuple[str, ...], tuple[int, int | None]]
    area_levels: dict[tuple[str, ...], str]
    signature: frozenset[tuple[str, ...]]
    sexes: dict[tuple[str, ...], str]


def _phrases(entries: list[str]) -> list[tuple[str, ...]]:
    return [w for w in (words(entry) or (str(entry).casefold(),) for entry in entries) if w]


def _band(label: str) -> tuple[int, int | None]:
    low, _, high = label.rstrip("+").partition("-")
    return int(low), (int(high) if high else None)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = lexicon_data()

    def mapping(groups: dict) -> dict[tuple[str, ...], str]:
        return {phrase: name for name, entries in groups.items() for phrase in _phrases(entries)}

    measures = {phrase: code for code, spec in data["measures"].items() for phrase in _phrases(spec["words"])}
    sexes = {phrase: sex for sex, forms in vocabulary()["sex"].items() for phrase in _phrases(forms["words"])}
    return Lexicon(
        roles=mapping(data["roles"]), records=mapping(data["records"]), measures=measures,
        measure_units={code: spec.get("unit") for code, spec in data["measures"].items()},
        aggregation=frozenset(_phrases(data["aggregation"])), rate=frozenset(_phrases(data["rate"])),
        per=frozenset(_phrases(data["per"])), not_per=frozenset(_phrases(data["not_per"])),
        per_whom=frozenset(_phrases(data["per_whom"])), summaries=frozenset(_phrases(data["summaries"] + data["averages"])),
        averages=frozenset(_phrases(data["averages"])), per_own_row=frozenset(_phrases(data["per_own_row"])),
        relative=frozenset(_phrases(data["relative"])), completion=frozenset(_phrases(data["completion"])),
        clause_fillers=frozenset(w for phrase in _phrases(data["clause_fillers"]) for w in phrase), count=frozenset(_phrases(data["count"])),
        units=mapping(data["units"]), modes=mapping(data["modes"]),
        age_groups={phrase: _band(band) for band, entries in data["age_groups"].items() for phrase in _phrases(entries)},
        area_levels=mapping(data["area_levels"]), signature=frozenset(_phrases(data["signature"])), sexes=sexes)


def find(words: tuple[str, ...], table) -> list[tuple[int, tuple[str, ...]]]:
    """(position, phrase) of every phrase of `table` in `words`, longest first at each position, no overlaps."""
    phrases = sorted(table, key=len, reverse=True)
    found, taken = [], set()
    for phrase in phrases:
        size = len(phrase)
        for start in range(len(words) - size + 1):
            if words[start:start + size] == phrase and not taken & set(range(start, start + size)):
                found.append((start, phrase))
                taken |= set(range(start, start + size))
    return sorted(found)


def says_per(words: tuple[str, ...]) -> bool:
    """Whether the words name a ratio of two quantities ("ต่อครู", "per 1,000 population", "ต่อหัว"), not
    counting "per cent" nor "ศึกษาต่อ" (to study further)."""
    lexicon = load_lexicon()
    return any(phrase in lexicon.per for _, phrase in find(words, lexicon.per | lexicon.not_per))


BARE_PER = frozenset({("ต่อ",)})  # ("per" is always a ratio but "per cent", not_per; ต่อ is also "against", "to")


def says_ratio(words: tuple[str, ...]) -> bool:
    """Whether the words name a ratio, a bare "ต่อ" only when followed by what a ratio is per (a head, a
    number, what a measure counts): "งบประมาณต่อหัว", "นักเรียนต่อครู", not "ประทุษร้ายต่อทรัพย์"."""
    lexicon = load_lexicon()
    for position, phrase in find(words, lexicon.per | lexicon.not_per):
        if phrase not in lexicon.per:
            continue
        rest = words[position + len(phrase):]
        if phrase not in BARE_PER or (rest and (rest[0][:1].isdigit() or (rest[0],) in lexicon.per_whom
                                                or any(at == 0 for at, _ in find(rest, lexicon.measures)))):
            return True
    return False


def says_only(words: tuple[str, ...], table) -> bool:
    """Whether the words are all phrases of `table` ("จำนวน" of the count words, "ร้อยละ" of the rates)."""
    return bool(words) and sum(len(phrase) for _, phrase in find(words, table)) == len(words)
