"""Incomplete periods (issue 18): a fiscal year holding only October–December is not a year."""

from __future__ import annotations

from datetime import date

import pytest

from indicators.measure.periods import incomplete_periods, partial_periods

TODAY = date(2026, 12, 1)


def test_the_sample_fiscal_year_2569_holds_october_to_december_2025_only(tmp_path):
    from indicators.ingest.sample import SAMPLE_CITY, load_sample_if_empty
    from indicators.store import open_database

    con = open_database(tmp_path / "sample.duckdb")
    load_sample_if_empty(con)
    fiscal = incomplete_periods(con, SAMPLE_CITY, fiscal=True, today=TODAY)
    assert set(fiscal) == {2020, 2026}  # FY 2563 starts in January 2020; FY 2569 ends in December 2025
    assert (fiscal[2026].covered_from, fiscal[2026].covered_to) == (date(2025, 10, 1), date(2025, 12, 26))
    assert (fiscal[2020].covered_from, fiscal[2020].covered_to) == (date(2020, 1, 3), date(2020, 9, 30))
    assert incomplete_periods(con, SAMPLE_CITY, fiscal=False, today=TODAY) == {}  # Jan 2020 – 26 Dec 2025
    con.close()


@pytest.mark.parametrize("last, incomplete", [
    (date(2025, 12, 26), False),
    (date(2025, 11, 20), False),  # a quiet December is not a cut-off
    (date(2025, 10, 31), True),   # two months missing
    (date(2025, 6, 30), True),
])
def test_a_calendar_year_cut_short_at_its_end(last, incomplete):
    found = partial_periods(date(2023, 1, 5), last, fiscal=False, today=TODAY)
    assert (2025 in found) is incomplete
    assert set(found) <= {2025}


def test_a_period_not_yet_over_is_incomplete_even_when_its_months_so_far_are_full():
    found = partial_periods(date(2024, 1, 2), date(2026, 11, 28), fiscal=False, today=TODAY)
    assert set(found) == {2026} and found[2026].ongoing
    fiscal = partial_periods(date(2024, 1, 2), date(2026, 11, 28), fiscal=True, today=TODAY)
    assert set(fiscal) == {2024, 2027}  # FY 2567 began in Oct 2023, FY 2570 runs until Sep 2027


def test_without_dated_records_nothing_is_called_incomplete():
    assert partial_periods(None, None, fiscal=True, today=TODAY) == {}


def test_a_long_header_closed_by_a_period_after_a_dash_names_that_period():
    """A return's long header ("… Where There Is No Co Location - April 2023", 13 words) stands for its
    month; a sentence that only mentions a month stays no header's period."""
    from indicators.understand.periods import header_period

    found = header_period("Physical Visitors To Library Sites Where There Is No Co Location - April 2023")
    assert found is not None and (found.start.year, found.start.month, found.months) == (2023, 4, 1)
    assert header_period("This is a long sentence that talks about many things and mentions April 2023 here") is None
    assert header_period("A note written by the office about the figures of the year - see the annex page") is None
