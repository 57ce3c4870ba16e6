"""Years as pages and exports say them: the span a visitor sees, compact lists and ranges in พ.ศ. or
CE, and what an incomplete period holds ("FY 2569 holds Oct–Dec 2568 only").

The sidebar's year range follows the data: a new city or an upload that adds years shows the whole
span, and only a range the visitor narrowed on purpose is kept — while it still fits the data.
"""

from __future__ import annotations

from collections.abc import Iterable

from indicators.base.thai import SHORT_MONTHS
from indicators.measure.periods import PartialPeriod
from indicators.present.i18n import format_year, t


def year_range_to_show(available: list[int], remembered: tuple[int, int] | None, narrowed: bool) -> tuple[int, int]:
    """The years to show: the visitor's own narrowing while both its ends are still years with data,
    otherwise every year with data (a range that was the whole span of another city is not a choice)."""
    full = (available[0], available[-1])
    if narrowed and remembered and remembered[0] in available and remembered[1] in available \
            and remembered[0] <= remembered[1]:
        return int(remembered[0]), int(remembered[1])
    return full


def range_text(first: int, last: int, era: str) -> str:
    return format_year(first, era) if first == last else f"{format_year(first, era)}–{format_year(last, era)}"


def years_text(years: Iterable[int], era: str) -> str:
    """2563, 2564, 2565, 2567 → "2563–2565, 2567": a list of years as short runs that fit a table cell."""
    ordered = sorted({int(y) for y in years})
    runs: list[tuple[int, int]] = []
    for year in ordered:
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return ", ".join(range_text(first, last, era) for first, last in runs)


def months_text(period: PartialPeriod, lang: str, era: str) -> str:
    """The months a period holds: "Oct–Dec 2025" / "ต.ค.–ธ.ค. 2568" (a year on each end when they differ)."""
    names = SHORT_MONTHS["th" if lang == "th" else "en"]
    start, end = period.covered_from, period.covered_to
    first = names[start.month - 1] + ("" if start.year == end.year else f" {format_year(start.year, era)}")
    last = f"{names[end.month - 1]} {format_year(end.year, era)}"
    return last if (start.year, start.month) == (end.year, end.month) else f"{first}–{last}"


def period_name(year: int, lang: str, era: str, fiscal: bool, thai_word: bool = False) -> str:
    """"FY 2569" / "ปีงบประมาณ 2569"; a calendar year bare, or "ปี 2569" with `thai_word` (Thai names the
    year where English does not: "ตัวเลขสำคัญ ปี 2569" / "Headline figures, 2026")."""
    shown = format_year(year, era)
    if not fiscal:
        return f"ปี {shown}" if thai_word and lang == "th" else shown
    return f"ปีงบประมาณ {shown}" if lang == "th" else f"FY {shown}"


def partial_note(period: PartialPeriod, lang: str, era: str) -> str:
    key = "period_incomplete_so_far" if period.ongoing else "period_incomplete"
    name = period_name(period.year, lang, era, period.fiscal)
    if lang == "th" and period.fiscal:  # "ปี ปีงบประมาณ 2569" would say the year twice
        return t(key, lang, year=name, months=months_text(period, lang, era)).removeprefix("ปี ")
    return t(key, lang, year=name, months=months_text(period, lang, era))


def coverage_line(years: tuple[int, int] | None, lang: str, era: str, fiscal: bool) -> str:
    """"Years shown: 2563–2568 · calendar years" — every page and export says which years it covers."""
    basis = t("years_basis_fiscal" if fiscal else "years_basis_calendar", lang)
    return t("years_covered", lang, years=range_text(*years, era) if years else "–", basis=basis)


def partial_in(years: tuple[int, int] | None, partial: dict[int, PartialPeriod]) -> list[PartialPeriod]:
    """The incomplete periods inside the chosen years, in order."""
    if not years:
        return []
    return [partial[y] for y in sorted(partial) if years[0] <= y <= years[1]]


def headline_year(years: tuple[int, int], partial: dict[int, PartialPeriod], include_partial: bool) -> int:
    """The year the headline figures describe: the latest chosen year that is a whole period (the
    latest chosen year itself when incomplete ones are asked for, or when every chosen year is one)."""
    whole = [y for y in range(years[0], years[1] + 1) if include_partial or y not in partial]
    return whole[-1] if whole else years[1]


def status_heading(base_year, latest_year, lang: str, era: str) -> str:
    """"Status 2567→2568": the years a status compares, said wherever it is shown (plain "Status"
    when there was nothing to compare)."""
    if base_year is None or latest_year is None or base_year != base_year or latest_year != latest_year:  # NaN
        return t("status", lang)
    return t("status_over", lang, first=format_year(base_year, era), last=format_year(latest_year, era))
