"""Indicator definitions, loaded from YAML and checked before any SQL runs.

Each indicator is `factor × numerator / denominator` over the stored tables (DHIS2-style); a city adds
one by writing YAML, not code. Problems in a definition are reported with the indicator's code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from indicators.errors import LearningCityError

DEFINITIONS_FILE = Path(__file__).with_name("indicator_definitions.yaml")
TABLES = ("activities", "participation", "outcomes", "statistics")
REQUIRED = ("code", "name_en", "name_th", "unit_en", "unit_th", "direction", "areas", "numerator")


@dataclass(frozen=True)
class Term:
    """One side of the fraction: an aggregate over one table, optionally limited to one area's activities."""

    table: str
    aggregate: str
    where: str = "TRUE"
    area: str | None = None


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    name_en: str
    name_th: str
    unit_en: str
    unit_th: str
    direction: str
    areas: tuple[str, ...]
    numerator: Term
    denominator: Term | None = None
    factor: float = 1.0
    base: bool = False
    method_en: str = ""
    method_th: str = ""
    source_en: str = ""
    source_th: str = ""
    disaggregations: tuple[str, ...] = field(default_factory=tuple)

    def name(self, lang: str = "en") -> str:
        return self.name_th if lang == "th" else self.name_en

    def unit(self, lang: str = "en") -> str:
        return self.unit_th if lang == "th" else self.unit_en

    def method(self, lang: str = "en") -> str:
        return self.method_th if lang == "th" else self.method_en

    def source(self, lang: str = "en") -> str:
        return self.source_th if lang == "th" else self.source_en

    @property
    def area(self) -> str:
        return self.areas[0]

    def formula(self) -> str:
        text = f"{self.numerator.aggregate} FROM {self.numerator.table} WHERE {self.numerator.where}"
        if self.numerator.area:
            text += f" [area {self.numerator.area}]"
        if self.denominator:
            text = f"({text}) / ({self.denominator.aggregate} FROM {self.denominator.table} WHERE {self.denominator.where})"
        return f"{self.factor:g} × {text}" if self.factor != 1 else text


def _invalid(code: str, english: str, thai: str) -> LearningCityError:
    return LearningCityError(f"Indicator '{code}': {english}", f"ตัวชี้วัด '{code}': {thai}", code="bad_indicator")


def _term(code: str, spec: dict | None) -> Term | None:
    if spec is None:
        return None
    if spec.get("table") not in TABLES:
        raise _invalid(code, f"unknown table '{spec.get('table')}' (use one of {', '.join(TABLES)}).",
                       f"ไม่รู้จักตาราง '{spec.get('table')}'")
    if not spec.get("aggregate"):
        raise _invalid(code, "the aggregate is missing.", "ไม่ได้ระบุวิธีรวมค่า (aggregate)")
    return Term(table=spec["table"], aggregate=spec["aggregate"], where=spec.get("where") or "TRUE",
                area=str(spec["area"]) if spec.get("area") else None)


def parse_indicator(spec: dict) -> IndicatorDef:
    code = spec.get("code", "?")
    missing = [k for k in REQUIRED if k not in spec]
    if missing:
        raise _invalid(code, f"missing {', '.join(missing)}.", f"ขาด {', '.join(missing)}")
    if spec["direction"] not in ("higher", "lower"):
        raise _invalid(code, "direction must be 'higher' or 'lower'.", "direction ต้องเป็น higher หรือ lower")
    return IndicatorDef(
        code=code, name_en=spec["name_en"], name_th=spec["name_th"], unit_en=spec["unit_en"], unit_th=spec["unit_th"],
        direction=spec["direction"], areas=tuple(str(a) for a in spec["areas"]),
        numerator=_term(code, spec["numerator"]), denominator=_term(code, spec.get("denominator")),
        factor=float(spec.get("factor", 1)), base=bool(spec.get("base", False)),
        method_en=spec.get("method_en", ""), method_th=spec.get("method_th", ""),
        source_en=spec.get("source_en", ""), source_th=spec.get("source_th", ""),
        disaggregations=tuple(spec.get("disaggregations", ())),
    )


def load_indicators(extra_yaml_paths: tuple[str | Path, ...] = ()) -> list[IndicatorDef]:
    """The shipped indicators plus any extra YAML files (same format); a later code replaces an earlier one."""
    found: dict[str, IndicatorDef] = {}
    for path in (DEFINITIONS_FILE, *extra_yaml_paths):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for spec in data.get("indicators", []):
            indicator = parse_indicator(spec)
            found[indicator.code] = indicator
    return list(found.values())
