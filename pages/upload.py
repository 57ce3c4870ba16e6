"""Upload: the researchers' wizard. 1 city and year basis → 2 files → 3 what was understood (sheet kind,
header row, each column's field — changeable —, the evidence, what the engine is unsure of and a form
to confirm or correct the reading (ui/review.py), the year when none is written, first cleaned rows, rows
dropped and why) → 4 problems → 5 dry run (rows to add/replace/ignore, years, every figure before →
after) → 6 commit, which keeps confirmed readings for the source.
The page only draws: reading, planning, previewing and committing are engine calls."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import streamlit as st

import ui
from indicators import actions, store
from indicators.base.errors import LearningCityError
from indicators.ingest import preview
from indicators.ingest.column_mappings import IGNORE, STRUCTURAL, field_choices
from indicators.ingest.plan import FilePlan, current_fields, plan_batch
from indicators.ingest.recipes import to_yaml
from indicators.ingest.reference_upload import declare_reference
from indicators.measure.reference import LEVELS as REFERENCE_LEVELS
from indicators.present.problem_export import problems_frame, problems_xlsx
from indicators.present.stored_words import column_label, in_words
from indicators.present.templates import KINDS
from indicators.present.years import years_text
from indicators.read import ACCEPTED, MAX_FILE_BYTES, MAX_ROWS, MAX_TEXT_FILE_BYTES, read_workbook
from indicators.read import progress as read_progress
from ui import account, quality, review

NEW_CITY = "+"
PREVIEW_ROWS = 8
HIDDEN_COLUMNS = ["upload_id", "city", "activity_key", "sheet", "content_key", "sheet_key", "total_from_parts"]


def render(view: ui.View) -> None:
    state = st.session_state
    if done := state.pop("upload_done", None):
        st.success(done)
        st.page_link("pages/overview.py", label=view.t("see_overview"))
    templates_section(view)
    if not account.allowed(view, "upload"):
        return
    st.header(view.t("step_city"))
    city, fiscal, source = choose_city(view)
    reference_choice(view)
    st.header(view.t("step_files"))
    workbooks = read_files(view)
    if not workbooks or not city:
        return
    plans = planned(view, workbooks, city, fiscal, source)
    if not declared(view, plans):
        return
    st.header(view.t("step_understood"))
    review.year_input(view, plans)
    for plan in plans:
        show_understood(view, plan)
    st.header(view.t("step_problems"))
    show_problems(view, plans)
    if review.waiting_for_a_second_look():
        st.info(view.t("review_pending"))
        return
    if not all(p.ok for p in plans):
        st.error(view.t("upload_refused"))
        return
    st.header(view.t("step_preview"))
    show_preview(view, plans)
    st.header(view.t("step_commit"))
    commit(view, workbooks, city, fiscal, source)


def templates_section(view: ui.View) -> None:
    with st.expander(view.t("templates"), expanded=False):
        st.caption(view.t("templates_help"))
        kind = st.selectbox(view.t("template_kind"), KINDS, format_func=lambda k: view.t("kind_" + k),
                            key="template_kind")
        lang = st.radio(view.t("template_language"), ["th", "en"], horizontal=True, key="template_lang",
                        format_func=lambda code: {"th": "ไทย", "en": "English"}[code])
        st.download_button(view.t("download_template"), ui.template(view.con, view.version, kind, lang, view.city),
                           file_name=f"template_{kind}_{lang}.xlsx", key="download_template",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def choose_city(view: ui.View) -> tuple[str | None, bool, str | None]:
    cities = store.list_cities(view.con)
    options = [*cities, NEW_CITY]
    default = view.city if view.city in cities else NEW_CITY
    left, middle, right = st.columns(3)
    choice = left.selectbox(view.t("upload_city"), options, index=options.index(default), key="upload_city",
                            format_func=lambda c: view.t("new_city") if c == NEW_CITY else c)
    city = left.text_input(view.t("new_city_name"), key="upload_new_city").strip() if choice == NEW_CITY else choice
    if city and store.is_sample_city(view.con, city):
        left.warning(view.t("uploading_into_sample"))
    basis = middle.radio(view.t("upload_year_basis"), ["calendar", "fiscal"], key="upload_basis",
                         format_func=lambda b: view.t("upload_basis_" + b))
    source = right.text_input(view.t("upload_source"), key="upload_source", help=view.t("upload_source_help")).strip()
    return city or None, basis == "fiscal", source or None


def reference_choice(view: ui.View) -> None:
    """Whose figures the files hold: the city's own, or a province's, region's, the nation's or the
    network's statistics, kept apart as a reference series (ingest/reference_upload.py)."""
    left, right = st.columns(2)
    level = left.selectbox(view.t("upload_level"), ["city", *REFERENCE_LEVELS], key="upload_level",
                           format_func=lambda lv: view.t(f"upload_level_{lv}"), help=view.t("upload_level_help"))
    if level != "city":
        right.text_input(view.t("upload_area_name"), key="upload_area_name")


def declared(view: ui.View, plans: list[FilePlan]) -> bool:
    """The plans marked as the reference area's when the visitor said so; False (and why) if they cannot be."""
    try:
        declare_reference(plans, st.session_state.get("upload_level"), st.session_state.get("upload_area_name"))
    except LearningCityError as error:
        st.error(error.message(view.lang))
        return False
    return True


def read_files(view: ui.View) -> list:
    """Read each dropped file once (kept for this session by content hash); unreadable files are listed
    with the reason and left out."""
    state = st.session_state
    st.caption(view.t("upload_limits", mb=MAX_FILE_BYTES // 2**20, text_mb=MAX_TEXT_FILE_BYTES // 2**20,
                      rows=f"{MAX_ROWS:,}", formats=", ".join(ACCEPTED)))
    if view.lang == "th":  # the file box's own words are Streamlit's, in English
        st.caption(view.t("upload_picker_help", box_mb=st.get_option("server.maxUploadSize"),
                          mb=MAX_FILE_BYTES // 2**20))
    files = st.file_uploader(view.t("drop_files"), type=ACCEPTED, accept_multiple_files=True,
                             key=f"upload_files_{state.get('uploader_generation', 0)}")
    if not files:
        return []
    cache = state.setdefault("read_workbooks", {})
    workbooks = []
    progress = st.progress(0.0)
    for number, uploaded in enumerate(files, start=1):
        data = uploaded.getvalue()
        key = (uploaded.name, hashlib.sha256(data).hexdigest())
        if key not in cache:
            progress.progress((number - 1) / len(files), text=view.t("reading_file", name=uploaded.name))
            try:
                with read_progress.reporting(review.read_progress_bar(view, progress, uploaded.name, number, len(files))):
                    cache[key] = read_workbook(data, file_name=uploaded.name)
            except LearningCityError as error:
                cache[key] = error
        if isinstance(cache[key], LearningCityError):
            st.error(f"**{ui.plain(uploaded.name)}** — {ui.plain(cache[key].message(view.lang))}")
        else:
            workbooks.append(cache[key])
    progress.empty()
    return workbooks


def planned(view: ui.View, workbooks: list, city: str, fiscal: bool, source: str | None) -> list[FilePlan]:
    """Plans for the current choices, computed once per combination (a change of any column re-plans)."""
    overrides = st.session_state.setdefault("column_overrides", {})
    recipes, year = review.confirmed_recipes(), review.chosen_year()
    readings = {name: to_yaml(recipe) for name, recipe in recipes.items()}
    key = json.dumps([[w.sha256 for w in workbooks], city, fiscal, source, overrides, readings, year, view.version,
                      st.session_state.get("upload_level"), st.session_state.get("upload_area_name")], sort_keys=True)
    cached = st.session_state.get("planned")
    if cached and cached[0] == key:
        return cached[1]
    with st.spinner(view.t("checking_files")):
        plans = plan_batch(view.con, workbooks, city, source, overrides, fiscal=fiscal, year=year, recipes=recipes)
    st.session_state["planned"] = (key, plans)
    st.session_state.pop("previewed", None)
    return plans


def show_understood(view: ui.View, plan: FilePlan) -> None:
    st.subheader(ui.plain(plan.file_name))
    if not plan.sheets:
        st.info(view.t("no_sheet_understood"))
    for sheet in plan.sheets:
        with st.expander(view.t("sheet_summary", sheet=ui.plain(sheet.sheet), kind=view.t("kind_" + sheet.kind),
                                rows=sheet.rows_kept, header=", ".join(map(str, sheet.header_rows))), expanded=True):
            review.evidence(view, sheet)
            review.review_form(view, plan, sheet)
            column_choices(view, plan, sheet)
            first_rows(view, plan, sheet)
            dropped_rows(view, sheet)


def column_choices(view: ui.View, plan: FilePlan, sheet) -> None:
    st.markdown(f"**{view.t('columns_found')}**")
    st.caption(view.t("columns_help"))
    choices = field_choices()
    grid = st.columns(4)
    for position, column in enumerate(c for c in sheet.columns if c["header"]):
        field = column["field"]
        options = [field, IGNORE] if field in STRUCTURAL else ["", *choices]
        current = field if field else ("" if not column["note"].startswith("duplicate") else "")
        grid[position % 4].selectbox(
            ui.plain(column["header"]), options, index=options.index(current) if current in options else 0,
            key=f"col|{plan.file_name}|{sheet.sheet}|{column['index']}",
            format_func=lambda f: field_label(view, f), on_change=remember_choice, help=review.column_help(view, column),
            args=(plan.file_name, sheet.sheet, column["header"], f"col|{plan.file_name}|{sheet.sheet}|{column['index']}",
                  current_fields(sheet)))


def field_label(view: ui.View, field: str) -> str:
    if field == "":
        return view.t("field_unmatched")
    for key in ("field_" + field, field):
        if ui.has_string(key):
            return view.t(key)
    return field


def remember_choice(file_name: str, sheet: str, header: str, key: str, fields_now: dict[str, str]) -> None:
    overrides = st.session_state.setdefault("column_overrides", {})
    chosen = overrides.setdefault(file_name, {}).setdefault(sheet, dict(fields_now))
    value = st.session_state[key]
    if value:
        chosen[header] = value
    else:
        chosen.pop(header, None)


def first_rows(view: ui.View, plan: FilePlan, sheet) -> None:
    for table, frame in plan.frames.items():
        rows = frame[frame["sheet"] == sheet.sheet]
        if rows.empty:
            continue
        st.markdown(f"**{view.t('first_rows', table=view.t('table_' + table))}**")
        st.dataframe(cleaned_rows(view, rows.head(PREVIEW_ROWS)), hide_index=True, width="stretch")


def cleaned_rows(view: ui.View, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows as stored, for people: Excel row first, years and dates in the chosen era, named columns."""
    shown = rows.drop(columns=[c for c in HIDDEN_COLUMNS if c in rows.columns])
    shown = shown[["source_row", *[c for c in shown.columns if c != "source_row"]]] if "source_row" in shown else shown
    shown = in_words(shown.astype(object).where(shown.notna(), ""), view.lang)  # "หญิง", not "female"
    for column in ("year", "fiscal_year"):
        if column in shown:
            shown[column] = shown[column].map(lambda y: view.year(y) if y != "" else "")
    for column in ("event_date", "period_start"):  # a day, in the chosen era: never "2023-04-01 00:00:00"
        if column in shown:
            shown[column] = shown[column].map(lambda d: f"{d:%d/%m}/{view.year(d.year)}" if hasattr(d, "year") else d)
    labels = {c: view.t("row") if c == "source_row" else column_label(c, view.lang) or field_label(view, c)
              for c in shown.columns}
    return shown.rename(columns=labels)


def dropped_rows(view: ui.View, sheet) -> None:
    if not sheet.dropped_rows:
        st.caption(view.t("no_rows_dropped"))
        return
    st.markdown(f"**{view.t('rows_dropped', n=len(sheet.dropped_rows))}**")
    frame = pd.DataFrame(sheet.dropped_rows)
    frame["reason"] = frame["reason"].map(lambda r: view.t("drop_" + r) if ui.has_string("drop_" + r) else r)
    st.dataframe(frame.rename(columns={"row": view.t("row"), "reason": view.t("reason"), "text": view.t("value")}),
                 hide_index=True, width="stretch")


def show_problems(view: ui.View, plans: list[FilePlan]) -> None:
    problems = [p for plan in plans for p in plan.problems]
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    if not problems:
        st.success(view.t("no_problems"))
        return
    st.markdown(view.t("problem_counts", errors=errors, warnings=warnings, notes=len(problems) - errors - warnings))
    frame = problems_frame(problems, view.lang)
    # the message next to its severity and the file's name last: a long name without spaces cannot wrap,
    # and before the message it squeezed every message into a narrow, very tall column
    severity, file, sheet, *where, message = frame.columns
    frame = frame[[severity, message, sheet, *where, file]]
    for name in (file, sheet):  # a break allowed after _ - . (invisible), so that a long name wraps
        frame[name] = frame[name].str.replace(r"([_.\-])", "\\1\u200b", regex=True)
    # a whole-sheet or whole-file problem has no row or value: a dash, not a raw "None"; a table that
    # wraps, as a grid cut every message at its column's edge
    st.table(frame.astype(object).where(frame.notna(), "–").astype(str), hide_index=True)
    st.download_button(view.t("download_problems"), problems_xlsx(problems, view.lang), key="download_problems",
                       file_name="problems.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def show_preview(view: ui.View, plans: list[FilePlan]) -> None:
    cached = st.session_state.get("previewed")
    if not cached or cached[0] is not plans:
        with st.spinner(view.t("computing_preview")):
            values = preview.values_before_after(view.con, plans, view.fiscal)
            cached = (plans, preview.row_summary(view.con, plans), preview.replaced_years(view.con, plans),
                      preview.figures_before_after(view.con, plans, view.fiscal, values),
                      preview.new_rule_warnings(view.con, plans, view.fiscal, values))
        st.session_state["previewed"] = cached
    _, rows, replaced, figures, warnings = cached
    rows = rows.assign(table=rows["table"].map(lambda t: view.t("table_" + t)),
                       years=rows["years"].map(lambda ys: years_text(ys, view.era) or "–"))
    st.dataframe(rows.rename(columns={"file": view.t("file_name"), "table": view.t("table"), "add": view.t("rows_add"),
                                      "replace": view.t("rows_replace"), "ignored": view.t("rows_ignored"),
                                      "years": view.t("years")}), hide_index=True, width="stretch")
    if replaced:
        st.warning(view.t("replaces_years", years=", ".join(view.year(y) for y in replaced)))
    quality.rule_warnings(view, warnings)
    changed = figures[figures["changed"]]
    st.markdown(f"**{view.t('figures_change', n=len(changed), total=len(figures))}**")
    if changed.empty:
        st.caption(view.t("figures_unchanged"))
        return
    names = ui.indicator_names(view.lang)
    table = pd.DataFrame({
        view.t("indicator"): changed["indicator"].map(names),
        view.t("year"): changed["year"].map(view.year),
        view.t("before"): changed["before"].map(ui.number),
        view.t("after"): changed["after"].map(ui.number),
    })
    st.dataframe(table, hide_index=True, width="stretch")


def commit(view: ui.View, workbooks: list, city: str, fiscal: bool, source: str | None) -> None:
    overrides = st.session_state.get("column_overrides", {})
    remember = st.checkbox(view.t("remember_columns"), value=bool(overrides), key="remember_columns",
                           disabled=not overrides)
    if not st.button(view.t("commit_upload"), type="primary", key="commit_upload"):
        return
    # Planned again at the moment of writing: another session may have committed since the preview.
    recipes = review.confirmed_recipes()
    plans = plan_batch(view.con, workbooks, city, source, overrides, fiscal=fiscal, year=review.chosen_year(),
                       recipes=recipes)
    if not declared(view, plans):
        return
    if not all(p.ok for p in plans):
        st.error(view.t("upload_refused"))
        return
    try:  # the column choices and confirmed readings are saved only with the upload, in its transaction
        ids = actions.commit_upload(view.con, view.actor, plans, remember=overrides if remember else None,
                                    recipes=recipes)
    except LearningCityError as error:
        st.error(error.message(view.lang))
        return
    state = st.session_state
    state["upload_done"] = view.t("upload_committed", ids=", ".join(map(str, ids)))
    for key in ("column_overrides", "planned", "previewed", "read_workbooks", review.CONFIRMED, review.SECOND_LOOK,
                review.YEAR_KEY):
        state.pop(key, None)
    state["uploader_generation"] = state.get("uploader_generation", 0) + 1
    st.rerun()


ui.run_page(render)
