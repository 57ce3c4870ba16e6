"""Recipes: a file's reading written down as plain YAML — per sheet its kind, header rows, what each
column means, the year and the measure — so a reading a researcher confirmed (or corrected) is applied
to next year's file from the same office without a question.

    # Reading of activities_2567.xlsx — confirmed
    sheets:
      กิจกรรม:
        kind: activities
        header_rows: [4, 5]
        year: 2024          # only when no column gives one
        measure: population # only for figures whose header names none
        columns:
          ชื่อโครงการ/กิจกรรม: title
          จำนวนผู้เข้าร่วม (คน) / รวม: participants_total
          หมายเหตุ: ignored

The CLI writes one with `ingest FILE --save-recipe R.yaml` and applies it with `--recipe R.yaml`; the
upload wizard saves the confirmed reading per source, in the database, and applies it next time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb
import yaml

from indicators.base.errors import LearningCityError
from indicators.config import SAFE_LOADER
from indicators.ingest.column_mappings import field_choices
from indicators.understand.kinds import NOTES
from indicators.understand.vocabulary import (
    ACTIVITIES,
    OUTCOMES,
    PARTICIPANT_LIST,
    PARTICIPANTS,
    PLACES,
    STATISTICS,
    STATISTICS_WIDE,
)

KINDS = (ACTIVITIES, PARTICIPANTS, OUTCOMES, STATISTICS, STATISTICS_WIDE, PLACES, PARTICIPANT_LIST, NOTES)
STRUCTURAL = {"age_band", "period_value", "flag_value"}


@dataclass
class SheetRecipe:
    kind: str | None = None
    header_rows: tuple[int, ...] | None = None
    year: int | None = None
    measure: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # header as written → field


@dataclass
class Recipe:
    sheets: dict[str, SheetRecipe] = field(default_factory=dict)
    note: str = ""

    def for_sheet(self, name: str) -> SheetRecipe | None:
        return self.sheets.get(name)


def recipe_of(plan) -> Recipe:
    """The reading of a planned file (a FilePlan) as a recipe, ready to be confirmed or corrected."""
    recipe = Recipe(note=f"Reading of {plan.file_name}")
    for sheet in plan.sheets:
        if sheet.kind not in KINDS:  # a sheet nothing could be read of: no reading to write down
            continue
        columns = {c["header"]: c["field"] or "ignored" for c in sheet.columns
                   if c["header"] and c["field"] not in STRUCTURAL}
        recipe.sheets[sheet.sheet] = SheetRecipe(
            kind=sheet.kind, header_rows=tuple(sheet.header_rows), year=sheet.year if sheet.year_source else None,
            measure=sheet.measure if sheet.measure_source in ("title", "sheet", "file", "given") else None,
            columns=columns)
    return recipe


def to_yaml(recipe: Recipe) -> str:
    data = {"sheets": {}}
    for name, sheet in recipe.sheets.items():
        entry: dict = {"kind": sheet.kind}
        if sheet.header_rows:
            entry["header_rows"] = list(sheet.header_rows)
        if sheet.year is not None:
            entry["year"] = sheet.year
        if sheet.measure:
            entry["measure"] = sheet.measure
        entry["columns"] = dict(sheet.columns)
        data["sheets"][name] = entry
    head = f"# {recipe.note}\n" if recipe.note else ""
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=None)


def _bad(english: str, thai: str) -> LearningCityError:
    return LearningCityError(f"The recipe cannot be used: {english}", f"ใช้สูตรการอ่านนี้ไม่ได้: {thai}",
                             code="bad_recipe")


def from_yaml(text: str) -> Recipe:
    """A recipe from its YAML, checked: known kinds and fields, row numbers, a plausible year."""
    try:
        data = yaml.load(text, Loader=SAFE_LOADER) or {}
    except yaml.YAMLError as error:
        raise _bad(f"it is not valid YAML ({error})", f"ไม่ใช่ YAML ที่ถูกต้อง ({error})") from error
    if not isinstance(data, dict) or not isinstance(data.get("sheets"), dict):
        raise _bad("it needs a 'sheets:' mapping", "ต้องมีหัวข้อ 'sheets:'")
    fields = set(field_choices()) | {"code", "name", "place_name", "address", "sex", "age", "age_group", "period",
                                     "people_in_text", "value"}
    recipe = Recipe()
    for name, spec in data["sheets"].items():
        spec = spec or {}
        kind = spec.get("kind")
        if kind is not None and kind not in KINDS:
            raise _bad(f"sheet '{name}': unknown kind '{kind}' (use {', '.join(KINDS)})",
                       f"ชีต '{name}': ไม่รู้จักชนิด '{kind}'")
        rows = spec.get("header_rows")
        if rows is not None and (not isinstance(rows, list) or not all(isinstance(r, int) and r > 0 for r in rows)):
            raise _bad(f"sheet '{name}': header_rows must be Excel row numbers, e.g. [4, 5]",
                       f"ชีต '{name}': header_rows ต้องเป็นเลขแถวของ Excel เช่น [4, 5]")
        year = spec.get("year")
        if year is not None and not (isinstance(year, int) and (1950 <= year <= 2100 or 2493 <= year <= 2643)):
            raise _bad(f"sheet '{name}': year {year!r} is not a year", f"ชีต '{name}': ปี {year!r} ไม่ใช่ปี")
        columns = {str(h): str(f) for h, f in (spec.get("columns") or {}).items()}
        unknown = sorted({f for f in columns.values() if f not in fields})
        if unknown:
            raise _bad(f"sheet '{name}': unknown field(s) {', '.join(unknown)}",
                       f"ชีต '{name}': ไม่รู้จักช่องข้อมูล {', '.join(unknown)}")
        recipe.sheets[str(name)] = SheetRecipe(
            kind=kind, header_rows=tuple(rows) if rows else None,
            year=(year - 543 if year and year >= 2400 else year), measure=spec.get("measure"), columns=columns)
    return recipe


def read_recipe(path: str | Path) -> Recipe:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise _bad(f"{path} cannot be read ({error.strerror or error})",
                   f"อ่านไฟล์ {path} ไม่ได้ ({error.strerror or error})") from error
    return from_yaml(text)


def save_recipe(con: duckdb.DuckDBPyConnection, city: str, source: str, recipe: Recipe,
                saved_by: str | None = None) -> int:
    """Keep a confirmed reading for the source; each save is a new version. The year is this file's
    only — the source's next file is for another year — so it is not kept."""
    recipe = Recipe(note=recipe.note, sheets={name: SheetRecipe(sheet.kind, sheet.header_rows, None, sheet.measure,
                                                                dict(sheet.columns))
                                              for name, sheet in recipe.sheets.items()})
    version = con.execute("SELECT coalesce(max(version), 0) + 1 FROM recipes WHERE city = ? AND source = ?",
                          [city, source]).fetchall()[0][0]
    con.execute("INSERT INTO recipes VALUES (?, ?, ?, ?, ?, ?)",
                [city, source, to_yaml(recipe), version, saved_by, datetime.now()]).fetchall()
    return int(version)


def saved_recipe(con: duckdb.DuckDBPyConnection | None, city: str, source: str) -> Recipe | None:
    """The newest confirmed reading for this source, if any."""
    if con is None:
        return None
    row = con.execute("SELECT recipe FROM recipes WHERE city = ? AND source = ? ORDER BY version DESC LIMIT 1",
                      [city, source]).fetchall()
    return from_yaml(row[0][0]) if row else None
