"""CLI commands for the composite index and the scorecard — the same figures the Index and Scorecard
pages show (both call the same engine functions with the same defaults). The CLI hands in its own
helpers (`io`: opening the database, choosing the city, writing rows), so this module never imports it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial
from types import ModuleType

from indicators import store
from indicators.base.thai import to_common_era
from indicators.measure import composite
from indicators.measure.compute import compute_values
from indicators.measure.definitions import load_indicators
from indicators.measure.periods import incomplete_periods
from indicators.measure.progress import load_targets, progress_table
from indicators.measure.scorecard import COLUMNS as SCORECARD_COLUMNS
from indicators.measure.scorecard import STATUS_ORDER, district_statuses, scorecard, status_summary
from indicators.present.exports.context import parse_years
from indicators.present.years import headline_year


def register(add: Callable[[str, Callable, str], argparse.ArgumentParser], io: ModuleType) -> None:
    index = add("index", partial(cmd_index, io=io), "the learning-city index (this project's construction, not UNESCO's): "
                                    "sub-scores per area of focus and overall, per district or city")
    index.add_argument("--city")
    index.add_argument("--by", choices=composite.UNITS, default="district", help="compare districts or cities")
    index.add_argument("--year", type=int, help="BE or CE (default: the latest whole year)")
    index.add_argument("--fiscal", action="store_true")
    index.add_argument("--weights", help="a weights YAML file (default indicators/config/composite_index.yaml)")
    index.add_argument("--method", choices=composite.METHODS, help="normalisation (default: the weights file's)")
    index.add_argument("--sensitivity", action="store_true",
                       help="ranks with each area left out, doubled, and under random weightings")
    index.add_argument("--format", choices=("csv", "json"), default="csv")

    card = add("scorecard", partial(cmd_scorecard, io=io), "every district x indicator with its status (or --summary: "
                                           "indicators per status and area)")
    card.add_argument("--city")
    card.add_argument("--years", help="first-last, BE or CE (default: every year)")
    card.add_argument("--fiscal", action="store_true")
    card.add_argument("--include-partial", action="store_true")
    card.add_argument("--summary", action="store_true")
    card.add_argument("--format", choices=("csv", "json"), default="csv")


def default_year(con, city: str, fiscal: bool, values) -> int | None:
    """The latest whole year of the city (the page's headline year with every year chosen)."""
    years = sorted(int(y) for y in values.loc[values["city"] == city, "year"].unique())
    return headline_year((years[0], years[-1]), incomplete_periods(con, city, fiscal), False) if years else None


def cmd_index(args, io: ModuleType) -> int:
    cli = io
    con = cli._open(args, read_only=True)
    city = cli._city(args, con)
    indicators = load_indicators()
    weights = composite.load_weights(args.weights, {i.code for i in indicators})
    if args.method:
        weights = composite.Weights(args.method, weights.areas, weights.indicators)
    values = compute_values(con, city=city if args.by == "district" else None,
                                by=("year", "district") if args.by == "district" else ("year",),
                                fiscal=args.fiscal, indicators=indicators)
    year = to_common_era(args.year) if args.year else default_year(con, city, args.fiscal, values)
    compared = None
    if args.by == "city":  # as the Cities page: a real city is never ranked against the synthetic sample
        cities = store.list_cities(con)
        samples = {c for c in cities if store.is_sample_city(con, c)}
        compared = cities if city in samples else [c for c in cities if c not in samples]
    result = composite.index_for(con, city, args.by, year, weights, indicators, args.fiscal, values, compared)
    if args.sensitivity:
        rows = composite.sensitivity(result, indicators, weights)
        cli._write_rows(args, cli._records(rows), ["unit", "case", "area", "score", "rank"])
    else:
        cli._write_rows(args, cli._records(composite.index_rows(result)),
                        ["unit", "year", "method", "part", "score", "rank", "areas_counted"])
    return cli.EXIT_OK


def cmd_scorecard(args, io: ModuleType) -> int:
    cli = io
    con = cli._open(args, read_only=True)
    city = cli._city(args, con)
    indicators = load_indicators()
    years = parse_years(args.years)
    values = compute_values(con, city=city, by=("year", "district"), fiscal=args.fiscal, indicators=indicators)
    progress = progress_table(con, city, fiscal=args.fiscal, years=years, include_partial=args.include_partial,
                              values=values)
    if args.summary:
        table = status_summary(progress, indicators).reset_index()
        cli._write_rows(args, cli._records(table), ["area", *STATUS_ORDER, "indicators"])
        return cli.EXIT_OK
    left_out = set() if args.include_partial else set(incomplete_periods(con, city, args.fiscal))
    card = scorecard(progress, district_statuses(values, indicators, load_targets(con, city), years, left_out))
    cli._write_rows(args, cli._records(card.drop(columns=["symbol"])), SCORECARD_COLUMNS[:-1])
    return cli.EXIT_OK
