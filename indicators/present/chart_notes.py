"""Chart notes and series breaks drawn on a chart and written beside it, the same way on the pages and in
every export: a single year is a dotted line, a range a shaded band, a series break a dashed line half a
year before it (the series' line is not joined across it: before and after were counted differently).

On the chart a note is numbered ([1]); its full text is listed under the chart (note_lines), so a long
note never covers the figures and a screen reader gets the text too.
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from indicators.present.i18n import format_year, t
from indicators.present.label_wrap import wrap_lines

BAND_COLOUR = "rgba(85, 85, 85, 0.12)"
LINE_COLOUR = "#555555"
SHORT = 28  # characters of a note shown on the chart next to its number


def note_text(note, lang: str) -> str:
    """The note in the chosen language, else in the other one."""
    own, other = (note["text_th"], note["text_en"]) if lang == "th" else (note["text_en"], note["text_th"])
    return next((str(x) for x in (own, other) if isinstance(x, str) and x.strip()), "")


def note_years(note, era: str) -> str:
    first, last = int(note["year_from"]), int(note["year_to"])
    return format_year(first, era) if first == last else f"{format_year(first, era)}–{format_year(last, era)}"


def note_lines(notes: pd.DataFrame, lang: str, era: str) -> list[str]:
    """'[1] 2563–2564 · Note: COVID-19 closures' — one line per note, numbered as on the chart."""
    return [f"[{number}] {note_years(note, era)} · {t('chart_note_kind_' + note['kind'], lang)}: {note_text(note, lang)}"
            for number, note in enumerate(_rows(notes), start=1)]


def break_years(notes: pd.DataFrame | None) -> set[int]:
    """CE years a series starts again in: the line is not joined from the year before."""
    return {int(note["year_from"]) for note in _rows(notes) if note["kind"] == "break"}


def _rows(notes: pd.DataFrame | None) -> list[dict]:
    return [] if notes is None or notes.empty else notes.sort_values(["year_from", "year_to"]).to_dict("records")


def _short(text: str) -> str:
    """The note's first words that fit SHORT visible characters — cut between Thai words, never inside one."""
    lines = wrap_lines(text, SHORT)
    return lines[0] + ("…" if len(lines) > 1 else "") if lines else ""


def draw_notes(fig: go.Figure, notes: pd.DataFrame | None, lang: str, shown_year) -> None:
    """Each note on `fig` (x axis: years as shown), numbered as note_lines lists them. User text is
    HTML-escaped: Plotly reads tags in annotation text."""
    for number, note in enumerate(_rows(notes), start=1):
        first, last = shown_year(note["year_from"]), shown_year(note["year_to"])
        label = html.escape(f"[{number}] {_short(note_text(note, lang))}")
        # to the right of its line or band's left edge, each a line lower than the one before, so notes
        # on neighbouring years do not write over each other
        words = {"annotation_text": label, "annotation_font": {"size": 13, "color": LINE_COLOUR},
                 "annotation_position": "top right", "annotation_yshift": -18 * ((number - 1) % 4)}
        if note["kind"] == "break":
            fig.add_vline(x=first - 0.5, line={"dash": "dash", "width": 2, "color": LINE_COLOUR}, **words)
        elif first == last:
            fig.add_vline(x=first, line={"dash": "dot", "width": 2, "color": LINE_COLOUR}, **words)
        else:
            fig.add_vrect(x0=first - 0.45, x1=last + 0.45, fillcolor=BAND_COLOUR, line_width=0, layer="below", **words)
