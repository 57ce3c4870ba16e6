"""Every change to the city's record goes through here: the actor's role is read from the database and
checked, and the change and its audit-log entry are written, all in one transaction. The pages and the
CLI call these, never the lower-level writers directly, so a viewer cannot change anything whichever way
they come in. On a lake each is tried again from the start when another process wrote at the same moment
(store.retried): the role and every check are then made again on what that process wrote."""

from __future__ import annotations

import pandas as pd

from indicators import mapping, store
from indicators.base.errors import LearningCityError
from indicators.ingest import column_mappings
from indicators.ingest.commit import commit_plans
from indicators.ingest.plan import FilePlan
from indicators.ingest.recipes import Recipe, save_recipe
from indicators.measure import kept, progress, quality_rules
from indicators.measure.definitions import load_indicators
from indicators.measure.milestones import check_milestones
from indicators.read.geojson import Boundaries
from indicators.store import accounts, annotations, audit, followups
from indicators.store import boundaries as store_boundaries
from indicators.store.accounts import Actor


@store.retried
def commit_upload(con, actor: Actor, plans: list[FilePlan], is_sample: bool = False,
                  remember: dict[str, dict[str, dict[str, str]]] | None = None,
                  recipes: dict[str, Recipe] | None = None) -> list[int]:
    """Commit planned files (all or none) and log each with its hash, rows and years. `remember` holds
    column choices to save with the upload (by file name, then sheet name: {header: field}); `recipes`
    the readings a researcher confirmed (by file name), kept for the file's source so that its next
    file is read the same way. Both are saved only if the upload commits."""
    with store.transaction(con):
        actor = accounts.require(con, actor, "upload")  # the role now, under the write lock
        for plan in plans:
            for sheet in plan.sheets:
                chosen = (remember or {}).get(plan.file_name, {}).get(sheet.sheet)
                if chosen:
                    save_column_mapping(con, actor, plan.city, plan.source, sheet.signature, sheet.sheet, chosen)
        ids = commit_plans(con, plans, actor.name, is_sample)
        for plan in plans:
            if (recipe := (recipes or {}).get(plan.file_name)) is not None and recipe.sheets:
                version = save_recipe(con, plan.city, plan.source, recipe, actor.name)
                audit.record(con, actor, "save_recipe", plan.city, f"{plan.source} v{version}",
                             {"file": plan.file_name, "sheets": sorted(recipe.sheets)})
            audit.record(con, actor, "upload", plan.city, f"{plan.upload_id} {plan.file_name}", {
                "sha256": plan.sha256, "source": plan.source, "years": plan.years,
                "rows": {t: plan.rows(t) for t in plan.frames}})
    _keep_figures(con, {plan.city for plan in plans})
    return ids


def _keep_figures(con, cities: set[str]) -> None:
    """The new figures computed once, now, and kept for the pages (measure/kept.py) — unless the caller's
    transaction is still open, when they are computed on the first page that asks."""
    if not store.connection.in_transaction(con):
        kept.keep(con, cities)


@store.retried
def rollback(con, actor: Actor, upload_id: int, with_dependents: bool = False) -> dict:
    """Take an upload out of every figure. Refused, naming them, when other uploads link to its activities,
    unless `with_dependents` (said first by store.dependent_uploads) takes them out together; each upload
    taken out gets its own audit-log entry."""
    with store.transaction(con):
        actor = accounts.require(con, actor, "rollback")  # the role now, under the write lock
        done = store.rollback_upload(con, upload_id, actor.name, with_dependents=with_dependents)
        for number in [upload_id, *done["dependents"]]:
            city, sha256, file_name = store.fetch_one(
                con, "SELECT city, sha256, file_name FROM uploads WHERE upload_id = ?", [number])
            detail = {"sha256": sha256}
            if number == upload_id:
                detail.update(restored_year_slices=done["restored_year_slices"], dependents=done["dependents"])
            else:
                detail["dependent_of"] = upload_id
            audit.record(con, actor, "rollback", city, f"{number} {file_name}", detail)
    _keep_figures(con, {city for (city,) in con.execute(
        "SELECT DISTINCT city FROM uploads WHERE list_contains(?, upload_id)", [[upload_id, *done["dependents"]]]).fetchall()})
    return done


@store.retried
def save_mapping_rules(con, actor: Actor, city: str, category_table: pd.DataFrame | None = None,
                       keyword_rules: pd.DataFrame | None = None) -> dict:
    """A new version of the city's category table and/or keyword rules, then every activity remapped."""
    with store.transaction(con):
        actor = accounts.require(con, actor, "edit_mapping")  # the role now, under the write lock
        moved = mapping.preview_rule_change(con, city, category_table, keyword_rules)
        versions = mapping.save_rules(con, city, category_table, keyword_rules, actor.name)
        rows = mapping.remap_city(con, city)
        detail = {"versions": versions, "gained": int(moved["gained"].sum()), "lost": int(moved["lost"].sum()),
                  "mapping_rows": rows}
        audit.record(con, actor, "edit_mapping", city, ", ".join(f"{t} v{v}" for t, v in versions.items()), detail)
    _keep_figures(con, {city})
    return detail


@store.retried
def save_target(con, actor: Actor, city: str, indicator: str, target_value: float, target_year: int,
                base_year: int | None = None, milestones: dict | None = None, district: str | None = None) -> None:
    """A target with its yearly milestones ({CE year: value}, between the base and the target year)."""
    if indicator not in {i.code for i in load_indicators()}:
        raise LearningCityError(f"There is no indicator {indicator!r}; nothing was saved.",
                                f"ไม่มีตัวชี้วัดรหัส {indicator!r} จึงไม่ได้บันทึก", code="unknown_indicator")
    milestones = check_milestones({int(y): float(v) for y, v in (milestones or {}).items()}, target_year, base_year)
    with store.transaction(con):
        actor = accounts.require(con, actor, "edit_targets")  # the role now, under the write lock
        progress.set_target(con, city, indicator, target_value, target_year, base_year,
                            {str(y): v for y, v in milestones.items()}, actor.name, district)
        audit.record(con, actor, "edit_targets", city, indicator,
                     {"target_value": target_value, "target_year": target_year, "base_year": base_year,
                      "district": district, "milestones": {str(y): v for y, v in milestones.items()}})


@store.retried
def save_chart_note(con, actor: Actor, city: str, indicator: str | None, year_from: int, year_to: int, kind: str,
                    text_en: str, text_th: str, note_id: int | None = None) -> int:
    """A chart note or series break (store/annotations.py), new or (with note_id) changed."""
    with store.transaction(con):
        actor = accounts.require(con, actor, "edit_chart_notes")  # the role now, under the write lock
        number = annotations.save_note(con, city, indicator, year_from, year_to, kind, text_en, text_th,
                                       actor.name, note_id)
        audit.record(con, actor, "edit_chart_notes", city, f"{number} {indicator or '*'} {year_from}-{year_to}",
                     {"kind": kind, "text_en": text_en, "text_th": text_th, "changed": note_id is not None})
    return number


@store.retried
def delete_chart_note(con, actor: Actor, note_id: int) -> None:
    with store.transaction(con):
        actor = accounts.require(con, actor, "edit_chart_notes")  # the role now, under the write lock
        was = annotations.delete_note(con, note_id, actor.name)
        audit.record(con, actor, "edit_chart_notes", was["city"], f"{note_id} {was['indicator'] or '*'}",
                     {"deleted": True, "text_en": was["text_en"], "text_th": was["text_th"]})


@store.retried
def save_boundaries(con, actor: Actor, city: str, level: str, name_property: str, boundaries: Boundaries,
                    file_name: str | None) -> int:
    """A city's boundary file (already read and checked) as its next version, with its audit entry."""
    if name_property not in boundaries.name_properties:
        raise ValueError(f"{name_property!r} is not a name property of the file")
    with store.transaction(con):
        actor = accounts.require(con, actor, "upload_boundaries")  # the role now, under the write lock
        version = store_boundaries.save_boundaries(con, city, level, name_property, boundaries.to_json(),
                                                   len(boundaries.features), file_name, actor.name)
        audit.record(con, actor, "upload_boundaries", city, f"v{version} {file_name or ''}".strip(),
                     {"level": level, "name_property": name_property, "features": len(boundaries.features)})
    return version


@store.retried
def save_evidence(con, actor: Actor, city: str, area_code: str, year: int, narrative_en: str,
                  narrative_th: str, links: list[str] | None = None) -> int:
    with store.transaction(con):
        actor = accounts.require(con, actor, "edit_evidence")  # the role now, under the write lock
        version = progress.add_evidence(con, city, area_code, year, narrative_en, narrative_th, links, actor.name)
        audit.record(con, actor, "edit_evidence", city, f"{area_code} {year}",
                     {"version": version, "links": len(links or [])})
    return version


@store.retried
def save_quality_rules(con, actor: Actor, city: str, rules: pd.DataFrame) -> int:
    """A new version of the city's validation rules (measure/quality_rules.py), checked before writing."""
    with store.transaction(con):
        actor = accounts.require(con, actor, "edit_quality_rules")  # the role now, under the write lock
        version = quality_rules.save_rules(con, city, rules, actor.name)
        audit.record(con, actor, "edit_quality_rules", city, f"v{version}",
                     {"version": version, "rules": sorted(str(r) for r in rules["rule_id"])})
    return version


@store.retried
def follow_up_warning(con, actor: Actor, city: str, rule_id: str, indicator: str, year: int, district: str | None,
                      status: str, note: str | None = None) -> None:
    """Record what checking a data warning found: open, confirmed (the figure is right) or corrected."""
    with store.transaction(con):
        actor = accounts.require(con, actor, "follow_up_quality")  # the role now, under the write lock
        followups.save_followup(con, city, rule_id, indicator, year, district, status, note, actor.name)
        audit.record(con, actor, "follow_up_quality", city, f"{rule_id} {indicator} {year} {district or '*'}",
                     {"status": status, "note": note})


@store.retried
def save_column_mapping(con, actor: Actor, city: str, source: str, signature: str, sheet: str,
                        overrides: dict[str, str], written: dict[str, str] | None = None) -> int:
    with store.transaction(con):
        actor = accounts.require(con, actor, "edit_column_mapping")  # the role now, under the write lock
        version = column_mappings.save_overrides(con, city, source, signature, sheet, overrides, written,
                                                 actor.name)
        audit.record(con, actor, "edit_column_mapping", city, f"{source} / {sheet}",
                     {"version": version, "columns": overrides})
    return version


@store.retried
def add_user(con, actor: Actor, name: str, role: str, password: str, email: str | None = None) -> None:
    """Create an account, or reset its role and password."""
    with store.transaction(con):
        actor = accounts.require(con, actor, "manage_users")  # the role now, under the write lock
        accounts.add_user(con, name, role, password, email, actor.name)
        audit.record(con, actor, "manage_users", None, name, {"role": role, "email": email})


@store.retried
def set_user_role(con, actor: Actor, name: str, role: str) -> None:
    with store.transaction(con):
        actor = accounts.require(con, actor, "manage_users")  # the role now, under the write lock
        accounts.set_role(con, name, role)
        audit.record(con, actor, "manage_users", None, name, {"role": role})


@store.retried
def disable_user(con, actor: Actor, name: str) -> None:
    with store.transaction(con):
        actor = accounts.require(con, actor, "manage_users")  # the role now, under the write lock
        accounts.disable_user(con, name)
        audit.record(con, actor, "manage_users", None, name, {"disabled": True})
