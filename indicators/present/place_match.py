"""The data's district names matched to the shapes of a boundary file, with a report of what did not match.

Offices write the same place many ways: "อำเภอสันทราย", "อ.สันทราย", "สันทราย", "San Sai", "Amphoe San Sai",
"เขตเหนือ" beside a shape called "เหนือ". A name is compared as written first, then without its prefix
(อำเภอ/อ./เขต/แขวง/ตำบล/ต./เทศบาล…, Amphoe/Khet/Khwaeng/Tambon, "… District") and spacing, then as an
area code (TH5001), then against the shape's other names (English). Nothing is guessed beyond that: a
district that matches no shape, or a shape already taken, is reported, never drawn somewhere else.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from indicators.base.text import clean_text

PREFIX = re.compile(r"^(?:อำเภอ|อ\.|เขต|แขวง|ตำบล|ต\.|เทศบาล(?:นคร|เมือง|ตำบล)?|amphoe|amphur|amphoe\.|khet|"
                    r"khwaeng|tambon|king amphoe)\s*")
SUFFIX = re.compile(r"\s*(?:sub-?district|district|ward)$")
NOT_LETTERS = re.compile(r"[\s\-–.'’()]+")
SPELLINGS = (("muang", "mueang"), ("amphur", "amphoe"))
MUEANG = ("เมือง", "mueang")  # the capital amphoe of every province, often written without the province
CODE = re.compile(r"^(?:th)?\d{2,8}$")
HOW_ORDER = ("exact", "prefix", "code", "english")


def exact_key(name: object) -> str:
    return clean_text(str(name)).casefold()


def name_key(name: object) -> str:
    """A name without prefix, suffix, spacing and punctuation, in one spelling."""
    key = SUFFIX.sub("", PREFIX.sub("", exact_key(name))).strip()
    for variant, standard in SPELLINGS:
        key = re.sub(rf"\b{variant}\b", standard, key)
    return NOT_LETTERS.sub("", key)


@dataclass
class MatchReport:
    matches: dict[str, int] = field(default_factory=dict)  # data district → feature index
    how: dict[str, str] = field(default_factory=dict)      # data district → exact | prefix | code | english
    unmatched_districts: list[str] = field(default_factory=list)
    unmatched_features: list[int] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return len(self.matches)


def match_districts(districts: list[str], features: list[dict], name_property: str) -> MatchReport:
    """Each data district to at most one feature, and each feature to at most one district."""
    others = sorted({k for f in features for k in f["properties"] if k != name_property})
    keys = {"exact": {}, "prefix": {}, "code": {}, "english": {}}
    for index, feature in enumerate(features):
        properties = feature["properties"]
        name = properties.get(name_property, "")
        keys["exact"].setdefault(exact_key(name), []).append(index)
        keys["prefix"].setdefault(name_key(name), []).append(index)
        for other in others:
            value = properties.get(other, "")
            target = "code" if CODE.match(exact_key(value)) else "english"
            keys[target].setdefault(exact_key(value) if target == "code" else name_key(value), []).append(index)
    report, taken = MatchReport(), set()
    for district in districts:
        found = None
        for how in HOW_ORDER:
            key = exact_key(district) if how in ("exact", "code") else name_key(district)
            candidates = [i for i in keys[how].get(key, []) if i not in taken]
            if how == "prefix" and not candidates and key in MUEANG:
                candidates = [i for i in range(len(features)) if i not in taken
                              and name_key(features[i]["properties"].get(name_property, "")).startswith(key)]
            if len(candidates) == 1:
                found = (candidates[0], how)
                break
        if found is None:
            report.unmatched_districts.append(district)
            continue
        report.matches[district], report.how[district] = found
        taken.add(found[0])
    report.unmatched_features = [i for i in range(len(features)) if i not in taken]
    return report


def best_province(districts: list[str], features: list[dict], name_property: str, province_property: str) -> list[str]:
    """The province(s) of a national set whose amphoe the data's districts name most often: the map draws
    those, so "อำเภอเมือง" and names found in several provinces resolve inside the city's own province."""
    votes: Counter = Counter()
    by_key: dict[str, set[str]] = {}
    for feature in features:
        properties = feature["properties"]
        for prop in (name_property, *[k for k in properties if k not in (name_property, province_property)]):
            by_key.setdefault(name_key(properties.get(prop, "")), set()).add(properties.get(province_property, ""))
            by_key.setdefault(exact_key(properties.get(prop, "")), set()).add(properties.get(province_property, ""))
    for district in districts:
        provinces = by_key.get(name_key(district)) or by_key.get(exact_key(district)) or set()
        for province in provinces:
            votes[province] += 1 / len(provinces)  # a name found in three provinces gives each a third
    if not votes:
        return []
    top = max(votes.values())
    return sorted(p for p, v in votes.items() if v == top)
