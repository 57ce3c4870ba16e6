"""Figures kept per data version (measure/kept.py): computed at commit, read back exactly as computed,
never read for another version of the data."""

from __future__ import annotations

import pandas as pd
from conftest import thai_activities_workbook

from indicators import actions, store
from indicators.ingest import plan_batch
from indicators.measure.compute import compute_values
from indicators.measure.kept import kept_values, version_key
from indicators.read import read_workbook
from indicators.store.accounts import Actor

ADMIN = Actor("admin", "admin")
CITY = "Kept City"


def _commit(con, path):
    plans = plan_batch(con, [read_workbook(path)], CITY)
    return actions.commit_upload(con, ADMIN, plans)


def _kept_versions(con) -> list:
    return con.execute("SELECT version, for_city, fiscal FROM kept_versions ORDER BY ALL").fetchall()


def test_a_commit_keeps_the_figures_and_they_read_back_exactly(tmp_path):
    con = store.open_database(tmp_path / "k.duckdb")
    from indicators.store import accounts
    accounts.add_user(con, "admin", "admin", "battery staple")
    [upload] = _commit(con, thai_activities_workbook(tmp_path / "a.xlsx"))
    key = version_key(con)
    assert _kept_versions(con) == [(key, CITY, False), (key, CITY, True)]
    for fiscal in (False, True):
        computed = compute_values(con, CITY, by=("year", "district"), fiscal=fiscal)
        assert not computed.empty
        pd.testing.assert_frame_equal(kept_values(con, CITY, fiscal), computed)
    actions.rollback(con, ADMIN, upload)
    assert {v for v, _, _ in _kept_versions(con)} == {version_key(con)} != {key}
    assert kept_values(con, CITY, False).empty
    con.close()


def test_kept_figures_of_another_version_are_never_read(tmp_path):
    con = store.open_database(tmp_path / "k.duckdb")
    from indicators.store import accounts
    accounts.add_user(con, "admin", "admin", "battery staple")
    _commit(con, thai_activities_workbook(tmp_path / "a.xlsx"))
    before = kept_values(con, CITY, False)
    con.execute("UPDATE kept_values SET value = -1").fetchall()  # what a stale copy would show
    assert (kept_values(con, CITY, False)["value"].dropna() == -1).all()  # read back as kept: same version
    actions.add_user(con, ADMIN, "someone", "viewer", "another battery")  # any logged write moves the version on
    again = kept_values(con, CITY, False)
    pd.testing.assert_frame_equal(again, before)
    con.close()
