"""The wizard's review of a reading: what the engine read and why (its evidence), what it is unsure of,
and a form to confirm or correct it — kind, header rows, year, measure. A confirmed reading becomes a
recipe (indicators/ingest/recipes.py): the file is planned again with it, and on commit it is kept for
the file's source so next year's file is read the same way. The page only draws; the engine decides."""

from __future__ import annotations

import re

import streamlit as st

from indicators.config.readings import say
from indicators.ingest.recipes import KINDS, STRUCTURAL, Recipe, SheetRecipe
from ui.view import View, plain
from ui.view import number as number_text

CONFIRMED = "confirmed_readings"  # session state: {file name: {sheet: SheetRecipe}}
# Sheets whose header rows or kind were corrected: read again under them, to be looked at and confirmed
# once more before anything can be committed.
SECOND_LOOK = "readings_to_check"
YEAR_KEY = "upload_year"


def confirmed_recipes() -> dict[str, Recipe]:
    """The readings confirmed in this session, one recipe per file, with the column choices made since."""
    overrides = st.session_state.get("column_overrides", {})
    recipes = {}
    for file_name, sheets in st.session_state.get(CONFIRMED, {}).items():
        recipe = Recipe(note=f"Reading of {file_name} — confirmed in the upload wizard")
        for sheet, confirmed in sheets.items():
            columns = {**confirmed.columns, **overrides.get(file_name, {}).get(sheet, {})}
            recipe.sheets[sheet] = SheetRecipe(confirmed.kind, confirmed.header_rows, confirmed.year,
                                               confirmed.measure, columns)
        recipes[file_name] = recipe
    return recipes


def chosen_year() -> int | None:
    """The year given for sheets that state none (CE), kept whatever era the visitor switches to."""
    return st.session_state.get(YEAR_KEY)


def year_input(view: View, plans: list) -> None:
    """Asked only when some sheet states no year anywhere (or one was given already)."""
    needed = any(p.code == "year_needed" for plan in plans for p in plan.problems)
    if not needed and chosen_year() is None:
        return
    be = view.era == "be"
    given = chosen_year()
    (st.warning if given is None else st.caption)(view.t("year_needed_ask"))
    st.number_input(view.t("year_needed_input_be" if be else "year_needed_input_ce"),
                    min_value=2443 if be else 1900, max_value=2743 if be else 2200,
                    value=None if given is None else given + (543 if be else 0), step=1, key=f"{YEAR_KEY}|{view.era}",
                    help=view.t("year_needed_help"), on_change=_keep_year, args=(f"{YEAR_KEY}|{view.era}", be))


def _keep_year(key: str, be: bool) -> None:
    typed = st.session_state.get(key)
    st.session_state[YEAR_KEY] = None if typed is None else int(typed) - (543 if be else 0)


def evidence(view: View, sheet) -> None:
    """Why the sheet was read as it was, in the visitor's language."""
    lines = [say([item], view.lang) for item in sheet.evidence]
    if sheet.year is not None:
        lines.append(view.t("reading_year", year=view.year(sheet.year), source=view.t("year_source_" + (
            sheet.year_source or "given"))))
    if lines:
        st.caption(view.t("reading_evidence") + "\n" + "\n".join(f"- {plain(line)}" for line in lines))


def column_help(view: View, column: dict) -> str | None:
    """The evidence for one column's meaning (shown as the help of its choice)."""
    if column.get("reason"):
        return say([column["reason"]], view.lang)
    return say(column.get("evidence") or [], view.lang) or None


def review_form(view: View, plan, sheet) -> None:
    """Doubts first, then the reading to confirm or correct. A sheet the engine is sure of can be
    corrected too (folded away)."""
    state = st.session_state
    confirmed = state.get(CONFIRMED, {}).get(plan.file_name, {}).get(sheet.sheet)
    if sheet.sheet in state.get(SECOND_LOOK, {}).get(plan.file_name, set()):
        left, right = st.columns([4, 1])
        left.info(view.t("review_check_again"))
        if right.button(view.t("review_confirm"), key=f"again|{plan.file_name}|{sheet.sheet}", type="primary"):
            confirmed.columns = _columns(sheet)
            state[SECOND_LOOK][plan.file_name].discard(sheet.sheet)
            st.rerun()
        return
    if confirmed is not None:
        left, right = st.columns([4, 1])
        left.success(view.t("review_confirmed"))
        if right.button(view.t("review_undo"), key=f"undo|{plan.file_name}|{sheet.sheet}"):
            st.session_state[CONFIRMED][plan.file_name].pop(sheet.sheet, None)
            st.rerun()
        return
    if sheet.review:
        st.warning(view.t("review_reasons") + "\n" + "\n".join(
            f"- {plain(say([reason], view.lang))}" for reason in sheet.review))
    # (a toggle, not an expander: the sheet is already drawn inside one, and expanders do not nest)
    if sheet.review or st.toggle(view.t("review_title"), key=f"correct|{plan.file_name}|{sheet.sheet}"):
        _form(view, plan, sheet)


def _form(view: View, plan, sheet) -> None:
    key = f"review|{plan.file_name}|{sheet.sheet}"
    with st.form(key):
        kinds = list(KINDS)
        kind = st.selectbox(view.t("review_kind"), kinds, index=kinds.index(sheet.kind) if sheet.kind in kinds else 0,
                            format_func=lambda k: view.t("kind_" + k), key=key + "|kind")
        rows = st.text_input(view.t("review_header_rows"), ", ".join(map(str, sheet.header_rows)),
                             help=view.t("review_header_rows_help"), key=key + "|rows")
        measure = st.text_input(view.t("review_measure"), sheet.measure or "", help=view.t("review_measure_help"),
                                key=key + "|measure")
        submitted = st.form_submit_button(view.t("review_confirm"), type="primary")
    if not submitted:
        return
    header_rows = _row_numbers(rows)
    if header_rows is None:
        st.error(view.t("review_bad_rows", rows=plain(rows)))
        return
    chosen = SheetRecipe(kind=kind, header_rows=header_rows,
                         year=sheet.year if sheet.year_source and sheet.year_source != "given" else None,
                         measure=measure.strip() or None, columns=_columns(sheet))
    state = st.session_state
    if header_rows != tuple(sheet.header_rows) or kind != sheet.kind:
        chosen.columns = {}  # other rows or another kind: the columns are read again under them, then checked
        state.setdefault(SECOND_LOOK, {}).setdefault(plan.file_name, set()).add(sheet.sheet)
    state.setdefault(CONFIRMED, {}).setdefault(plan.file_name, {})[sheet.sheet] = chosen
    st.rerun()


def waiting_for_a_second_look() -> bool:
    return any(st.session_state.get(SECOND_LOOK, {}).values())


def _columns(sheet) -> dict[str, str]:
    return {c["header"]: c["field"] or "ignored" for c in sheet.columns
            if c["header"] and c["field"] not in STRUCTURAL}


def _row_numbers(text: str) -> tuple[int, ...] | None:
    numbers = [int(n) for n in re.findall(r"\d+", text or "")]
    if not numbers or any(n < 1 for n in numbers) or len(numbers) > 4:
        return None
    return tuple(sorted(set(numbers)))


def read_progress_bar(view: View, bar, name: str, number: int, count: int):
    """A listener for read/progress.py: the bar moves with the rows read inside file `number` of `count`."""
    def show(sheet: str, done: int, total: int) -> None:
        share = ((number - 1) + done / max(total, 1)) / count
        bar.progress(min(share, 1.0), text=view.t("reading_rows", name=name, sheet=sheet, done=number_text(done),
                                                  total=number_text(total)))
    return show
