"""DuckDB's memory is capped while an upload is written, lifted after, and never at the cost of the upload
(store/write_memory.py); a plan's register tables hold each repeated text once (base/memory.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from benchmarks.generate import write_csv
from indicators import ingest, store
from indicators.base.memory import CATEGORY_SHARE, texts_as_categories
from indicators.store import write_memory

CITY = "Memory City"


def memory_limit(con) -> str:
    return con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]


def same_limit(shown: str, before: str) -> bool:
    """The limit set back: DuckDB shows its limits to 0.1 of a unit, cut rather than rounded (within 1 %)."""
    return abs(write_memory.memory_bytes(shown) - write_memory.memory_bytes(before)) <= 0.01 * write_memory.memory_bytes(before)


def stored(con) -> tuple:
    return con.execute("""SELECT (SELECT count(*) FROM activities), (SELECT count(*) FROM activity_areas),
                                 (SELECT count(*) FROM participation), (SELECT sum(value) FROM participation),
                                 (SELECT count(*) FROM uploads)""").fetchall()[0]


def test_the_cap_holds_while_writing_and_the_same_limit_comes_back_after(tmp_path):
    con = store.open_database(tmp_path / "db.duckdb")
    before = memory_limit(con)
    seen, after = [], []
    for _ in range(6):  # set back as shown, DuckDB's figure would creep down: 18.8, 18.7, 18.6 … GiB
        store.with_bounded_memory(con, lambda: seen.append(memory_limit(con)))
        after.append(memory_limit(con))
    assert seen == ["600.0 MiB"] * 6
    assert same_limit(after[0], before) and set(after) == {after[0]}


def test_a_write_that_fails_still_lifts_the_cap(tmp_path):
    con = store.open_database(tmp_path / "db.duckdb")
    before = memory_limit(con)

    def failing_write():
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        store.with_bounded_memory(con, failing_write)
    assert same_limit(memory_limit(con), before)


def test_inside_a_callers_transaction_nothing_is_capped(tmp_path):
    con = store.open_database(tmp_path / "db.duckdb")
    before = memory_limit(con)
    with store.transaction(con):
        inside = store.with_bounded_memory(con, lambda: memory_limit(con))
    assert inside == before


def test_an_upload_too_big_for_the_cap_is_written_whole_without_it(tmp_path, monkeypatch):
    register = write_csv(tmp_path / "register.csv", 3_000)
    plain = store.open_database(tmp_path / "plain.duckdb")
    assert ingest.ingest_files(plain, [register], CITY).status == "committed"

    monkeypatch.setattr(write_memory, "WRITE_MEMORY_LIMIT", "2MiB")  # far too tight for any write
    monkeypatch.setattr(write_memory, "WRITE_MEMORY_LIMIT_BYTES", 2 * 2**20)
    attempts = []
    real_recheck = ingest.commit.recheck_against_database

    def counted(con, plans):  # the first step of every attempt
        attempts.append(memory_limit(con))
        return real_recheck(con, plans)

    monkeypatch.setattr(ingest.commit, "recheck_against_database", counted)
    capped = store.open_database(tmp_path / "capped.duckdb")
    before = memory_limit(capped)
    assert ingest.ingest_files(capped, [register], CITY).status == "committed"
    assert attempts[0] == "2.0 MiB" and len(attempts) == 2  # refused by DuckDB under the cap, rolled back …
    assert same_limit(attempts[1], before)  # … and written without it
    assert stored(capped) == stored(plain)  # once, whole: one upload, every row and participant
    assert same_limit(memory_limit(capped), before)


@pytest.mark.parametrize("setting, size", [("18.8 GiB", 18.8 * 2**30), ("600.0 MiB", 600 * 2**20),
                                           ("512 bytes", 512), ("1GB", 10**9), ("unlimited", None)])
def test_memory_settings_read_as_bytes(setting, size):
    assert write_memory.memory_bytes(setting) == size


def test_repeated_texts_become_categories_with_every_value_kept():
    rng = np.random.default_rng(5)
    rows = 2_000
    districts = np.array(["เมือง", "แม่ริม", "สันทราย", None], dtype=object)
    frame = pd.DataFrame({
        "district": pd.array(districts[rng.integers(0, 4, rows)], dtype="string"),
        "city": CITY,
        "title": [f"กิจกรรม {i}" for i in range(rows)],  # all distinct: left as it is
        "most": pd.array([f"k{i % (3 * rows // 4)}" for i in range(rows)], dtype="string"),  # 3/4 distinct
        "value": rng.integers(0, 50, rows).astype("float64"),
        "year": pd.array(rng.integers(2020, 2025, rows), dtype="Int64"),
    })
    before = frame.copy()
    texts_as_categories(frame)
    categorical = {c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)}
    assert categorical == {"district", "city"}
    assert frame["most"].nunique() > CATEGORY_SHARE * rows
    for column in frame.columns:
        kept = frame[column].astype(object).where(frame[column].notna(), None).tolist()
        assert kept == before[column].astype(object).where(before[column].notna(), None).tolist(), column


def test_a_planned_register_keeps_its_repeated_texts_once(tmp_path):
    register = write_csv(tmp_path / "register.csv", 3_000)
    plan = ingest.ingest_files(store.open_database(tmp_path / "db.duckdb"), [register], CITY, dry_run=True).plans[0]
    participation = plan.frames["participation"]
    assert participation["district"].memory_usage(deep=True) < 0.2 * participation["district"].astype(
        object).memory_usage(deep=True)


def test_an_ingest_forgets_the_cells_it_cached():
    """Once a file is planned, the caches of its cleaned texts, words and periods are emptied (they pin
    Python's memory arenas: 0.24 GB after a 1M-row CSV), and the file reads the same a second time."""
    from indicators.base import memory, text

    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    files = sorted(sample.glob("*.xlsx"))[:1]
    first = ingest.ingest_files(store.open_database(":memory:"), files, "Chiang Mai", dry_run=True)
    assert text.clean_text in memory.CELL_CACHES and len(memory.CELL_CACHES) >= 5
    assert all(cached.cache_info().currsize == 0 for cached in memory.CELL_CACHES)
    again = ingest.ingest_files(store.open_database(":memory:"), files, "Chiang Mai", dry_run=True)
    for one, other in zip(first.plans, again.plans):
        assert one.frames.keys() == other.frames.keys() and one.frames
        for name in one.frames:
            pd.testing.assert_frame_equal(one.frames[name], other.frames[name])
