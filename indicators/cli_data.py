"""CLI commands for targets with milestones, validation rules, completeness and open data — the same
figures the Rules, Data quality and Methodology pages show. The CLI hands in its own helpers (`io`:
opening the database, choosing the city, writing rows), so this module never imports it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from types import ModuleType

from indicators import actions
from indicators.base.errors import LearningCityError
from indicators.base.thai import to_common_era
from indicators.measure.completeness import completeness, completeness_summary
from indicators.measure.milestones import milestones_text, parse_milestones, stored_milestones
from indicators.measure.progress import load_targets
from indicators.measure.quality_checks import city_breaches
from indicators.measure.quality_rules import COLUMNS as RULE_COLUMNS
from indicators.measure.quality_rules import load_rules
from indicators.present.api import serve
from indicators.present.open_data import write_open_data


def register(add: Callable[[str, Callable, str], argparse.ArgumentParser], io: ModuleType) -> None:
    targets = add("targets", partial(cmd_targets, io=io), "targets with their yearly milestones: list, or set CODE --value V --year Y")
    targets.add_argument("action", choices=("list", "set"))
    targets.add_argument("indicator", nargs="?")
    targets.add_argument("--city")
    targets.add_argument("--value", type=float, help="the target value")
    targets.add_argument("--year", type=int, help="the target year, BE or CE")
    targets.add_argument("--base-year", type=int, help="the base year, BE or CE (default: the first with data)")
    targets.add_argument("--milestones", help='yearly milestones, "2567: 40; 2568: 45" (BE or CE)')
    targets.add_argument("--user")
    targets.add_argument("--format", choices=("csv", "json"), default="csv")

    quality = add("quality", partial(cmd_quality, io=io), "breaches of the validation rules, each with its follow-up (or --rules: "
                                          "the rules in force)")
    quality.add_argument("--city")
    quality.add_argument("--fiscal", action="store_true")
    quality.add_argument("--rules", action="store_true", help="print the validation rules in force instead")
    quality.add_argument("--format", choices=("csv", "json"), default="csv")

    complete = add("completeness", partial(cmd_completeness, io=io), "who reported which year: on time, late, missing, not due")
    complete.add_argument("--city")
    complete.add_argument("--fiscal", action="store_true")
    complete.add_argument("--summary", action="store_true", help="one line per source")
    complete.add_argument("--format", choices=("csv", "json"), default="csv")

    open_data = add("open-data", partial(cmd_open_data, io=io), "every indicator as CSV and JSON with a Frictionless datapackage.json")
    open_data.add_argument("--out", required=True, help="a folder (made when missing)")
    open_data.add_argument("--city")
    open_data.add_argument("--fiscal", action="store_true")
    api = add("serve-api", partial(cmd_serve_api, io=io), "a read-only JSON API of values, metadata and statuses (GET /api)")
    api.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this computer)")
    api.add_argument("--port", type=int, default=8502)


def cmd_targets(args, io: ModuleType) -> int:
    cli = io
    """Years are CE in the output (as in `status`); --year, --base-year and milestones take BE or CE."""
    if args.action == "list":
        con = cli._open(args, read_only=True)
        frame = load_targets(con, cli._city(args, con))
        frame["milestones"] = [milestones_text(stored_milestones(m), str) for m in frame["milestones"]]
        cli._write_rows(args, cli._records(frame), ["indicator", "district", "target_value", "target_year", "base_year",
                                            "milestones", "updated_by", "updated_at"])
        return cli.EXIT_OK
    if not args.indicator or args.value is None or args.year is None:
        raise LearningCityError("targets set needs an indicator code, --value and --year.",
                                "targets set ต้องระบุรหัสตัวชี้วัด --value และ --year", code="usage")
    con = cli._open(args)
    base_year = to_common_era(args.base_year) if args.base_year else None
    actions.save_target(con, cli._operator(args), cli._city(args, con), args.indicator, args.value, to_common_era(args.year),
                        base_year, parse_milestones(args.milestones))
    print(cli._say(args, f"Target for {args.indicator} saved.", f"บันทึกค่าเป้าหมายของ {args.indicator} แล้ว"))
    return cli.EXIT_OK


def cmd_quality(args, io: ModuleType) -> int:
    cli = io
    con = cli._open(args, read_only=True)
    city = cli._city(args, con)
    if args.rules:
        cli._write_rows(args, cli._records(load_rules(con, city)), RULE_COLUMNS)
        return cli.EXIT_OK
    frame = city_breaches(con, city, fiscal=args.fiscal)
    message = "message_th" if args.lang == "th" else "message_en"
    cli._write_rows(args, cli._records(frame.rename(columns={message: "message"})),
                ["rule_id", "kind", "indicator", "year", "district", "value", "expected", "message", "status", "note"])
    return cli.EXIT_OK


def cmd_completeness(args, io: ModuleType) -> int:
    cli = io
    con = cli._open(args, read_only=True)
    table = completeness(con, cli._city(args, con), fiscal=args.fiscal)
    frame = completeness_summary(table) if args.summary else table
    cli._write_rows(args, cli._records(frame), list(frame.columns))
    return cli.EXIT_OK


def cmd_open_data(args, io: ModuleType) -> int:
    cli = io
    con = cli._open(args, read_only=True)
    package = write_open_data(con, cli._city(args, con), args.out, fiscal=args.fiscal)
    count = len(package["resources"])
    print(cli._say(args, f"Wrote {args.out}/datapackage.json and {count} indicators as CSV and JSON.",
               f"เขียน {args.out}/datapackage.json และตัวชี้วัด {count} ตัวเป็น CSV และ JSON แล้ว"))
    return cli.EXIT_OK


def cmd_serve_api(args, io: ModuleType) -> int:
    cli = io
    con = cli._open(args, read_only=True)
    server = serve(con, args.host, args.port)
    host, port = server.server_address[:2]
    print(cli._say(args, f"Open-data API on http://{host}:{port}/api (read-only; Ctrl+C stops it).",
               f"API ข้อมูลเปิดที่ http://{host}:{port}/api (อ่านอย่างเดียว กด Ctrl+C เพื่อหยุด)"), file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return cli.EXIT_OK
