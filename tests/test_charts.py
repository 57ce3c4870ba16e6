"""Charts that tell the truth and can be read (issue 18): a numeric year axis in the chosen era with gaps
where years are missing, incomplete periods marked, every series at least 3:1 against the background
(WCAG 2.1 AA, non-text contrast) and never told apart by colour alone."""

from __future__ import annotations

import tomllib

import pandas as pd
import pytest
from conftest import PROJECT

from indicators.present import charts
from indicators.present.palette import BACKGROUND, SERIES_COLOURS, contrast_ratio


def series(points: dict[int, float | None]) -> pd.DataFrame:
    return pd.DataFrame({"year": list(points), "value": list(points.values())})


def trace_colours(figure) -> list[str]:
    found = []
    for trace in figure.data:
        for part in ("line", "marker"):
            colour = getattr(getattr(trace, part, None), "color", None)
            if isinstance(colour, str):
                found.append(colour)
    return found


def every_chart():
    frame = series({2020: 10, 2021: 12, 2023: 15})
    bars = pd.DataFrame({"district": ["A", "B", "A", "B", "A", "B"], "value": [1, 2, 3, 4, 5, 6],
                         "year": [2020, 2020, 2021, 2021, 2022, 2022]})
    categories = pd.DataFrame({"year": [2020] * 8, "category": list("abcdefgh"), "value": range(8)})
    yield charts.trend(frame, "x", "u", "en", "ce", False, target=(20, 2027), partial=[2023])
    yield charts.bars(bars, "district", "value", "x", "d", "u", colour="year")
    yield charts.year_bars(categories, "category", "x", "u", "en", "ce", False)


def test_the_app_background_is_the_one_the_palette_is_checked_against():
    theme = tomllib.loads((PROJECT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))["theme"]
    assert theme["base"] == "light" and BACKGROUND == "#FFFFFF"


def test_every_series_colour_has_three_to_one_contrast_against_the_background():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#E69F00", BACKGROUND) < 3  # the old orange (2.25:1): the check can fail
    assert len(SERIES_COLOURS) >= 8
    for colour in SERIES_COLOURS:
        assert contrast_ratio(colour, BACKGROUND) >= 3.0, colour
    for figure in every_chart():
        for colour in trace_colours(figure):
            assert contrast_ratio(colour, BACKGROUND) >= 3.0, (figure.layout.title.text, colour)


def test_series_are_told_apart_by_pattern_as_well_as_colour():
    for figure in every_chart():
        bars = [t for t in figure.data if t.type == "bar"]
        if len(bars) > 1:
            shapes = [t.marker.pattern.shape or "" for t in bars]
            assert len(set(shapes)) == len(shapes), shapes
            # over the bar's colour: a pattern that replaces the fill leaves a white bar on white
            assert all(t.marker.pattern.fillmode == "overlay" for t in bars if t.marker.pattern.shape)


def test_the_year_axis_is_numeric_in_the_chosen_era_with_gaps_for_missing_years():
    figure = charts.trend(series({2020: 10, 2021: 12, 2023: 15, 2025: 16}), "x", "u", "th", "be", False,
                          target=(20, 2027))
    line = figure.data[0]
    assert figure.layout.xaxis.type == "linear"
    assert list(line.x) == [2563, 2564, 2565, 2566, 2567, 2568]
    assert list(line.y) == [10, 12, None, 15, None, 16] and line.connectgaps is False
    target = figure.data[-1]
    assert list(target.x) == [2568, 2570]  # the target year sits two years on, not next to 2568
    low, high = figure.layout.xaxis.range
    assert low < 2563 and high > 2570
    assert list(figure.layout.xaxis.tickvals) == list(range(2563, 2571))


def test_a_lone_year_shows_its_value_inside_the_axis():
    for figure in (charts.trend(series({2024: 7}), "x", "u", "en", "ce", False),):
        low, high = figure.layout.xaxis.range
        assert low < 2024 < high
        assert any("7" in (t.text or [""])[0] for t in figure.data if t.text is not None) or \
            any(a.text == "7" for a in figure.layout.annotations)


def test_an_incomplete_period_is_marked_apart_from_the_line():
    figure = charts.trend(series({2024: 100, 2025: 110, 2026: 30}), "x", "u", "en", "ce", True, partial=[2026])
    line, marked = figure.data[0], figure.data[1]
    assert list(line.y) == [100, 110, None]  # the line does not fall into the quarter-year
    assert list(marked.x) == [2026] and marked.marker.symbol == "circle-open"
    assert "incomplete" in marked.name and "incomplete" in marked.text[0]


def test_small_trends_as_svg_keep_the_numeric_year_axis_gaps_and_incomplete_marks():
    import re

    from indicators.present.sparklines import LEFT, RIGHT, WIDTH, sparkline

    svg = sparkline(series({2020: 10, 2021: 12, 2023: 15, 2024: 16, 2025: 4}), (2020, 2025), "be", "en",
                    "label <b>", partial=[2025])
    lines = re.findall(r'<polyline points="([^"]+)"', svg)
    assert len(lines) == 2  # 2020–2021, a gap for 2022, then 2023–2024; the incomplete 2025 is not joined
    xs = [float(p.split(",")[0]) for p in lines[1].split()]
    step = (WIDTH - LEFT - RIGHT) / 5
    assert xs[0] == pytest.approx(LEFT + 3 * step, abs=0.1)  # 2023 sits three years on, not next to 2021
    assert 'fill="#FFFFFF"' in svg and "(incomplete)" in svg  # an open circle, labelled
    assert ">2563<" in svg and ">2568<" in svg and 'aria-label="label &lt;b&gt;"' in svg
    for colour in set(re.findall(r'(?:stroke|fill)="(#[0-9A-Fa-f]{6})"', svg)) - {"#FFFFFF"}:
        assert contrast_ratio(colour, BACKGROUND) >= 3.0, colour
    lone = sparkline(series({2024: 7}), (2024, 2024), "ce", "en", "x")
    assert re.search(rf'<circle cx="{WIDTH / 2:.1f}"', lone) and ">7<" in lone and ">2024<" in lone  # in the middle


def test_status_words_on_their_fills_are_readable():
    """The framework emblem writes each area's status on a light fill: 4.5:1 for text (WCAG 1.4.3)."""
    from indicators.present.palette import STATUS_FILLS, TEXT

    assert all(contrast_ratio(TEXT, fill) >= 4.5 for fill in STATUS_FILLS.values())
    from indicators.present.coverage_grid import _shade  # the coverage grid's lightest and darkest cells

    assert all(contrast_ratio(TEXT, _shade(share)) >= 4.5 for share in (0, 0.5, 1))


def test_the_emblem_is_text_the_browser_can_wrap_and_escapes_names():
    from indicators.present.emblem import emblem

    cards = [{"code": "1.1", "part": "1", "name": "<b>x</b>", "status": "substantial_progress", "covered": 2,
              "total": 3}]
    markup = emblem(cards, [{"code": "1", "name": "Part & one"}], "en", 'say "this"')
    assert "&lt;b&gt;x&lt;/b&gt;" in markup and "Part &amp; one" in markup and 'aria-label="say &quot;this&quot;"' in markup
    assert "▲ Substantial progress" in markup and "2/3 indicators" in markup
