"""Indicator definitions, loaded from YAML and checked before any SQL runs.

Each indicator is `factor × numerator / denominator` over the stored tables (DHIS2-style); a city adds
one by writing YAML, not code. Problems in a definition are reported with the indicator's code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from indicators.base.errors import LearningCityError
from indicators.config import config_path, read_yaml
from indicators.config.framework import area_codes
from indicators.measure.expressions import UnsafeExpression, check_aggregate, check_where

DEFINITIONS_FILE = config_path("indicator_definitions.yaml")
TABLES = ("activities", "participation", "outcomes", "statistics")
REQUIRED = ("code", "name_en", "name_th", "unit_en", "unit_th", "direction", "areas", "numerator")
DISAGGREGATIONS = ("district", "sex", "age", "group")
TERM_KEYS = ("table", "aggregate", "where", "area")
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
FISCAL_NOTE_EN = ("Fiscal years: statistics (population, budget …) are those of the calendar year in which "
                  "the fiscal year ends (FY N = October N-1 to September N → statistics of year N).")
FISCAL_NOTE_TH = ("ปีงบประมาณ: ใช้สถิติ (ประชากร งบประมาณ ฯลฯ) ของปีปฏิทินที่ปีงบประมาณนั้นสิ้นสุด "
                  "(ปีงบประมาณ N = ตุลาคม N-1 ถึงกันยายน N → ใช้สถิติของปี N)")


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

    def name_with_unit(self, lang: str = "en") -> str:
        """A chart title: the name, then the unit in brackets unless the name already says it: the unit's
        words are in the name, or its scale is ("per 1,000 residents 60+" beside "... aged 60+ per 1,000")."""
        name, unit = self.name(lang), self.unit(lang)
        scale = re.findall(r"\d[\d,.]*", unit)
        says_it = unit.casefold() in name.casefold() or (scale and all(n in name for n in scale))
        return name if not unit or says_it else f"{name} ({unit})"

    def method(self, lang: str = "en", fiscal: bool = False) -> str:
        """How the value is made; in a fiscal view, say which year's statistics were used."""
        text = self.method_th if lang == "th" else self.method_en
        if fiscal and self.uses_statistics:
            text = f"{text} {FISCAL_NOTE_TH if lang == 'th' else FISCAL_NOTE_EN}".strip()
        return text

    @property
    def uses_statistics(self) -> bool:
        return any(t is not None and t.table == "statistics" for t in (self.numerator, self.denominator))

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


def _term(code: str, side: str, spec: object) -> Term | None:
    if spec is None:
        return None
    if not isinstance(spec, dict):
        raise _invalid(code, f"{side} must be a mapping with table and aggregate.",
                       f"{side} ต้องระบุเป็น table และ aggregate")
    unknown = sorted(set(spec) - set(TERM_KEYS))
    if unknown:
        raise _invalid(code, f"{side} has unknown field(s) {', '.join(unknown)} (use {', '.join(TERM_KEYS)}).",
                       f"{side} มีช่องที่ไม่รู้จัก {', '.join(unknown)}")
    if spec.get("table") not in TABLES:
        raise _invalid(code, f"{side}: unknown table '{spec.get('table')}' (use one of {', '.join(TABLES)}).",
                       f"{side}: ไม่รู้จักตาราง '{spec.get('table')}' (ใช้ {', '.join(TABLES)})")
    if not str(spec.get("aggregate") or "").strip():
        raise _invalid(code, f"{side}: the aggregate is missing (e.g. \"sum(value)\").",
                       f"{side}: ไม่ได้ระบุวิธีรวมค่า (aggregate) เช่น \"sum(value)\"")
    area = str(spec["area"]) if spec.get("area") is not None else None
    if area is not None and area not in area_codes():
        raise _invalid(code, f"{side}: unknown area '{area}' (use one of {', '.join(area_codes())}).",
                       f"{side}: ไม่รู้จักด้าน '{area}'")
    if area is not None and spec["table"] == "statistics":
        raise _invalid(code, f"{side}: statistics are not linked to activities, so they cannot take an area.",
                       f"{side}: ตารางสถิติไม่ได้เชื่อมกับกิจกรรม จึงกำหนด area ไม่ได้")
    aggregate, where = str(spec["aggregate"]), str(spec.get("where") or "TRUE")
    try:  # YAML a city edits must not become arbitrary SQL: parsed against an allow-list first
        check_aggregate(aggregate, spec["table"])
    except UnsafeExpression as unsafe:
        raise _invalid(code, f"{side}: the aggregate {aggregate!r} is not allowed: {unsafe.english}. Use sum, count, "
                             f"avg, min, max or median of columns of {spec['table']} (e.g. \"sum(value)\").",
                       f"{side}: ใช้ aggregate {aggregate!r} ไม่ได้: {unsafe.thai} ใช้ได้เฉพาะ sum, count, avg, min, max "
                       f"หรือ median ของคอลัมน์ในตาราง {spec['table']} (เช่น \"sum(value)\")") from None
    try:
        check_where(where)
    except UnsafeExpression as unsafe:
        raise _invalid(code, f"{side}: the condition {where!r} is not allowed: {unsafe.english}. Use the columns of "
                             "the data tables, comparisons, AND/OR/NOT, IN, IS NULL, BETWEEN, LIKE and EXISTS over "
                             "the v_* views.",
                       f"{side}: ใช้เงื่อนไข {where!r} ไม่ได้: {unsafe.thai} ใช้ได้เฉพาะคอลัมน์ของตารางข้อมูล การเปรียบเทียบ "
                       "AND/OR/NOT, IN, IS NULL, BETWEEN, LIKE และ EXISTS บน v_*") from None
    return Term(table=spec["table"], aggregate=aggregate, where=where, area=area)


def parse_indicator(spec: dict) -> IndicatorDef:
    """Check one YAML entry and turn it into a definition; every error names the indicator."""
    if not isinstance(spec, dict):
        raise _invalid("?", "each indicator must be a mapping of fields.", "ตัวชี้วัดแต่ละตัวต้องเป็นชุดของช่องข้อมูล")
    code = str(spec.get("code", "?"))
    missing = [k for k in REQUIRED if spec.get(k) in (None, "", [])]
    if missing:
        raise _invalid(code, f"missing {', '.join(missing)}.", f"ขาด {', '.join(missing)}")
    if not CODE_PATTERN.match(code):
        raise _invalid(code, "the code must be lower-case letters, digits and _ (e.g. participants_per_1000).",
                       "รหัสต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข และ _ เท่านั้น")
    if spec["direction"] not in ("higher", "lower"):
        raise _invalid(code, "direction must be 'higher' or 'lower'.", "direction ต้องเป็น higher หรือ lower")
    areas = spec["areas"] if isinstance(spec["areas"], list) else [spec["areas"]]
    areas = tuple(str(a) for a in areas)
    wrong = [a for a in areas if a not in area_codes()]
    if wrong:
        raise _invalid(code, f"unknown area(s) {', '.join(wrong)} (use {', '.join(area_codes())}).",
                       f"ไม่รู้จักด้าน {', '.join(wrong)}")
    disaggregations = tuple(spec.get("disaggregations") or ())
    wrong = [d for d in disaggregations if d not in DISAGGREGATIONS]
    if wrong:
        raise _invalid(code, f"unknown disaggregation(s) {', '.join(map(str, wrong))} "
                             f"(use {', '.join(DISAGGREGATIONS)}).", f"ไม่รู้จักการจำแนก {', '.join(map(str, wrong))}")
    try:
        factor = float(spec.get("factor", 1))
    except (TypeError, ValueError):
        raise _invalid(code, f"factor must be a number, not {spec.get('factor')!r}.", "factor ต้องเป็นตัวเลข") from None
    return IndicatorDef(
        code=code, name_en=spec["name_en"], name_th=spec["name_th"], unit_en=spec["unit_en"], unit_th=spec["unit_th"],
        direction=spec["direction"], areas=areas,
        numerator=_term(code, "numerator", spec["numerator"]),
        denominator=_term(code, "denominator", spec.get("denominator")),
        factor=factor, base=bool(spec.get("base", False)),
        method_en=spec.get("method_en", ""), method_th=spec.get("method_th", ""),
        source_en=spec.get("source_en", ""), source_th=spec.get("source_th", ""),
        disaggregations=disaggregations,
    )


def parse_indicators(data: object, origin: str = "") -> list[IndicatorDef]:
    """Definitions from parsed YAML (`{"indicators": [...]}`); a code twice in one file is an error."""
    entries = (data or {}).get("indicators", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise LearningCityError(f"{origin}: expected a list under 'indicators:'.",
                                f"{origin}: ต้องมีรายการภายใต้ 'indicators:'", code="bad_indicator")
    parsed: dict[str, IndicatorDef] = {}
    for spec in entries:
        indicator = parse_indicator(spec)
        if indicator.code in parsed:
            raise _invalid(indicator.code, f"defined twice in {origin}.", f"กำหนดซ้ำสองครั้งใน {origin}")
        parsed[indicator.code] = indicator
    return list(parsed.values())


def load_indicators(extra_yaml_paths: tuple[str | Path, ...] | list[str | Path] = ()) -> list[IndicatorDef]:
    """The shipped indicators plus any extra YAML files (same format); a later file's code replaces an
    earlier one, so a city can redefine a shipped indicator or add its own. Parsed files are cached
    until they change on disk."""
    paths = tuple(Path(p) for p in (DEFINITIONS_FILE, *extra_yaml_paths))
    stamps = tuple(p.stat().st_mtime_ns if p.exists() else None for p in paths)
    return list(_load_cached(paths, stamps))


@lru_cache(maxsize=32)
def _load_cached(paths: tuple[Path, ...], stamps: tuple) -> tuple[IndicatorDef, ...]:  # noqa: ARG001 (stamps: the cache key)
    found: dict[str, IndicatorDef] = {}
    for path in paths:
        try:
            data = read_yaml(path)
        except OSError as exc:
            raise LearningCityError(f"Cannot read the indicator file {path}: {exc}",
                                    f"อ่านไฟล์ตัวชี้วัด {path} ไม่ได้: {exc}", code="bad_indicator") from exc
        except yaml.YAMLError as exc:
            raise LearningCityError(f"Indicator file {path} is not valid YAML: {exc}",
                                    f"ไฟล์ตัวชี้วัด {path} ไม่ใช่ YAML ที่ถูกต้อง: {exc}", code="bad_indicator") from exc
        for indicator in parse_indicators(data, str(path)):
            found[indicator.code] = indicator
    return tuple(found.values())
