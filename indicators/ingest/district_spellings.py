"""One district, one spelling. Offices write the same amphoe "อ.เมือง", "อำเภอเมือง" and "เมือง", the same
zone "แขวงนครพิงค์" and "นครพิงค์": stored as written they would be three districts, each with a third of
the activities, and a population table's "อำเภอสารภี" would never meet a register's "สารภี".

Names that differ only by their level word (อำเภอ/อ./เขต/แขวง/ตำบล/ต./จังหวัด, Amphoe, "… District") and spacing
take one spelling: the one the city already stores most rows under, else the one this file uses most.
Nothing is merged across levels: when "ตำบลเมือง" and "อำเภอเมือง" both occur, neither they nor a bare
"เมือง" beside them are touched. Each spelling changed is reported with its first row."""

from __future__ import annotations

import re
from collections import Counter

import duckdb
import pandas as pd

from indicators.base.errors import Problem
from indicators.base.messages import problem
from indicators.base.text import clean_text
from indicators.understand.context import place_level

DISTRICT_TABLES = ("activities", "participation", "outcomes", "statistics")
COUNTED_TABLES = ("activities", "outcomes", "statistics")  # participation repeats its activity's district
LEVELS = (
    ("amphoe", re.compile(r"^(?:กิ่งอำเภอ|อำเภอ|อ\.|amphoe|amphur|king amphoe)\s*")),
    ("tambon", re.compile(r"^(?:ตำบล|ต\.|tambon)\s*")),
    ("khet", re.compile(r"^(?:เขต|khet)\s*")),
    ("khwaeng", re.compile(r"^(?:แขวง|khwaeng)\s*")),
    ("changwat", re.compile(r"^(?:จังหวัด|จ\.|changwat)\s*")),
)
SUFFIXES = (("tambon", re.compile(r"\s+sub-?district$")), ("amphoe", re.compile(r"\s+district$")))
NOT_LETTERS = re.compile(r"[\s\-–.'’]+")
MUEANG = ("เมือง", "mueang", "muang")  # every province's capital amphoe, often written without the province


def spelling_key(name: str) -> tuple[str | None, str]:
    """(level word's level or None, the name without it, spacing and dots): "อ. เมือง" → ("amphoe", "เมือง")."""
    text = clean_text(name).casefold()
    level = None
    for found, pattern in LEVELS:
        if (bare := pattern.sub("", text, count=1)) != text and bare:
            level, text = found, bare
            break
    for found, pattern in SUFFIXES:
        if level is None and (bare := pattern.sub("", text)) != text and bare:
            level, text = found, bare
    return level, NOT_LETTERS.sub("", text)


def unify_district_spellings(plan, con: duckdb.DuckDBPyConnection | None, pending: list = (),
                             headers: dict[tuple[str, str], str] | None = None) -> None:
    """Rename the plan's districts to one spelling each (see the module), reporting each renamed one at
    its column (`headers`: (sheet, field) → header as written)."""
    written = _districts_of(plan.frames)
    if not written:
        return
    known = _stored_districts(con, plan.city)
    for other in pending:
        if other.city == plan.city:
            known.update(_districts_of(other.frames))
    renamed = _spellings_to_change(written, known)
    if not renamed:
        return
    plan.problems += [_renamed(plan.frames, plan.file_name, headers or {}, written_as, spelling)
                      for written_as, spelling in sorted(renamed.items())]
    for table in DISTRICT_TABLES:
        frame = plan.frames.get(table)
        if frame is not None and "district" in frame:
            frame["district"] = _respelled(frame["district"], renamed)


def _respelled(column: pd.Series, renamed: dict[str, str]) -> pd.Series:
    if isinstance(column.dtype, pd.CategoricalDtype):  # a spelling the file never wrote is a new category
        new = sorted(set(renamed.values()) - set(column.cat.categories))
        column = column.cat.add_categories(new) if new else column
    return column.replace(renamed)


def _spellings_to_change(written: Counter, known: Counter) -> dict[str, str]:
    """{spelling in the file: the spelling it takes} for names of one place written several ways."""
    groups: dict[str, list[str]] = {}
    for name in set(written) | set(known):
        groups.setdefault(spelling_key(name)[1], []).append(name)
    _mueang_with_its_province(groups)
    renamed = {}
    for names in groups.values():
        levels = {spelling_key(name)[0] for name in names} - {None}
        if len(names) < 2 or len(levels) > 1:
            continue
        chosen = max(names, key=lambda name: (known[name], written[name], len(name), name))
        renamed.update({name: chosen for name in names if name != chosen and name in written})
    return renamed


def _mueang_with_its_province(groups: dict[str, list[str]]) -> None:
    """A bare "เมือง" is the province's capital amphoe when the names hold one "เมือง<province>" and no
    other: "อ.เมือง" beside "เมืองเชียงใหม่" is เมืองเชียงใหม่ (but "เมืองปาน" is an amphoe of its own)."""
    for bare in MUEANG:
        capitals = [key for key in groups if key.startswith(bare) and key != bare
                    and place_level(key[len(bare):]) == "province"]
        if bare in groups and len(capitals) == 1:
            groups[capitals[0]] += groups.pop(bare)


def _districts_of(frames: dict[str, pd.DataFrame]) -> Counter:
    """Rows per district written, over the tables that name their own."""
    counts: Counter = Counter()
    for table in COUNTED_TABLES:
        frame = frames.get(table)
        if frame is not None and "district" in frame:
            counts.update({str(name): int(n) for name, n in frame["district"].value_counts(dropna=True).items() if n})
    return counts


def _stored_districts(con: duckdb.DuckDBPyConnection | None, city: str) -> Counter:
    if con is None:
        return Counter()
    union = " UNION ALL ".join(f"SELECT district FROM v_{table} WHERE city = $city" for table in COUNTED_TABLES)
    found = con.execute(f"SELECT district, count(*) FROM ({union}) WHERE district IS NOT NULL GROUP BY district",
                        {"city": city}).fetchall()
    return Counter(dict(found))


def _renamed(frames: dict[str, pd.DataFrame], file_name: str, headers: dict, written_as: str,
             spelling: str) -> Problem:
    """The spelling changed, reported at the first row that wrote it."""
    for table in COUNTED_TABLES:
        frame = frames.get(table)
        if frame is None or "district" not in frame:
            continue
        at = frame["district"].eq(written_as).to_numpy(dtype=bool, na_value=False)
        if at.any():
            row = frame.iloc[int(at.argmax())]
            return problem("district_spelling_unified", file=file_name, sheet=row.get("sheet"),
                           row=int(row["source_row"]) if pd.notna(row.get("source_row")) else None,
                           column=headers.get((row.get("sheet"), "district")),
                           value=written_as, detail=spelling)
    return problem("district_spelling_unified", file=file_name, value=written_as, detail=spelling)
