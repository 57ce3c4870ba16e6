"""Mapping activities to the Key Features: precedence, recorded reasons, unmapped listed."""

from __future__ import annotations

import csv

import pandas as pd
from conftest import real_file

from indicators.ingest import ingest_files
from indicators.mapping import (
    load_default_category_table,
    load_default_keyword_rules,
    map_activities,
    mapping_report,
    unmapped_activities,
)


def activities(*rows):
    return pd.DataFrame(rows, columns=["activity_key", "title", "category", "target_group", "kf_code"])


def reasons(mapped, key):
    return sorted((r.area_code, r.rule, r.rule_detail) for r in mapped[mapped["activity_key"] == key].itertuples())


def test_precedence_explicit_then_category_then_keyword():
    table, rules = load_default_category_table(), load_default_keyword_rules()
    mapped = map_activities(activities(
        ("a", "ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", "อาชีพ", None, "1.3;2.2"),  # explicit wins
        ("b", "ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", "อาชีพ", None, None),       # category wins over keywords
        ("c", "ห้องเรียนดิจิทัลสำหรับผู้สูงอายุ", None, None, None),          # keywords: two areas
        ("d", "Monthly meeting", None, None, None),                            # nothing
    ), table, rules)
    assert reasons(mapped, "a") == [("1.3", "explicit_code", "1.3;2.2"), ("2.2", "explicit_code", "1.3;2.2")]
    assert reasons(mapped, "b") == [("2.3", "category", "อาชีพ")]
    assert reasons(mapped, "c") == [("2.2", "keyword", "ผู้สูงอายุ"), ("2.4", "keyword", "ดิจิทัล")]
    assert reasons(mapped, "d") == []


def test_categories_differing_by_case_or_spacing_are_one_category():
    mapped = map_activities(activities(
        ("a", "x", "Digital Skills ", None, None), ("b", "x", "digital  skills", None, None),
        ("c", "x", "DIGITAL SKILLS", None, None)), load_default_category_table(), load_default_keyword_rules())
    assert set(mapped["area_code"]) == {"2.4"} and len(mapped) == 3


def test_english_keywords_match_whole_words_only():
    rules = load_default_keyword_rules()
    mapped = map_activities(activities(("a", "Restart your career", None, None, None),
                                       ("b", "Tree planting day", None, None, None)), load_default_category_table(), rules)
    assert reasons(mapped, "b") == [("1.3", "keyword", "tree planting")]
    assert "a" not in set(mapped["activity_key"]) or all(mapped[mapped["activity_key"] == "a"]["rule_detail"] != "art")


def test_barnet_log_mapping_report_lists_mapped_and_unmapped(con):
    path = real_file("uk_barnet_library_events_2018_log.csv")
    with path.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    ingest_files(con, [path], "Barnet")
    report = mapping_report(con, "Barnet")
    unmapped = unmapped_activities(con, "Barnet")
    mapped_keys = con.execute("SELECT count(DISTINCT activity_key) FROM v_activity_areas").fetchall()[0][0]
    unmapped_count = int(report.loc[report["rule"] == "unmapped", "activities"].iloc[0])
    assert mapped_keys > 0 and unmapped_count > 0
    assert mapped_keys + unmapped_count == rows
    assert unmapped["n"].sum() == unmapped_count
    assert set(report["rule"]) >= {"keyword", "unmapped"}
