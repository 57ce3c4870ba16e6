"""Mapping activities to the Key Features: precedence, recorded reasons, unmapped listed."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from indicators.base.text import category_keys
from indicators.config.rules import load_default_category_table, load_default_keyword_rules
from indicators.mapping import (
    category_table_for,
    keyword_rules_for,
    map_activities,
    mapping_report,
    remap_city,
    unmapped_activities,
)
from indicators.store import insert_frame, migrate
from indicators.store.rules import seed_default_rules

BARNET = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "uk_barnet_library_events_2018_log.csv"
COLUMNS = ["activity_key", "title", "category", "target_group", "kf_code"]


def activities(*rows):
    return pd.DataFrame(rows, columns=COLUMNS)


def mapped_with_defaults(*rows):
    return map_activities(activities(*rows), load_default_category_table(), load_default_keyword_rules())


def reasons(mapped, key):
    return sorted((r.area_code, r.rule, r.rule_detail) for r in mapped[mapped["activity_key"] == key].itertuples())


@pytest.fixture
def store():
    con = duckdb.connect()
    migrate(con)
    yield con
    con.close()


def add_upload(con, upload_id, city, rows, status="committed"):
    con.execute("INSERT INTO uploads (upload_id, city, source, file_name, sha256, uploaded_at, status) "
                "VALUES (?, ?, 'test', 'f.xlsx', 'x', now(), ?)", [upload_id, city, status]).fetchall()
    frame = pd.DataFrame(rows, columns=COLUMNS).assign(upload_id=upload_id, city=city, year=2024, events=1)
    insert_frame(con, "activities", frame)


def test_rule_files_are_sensible():
    rules, table = load_default_keyword_rules(), load_default_category_table()
    assert len(rules) >= 40 and set(rules["language"]) == {"th", "en"}
    assert rules["keyword_norm"].is_unique
    areas = {f"{p}.{i}" for p, n in ((1, 3), (2, 6), (3, 3)) for i in range(1, n + 1)}
    assert set(rules["area_code"]) <= areas and set(table["area_code"]) <= areas
    assert "แผน" not in set(rules["keyword"]) and "ครู" not in set(rules["keyword"])  # false hits: see module doc


def test_precedence_explicit_then_category_then_keyword():
    mapped = mapped_with_defaults(
        ("a", "ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", "อาชีพ", None, "1.3;2.2"),  # explicit wins, two codes → two rows
        ("b", "ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", "อาชีพ", None, None),       # category wins over keywords
        ("c", "ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", None, None, None),          # keywords: two areas
        ("d", "Monthly meeting", None, None, None),                            # nothing
    )
    assert reasons(mapped, "a") == [("1.3", "explicit_code", "1.3"), ("2.2", "explicit_code", "2.2")]
    assert reasons(mapped, "b") == [("2.3", "category", "อาชีพ")]
    assert reasons(mapped, "c") == [("2.2", "keyword", "ผู้สูงอายุ"), ("2.4", "keyword", "ดิจิทัล")]
    assert reasons(mapped, "d") == []
    assert list(mapped.columns) == ["activity_key", "area_code", "feature_code", "rule", "rule_detail"]


def test_explicit_feature_code_and_unknown_codes():
    mapped = mapped_with_defaults(("a", "x", None, None, "2.2.1"), ("b", "Reading group", None, None, "9.9"))
    assert mapped.loc[mapped["activity_key"] == "a", "feature_code"].tolist() == ["2.2.1"]
    assert reasons(mapped, "b") == [("1.1", "keyword", "reading")]  # an invalid code falls through


def test_categories_differing_by_case_spacing_or_digits_are_one_category():
    assert category_keys(pd.Series(["Digital Skills ", "digital  skills", "DIGITAL\u200bSKILLS ", None])).tolist()[:2] \
        == ["digital skills", "digital skills"]
    assert category_keys(pd.Series(["ปี ๒๕๖๗"])).tolist() == ["ปี 2567"]
    mapped = mapped_with_defaults(("a", "x", "Digital Skills ", None, None), ("b", "x", "digital  skills", None, None),
                                  ("c", "x", "DIGITAL SKILLS", None, None))
    assert set(mapped["area_code"]) == {"2.4"} and set(mapped["rule"]) == {"category"} and len(mapped) == 3


def test_thai_and_english_keywords_on_title_category_and_target_group():
    mapped = mapped_with_defaults(
        ("th", "ปลูก ป่า ชุมชน", None, None, None),              # Thai ignores spaces
        ("en", "Tree-planting day", None, None, None),            # punctuation is a space
        ("tg", "Monthly club", None, "Older adults", None),       # target group counts
        ("cat", "Monthly club", "Volunteering", None, None),      # category text counts when no table row
        ("pl", "Volunteers needed", None, None, None),            # prefix keyword volunteer*
    )
    assert reasons(mapped, "th") == [("1.3", "keyword", "ปลูกป่า")]
    assert reasons(mapped, "en") == [("1.3", "keyword", "tree planting")]
    assert reasons(mapped, "tg") == [("2.2", "keyword", "older adult*")]
    assert reasons(mapped, "cat") == [("1.2", "category", "Volunteering")]
    assert reasons(mapped, "pl") == [("1.2", "keyword", "volunteer*")]


def test_keyword_false_hits_avoided():
    mapped = mapped_with_defaults(
        ("a", "Get ready for the fairy tale", None, None, None),  # not 'read', not 'fair'
        ("b", "นวดแผนไทย", None, None, None),                     # แผนไทย is not a plan
        ("c", "รอสักครู่", None, None, None),
        ("d", "วันอาสาฬหบูชา", None, None, None),
    )
    assert mapped.empty


def test_remap_city_unmapped_and_city_tables(store):
    add_upload(store, 1, "Chiang Mai", [("A-1", "อบรมอาชีพทำขนมไทย", None, None, None),
                                        ("A-2", "Scrabble", "Games", None, None),
                                        ("A-3", "Scrabble", "Games", None, "2.6")])
    add_upload(store, 2, "Chiang Mai", [("A-1", "Scrabble", "Games", None, None)])  # same key, other upload
    add_upload(store, 3, "Chiang Mai", [("A-9", "Scrabble", "Games", None, None)], status="rolled_back")
    assert len(category_table_for(store, "Chiang Mai")) == len(load_default_category_table())
    assert remap_city(store, "Chiang Mai") == 2
    rows = store.execute("SELECT upload_id, activity_key, area_code, rule FROM activity_areas ORDER BY ALL").fetchall()
    assert rows == [(1, "A-1", "2.3", "keyword"), (1, "A-3", "2.6", "explicit_code")]
    unmapped = unmapped_activities(store, "Chiang Mai")
    assert unmapped[["title", "category", "n", "events"]].values.tolist() == [["Scrabble", "Games", 2, 2]]

    # the city's own table replaces the defaults
    store.execute("INSERT INTO category_map VALUES ('Chiang Mai', 'Games', 'games', '2.6', NULL, 1, 'me', now())")
    assert category_table_for(store, "Chiang Mai")["category"].tolist() == ["Games"]
    assert len(keyword_rules_for(store, "Chiang Mai")) == len(load_default_keyword_rules())
    assert remap_city(store, "Chiang Mai") == 5  # rolled-back rows are mapped too, ready for a restore
    assert unmapped_activities(store, "Chiang Mai").empty
    report = mapping_report(store, "Chiang Mai")
    totals = report[report["area_code"].isna()].set_index("rule")["activities"].to_dict()
    assert totals == {"explicit_code": 1, "category": 2, "keyword": 1, "unmapped": 0}


def test_the_shipped_rules_are_seeded_once(store):
    seed_default_rules(store)
    seed_default_rules(store)
    count = store.execute("SELECT count(*), max(version) FROM keyword_rules WHERE city = '*'").fetchall()[0]
    assert count == (len(load_default_keyword_rules()), 1)


def test_barnet_log_mapping_report_lists_mapped_and_unmapped(store):
    if not BARNET.exists():
        pytest.skip("real data file is not beside the project")
    log = pd.read_csv(BARNET)
    frame = pd.DataFrame({"activity_key": [f"row{i}" for i in range(len(log))], "title": log["Name"],
                          "category": log["Outcome"], "target_group": None, "kf_code": None})
    mapped = map_activities(frame, load_default_category_table(), load_default_keyword_rules())
    assert 0 < mapped["activity_key"].nunique() < len(log) == 4312

    store.execute("INSERT INTO uploads (upload_id, city, source, file_name, sha256, uploaded_at, status) "
                  "VALUES (1, 'Barnet', 'log', 'events.csv', 'x', now(), 'committed')").fetchall()
    insert_frame(store, "activities", frame.assign(upload_id=1, city="Barnet", year=2018, events=1))
    remap_city(store, "Barnet")
    report = mapping_report(store, "Barnet")
    totals = report[report["area_code"].isna()].set_index("rule")["activities"]
    assert totals["keyword"] > 0 and totals["unmapped"] > 0
    assert totals.sum() == 4312
    per_area = report[report["area_code"].notna()]
    assert {"1.1", "2.1", "2.2"} <= set(per_area["area_code"])
    unmapped = unmapped_activities(store, "Barnet")
    assert unmapped["n"].sum() == totals["unmapped"]
    assert "Other adult" in set(unmapped["title"])


def test_a_register_is_mapped_as_each_of_its_rows_alone():
    """Rows are mapped once per distinct (title, category, target group, codes): the result must be what
    mapping every row on its own gives, in the same order, with repeats, blanks and a key used twice."""
    kinds = [("ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", "อาชีพ", None, None), ("ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", None, None, None),
             ("Reading group", None, "older adults", None), ("x", None, None, "1.3;2.2"), (None, None, None, None),
             ("Monthly meeting", "", "", ""), ("Digital skills", "digital  skills", None, "2.2.1")]
    rows = [(f"k{i % 23}", *kinds[(i * 5) % len(kinds)]) for i in range(60)]
    together = mapped_with_defaults(*rows)
    alone = pd.concat([mapped_with_defaults(row) for row in rows], ignore_index=True)
    alone = alone.drop_duplicates(["activity_key", "area_code"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(together, alone, check_dtype=False)
    assert set(together["rule"]) == {"explicit_code", "category", "keyword"}
