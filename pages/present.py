"""Present mode: one chart per screen in large type, for a forum or a meeting room. The presenter picks
the indicators, moves with Previous/Next (or the Left/Right keys: Streamlit's own button shortcuts, no
script from outside), and every screen says the status in words and symbol and where the data come from.
Below: the chart's data to download and the presenters' files (HTML report, PowerPoint, GNLC pack)."""

from html import escape

import plotly.graph_objects as go
import streamlit as st

import ui
from indicators.measure.definitions import load_indicators
from indicators.present import chart_data, charts, reference_lines
from indicators.present.chart_notes import note_lines
from indicators.present.exports.context import ExportContext, gather
from indicators.present.i18n import format_number

PRESENT_FONT = 22


@st.cache_data(max_entries=16, show_spinner=False)
def _content(_con, version: tuple, city: str, lang: str, era: str, fiscal: bool, years: tuple | None, sample: bool,
             include_partial: bool):
    context = ExportContext(city=city, lang=lang, era=era, fiscal=fiscal, years=years, is_sample=sample,
                            include_partial=include_partial)
    return gather(_con, context, computed=ui.values(_con, version, city, fiscal))


def _move(step: int, count: int) -> None:
    st.session_state["present_index"] = (st.session_state.get("present_index", 0) + step) % count


def render(view: ui.View) -> None:
    if ui.empty_state(view):
        return
    content = _content(view.con, view.version, view.city, view.lang, view.era, view.fiscal, view.years, view.is_sample,
                       view.include_partial)
    indicators = {i.code: i for i in load_indicators()}
    with_data = [code for code in indicators if not content.series(code).empty]
    default = [content.key_indicators(area, limit=1)[0].code for area in content.areas]
    with st.expander(view.t("present_choose")):  # folded away, so the screen belongs to the chart
        chosen = st.multiselect(view.t("present_choose"), with_data, default=[c for c in default if c in with_data],
                                format_func=lambda c: indicators[c].name(view.lang), key="present_indicators")
    if not chosen:
        st.info(view.t("present_none"))
    else:
        index = st.session_state.get("present_index", 0) % len(chosen)
        st.session_state["present_index"] = index
        code = chosen[index]
        indicator = indicators[code]
        left, middle, right = st.columns([1.4, 3, 1.4], vertical_alignment="center")
        left.button(view.t("present_previous"), on_click=_move, args=(-1, len(chosen)), key="present_previous",
                    shortcut="Left", width="stretch")
        right.button(view.t("present_next"), on_click=_move, args=(1, len(chosen)), key="present_next",
                     shortcut="Right", width="stretch")
        middle.markdown(f"<p style='text-align:center;font-size:1.1rem'>{index + 1} / {len(chosen)} · "
                        f"{escape(view.t('present_keys'))}</p>", unsafe_allow_html=True)

        series = content.series(code)
        area = content.framework.area(indicator.area)
        # the area above the name, as text: inside the chart it was cut at both edges of a phone
        st.markdown(f"<p style='font-size:1.3rem;margin:0'>{escape(area.code)} {escape(area.name(view.lang))}</p>",
                    unsafe_allow_html=True)
        st.markdown(f"## {escape(indicator.name(view.lang))}")
        st.markdown(f"<p style='font-size:1.7rem;margin:0'>{escape(content.status_heading(code))}: "
                    f"<b>{escape(content.status_words(code))}</b></p>", unsafe_allow_html=True)
        partial = list(content.partial)
        name, unit = indicator.name(view.lang), indicator.unit(view.lang)
        figure = charts.trend(series, name, unit, view.lang, view.era, view.fiscal, content.target(code), height=600,
                              partial=partial, notes=content.notes_for(code), milestones=content.milestones(code))
        references = ui.references(view.con, view.version, view.city)
        reference_lines.add_references(figure, references[references["indicator"] == code], view.lang, view.era,
                                       view.years)
        figure.update_layout(font={"size": PRESENT_FONT}, title={"text": "", "font": {"size": PRESENT_FONT + 4}},
                             margin={"t": 60})
        figure.update_traces(textfont={"size": PRESENT_FONT}, selector={"mode": "lines+markers+text"})
        for axes in (figure.update_xaxes, figure.update_yaxes):  # explicit: the app theme would shrink them
            axes(tickfont={"size": PRESENT_FONT - 2}, title_font={"size": PRESENT_FONT - 2})
        figure.update_layout(legend={"font": {"size": PRESENT_FONT - 4}})
        figure.update_annotations(font_size=PRESENT_FONT - 6)  # the chart notes' numbers and words
        target = content.target(code)
        target_text = view.t("target_line", value=format_number(target[0]), year=view.year(target[1])) if target else None
        summary = chart_data.trend_summary(series, name, unit, view.lang, view.era, partial, target_text,
                                           view.partial_notes())
        st.plotly_chart(figure, width="stretch", key="present-chart", alt=summary, theme=None)
        ui.metadata_links(view, st, [code])
        last = series.iloc[-1]
        st.markdown(f"<p style='font-size:1.35rem'>{escape(view.t('latest'))} {view.year(last['year'])}: "
                    f"<b>{format_number(last['value'])}</b> {escape(indicator.unit(view.lang))}</p>"
                    f"<p style='font-size:1.2rem;color:#444'>{escape(view.t('source'))}: "
                    f"{escape(indicator.source(view.lang))}</p>", unsafe_allow_html=True)
        for line in note_lines(content.notes_for(code), view.lang, view.era):
            st.markdown(f"<p style='font-size:1.15rem;color:#444;margin:0'>{escape(line)}</p>", unsafe_allow_html=True)
        with st.expander(view.t("data_behind_chart")):
            st.dataframe(ui.shown_table(chart_data.trend_table(series, view.lang, view.era, partial,
                                                               indicator.denominator is not None)),
                         hide_index=True, width="stretch", placeholder="–")
        ui.download_buttons(view, series, f"{view.city}-{code}")
        titled = go.Figure(figure).update_layout(title={"text": f"{area.code} {area.name(view.lang)}"},
                                                 margin={"t": 110})  # an image travels without the page
        ui.image_buttons(view, titled, f"{view.city}-{code}")
    st.divider()
    ui.export_section(view)


ui.run_page(render)
