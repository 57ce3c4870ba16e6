"""Each activity row's area mask (store/area_masks.py): always the OR of its own upload's mapping rows —
after an upload, a rule change and on opening a database from before schema 6 — and the figures the
same as computed from the mapping rows themselves."""

from __future__ import annotations

import pandas as pd

from indicators import mapping, store
from indicators.config.framework import area_codes
from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
from indicators.measure.compute import compute_values
from indicators.measure.definitions import load_indicators
from indicators.store import area_masks
from indicators.store.area_masks import AREA_BITS, bit_sql


def _stale_masks(con) -> list:
    """Activity rows whose mask is not the OR of their mapping rows' bits."""
    return con.execute(f"""
        SELECT a.upload_id, a.activity_key, a.area_mask FROM activities a
        WHERE a.area_mask IS DISTINCT FROM (
            SELECT coalesce(bit_or({bit_sql('m.area_code')}), 0) FROM activity_areas m
            WHERE m.upload_id = a.upload_id AND m.activity_id = a.activity_id)""").fetchall()


def test_every_area_of_the_framework_has_a_bit_of_its_own():
    assert set(area_codes()) <= set(AREA_BITS)
    assert len(set(AREA_BITS)) == len(AREA_BITS) <= 31  # an INTEGER column holds them


def test_masks_follow_uploads_and_rule_changes(tmp_path):
    con = store.open_database(tmp_path / "sample.duckdb")
    assert load_sample_if_empty(con)
    assert _stale_masks(con) == []
    assert con.execute("SELECT count(*) FROM activities WHERE area_mask > 0").fetchall()[0][0] > 0
    categories = mapping.category_table_for(con, SAMPLE_CITY).dropna(subset=["area_code"])
    moved = categories["category"].iloc[0]
    target = "3.3" if categories["area_code"].iloc[0] != "3.3" else "1.1"
    def in_target():
        return con.execute("SELECT count(*) FROM activities WHERE category = ? AND area_mask & ? <> 0",
                           [moved, area_masks.bit(target)]).fetchall()[0][0]
    before = in_target()
    with store.transaction(con):  # the first category now maps to another area: its activities follow
        mapping.save_rules(con, SAMPLE_CITY, category_table=categories.assign(
            area_code=categories["area_code"].where(categories["category"] != moved, target)))
        mapping.remap_city(con, SAMPLE_CITY)
    assert _stale_masks(con) == []
    assert in_target() > before
    con.close()


def test_mappings_written_after_their_activities_reach_the_masks(mem):
    activities = pd.DataFrame({"upload_id": [1, 1, 2], "city": "A", "activity_key": ["k1", "k2", "k1"],
                               "year": 2024, "events": 1})
    store.insert_frame(mem, "activities", activities)
    assert mem.execute("SELECT DISTINCT area_mask FROM activities").fetchall() == [(0,)]
    store.insert_frame(mem, "activity_areas", pd.DataFrame({
        "upload_id": [1, 1, 2], "city": "A", "activity_key": ["k1", "k1", "k1"], "area_code": ["1.1", "2.6", "3.3"],
        "rule": "category"}))
    masks = dict(((u, k), m) for u, k, m in mem.execute("SELECT upload_id, activity_key, area_mask FROM activities").fetchall())
    assert masks == {(1, "k1"): 1 | 1 << 8, (1, "k2"): 0, (2, "k1"): 1 << 11}  # each upload's own mapping only
    assert _stale_masks(mem) == []


def test_a_database_from_schema_5_gets_its_masks_on_open_and_the_same_figures(tmp_path):
    path = tmp_path / "old.duckdb"
    con = store.open_database(path)
    load_sample_if_empty(con)
    expected = compute_values(con, SAMPLE_CITY, by=("year", "district"))
    con.execute("UPDATE activities SET area_mask = NULL").fetchall()
    con.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'").fetchall()
    con.close()
    con = store.open_database(path)
    assert _stale_masks(con) == []
    pd.testing.assert_frame_equal(compute_values(con, SAMPLE_CITY, by=("year", "district")), expected)
    con.close()


def test_the_samples_figures_from_the_masks_equal_those_from_the_mapping_rows(tmp_path):
    """Uploads mapped by the real commit path (tests/test_term_scan.py checks the same on rows inserted by
    hand): the reference statements join the mapping rows of live activities (v_activity_areas), the
    one-scan computation reads the masks."""
    from tests.test_term_scan import reference_values

    con = store.open_database(tmp_path / "sample.duckdb")
    load_sample_if_empty(con)
    with_areas = [i for i in load_indicators() if any(t is not None and t.area for t in (i.numerator, i.denominator))]
    assert with_areas
    expected = reference_values(con, SAMPLE_CITY, by=("year", "district"), indicators=with_areas)
    scanned = compute_values(con, SAMPLE_CITY, by=("year", "district"))
    scanned = scanned[scanned["indicator"].isin([i.code for i in with_areas])]
    scanned = scanned.sort_values(["indicator", "year", "district", "city"], na_position="first").reset_index(drop=True)
    assert len(expected) > 20
    pd.testing.assert_frame_equal(scanned[expected.columns], expected, check_dtype=False, check_exact=False, rtol=1e-12)
    con.close()
