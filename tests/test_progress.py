"""Progress status (Statistics Canada rule, DESIGN.md §4) on hand-computed cases."""

from __future__ import annotations

import pytest

from indicators.progress import add_evidence, cagr, evidence_for, progress_status, status_label


def test_cagr():
    assert cagr(121, 100, 2022, 2020) == pytest.approx(0.10)
    assert cagr(5, 0, 2022, 2020) is None


# Base 100 in 2020, target 200 in 2030: required CAGR = 2 ** 0.1 - 1 = 7.177 %/year.
@pytest.mark.parametrize("latest, expected", [
    (200, "achieved"),                                    # target met
    (100 * 1.0718 ** 5, "substantial_progress"),          # ratio ≈ 1.0
    (100 * 1.05 ** 5, "moderate_progress"),               # ratio 0.68
    (100 * 1.02 ** 5, "limited_progress"),                # ratio 0.28
    (90, "deterioration"),                                # going the wrong way
])
def test_with_a_target(latest, expected):
    assert progress_status([(2020, 100), (2025, latest)], "higher", 200, 2030) == expected


@pytest.mark.parametrize("latest, expected", [
    (110, "substantial_progress"),       # CAGR 1.9 %
    (102, "moderate_progress"),          # 0.4 %
    (98, "moderate_deterioration"),      # -0.4 %
    (80, "substantial_deterioration"),   # -4.4 %
])
def test_without_a_target(latest, expected):
    assert progress_status([(2020, 100), (2025, latest)], "higher") == expected


def test_lower_is_better():
    assert progress_status([(2020, 100), (2025, 80)], "lower") == "substantial_progress"
    assert progress_status([(2020, 100), (2025, 120)], "lower") == "substantial_deterioration"
    assert progress_status([(2020, 100), (2025, 50)], "lower", 60, 2030) == "achieved"
    assert progress_status([(2020, 100), (2025, 130)], "lower", 60, 2030) == "deterioration"


def test_insufficient_data():
    assert progress_status([(2024, 100)], "higher") == "insufficient_data"
    assert progress_status([], "higher") == "insufficient_data"
    assert progress_status([(2020, 0), (2025, 10)], "higher") == "insufficient_data"
    assert progress_status([(2020, -5), (2025, 10)], "higher", 20, 2030) == "insufficient_data"


def test_status_words_have_symbols_in_both_languages():
    assert status_label("achieved", "en") == "✔ Target achieved"
    assert status_label("insufficient_data", "th") == "? ข้อมูลไม่เพียงพอ"


def test_evidence_keeps_history(con):
    add_evidence(con, "C", "2.2", 2024, "First", "ครั้งแรก", ["https://example.org/a"], "somchai")
    add_evidence(con, "C", "2.2", 2024, "Second", "ครั้งที่สอง", [], "somying")
    current = evidence_for(con, "C", "2.2", 2024)
    assert list(current["narrative_en"]) == ["Second"]
    assert list(evidence_for(con, "C", "2.2", 2024, history=True)["version"]) == [2, 1]
