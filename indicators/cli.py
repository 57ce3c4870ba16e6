"""Command line: `python -m indicators ingest|values|status|framework|report|uploads|rollback|users|audit|backup|restore|migrate|targets|quality|completeness|open-data|serve-api ...`.

Scripts and tests depend on these commands, their exit codes and output columns: change them only
with care. Exit codes: 0 done, 1 refused by validation, 2 file unreadable (an input or the database) or bad usage,
3 database busy (or a lake's catalog unreachable, or its writers kept conflicting), 4 not permitted (a role, or a read-only database file), 5 the database could not be
written (disk full, an I/O error) — nothing written.
"""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from indicators import actions, cli_data, cli_views, store
from indicators.base.errors import DatabaseReadOnly, LearningCityError, ReadError, StorageFailure
from indicators.config.framework import load_framework
from indicators.config.readings import said, say
from indicators.ingest.commit import ingest_files
from indicators.ingest.recipes import read_recipe, recipe_of, to_yaml
from indicators.ingest.sample import load_sample_if_empty
from indicators.measure.compute import compute_values, coverage
from indicators.measure.progress import progress_table
from indicators.measure.quality_checks import COLUMNS as BREACH_COLUMNS
from indicators.measure.quality_checks import city_breaches, new_breaches
from indicators.present import i18n
from indicators.present.exports import write_export
from indicators.present.exports.context import make_context, parse_years
from indicators.present.records import plain as _plain  # noqa: F401  (old names: commands call them so)
from indicators.present.records import records as _records
from indicators.present.templates import KINDS, city_template
from indicators.read import progress as read_progress
from indicators.store import accounts, audit
from indicators.store.accounts import Actor
from indicators.store.backup import backup, restore
from indicators.store.backup_key import key_path
from indicators.store.faults import storage_error
from indicators.store.moving import move_record
from indicators.store.queries import list_statistics

EXIT_OK, EXIT_REFUSED, EXIT_UNREADABLE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m indicators", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text)
        command.add_argument("--db", help="database: a file, or a lake ducklake:postgres:'dbname=… host=…' (default "
                                          "$LEARNING_CITY_DB or data/learning_city.duckdb)")
        command.add_argument("--lang", choices=("en", "th"), default="en", help="language of messages")
        command.set_defaults(handler=handler)
        return command

    ingest = add("ingest", cmd_ingest, "read spreadsheets into the database (all files or none)")
    ingest.add_argument("files", nargs="+")
    ingest.add_argument("--city", help="city the files belong to (default: the only city in the database)")
    ingest.add_argument("--source", help="who sends these files; a new file from the same source replaces its years")
    ingest.add_argument("--user", help="who is uploading (recorded in the uploads table)")
    ingest.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    ingest.add_argument("--year", type=int, help="the year (BE or CE) of sheets that state none")
    ingest.add_argument("--explain", action="store_true",
                        help="print the reading with its evidence: why this header row, why each column means "
                             "what it does, which rows were set aside")
    ingest.add_argument("--recipe", help="read the files as this recipe (YAML) says, without review")
    ingest.add_argument("--level", choices=("city", "province", "region", "nation", "network"), default="city",
                        help="whose figures these are: the city's own (default), or reference statistics of a "
                             "province, region, the nation or the learning-city network (drawn beside the city)")
    ingest.add_argument("--area-name", help="with --level: the reference area's name (e.g. ประเทศไทย)")
    ingest.add_argument("--save-recipe", metavar="FILE", help="write the reading as a recipe (YAML) to confirm or "
                                                              "correct, then use with --recipe")

    statistics = add("statistics", cmd_statistics, "every stored statistic (measure, label, year, district, sex, "
                                                   "age band, value, unit)")
    statistics.add_argument("--city")
    statistics.add_argument("--measure", action="append", help="only this measure code (repeatable)")
    statistics.add_argument("--format", choices=("csv", "json"), default="csv")

    values = add("values", cmd_values, "indicator values by year (and district)")
    values.add_argument("--city")
    values.add_argument("--by", choices=("year", "year,district"), default="year")
    values.add_argument("--fiscal", action="store_true", help="Thai fiscal years (Oct-Sep) instead of calendar years")
    values.add_argument("--format", choices=("csv", "json"), default="csv")
    values.add_argument("--indicator", action="append", help="only this indicator code (repeatable)")

    status = add("status", cmd_status, "each indicator's latest value and progress status")
    status.add_argument("--city")
    status.add_argument("--year", type=int, help="latest year to consider (CE)")
    status.add_argument("--years", help="first-last, BE or CE (2567-2568 or 2024-2025): status over these years "
                                        "only, from the first with data (default: every year)")
    status.add_argument("--fiscal", action="store_true")
    status.add_argument("--include-partial", action="store_true",
                        help="count incomplete periods (a fiscal year holding Oct-Dec only) in status and change")
    status.add_argument("--format", choices=("csv", "json"), default="csv")

    framework = add("framework", cmd_framework, "the Key Features areas and how many indicators have data")
    framework.add_argument("--city")
    framework.add_argument("--format", choices=("csv", "json"), default="csv")

    report = add("report", cmd_report, "write the HTML report, the PowerPoint deck, the GNLC pack (.xlsx) or a PDF")
    report.add_argument("--out", required=True, help="FILE.html, FILE.pptx, FILE.xlsx (GNLC pack) or FILE.pdf")
    report.add_argument("--city")
    report.add_argument("--years", help="first-last, BE or CE (2563-2568 or 2020-2025); default: every year")
    report.add_argument("--era", choices=("be", "ce"), default=None, help="years as BE or CE (default: BE in Thai)")
    report.add_argument("--fiscal", action="store_true", help="Thai fiscal years (Oct-Sep)")
    report.add_argument("--include-partial", action="store_true",
                        help="count incomplete periods in status and change (they are marked either way)")

    template = add("template", cmd_template, "a blank template to fill in (the Upload page's), Thai or English headers")
    template.add_argument("--kind", required=True, choices=KINDS, help="which sheet kind")
    template.add_argument("--out", required=True, help="FILE.xlsx to write")
    template.add_argument("--city", help="drop-down lists of this city's districts and categories")

    add("uploads", cmd_uploads, "list uploads")
    rollback = add("rollback", cmd_rollback, "take an upload out of every figure (restores what it replaced)")
    rollback.add_argument("upload_id", type=int)
    rollback.add_argument("--user")
    rollback.add_argument("--with-dependents", action="store_true",
                          help="also roll back the uploads that link participants or outcomes to its activities")

    users = add("users", cmd_users, "local accounts: add NAME --role viewer|researcher|admin, role, disable, list")
    users.add_argument("action", choices=("add", "role", "disable", "list"))
    users.add_argument("name", nargs="?")
    users.add_argument("--role", choices=("viewer", "researcher", "admin"))
    users.add_argument("--email", help="the e-mail a single-sign-on provider reports for this user")
    users.add_argument("--password-stdin", action="store_true",
                       help="read the password from standard input instead of asking (for scripts)")

    backup = add("backup", cmd_backup, "copy every table to Parquet files in a new folder, with a manifest")
    backup.add_argument("--out", required=True, help="a new or empty folder")
    backup.add_argument("--key", help="the signing key file (default $LEARNING_CITY_BACKUP_KEY or data/backup.key)")
    restore = add("restore", cmd_restore, "rebuild a database from a backup folder (all or nothing)")
    restore.add_argument("folder")
    restore.add_argument("--replace", action="store_true", help="replace what the database holds")
    restore.add_argument("--key", help="the key file that signed the backup (default as for backup)")

    cli_data.register(add, sys.modules[__name__])  # targets, quality, completeness, open-data, serve-api
    cli_views.register(add, sys.modules[__name__])  # index, scorecard

    migrate = add("migrate", cmd_migrate, "move the whole record (--db) to another store, a lake or a file, "
                                          "and check that every figure is the same there")
    migrate.add_argument("--to", required=True, help="the destination: ducklake:postgres:… (data under "
                                                     "$LEARNING_CITY_DATA_PATH) or a database file")
    migrate.add_argument("--replace", action="store_true", help="replace what the destination holds")

    audit_log = add("audit", cmd_audit, "the audit log: uploads, rollbacks, rule, target, evidence and user changes")
    audit_log.add_argument("--city")
    audit_log.add_argument("--limit", type=int, default=100)
    return parser


def _operator(args):
    """The person at the command line: whoever can open the database file may do anything, so the CLI
    acts as admin; the name recorded is --user or the login name."""
    return Actor(getattr(args, "user", None) or getpass.getuser(), "admin", "cli")


def main(argv: list[str] | None = None) -> int:
    """Run a command; every failure is a bilingual message and an exit code, never a stack trace."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except LearningCityError as error:
        print(error.message(args.lang), file=sys.stderr)
        return error.exit_code
    except duckdb.Error as error:  # the database file failed under us (damaged block, full disk, …)
        meaning = storage_error(error, store.shown_target(store.database_path(args.db))) or StorageFailure(
            f"The database reported an error: {error}", f"ฐานข้อมูลแจ้งข้อผิดพลาด: {error}", code="storage_failure")
        print(meaning.message(args.lang), file=sys.stderr)
        return meaning.exit_code
    except OSError as error:  # a file to write or read outside the database: a path that cannot be used
        print(_say(args, f"Cannot use {error.filename or 'the file'}: {error.strerror or error}.",
                   f"ใช้ไฟล์ {error.filename or ''} ไม่ได้: {error.strerror or error}"), file=sys.stderr)
        return EXIT_UNREADABLE


def _open(args, load_sample: bool = True, read_only: bool = False):
    """The database. Commands that only read open it read-only (so a read-only file still answers), and
    for writing only once to migrate an older one or to load the sample city into an empty one."""
    if read_only:
        con = store.open_database(args.db, read_only=True)
        if not store.needs_writing(con) or (not load_sample and not store.needs_migration(con)):
            return con
        con.close()
        try:
            con = store.open_database(args.db)
        except DatabaseReadOnly:  # may not be written: read it as it is
            return store.open_database(args.db, read_only=True)
    else:
        con = store.open_database(args.db)
    if load_sample and load_sample_if_empty(con):
        print(_say(args, "Empty database: loaded the SYNTHETIC sample city (not real figures).",
                   "ฐานข้อมูลว่าง: โหลดข้อมูลเมืองตัวอย่าง (ข้อมูลสังเคราะห์ ไม่ใช่ตัวเลขจริง)"), file=sys.stderr)
    return con


def _say(args, english: str, thai: str) -> str:
    return thai if args.lang == "th" else english


def _city(args, con) -> str:
    if args.city:
        return args.city
    cities = store.list_cities(con)
    if len(cities) == 1:
        return cities[0]
    raise LearningCityError(
        "Say which city with --city NAME" + (f" (the database holds: {', '.join(cities)})." if cities else "."),
        "กรุณาระบุเมืองด้วย --city ชื่อเมือง" + (f" (ในฐานข้อมูลมี: {', '.join(cities)})" if cities else ""),
        code="city_required",
    )


def cmd_ingest(args) -> int:
    con = _open(args, load_sample=False, read_only=args.dry_run)
    city = _city(args, con)
    year = args.year - 543 if args.year and args.year >= 2400 else args.year
    recipe = read_recipe(args.recipe) if args.recipe else None
    try:
        with read_progress.reporting(_progress_line(args) if sys.stderr.isatty() else lambda *_: None):
            outcome = ingest_files(con, args.files, city, dry_run=True, source=args.source, year=year, recipe=recipe,
                                   level=args.level, area_name=args.area_name)
    except ReadError as error:
        if args.json:
            print(json.dumps({"status": "unreadable", "code": error.code, "message_en": error.message_en,
                              "message_th": error.message_th}, ensure_ascii=False, indent=2))
        else:
            print(error.message(args.lang), file=sys.stderr)
        return EXIT_UNREADABLE
    if args.save_recipe:  # the reading as it stands, to confirm or correct and pass back with --recipe
        Path(args.save_recipe).write_text("\n".join(to_yaml(recipe_of(plan)) for plan in outcome.plans),
                                          encoding="utf-8")
    warnings = None
    if outcome.status == "dry_run" and not args.dry_run:
        before = city_breaches(con, city)
        # A reading given with --recipe is kept for each file's source: next year's file reads the same way.
        actions.commit_upload(con, _operator(args), outcome.plans,
                              recipes={plan.file_name: recipe for plan in outcome.plans} if recipe else None)
        outcome.status = "committed"
        warnings = new_breaches(before, city_breaches(con, city))  # the validation rules' (not refusals)
    if args.json:
        summary = outcome.to_dict()
        if warnings is not None:
            summary["rule_warnings"] = _records(warnings[BREACH_COLUMNS])
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        _print_ingest(args, outcome)
        message = "message_th" if args.lang == "th" else "message_en"
        for breach in [] if warnings is None else warnings.to_dict("records"):
            print(_say(args, f"  RULE    {breach['rule_id']}: {breach[message]}",
                       f"  กฎตรวจสอบ {breach['rule_id']}: {breach[message]}"))
    return EXIT_REFUSED if outcome.status == "refused" else EXIT_OK


SEVERITY_TH = {"error": "ข้อผิดพลาด", "warning": "คำเตือน", "info": "ข้อมูล"}


def _progress_line(args):
    """Rows read of the total inside each large file, on one line of the terminal (stderr: --json output
    on stdout stays clean)."""
    def show(sheet: str, done: int, total: int) -> None:
        line = _say(args, f"Reading [{sheet}]: {done:,} of {total:,} rows", f"กำลังอ่าน [{sheet}]: {done:,} จาก {total:,} แถว")
        print(f"\r{line}", end="\n" if done >= total else "", file=sys.stderr, flush=True)
    return show


def _print_ingest(args, outcome) -> None:
    for plan in outcome.plans:
        print(f"{plan.file_name}  ({plan.file_format}, sha256 {plan.sha256[:12]}…)")
        for sheet in plan.sheets:
            print(f"  [{sheet.sheet}] {_sheet_line(sheet, args.lang)}")
            if args.explain or sheet.review:
                explain_sheet(sheet, args.lang)
        for p in plan.problems:
            where = p.location(args.lang)
            severity = SEVERITY_TH[p.severity] if args.lang == "th" else p.severity.upper()
            print(f"  {severity:10} {where}: {p.message(args.lang)}")
    verdict = {
        "committed": _say(args, f"Committed: uploads {outcome.upload_ids}.", f"บันทึกแล้ว: การอัปโหลด {outcome.upload_ids}"),
        "dry_run": _say(args, "Dry run: nothing written; the files would be accepted.",
                        "ทดลองตรวจ: ยังไม่บันทึก ไฟล์ผ่านการตรวจสอบ"),
        "refused": _say(args, "Refused: nothing was written. Fix the errors above and upload again.",
                        "ไม่รับไฟล์: ไม่มีการบันทึกใด ๆ กรุณาแก้ข้อผิดพลาดข้างต้นแล้วอัปโหลดใหม่"),
    }[outcome.status]
    print(verdict)


def _sheet_line(sheet, lang: str) -> str:
    if lang == "th":
        kind = i18n.t("kind_" + sheet.kind, lang)
        dropped = ", ".join(f"{i18n.t('drop_' + reason, lang)} {n}" for reason, n in sheet.dropped.items()) or "ไม่มี"
        records = f" ({sheet.records} รายการที่กินหลายแถว)" if sheet.records else ""
        years = ", ".join(str(y + 543) for y in sheet.years)
        return (f"{kind}: แถวหัวตาราง {sheet.header_rows} เก็บ {sheet.rows_kept} แถว{records} ตัดออก: {dropped}; "
                f"ปี พ.ศ. [{years}]")
    dropped = ", ".join(f"{n} {reason}" for reason, n in sheet.dropped.items()) or "none"
    records = f" ({sheet.records} records over several rows)" if sheet.records else ""
    return f"{sheet.kind}: header row {sheet.header_rows}, rows kept {sheet.rows_kept}{records}, dropped: {dropped}; " \
           f"years {sheet.years}"


def explain_sheet(sheet, lang: str) -> None:
    """The reading with its evidence, for a person to check (and to confirm with a recipe)."""
    for line in sheet.evidence:
        print(f"      · {say([line], lang)}")
    if sheet.year is not None:
        year = sheet.year + 543 if lang == "th" else sheet.year
        print(f"      · {say([said('year_given', year=year, source=sheet.year_source)], lang)}")
    for column in sheet.columns:
        meaning = _field_word(column["field"], lang) if column["field"] else "—"
        if column.get("measure"):
            meaning += f" [{column['measure']}{' · ' + column['breakdown'] if column.get('breakdown') else ''}]"
        why = say([column["reason"]], lang) if column.get("reason") else say(column.get("evidence") or [], lang)
        print(f"      {column['header'][:50]!s:50} → {meaning}{'  (' + why + ')' if why else ''}")
    for row in sheet.dropped_rows[:12]:
        reason = i18n.t("drop_" + row["reason"], lang) if lang == "th" else row["reason"]
        print(f"      {_say_lang(lang, 'row', 'แถว')} {row['row']}: {reason} {row['text'][:50]}")
    if len(sheet.dropped_rows) > 12:
        print(f"      … {len(sheet.dropped_rows) - 12} more")
    for reason in sheet.review:
        print(f"      ! {say([reason], lang)}")


def _field_word(field: str, lang: str) -> str:
    """A field as scripts know it (English), in Thai with its code for the recipe."""
    if lang != "th" or "field_" + field not in i18n.strings():
        return field
    return f"{i18n.t('field_' + field, lang)} ({field})"


def _say_lang(lang: str, english: str, thai: str) -> str:
    return thai if lang == "th" else english


def _write_rows(args, rows: list[dict], columns: list[str]) -> None:
    if args.format == "json":  # allow_nan=False: never "Infinity" or "NaN", which JSON does not have
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str, allow_nan=False))
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})


def cmd_values(args) -> int:
    con = _open(args, read_only=True)
    city = _city(args, con)
    by = tuple(args.by.split(","))
    frame = compute_values(con, city=city, by=by, fiscal=args.fiscal, codes=args.indicator)
    frame = frame.sort_values(["indicator", "year", "district"], na_position="first", kind="stable")
    _write_rows(args, _records(frame), ["indicator", "area", "year", "district", "value", "unit"])
    return EXIT_OK


STATISTICS_COLUMNS = ["measure", "label", "year", "district", "sex", "age_min", "age_max", "value", "unit",
                      "breakdown"]


def cmd_statistics(args) -> int:
    con = _open(args, read_only=True)
    city = _city(args, con)
    frame = list_statistics(con, city, args.measure)
    _write_rows(args, _records(frame), STATISTICS_COLUMNS)
    return EXIT_OK


def cmd_status(args) -> int:
    con = _open(args, read_only=True)
    city = _city(args, con)
    frame = progress_table(con, city, fiscal=args.fiscal, year=args.year, years=parse_years(args.years),
                           include_partial=args.include_partial)
    # the first eight columns as always (scripts read them); what the status compares after them
    columns = ["indicator", "year", "value", "previous", "change", "status", "target_value", "target_year",
               "previous_year", "base_year", "partial", "milestone_year", "milestone_value"]
    _write_rows(args, _records(frame), [c for c in columns if c in frame.columns])
    return EXIT_OK


def cmd_framework(args) -> int:
    con = _open(args, read_only=True)
    city = _city(args, con)
    covered = coverage(con, city)
    latest = covered.groupby("area")["indicators_with_data"].max() if not covered.empty else {}
    total = covered.groupby("area")["indicators_total"].max() if not covered.empty else {}
    rows = []
    for area in load_framework().areas:
        name = area.name_th if args.lang == "th" else area.name_en
        rows.append({"area": area.code, "name": name, "features": len(area.features),
                     "indicators": int(total.get(area.code, 0)) if len(total) else 0,
                     "indicators_with_data": int(latest.get(area.code, 0)) if len(latest) else 0,
                     "years_with_data": sorted(int(y) for y in covered.loc[
                         (covered["area"] == area.code) & (covered["indicators_with_data"] > 0), "year"])
                     if not covered.empty else []})
    if args.format == "csv":
        for row in rows:
            row["years_with_data"] = " ".join(map(str, row["years_with_data"]))
    _write_rows(args, rows, ["area", "name", "features", "indicators", "indicators_with_data", "years_with_data"])
    return EXIT_OK


def cmd_report(args) -> int:
    con = _open(args, read_only=True)
    context = make_context(con, _city(args, con), lang=args.lang, era=args.era or ("be" if args.lang == "th" else "ce"),
                           fiscal=args.fiscal, years=parse_years(args.years), include_partial=args.include_partial)
    size = write_export(con, context, args.out)
    print(_say(args, f"Wrote {args.out} ({size:,} bytes).", f"เขียนไฟล์ {args.out} แล้ว ({size:,} ไบต์)"))
    return EXIT_OK


def cmd_template(args) -> int:
    """--lang sets the headers' language as well as the messages'."""
    con = _open(args, load_sample=False, read_only=True)
    if args.city and args.city not in store.list_cities(con):
        raise LearningCityError(f"The database holds no city called {args.city!r}.",
                                f"ไม่มีเมืองชื่อ {args.city!r} ในฐานข้อมูล", code="unknown_city")
    data = city_template(con, args.kind, args.lang, args.city)
    Path(args.out).write_bytes(data)
    print(_say(args, f"Wrote the {args.kind} template to {args.out}.", f"เขียนแบบฟอร์ม {args.kind} ลงไฟล์ {args.out} แล้ว"))
    return EXIT_OK


def cmd_uploads(args) -> int:
    con = _open(args, load_sample=False, read_only=True)
    frame = store.list_uploads(con)
    columns = ["upload_id", "city", "source", "file_name", "sha256", "uploaded_at", "uploaded_by", "status",
               "rows_read", "rows_kept", "years", "is_sample"]
    writer = csv.DictWriter(sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in _records(frame):
        writer.writerow(row)
    return EXIT_OK


def cmd_rollback(args) -> int:
    con = _open(args, load_sample=False)
    result = actions.rollback(con, _operator(args), args.upload_id, with_dependents=args.with_dependents)
    print(_say(args, f"Rolled back upload {result['upload_id']} ({result['file_name']}); "
                     f"{result['restored_year_slices']} replaced year(s) restored.",
               f"ยกเลิกการอัปโหลด {result['upload_id']} ({result['file_name']}) แล้ว "
               f"คืนข้อมูลปีที่ถูกแทนที่ {result['restored_year_slices']} ปี"))
    if result["dependents"]:
        listed = ", ".join(map(str, result["dependents"]))
        print(_say(args, f"Also rolled back, as they link to its activities: {listed}.",
                   f"ยกเลิกการอัปโหลดที่อ้างถึงกิจกรรมเหล่านั้นไปพร้อมกันแล้ว: {listed}"))
    return EXIT_OK




def cmd_users(args) -> int:
    con = _open(args, load_sample=False, read_only=args.action == "list")
    if args.action == "list":
        frame = accounts.list_users(con)
        _write_rows(argparse.Namespace(format="csv"), _records(frame), list(frame.columns))
        return EXIT_OK
    if not args.name:
        raise LearningCityError("Give the user name: users add NAME --role ROLE",
                                "กรุณาระบุชื่อผู้ใช้: users add ชื่อ --role บทบาท", code="usage")
    if args.action == "add":
        if not args.role:
            raise LearningCityError("Give the role: --role viewer|researcher|admin",
                                    "กรุณาระบุบทบาท: --role viewer|researcher|admin", code="usage")
        password = _read_password(args)
        actions.add_user(con, _operator(args), args.name, args.role, password, args.email)
        print(_say(args, f"User {args.name} saved with role {args.role}.",
                   f"บันทึกผู้ใช้ {args.name} บทบาท {args.role} แล้ว"))
    elif args.action == "role":
        actions.set_user_role(con, _operator(args), args.name, args.role or "viewer")
        print(_say(args, f"{args.name} is now {args.role}.", f"{args.name} มีบทบาท {args.role} แล้ว"))
    else:
        actions.disable_user(con, _operator(args), args.name)
        print(_say(args, f"{args.name} can no longer sign in.", f"{args.name} เข้าสู่ระบบไม่ได้อีกต่อไป"))
    return EXIT_OK


def _read_password(args) -> str:
    """From stdin for scripts, else asked twice without echo. Never taken from the command line,
    where it would stay in the shell history and the process list."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(_say(args, "Password: ", "รหัสผ่าน: "))
    if getpass.getpass(_say(args, "Again: ", "อีกครั้ง: ")) != first:
        raise LearningCityError("The passwords differ; nothing saved.", "รหัสผ่านไม่ตรงกัน ไม่ได้บันทึก",
                                code="password_mismatch")
    return first


def cmd_audit(args) -> int:
    con = _open(args, load_sample=False, read_only=True)
    frame = audit.entries(con, args.city, args.limit)
    _write_rows(argparse.Namespace(format="csv"), _records(frame), list(frame.columns))
    return EXIT_OK


def cmd_backup(args) -> int:
    con = _open(args, load_sample=False, read_only=True)
    manifest = backup(con, args.out, key_file=args.key)
    rows = sum(t["rows"] for t in manifest["tables"].values())
    key = key_path(args.key)
    print(_say(args, f"Backed up {len(manifest['tables'])} tables ({rows} rows) to {args.out}, signed with the key "
                     f"{key} — keep a copy of that key apart from the backups: restoring needs it.",
               f"สำรอง {len(manifest['tables'])} ตาราง ({rows} แถว) ไว้ที่ {args.out} แล้ว ลงนามด้วยกุญแจ {key} "
               "กรุณาเก็บสำเนากุญแจนี้แยกจากข้อมูลสำรอง เพราะต้องใช้ในการกู้คืน"))
    return EXIT_OK


def cmd_migrate(args) -> int:
    source = _open(args, load_sample=False, read_only=True)
    destination = store.open_database(args.to)
    moved = move_record(source, destination, replace=args.replace)
    figures = [_every_figure(con) for con in (source, destination)]
    shown = store.shown_target(args.to)
    if figures[0] != figures[1]:
        raise StorageFailure(
            f"The record was copied to {shown}, but its figures there differ from the source's: do not use it; "
            "keep using the source and report this.",
            f"คัดลอกข้อมูลไปยัง {shown} แล้ว แต่ตัวเลขที่นั่นไม่ตรงกับต้นทาง ห้ามใช้ปลายทางนี้ กรุณาใช้ต้นทางต่อไปและแจ้งปัญหานี้",
            code="move_figures_differ")
    values = sum(text.count("\n") - 1 for text in figures[0].values())
    print(_say(args, f"Moved {len(moved)} tables ({sum(moved.values())} rows) to {shown}; every figure is the same "
                     f"there ({values} values of {len(figures[0])} cities compared).",
               f"ย้าย {len(moved)} ตาราง ({sum(moved.values())} แถว) ไปยัง {shown} แล้ว ตัวเลขทุกตัวตรงกัน "
               f"(เทียบ {values} ค่าของ {len(figures[0])} เมือง)"))
    return EXIT_OK


def _every_figure(con) -> dict[str, str]:
    """Every city's indicator values by year and district, as CSV text: what `migrate` compares."""
    return {city: compute_values(con, city=city, by=("year", "district")).to_csv(index=False)
            for city in store.list_cities(con)}


def cmd_restore(args) -> int:
    con = _open(args, load_sample=False)
    done = restore(con, args.folder, replace=args.replace, key_file=args.key)
    restored = done["rows"]
    print(_say(args, "Checked before writing anything:", "ตรวจสอบก่อนบันทึก:"))
    for english, thai in done["checked"]:
        print("  ✓ " + _say(args, english, thai))
    print(_say(args, f"Restored {len(restored)} tables ({sum(restored.values())} rows) from {args.folder}.",
               f"กู้คืน {len(restored)} ตาราง ({sum(restored.values())} แถว) จาก {args.folder} แล้ว"))
    return EXIT_OK
