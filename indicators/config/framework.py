"""The UNESCO Key Features of Learning Cities as data (framework.yaml): 3 parts, 12 areas of focus,
and the features inside each area.

The areas are verified; the feature wording is provisional and most Thai labels are this project's own
translation — both facts travel with the data so every page and export can say so. Nothing here
depends on how many features an area has.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from indicators.config import config_path, read_yaml

FRAMEWORK_FILE = config_path("framework.yaml")


@dataclass(frozen=True)
class Feature:
    code: str
    area_code: str
    name_en: str
    name_th: str
    provisional: bool
    name_th_own_translation: bool

    def name(self, lang: str = "en") -> str:
        return self.name_th if lang == "th" else self.name_en


@dataclass(frozen=True)
class Area:
    code: str
    part_code: str
    name_en: str
    name_th: str
    name_th_own_translation: bool
    name_th_source: str | None
    features: tuple[Feature, ...]

    def name(self, lang: str = "en") -> str:
        return self.name_th if lang == "th" else self.name_en


@dataclass(frozen=True)
class Part:
    code: str
    emblem: str
    name_en: str
    name_th: str
    name_th_own_translation: bool

    def name(self, lang: str = "en") -> str:
        return self.name_th if lang == "th" else self.name_en


@dataclass(frozen=True)
class Framework:
    parts: tuple[Part, ...]
    areas: tuple[Area, ...]
    source_en: str
    source_th: str
    provisional_note_en: str
    provisional_note_th: str
    own_translation_note_en: str
    own_translation_note_th: str

    def area(self, code: str) -> Area:
        for area in self.areas:
            if area.code == code:
                return area
        raise KeyError(f"no Key Features area {code!r}")

    def feature(self, code: str) -> Feature:
        for area in self.areas:
            for feature in area.features:
                if feature.code == code:
                    return feature
        raise KeyError(f"no Key Features feature {code!r}")

    def areas_of(self, part_code: str) -> list[Area]:
        return [a for a in self.areas if a.part_code == part_code]

    @property
    def area_codes(self) -> list[str]:
        return [a.code for a in self.areas]

    def provisional_note(self, lang: str = "en") -> str:
        return self.provisional_note_th if lang == "th" else self.provisional_note_en

    def source(self, lang: str = "en") -> str:
        return self.source_th if lang == "th" else self.source_en


@lru_cache(maxsize=4)
def load_framework(path: str | Path | None = None) -> Framework:
    data = read_yaml(path or FRAMEWORK_FILE)
    all_provisional = bool(data.get("features_provisional", True))
    own_translation = bool(data.get("features_name_th_own_translation", True))
    areas = []
    for area in data["areas"]:
        features = tuple(
            Feature(code=str(f["code"]), area_code=str(area["code"]), name_en=f["name_en"], name_th=f["name_th"],
                    provisional=bool(f.get("provisional", all_provisional)),
                    name_th_own_translation=bool(f.get("name_th_own_translation", own_translation)))
            for f in area.get("features", [])
        )
        areas.append(Area(code=str(area["code"]), part_code=str(area["code"]).split(".")[0], name_en=area["name_en"],
                          name_th=area["name_th"], name_th_own_translation=bool(area.get("name_th_own_translation")),
                          name_th_source=area.get("name_th_source"), features=features))
    parts = tuple(Part(code=str(p["code"]), emblem=p["emblem"], name_en=p["name_en"], name_th=p["name_th"],
                       name_th_own_translation=bool(p.get("name_th_own_translation"))) for p in data["parts"])
    return Framework(parts=parts, areas=tuple(areas), source_en=data["source_en"], source_th=data["source_th"],
                     provisional_note_en=data["provisional_note_en"], provisional_note_th=data["provisional_note_th"],
                     own_translation_note_en=data["own_translation_note_en"],
                     own_translation_note_th=data["own_translation_note_th"])


def area_codes() -> tuple[str, ...]:
    """The 12 area-of-focus codes (1.1 … 3.3), as framework.yaml states them."""
    return tuple(load_framework().area_codes)
