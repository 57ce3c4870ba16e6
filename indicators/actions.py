"""Every change to the city's record goes through here: the actor's role is read from the database and
checked, and the change and its audit-log entry are written, all in one transaction. The pages and the
CLI call these, never the lower-level writers directly, so a viewer cannot change anything whichever way
they come in. On a lake each is tried again from the start when another process wrote at the same moment
(store.retried): the role and every check are then made again on what that process wrote."""

from __future__ import annotations

import pandas as pd

from indicators import mapping, store
from indicators.ingest import column_mappings
from indicators.ingest.commit import commit_plans
from indicators.ingest.plan import FilePlan
from indicators.ingest.recipes import Recipe, save_recipe
from indicators.measure import progress
from indicators.store import accounts, audit
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
    return ids


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
    return detail


@store.retried
def save_target(con, actor: Actor, city: str, indicator: str, target_value: float, target_year: int,
                base_year: int | None = None, milestones: dict | None = None, district: str | None = None) -> None:
    with store.transaction(con):
        actor = accounts.require(con, actor, "edit_targets")  # the role now, under the write lock
        progress.set_target(con, city, indicator, target_value, target_year, base_year, milestones, actor.name,
                            district)
        audit.record(con, actor, "edit_targets", city, indicator,
                     {"target_value": target_value, "target_year": target_year, "base_year": base_year,
                      "district": district})


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
