"""Chart figures as a viewer reads them: titles that fit, shading that tells completeness."""
import pandas as pd
import pytest

from indicators.measure.definitions import load_indicators
from indicators.present.charts import SMALL_TITLE_WIDTH, coverage_heatmap, small_trend
from indicators.present.label_wrap import visible_length


@pytest.mark.parametrize("lang", ["th", "en"])
def test_overview_trend_titles_fit_their_quarter_width_chart(lang):
    series = pd.DataFrame({"year": [2023, 2024], "value": [1.0, 2.0]})
    for indicator in load_indicators():
        title = f"3.3 · {indicator.name(lang)}"
        figure = small_trend(series, title, "be")
        lines = figure.layout.title.text.split("<br>")
        assert all(visible_length(line) <= SMALL_TITLE_WIDTH[lang] for line in lines), lines
        assert "".join(lines).replace("\u200b", "").replace(" ", "") == title.replace(" ", "")
        assert figure.layout.margin.t == 50 + 20 * (len(lines) - 1)  # room made for every extra line


def test_coverage_grid_is_shaded_by_share_so_a_complete_small_area_looks_complete():
    grid = pd.DataFrame({"area": ["1.1", "1.1", "2.1", "2.1"], "year": [2023, 2024, 2023, 2024],
                         "indicators_with_data": [1, 0, 5, 4], "indicators_total": [1, 1, 5, 5]})
    heat = coverage_heatmap(grid, {}, "en", "ce", False).data[0]
    shades = dict(zip([label.split()[0] for label in heat.y], heat.z.tolist()))
    assert shades == {"2.1": [1.0, 0.8], "1.1": [1.0, 0.0]}
    assert [list(row) for row in heat.text] == [["5/5", "4/5"], ["1/1", "0/1"]]


def test_bar_labels_too_small_to_read_are_hidden_not_shrunk():
    from indicators.present.charts import bars

    frame = pd.DataFrame({"year": [2023, 2024] * 6, "band": [f"{a}-{a + 9}" for a in range(0, 60, 10) for _ in (0, 1)],
                          "value": range(12)})
    figure = bars(frame, "year", "value", "t", "x", "y", colour="band")
    assert (figure.layout.uniformtext.minsize, figure.layout.uniformtext.mode) == (11, "hide")
