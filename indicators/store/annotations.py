"""Chart notes and series breaks: text a city's researchers attach to a year or a range of years (the
COVID-19 years, a change of counting method), on one indicator's chart or on all of them.

Kept as versions (config/sql/annotations.sql), so the audit log can say what a note said before it was
changed or removed. Drawing them is present/charts.py's job; this module only stores and reads them.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from indicators.base.errors import LearningCityError
from indicators.store.connection import fetch_one

KINDS = ("note", "break")
LONGEST_TEXT = 200  # characters: a note is a label on a chart, not a narrative (Evidence holds those)
COLUMNS = ["note_id", "city", "indicator", "year_from", "year_to", "kind", "text_en", "text_th",
           "updated_by", "updated_at"]


def _refuse(english: str, thai: str) -> LearningCityError:
    return LearningCityError(english + " Nothing was saved.", thai + " จึงไม่ได้บันทึก", code="bad_chart_note")


def check_note(year_from: int, year_to: int, kind: str, text_en: str, text_th: str) -> tuple[str, str]:
    """The note's two texts, stripped; refused (naming why) when a year range runs backwards, the kind is
    unknown, both texts are empty or one is longer than a chart label can be."""
    text_en, text_th = (text_en or "").strip(), (text_th or "").strip()
    if kind not in KINDS:
        raise _refuse(f"A chart note is a note or a series break, not {kind!r}.",
                      f"หมายเหตุบนกราฟต้องเป็นหมายเหตุหรือจุดเปลี่ยนวิธีนับ ไม่ใช่ {kind!r}")
    if not 1950 <= int(year_from) <= int(year_to) <= 2200:
        raise _refuse(f"The years of a chart note must run forward (from {year_from} to {year_to}).",
                      f"ปีของหมายเหตุต้องเรียงจากน้อยไปมาก (จาก {year_from} ถึง {year_to})")
    if not text_en and not text_th:
        raise _refuse("A chart note needs a text in Thai or English.", "หมายเหตุบนกราฟต้องมีข้อความภาษาไทยหรืออังกฤษ")
    if max(len(text_en), len(text_th)) > LONGEST_TEXT:
        raise _refuse(f"A chart note is at most {LONGEST_TEXT} characters (longer text belongs in Evidence).",
                      f"หมายเหตุบนกราฟยาวได้ไม่เกิน {LONGEST_TEXT} ตัวอักษร (ข้อความยาวควรอยู่ในหน้าหลักฐาน)")
    return text_en, text_th


def save_note(con: duckdb.DuckDBPyConnection, city: str, indicator: str | None, year_from: int, year_to: int,
              kind: str, text_en: str, text_th: str, user: str | None, note_id: int | None = None) -> int:
    """A new note, or (with `note_id`) a new version of one; returns its id."""
    text_en, text_th = check_note(year_from, year_to, kind, text_en, text_th)
    if note_id is None:
        note_id = fetch_one(con, "SELECT coalesce(max(note_id), 0) + 1 FROM chart_notes")[0]
    elif current_note(con, note_id) is None:
        raise _refuse(f"There is no chart note {note_id}.", f"ไม่มีหมายเหตุบนกราฟหมายเลข {note_id}")
    con.execute("INSERT INTO chart_notes VALUES (?, ?, ?, ?, ?, ?, ?, ?, false, ?, ?)",
                [int(note_id), city, indicator or None, int(year_from), int(year_to), kind, text_en or None,
                 text_th or None, user, datetime.now()]).fetchall()
    return int(note_id)


def delete_note(con: duckdb.DuckDBPyConnection, note_id: int, user: str | None) -> dict:
    """Take a note off every chart (a version marked deleted; the earlier ones stay). Returns what it said."""
    current = current_note(con, note_id)
    if current is None:
        raise _refuse(f"There is no chart note {note_id}.", f"ไม่มีหมายเหตุบนกราฟหมายเลข {note_id}")
    con.execute("INSERT INTO chart_notes SELECT note_id, city, indicator, year_from, year_to, kind, text_en, text_th, "
                "true, ?, ? FROM chart_notes WHERE note_id = ? ORDER BY updated_at DESC, rowid DESC LIMIT 1",
                [user, datetime.now(), int(note_id)]).fetchall()
    return current


_IN_FORCE = """
    SELECT * EXCLUDE (version_rank) FROM (
        SELECT *, row_number() OVER (PARTITION BY note_id ORDER BY updated_at DESC, rowid DESC) AS version_rank
        FROM chart_notes)
    WHERE version_rank = 1 AND NOT deleted
"""


def current_note(con: duckdb.DuckDBPyConnection, note_id: int) -> dict | None:
    frame = con.execute(f"SELECT * FROM ({_IN_FORCE}) WHERE note_id = ?", [int(note_id)]).df()
    return None if frame.empty else frame.iloc[0].to_dict()


def load_notes(con: duckdb.DuckDBPyConnection, city: str, indicator: str | None = None,
               years: tuple[int, int] | None = None) -> pd.DataFrame:
    """Notes in force for a city, oldest year first: with `indicator`, those on its chart (its own and the
    city's notes for every chart); with `years`, those that touch the range."""
    first, last = years if years else (None, None)
    return con.execute(
        f"""SELECT {", ".join(COLUMNS)} FROM ({_IN_FORCE})
        WHERE city = $city AND ($indicator IS NULL OR indicator IS NULL OR indicator = $indicator)
          AND ($first IS NULL OR year_to >= $first) AND ($last IS NULL OR year_from <= $last)
        ORDER BY year_from, year_to, note_id""",
        {"city": city, "indicator": indicator, "first": first, "last": last}).df()


def notes_on_chart(notes: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Of a city's notes (load_notes), those on one indicator's chart: its own and those for every chart."""
    if notes.empty:
        return notes
    return notes[notes["indicator"].isna() | (notes["indicator"] == indicator)]
