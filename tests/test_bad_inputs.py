"""The bad-input corpus (issue 8): every kind of broken, hostile or odd file an office may send, built
in the test. Each is refused (unreadable → ReadError, exit 2; bad content → validation, exit 1) or
accepted with a named warning, always with a message in English and Thai, and a refused file leaves
the database exactly as it was.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from indicators.base.errors import ReadError
from indicators.ingest import ingest_files
from indicators.read import limits
from tests.bad_inputs import (
    FUTURE,
    GOOD_ROWS,
    HEADER,
    activities_with,
    csv_text,
    encrypted_cfb,
    fake_xlsb,
    good_xlsx,
    raw_activities,
    thai_id,
    with_member,
    xlsx_bytes,
    zip_bomb,
)
from tests.conftest import run_cli, table_snapshot
from tests.test_readers_hostile import ods_with_uncalculated_formula

THAI = re.compile("[\u0e00-\u0e7f]")
CITY = "Test City"

@dataclass
class Case:
    kind: str
    build: Callable[[], tuple[str, bytes]]
    outcome: str  # unreadable | refused | accepted
    code: str
    sheet: str | None = None  # where the problem must be located, when it has a place
    row: int | None = None
    column: str | None = None
    patch: dict | None = None  # attributes of indicators.read.limits to lower for the case
    xfail: str | None = None


def _truncated() -> tuple[str, bytes]:
    data = good_xlsx()
    return "truncated.xlsx", data[: len(data) // 2]


def _bad_zip() -> tuple[str, bytes]:
    data = bytearray(good_xlsx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    start = sheet.header_offset + 30 + len(sheet.filename) + 10
    data[start:start + 300] = b"\xff" * 300  # the worksheet's compressed bytes overwritten
    return "badzip.xlsx", bytes(data)


def _merged_across_data() -> tuple[str, bytes]:
    """One participant count merged over two activities' rows: it cannot belong to both."""
    header = ["activity code", "title", "district", "date", "participants"]
    rows = [["M-1", "Reading club", "North", "15/01/2567", 30], ["M-2", "Digital skills", "South", "03/02/2567", None],
            ["M-3", "Tree planting", "North", "15/03/2567", 40]]
    return "merged.xlsx", xlsx_bytes({"activities": [header, *rows]}, merges={"activities": ["E2:E3"]})


def _many_rows() -> tuple[str, bytes]:
    rows = [[f"R-{i}", f"Course {i}", "North", "15/01/2567", 1, 2, 10, 5, 5] for i in range(40)]
    return "many_rows.xlsx", xlsx_bytes({"activities": [HEADER, *rows]})


def _many_rows_csv() -> tuple[str, bytes]:
    rows = [[f"R-{i}", f"Course {i}", "North", "15/01/2567", 1, 2, 10, 5, 5] for i in range(40)]
    return "many_rows.csv", csv_text([HEADER, *rows]).encode()


def _formula_error(value: str) -> Callable[[], tuple[str, bytes]]:
    slug = re.sub(r"\W", "", value)
    return lambda: (f"error_{slug}.xlsx", activities_with(1, "participants", value))


def _mixed_eras() -> tuple[str, bytes]:
    header = ["activity code", "title", "district", "year", "participants"]
    rows = [["Y-1", "Reading club", "North", 2566, 10], ["Y-2", "Digital", "North", 2024, 12],
            ["Y-3", "Gardening", "South", 2567, 8]]
    return "mixed_eras.xlsx", xlsx_bytes({"activities": [header, *rows]})


def _duplicate_codes() -> tuple[str, bytes]:
    rows = [list(r) for r in GOOD_ROWS]
    rows[2][0] = "A-1"
    return "dup_codes.xlsx", xlsx_bytes({"activities": [HEADER, *rows]})


def _unknown_activity() -> tuple[str, bytes]:
    participants = [["activity code", "female", "male"], ["A-1", 10, 8], ["Z-99", 3, 4]]
    return "unknown_link.xlsx", xlsx_bytes({"activities": [HEADER, *GOOD_ROWS], "participants": participants})


def _one_good_one_bad_sheet() -> tuple[str, bytes]:
    bad = [list(r) for r in GOOD_ROWS]
    bad[0][0], bad[1][0], bad[2][0] = "B-1", "B-2", "B-3"
    bad[1][HEADER.index("participants")] = -5
    return "good_and_bad.xlsx", xlsx_bytes({"good": [HEADER, *GOOD_ROWS], "bad": [HEADER, *bad]})


def _long_cell() -> tuple[str, bytes]:
    return "long.xlsx", activities_with(0, "title", "ก" * 10_000)


def _rtl_emoji_zero_width() -> tuple[str, bytes]:
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][1] = "مكتبة\u200b القراءة 📚"
    rows[1][1] = "Digi\u200btal\u200d skills 🎓"
    return "rtl_emoji.csv", csv_text([HEADER, *rows]).encode("utf-8")


def _xlsm() -> tuple[str, bytes]:
    return "macros.xlsm", with_member(good_xlsx(), "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0MACRO-Attribute VB_Name")


def _csv_good(encoding: str, name: str) -> Callable[[], tuple[str, bytes]]:
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][1] = "อบรมอาชีพ"
    rows[0][2] = "เขตเหนือ"
    return lambda: (name, csv_text([HEADER, *rows]).encode(encoding))


CASES = [
    Case("truncated_xlsx", _truncated, "unreadable", "damaged"),
    Case("bad_zip", _bad_zip, "unreadable", "damaged"),
    Case("pdf_renamed", lambda: ("report.xlsx", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n" * 20), "unreadable",
         "not_a_spreadsheet"),
    Case("png_renamed", lambda: ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0\0\0\rIHDR" + bytes(200)), "unreadable",
         "not_a_spreadsheet"),
    Case("empty_file", lambda: ("empty.xlsx", b""), "unreadable", "empty_file"),
    Case("json_export", lambda: ("activities.json", json.dumps([{"title": "อบรม", "participants": 30}]).encode()),
         "unreadable", "not_a_spreadsheet"),
    Case("json_as_csv", lambda: ("activities.csv", b'{"rows": [["title", "participants"], ["Reading", 3]]}'),
         "unreadable", "not_a_spreadsheet"),
    Case("empty_sheet", lambda: ("empty_sheet.xlsx", xlsx_bytes({"Sheet1": []})), "refused", "no_data_sheet"),
    # A file with headers and no data row is refused: an empty upload would replace a year's figures by nothing.
    Case("header_only", lambda: ("header_only.xlsx", xlsx_bytes({"activities": [HEADER]})), "refused",
         "nothing_kept"),
    Case("unknown_headers", lambda: ("unknown.xlsx", xlsx_bytes({"stuff": [["foo", "bar", "baz"], [1, 2, 3]]})),
         "refused", "no_data_sheet"),
    Case("zip_bomb_ratio", lambda: ("bomb.xlsx", zip_bomb(64 * 2**20)), "unreadable", "zip_bomb"),
    Case("zip_bomb_size_limit", lambda: ("big.xlsx", good_xlsx()), "unreadable", "zip_bomb",
         patch={"MAX_UNCOMPRESSED_BYTES": 1000}),
    Case("100k_columns_csv", lambda: ("wide.csv", (",".join(f"c{i}" for i in range(100_000)) + "\n1\n").encode()),
         "unreadable", "too_many_cells"),
    Case("rows_beyond_limit_xlsx", _many_rows, "unreadable", "too_many_cells", patch={"MAX_ROWS": 20}),
    Case("rows_beyond_limit_csv", _many_rows_csv, "unreadable", "too_many_cells", patch={"MAX_ROWS": 20}),
    Case("error_cell_ref", _formula_error("#REF!"), "refused", "error_cell", "activities", 3, "participants"),
    Case("error_cell_div0", _formula_error("#DIV/0!"), "refused", "error_cell", "activities", 3, "participants"),
    Case("error_cell_in_csv", lambda: ("errors.csv", csv_text([HEADER, *GOOD_ROWS]).replace(",25,", ",#DIV/0!,")
         .encode()), "refused", "error_cell", "errors", 3, "participants"),
    Case("formula_without_cached_value", lambda: ("formula.xlsx", activities_with(0, "hours", "=1+1")),
         "refused", "not_a_number", "activities", 2, "hours"),
    Case("merged_count_across_data_rows", _merged_across_data, "refused", "merged_numbers", "activities", 2,
         "participants"),
    Case("negative_count", lambda: ("neg.xlsx", activities_with(1, "participants", -3)), "refused",
         "negative_count", "activities", 3, "participants"),
    Case("parts_above_total", lambda: ("parts.xlsx", activities_with(2, "participants", 5)), "refused",
         "sex_parts_exceed_total", "activities", 4),
    Case("text_in_count", lambda: ("text.xlsx", activities_with(0, "events", "many")), "refused", "not_a_number",
         "activities", 2, "events"),
    Case("date_in_future", lambda: ("future.xlsx", activities_with(0, "date", FUTURE)), "refused",
         "year_in_future", "activities", 2),
    Case("date_before_1950", lambda: ("old.xlsx", activities_with(0, "date", "15/01/1921")), "refused",
         "year_before_1950", "activities", 2),
    Case("be_ce_mixed_year_column", _mixed_eras, "accepted", "mixed_eras", "activities", column="year"),
    Case("duplicate_activity_codes", _duplicate_codes, "refused", "duplicate_activity_code", "activities", 4,
         "activity code"),
    Case("participants_unknown_activity", _unknown_activity, "refused", "unknown_activity_code", "participants", 3,
         "activity code"),
    Case("one_good_sheet_one_bad_sheet", _one_good_one_bad_sheet, "refused", "negative_count", "bad", 3,
         "participants"),
    Case("latin1_not_utf8_nor_thai", lambda: ("latin1.csv", csv_text([HEADER, ["A-1", "caf\xe9", "North",
         "15/01/2567", 1, 2, 3, 2, 1]]).encode("latin-1")), "unreadable", "unknown_encoding"),
    Case("unbalanced_quotes_csv", lambda: ("quotes.csv", (csv_text([HEADER, *GOOD_ROWS[:2]])
         + 'A-9,"Open quote,North,15/01/2567,1,2,3,2,1\n').encode()), "unreadable", "bad_csv"),
    Case("long_cell", _long_cell, "accepted", "long_text", "activities", 2, "title"),
    Case("rtl_emoji_zero_width", _rtl_emoji_zero_width, "accepted", "committed"),
    Case("xlsm_with_macro", _xlsm, "accepted", "committed"),
    Case("password_protected", lambda: ("secret.xlsx", encrypted_cfb()), "unreadable", "password_protected"),
    Case("xlsb_invalid", lambda: ("binary.xlsb", fake_xlsb()), "unreadable", "damaged"),
    Case("utf16_csv", _csv_good("utf-16", "utf16.csv"), "accepted", "committed"),
    Case("cp874_csv", _csv_good("cp874", "cp874.csv"), "accepted", "committed"),
    # issue 16: impossible values
    Case("count_1e308_xlsx", lambda: ("huge.xlsx", activities_with(0, "participants", 1e308)), "refused",
         "count_too_large", "activities", 2, "participants"),
    Case("hours_1e308_xlsx", lambda: ("huge_hours.xlsx", activities_with(1, "hours", 1e308)), "refused",
         "value_too_large", "activities", 3, "hours"),
    Case("literacy_180_percent", lambda: ("literacy.csv", csv_text([["year", "district", "measure", "value", "unit"],
         [2567, "North", "literacy rate", 180, "%"]]).encode()), "refused", "rate_above_maximum", "literacy", 2, "value"),
    Case("control_characters_in_text", lambda: ("control.csv", csv_text([HEADER, ["A-9", "Read\x07ing", "North\x01",
         "15/01/2567", 1, 2, 30, 18, 12], *GOOD_ROWS]).encode()), "accepted", "committed"),  # cleaned: tests/test_hostile_text.py
    # issue 16: the right reading, or the true reason (tests/test_readers_hostile.py has the details)
    Case("ods_formula_without_value", lambda: ("formula.ods", ods_with_uncalculated_formula()), "refused",
         "not_a_number", "activities", 2, "participants"),
    Case("utf16_mark_before_cp874", lambda: ("mark.csv", b"\xff\xfe" + csv_text([HEADER, [
         "A-1", "อบรมอาชีพ", "เหนือ", "15/01/2567", 1, 2, 30, 18, 12], *GOOD_ROWS[1:]]).encode("cp874")), "accepted",
         "committed"),
    Case("text_index_negative", lambda: ("index.xlsx", raw_activities("-5")), "unreadable", "damaged"),
    Case("text_index_beyond_2_64", lambda: ("index.xlsx", raw_activities(str(2**64 + 1))), "unreadable", "damaged"),
    Case("empty_formatted_cell_at_xfd1048576", lambda: ("styled.xlsx", raw_activities(
         extra='<row r="1048576"><c r="XFD1048576" s="1"/></row>')), "accepted", "committed"),
    Case("one_line_csv_without_breaks", lambda: ("one_line.csv", b"a" * 2**20), "unreadable", "bad_csv"),
    Case("zip_not_workbook", lambda: ("archive.xlsx", with_member(b"", "readme.txt", b"hello")), "unreadable",
         "not_a_spreadsheet"),
    Case("random_binary", lambda: ("noise.csv", bytes(range(256)) * 64), "unreadable", "not_a_spreadsheet"),
]


def _assert_bilingual(message_en: str, message_th: str) -> None:
    assert message_en and message_en.strip(), "empty English message"
    assert message_th and THAI.search(message_th), f"Thai message has no Thai characters: {message_th!r}"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.kind, marks=[pytest.mark.xfail(strict=True, reason=c.xfail)]
                                               if c.xfail else []) for c in CASES])
def test_bad_input(case: Case, con, tmp_path, monkeypatch):
    for name, value in (case.patch or {}).items():
        monkeypatch.setattr(limits, name, value)
    name, data = case.build()
    path = tmp_path / name
    path.write_bytes(data)
    before = table_snapshot(con)
    if case.outcome == "unreadable":
        with pytest.raises(ReadError) as caught:
            ingest_files(con, [path], CITY)
        assert caught.value.code == case.code, caught.value.message_en
        assert caught.value.exit_code == 2
        _assert_bilingual(caught.value.message_en, caught.value.message_th)
        assert name in caught.value.message_en
        assert table_snapshot(con) == before
        return
    outcome = ingest_files(con, [path], CITY)
    problems = outcome.problems
    for p in problems:
        _assert_bilingual(p.message_en, p.message_th)
    if case.outcome == "refused":
        assert outcome.status == "refused", [(p.code, p.message_en) for p in problems]
        assert table_snapshot(con) == before
    else:
        assert outcome.status == "committed", [(p.code, p.row, p.message_en) for p in problems if p.severity == "error"]
        assert not [p for p in problems if p.severity == "error"]
    if case.code == "committed":
        return
    found = [p for p in problems if p.code == case.code]
    assert found, f"expected {case.code}, got {[(p.code, p.message_en) for p in problems]}"
    if case.outcome == "refused":
        assert any(p.severity == "error" for p in found)
    else:
        assert all(p.severity == "warning" for p in found)
    if case.sheet is not None:
        located = [p for p in found if p.sheet == case.sheet and (case.row is None or p.row == case.row)
                   and (case.column is None or p.column == case.column)]
        assert located, f"not located at {case.sheet}/{case.row}/{case.column}: " \
                        f"{[(p.sheet, p.row, p.column) for p in found]}"
        assert located[0].file == name


def test_corpus_has_at_least_30_kinds():
    assert len({c.kind for c in CASES}) >= 30


# --- cases that need more than "one file in, one verdict out" ---------------------------------------------


def test_personal_data_becomes_counts_and_never_reaches_the_database(con, tmp_path, db_path):
    ids = [thai_id(f"1101700{n:05d}") for n in range(207, 219)]
    phones = [f"08{n:08d}" for n in range(12345670, 12345682)]
    names = [f"สมชาย ทดสอบ{n}" for n in range(12)]
    emails = [f"person{n}@example.org" for n in range(12)]
    header = ["activity code", "full name", "national id", "phone", "email", "sex", "age"]
    rows = [[f"A-{1 + n % 3}", names[n], ids[n], phones[n], emails[n], "หญิง" if n % 2 else "ชาย", 20 + n * 4]
            for n in range(12)]
    # a column of IDs under a harmless header, caught by its content
    for n, row in enumerate(rows):
        row.append(ids[(n + 5) % 12])
    header.append("ข้อมูลเพิ่มเติม")
    path = tmp_path / "people.xlsx"
    path.write_bytes(xlsx_bytes({"activities": [HEADER, *GOOD_ROWS], "people": [header, *rows]}))
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "committed", [(p.code, p.message_en) for p in outcome.problems]
    codes = {p.code for p in outcome.problems}
    assert "personal_column" in codes
    con.execute("CHECKPOINT")
    everything = repr(table_snapshot(con))
    dump = everything + db_path.read_bytes().decode("latin-1")
    for secret in [*ids, *phones, *emails, *names, "ทดสอบ"]:
        assert secret not in everything, f"{secret} stored"
    for secret in [*ids, *phones, *emails]:
        assert secret not in dump, f"{secret} found in the database file"


def test_same_file_twice_is_refused_as_duplicate(con, tmp_path):
    path = tmp_path / "activities.xlsx"
    path.write_bytes(good_xlsx())
    assert ingest_files(con, [path], CITY).status == "committed"
    before = table_snapshot(con)
    copy = tmp_path / "activities_copy.xlsx"
    copy.write_bytes(path.read_bytes())
    outcome = ingest_files(con, [copy], CITY)
    assert outcome.status == "refused"
    duplicate = [p for p in outcome.problems if p.code == "duplicate_file"]
    assert duplicate and duplicate[0].severity == "error"
    _assert_bilingual(duplicate[0].message_en, duplicate[0].message_th)
    assert table_snapshot(con) == before


def test_same_file_twice_in_one_batch_is_refused(con, tmp_path):
    path = tmp_path / "activities.xlsx"
    path.write_bytes(good_xlsx())
    before = table_snapshot(con)
    outcome = ingest_files(con, [path, path], CITY)
    assert outcome.status == "refused"
    assert "duplicate_file" in {p.code for p in outcome.problems}
    assert table_snapshot(con) == before


def test_two_different_files_with_the_same_activity_codes(con, tmp_path):
    """Decision: activity codes are unique per city across live uploads. A second, different file that
    re-uses the codes of an earlier upload from ANOTHER source is refused (duplicate_activity_code), so
    the same activities are never counted twice; the way to correct a file is to upload it again from the
    same source (it supersedes the years it brings) or to roll the first one back."""
    first = tmp_path / "district_north.xlsx"
    first.write_bytes(good_xlsx())
    assert ingest_files(con, [first], CITY).status == "committed"
    before = table_snapshot(con)
    rows = [list(r) for r in GOOD_ROWS]
    rows[0][1] = "Reading club (reported again)"
    second = tmp_path / "library_report.xlsx"
    second.write_bytes(xlsx_bytes({"activities": [HEADER, *rows]}))
    outcome = ingest_files(con, [second], CITY)
    assert outcome.status == "refused", "the same activity codes from a second source were counted twice"
    assert "activity_code_in_other_upload" in {p.code for p in outcome.problems}
    assert table_snapshot(con) == before


def test_rtl_emoji_kept_zero_width_removed(con, tmp_path):
    name, data = _rtl_emoji_zero_width()
    path = tmp_path / name
    path.write_bytes(data)
    assert ingest_files(con, [path], CITY).status == "committed"
    titles = {t for (t,) in con.execute("SELECT title FROM activities").fetchall()}
    assert "مكتبة القراءة 📚" in titles
    assert "Digital skills 🎓" in titles
    assert not any(ch in t for t in titles for ch in "\u200b\u200c\u200d")


def test_encodings_read_thai_exactly(con, tmp_path):
    for month, (encoding, name) in enumerate((("utf-16", "u16.csv"), ("cp874", "thai.csv")), start=4):
        path = tmp_path / name
        # Other dates too: the same records from a second source would be refused as repeated.
        rows = [[f"{name}-{i}", title, district, f"15/{month:02d}/2567", *counts]
                for i, (_, title, district, _, *counts) in enumerate(GOOD_ROWS, start=1)]
        rows[0][1] = "อบรมอาชีพ"
        path.write_bytes(csv_text([HEADER, *rows]).encode(encoding))
        assert ingest_files(con, [path], CITY).status == "committed"
    titles = [t for (t,) in con.execute("SELECT title FROM activities WHERE title LIKE 'อบรม%'").fetchall()]
    assert titles == ["อบรมอาชีพ", "อบรมอาชีพ"]


def test_nul_bytes_in_csv_are_removed_not_stored(con, tmp_path):
    text = csv_text([HEADER, *GOOD_ROWS]).replace("Reading club", "Read\x00ing club")
    path = tmp_path / "nul.csv"
    path.write_bytes(text.encode())
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "committed"
    titles = {t for (t,) in con.execute("SELECT title FROM activities").fetchall()}
    assert "Reading club" in titles
    assert not any("\x00" in t for t in titles)


def test_xlsm_data_read_macro_not_stored(con, tmp_path, db_path):
    name, data = _xlsm()
    path = tmp_path / name
    path.write_bytes(data)
    outcome = ingest_files(con, [path], CITY)
    assert outcome.status == "committed"
    assert outcome.plans[0].file_format == "xlsm"
    assert con.execute("SELECT count(*) FROM activities").fetchone()[0] == 3
    con.execute("CHECKPOINT")
    assert b"VB_Name" not in db_path.read_bytes()


def test_mixed_eras_converts_each_year(con, tmp_path):
    name, data = _mixed_eras()
    path = tmp_path / name
    path.write_bytes(data)
    assert ingest_files(con, [path], CITY).status == "committed"
    years = sorted(y for (y,) in con.execute("SELECT year FROM activities").fetchall())
    assert years == [2023, 2024, 2024]


# --- the same verdicts through the CLI, as scripts see them ---------------------------------------------

CLI_CASES = [
    ("truncated_xlsx", 2, "damaged"),
    ("password_protected", 2, "password_protected"),
    ("latin1_not_utf8_nor_thai", 2, "unknown_encoding"),
    ("negative_count", 1, "negative_count"),
    ("duplicate_activity_codes", 1, "duplicate_activity_code"),
    ("long_cell", 0, "long_text"),
]


@pytest.mark.parametrize(("kind", "exit_code", "code"), CLI_CASES)
def test_bad_input_through_cli(kind, exit_code, code, tmp_path):
    case = next(c for c in CASES if c.kind == kind)
    name, data = case.build()
    path = tmp_path / name
    path.write_bytes(data)
    db = tmp_path / "cli.duckdb"
    status, out, err = run_cli("ingest", str(path), "--db", str(db), "--city", CITY, "--json")
    assert status == exit_code, (out, err)
    assert "Traceback" not in err
    report = json.loads(out)
    if exit_code == 2:
        assert report["status"] == "unreadable" and report["code"] == code
        _assert_bilingual(report["message_en"], report["message_th"])
    else:
        assert report["status"] == ("committed" if exit_code == 0 else "refused")
        found = [p for f in report["files"] for p in f["problems"] if p["code"] == code]
        assert found
        _assert_bilingual(found[0]["message_en"], found[0]["message_th"])
    if exit_code:
        from indicators.store import open_database

        if db.exists():
            check = open_database(db, read_only=True)
            try:
                assert check.execute("SELECT count(*) FROM uploads WHERE city = ?", [CITY]).fetchone()[0] == 0
            finally:
                check.close()
