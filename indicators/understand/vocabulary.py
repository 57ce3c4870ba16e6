"""The words that name columns and sheet kinds, as the engine knows them (fields.yaml, vocabulary.yaml).

The catalogue is read once and keyed by `text.header_key`, so "จำนวนผู้เข้าร่วม (คน)", "จำนวนผู้เข้าร่วม(คน)"
and "จำนวน๏ผู้เข้าร่วม" meet the same entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from indicators.base.text import header_key, number_texts
from indicators.config import config_path, read_yaml, vocabulary

# Sheet kinds, decided from the groups of fields present.
ACTIVITIES = "activities"
PARTICIPANTS = "participants"
OUTCOMES = "outcomes"
STATISTICS = "statistics"
STATISTICS_WIDE = "statistics_wide"
PLACES = "places"  # a list of schools, centres, libraries, companies: counted per area, never activities
PARTICIPANT_LIST = "participant_list"
UNKNOWN = "unknown"

# Fields that say which record or period a row is about (not values to count).
TIME_FIELDS = ("date", "year", "fiscal_year", "period_yymm")
IDENTIFYING_FIELDS = ("activity_code", "title", "category", "district", *TIME_FIELDS, "measure", "place_name", "name",
                      "code", "sex", "age", "age_group", "period")
# Fields set by the sheet's structure, not chosen for a single column.
STRUCTURAL_FIELDS = ("age_band", "period_value", "flag_value")


@dataclass(frozen=True)
class FieldCatalogue:
    synonyms: dict[str, str]  # normalised header -> field
    field_group: dict[str, str]  # field -> group
    parent_groups: dict[str, dict[str, str]]  # normalised parent -> {normalised child: field}
    sex_words: dict[str, str]
    total_prefixes: tuple[str, ...]
    footnote_prefixes: tuple[str, ...]

    @cached_property
    def numeric_synonyms(self) -> bool:
        """Whether some column name is a number: only then can a number text be a known header."""
        return any(number_texts(list(self.synonyms)))


@lru_cache(maxsize=4)
def load_field_catalogue(path: str | None = None) -> FieldCatalogue:
    data = read_yaml(path or config_path("fields.yaml"))
    synonyms: dict[str, str] = {}
    groups: dict[str, str] = {}
    for name, spec in data["fields"].items():
        groups[name] = spec["group"]
        for synonym in spec["synonyms"]:
            synonyms.setdefault(header_key(synonym), name)
    parent_groups: dict[str, dict[str, str]] = {}
    for spec in data["groups"].values():
        children = {header_key(c): f for f, words in spec["children"].items() for c in words}
        for parent in spec["parents"]:
            parent_groups[header_key(parent)] = children
    sex_words = {header_key(w): sex for sex, forms in vocabulary()["sex"].items()
                 for w in (*forms["words"], *forms["letters"])}
    return FieldCatalogue(
        synonyms=synonyms,
        field_group=groups,
        parent_groups=parent_groups,
        sex_words=sex_words,
        total_prefixes=tuple(header_key(p) for p in vocabulary()["total_row_prefixes"]),
        footnote_prefixes=tuple(header_key(p) for p in vocabulary()["footnote_prefixes"]),
    )


@lru_cache(maxsize=1)
def _measure_labels() -> frozenset[str]:
    return frozenset(header_key(label) for spec in read_yaml(config_path("measures.yaml"))["measures"].values()
                     for label in spec["labels"])


def known_measure_label(label: str) -> bool:
    """A statistics label measures.yaml names ("จำนวนประชากร", "literacy rate")."""
    return header_key(label) in _measure_labels()
