"""What every export says about itself, gathered once: which city (and whether it is the synthetic
sample), which years in which era and year basis, when it was made — and the figures the report, the
deck and the GNLC pack share (values, statuses, each area's status and key indicators, evidence).

Gathering it here keeps the HTML report, the PowerPoint deck and the spreadsheets saying the same
thing about the same numbers; the page that shows the framework picture uses the same area summary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from indicators import store
from indicators.base.errors import LearningCityError
from indicators.base.thai import THAI_DIGITS, to_common_era
from indicators.config.framework import Area, Framework, load_framework
from indicators.measure.compute import compute_values, coverage
from indicators.measure.definitions import IndicatorDef, load_indicators
from indicators.measure.milestones import stored_milestones
from indicators.measure.periods import incomplete_periods
from indicators.measure.progress import evidence_for, load_targets, progress_table
from indicators.present.i18n import format_year, status_text, t, year_axis_label
from indicators.present.years import headline_year, partial_in, partial_note, status_heading
from indicators.store.annotations import load_notes, notes_on_chart

INSUFFICIENT = "insufficient_data"


@dataclass(frozen=True)
class ExportContext:
    """The choices an export was made with; every file prints them on its first page or sheet."""

    city: str
    lang: str = "en"
    era: str = "be"
    fiscal: bool = False
    years: tuple[int, int] | None = None
    district: str | None = None
    is_sample: bool = False
    include_partial: bool = False  # incomplete periods counted in status and change (marked either way)
    partial_years: tuple[int, ...] = ()  # the city's incomplete periods, marked in the downloaded data
    made_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def year(self, year) -> str:
        return format_year(year, self.era)

    @property
    def years_label(self) -> str:
        if not self.years:
            return "–"
        first, last = self.years
        shown = self.year(first) if first == last else f"{self.year(first)}–{self.year(last)}"
        return f"{shown} · {year_axis_label(self.lang, self.era, self.fiscal)}"

    @property
    def city_label(self) -> str:
        return f"{self.city} ({self.t('export_sample_tag')})" if self.is_sample else self.city

    @property
    def made_at_label(self) -> str:
        """When the file was made, the year in the chosen era as everywhere else: 23/11/2569 14:05."""
        return f"{self.made_at:%d/%m}/{self.year(self.made_at.year)} {self.made_at:%H:%M}"


def parse_years(text: str | None) -> tuple[int, int] | None:
    """'2563-2568', '2020-2025', '2567' or Thai digits → CE (first, last); BE years are recognised by
    being 2400 or more, as everywhere else in the engine."""
    if not text:
        return None
    parts = [p.strip() for p in text.translate(THAI_DIGITS).replace("–", "-").split("-") if p.strip()]
    try:
        numbers = [to_common_era(int(p)) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (1, 2) or numbers[0] > numbers[-1]:
        raise LearningCityError(f"Years must look like 2563-2568 or 2020-2025, not {text!r}.",
                                f"ช่วงปีต้องเขียนแบบ 2563-2568 หรือ 2020-2025 ไม่ใช่ {text!r}", code="bad_years")
    return numbers[0], numbers[-1]


def make_context(con, city: str, lang: str = "en", era: str = "be", fiscal: bool = False,
                 years: tuple[int, int] | None = None, district: str | None = None,
                 include_partial: bool = False) -> ExportContext:
    """The context for a city; without years, every year the city has data for."""
    if city not in store.list_cities(con):
        raise LearningCityError(f"The database holds no city called {city!r}.", f"ไม่มีเมืองชื่อ {city!r} ในฐานข้อมูล",
                                code="unknown_city")
    if years is None:
        found = compute_values(con, city=city, fiscal=fiscal)["year"]
        years = (int(found.min()), int(found.max())) if len(found) else None
    return ExportContext(city=city, lang=lang, era=era, fiscal=fiscal, years=years, district=district,
                         is_sample=store.is_sample_city(con, city), include_partial=include_partial,
                         partial_years=tuple(sorted(incomplete_periods(con, city, fiscal))))


def metadata_rows(context: ExportContext, what: str) -> list[tuple[str, str]]:
    """(label, value) lines for a metadata sheet or a report's front matter."""
    framework = load_framework()
    rows = [
        (context.t("export_what"), what),
        (context.t("city"), context.city_label),
        (context.t("years"), context.years_label),
        (context.t("district"), context.district or context.t("all_districts")),
        (context.t("export_made_at"), context.made_at_label),
        (context.t("export_made_by"), context.t("app_title")),
        (context.t("framework_source"), framework.source(context.lang)),
    ]
    if context.is_sample:
        rows.insert(2, (context.t("export_data_kind"), context.t("export_sample_warning")))
    return rows


def definitions_frame(context: ExportContext, codes: list[str] | None = None) -> pd.DataFrame:
    """Each indicator's definition, unit, direction, method, formula and source (as on Methodology)."""
    lang = context.lang
    return pd.DataFrame([{
        context.t("code"): i.code, context.t("indicator"): i.name(lang), context.t("area"): ", ".join(i.areas),
        context.t("unit"): i.unit(lang), context.t("direction"): context.t("direction_" + i.direction),
        context.t("method"): i.method(lang, context.fiscal), context.t("formula"): i.formula(),
        context.t("source"): i.source(lang),
    } for i in load_indicators() if codes is None or i.code in codes])


def area_cards(framework: Framework, indicators: list[IndicatorDef], progress: pd.DataFrame,
               grid: pd.DataFrame, year: int | None, lang: str) -> list[dict]:
    """Per area: how many of its indicators have data in `year` and its status — the most common
    status among its indicators that have one (insufficient data when none has)."""
    cards = []
    for area in framework.areas:
        codes = [i.code for i in indicators if area.code in i.areas]
        covered = grid[(grid["area"] == area.code) & (grid["year"] == year)]["indicators_with_data"]
        statuses = progress[progress["indicator"].isin(codes) & (progress["status"] != INSUFFICIENT)]["status"]
        cards.append({"code": area.code, "part": area.part_code, "name": area.name(lang),
                      "covered": int(covered.iloc[0]) if len(covered) else 0, "total": len(codes),
                      "status": statuses.mode().iloc[0] if len(statuses) else INSUFFICIENT})
    return cards


def framework_parts(framework: Framework, lang: str) -> list[dict]:
    return [{"code": p.code, "name": p.name(lang)} for p in framework.parts]


@dataclass
class AreaContent:
    area: Area
    status: str
    indicators: list[IndicatorDef]
    evidence: pd.DataFrame


@dataclass
class ReportContent:
    """Everything the report, the deck and the GNLC pack show, for one context."""

    context: ExportContext
    framework: Framework
    indicators: list[IndicatorDef]
    values: pd.DataFrame  # compute_values rows, city-wide (or the chosen district), within the years
    progress: pd.DataFrame  # progress_table at the last chosen year, indexed by indicator
    targets: pd.DataFrame  # city-wide targets in force, indexed by indicator
    cards: list[dict]
    areas: list[AreaContent]
    partial: dict = field(default_factory=dict)  # incomplete periods inside the chosen years, by year
    notes: pd.DataFrame = field(default_factory=pd.DataFrame)  # chart notes in force touching the chosen years

    @property
    def partial_notes(self) -> list[str]:
        """What each incomplete period holds, and whether status and change count it."""
        context = self.context
        if not self.partial:
            return []
        notes = [partial_note(p, context.lang, context.era) for p in self.partial.values()]
        return notes + [context.t("periods_included" if context.include_partial else "periods_left_out")]

    def status_heading(self, code: str) -> str:
        """"Status 2567→2568": which years the status compares."""
        if code not in self.progress.index:
            return self.context.t("status")
        row = self.progress.loc[code]
        return status_heading(row["base_year"], row["year"], self.context.lang, self.context.era)

    def series(self, code: str) -> pd.DataFrame:
        rows = self.values[(self.values["indicator"] == code) & self.values["value"].notna()]
        return rows.sort_values("year")

    def status(self, code: str) -> str:
        return self.progress.loc[code, "status"] if code in self.progress.index else INSUFFICIENT

    def status_words(self, code: str) -> str:
        return status_text(self.status(code), self.context.lang)

    def target(self, code: str) -> tuple[float, int] | None:
        if code not in self.targets.index or self.context.district is not None:
            return None
        row = self.targets.loc[code]
        return float(row["target_value"]), int(row["target_year"])

    def milestones(self, code: str) -> dict[int, float]:
        if self.target(code) is None:
            return {}
        return stored_milestones(self.targets.loc[code].get("milestones"))

    def notes_for(self, code: str) -> pd.DataFrame:
        return notes_on_chart(self.notes, code)

    def key_indicators(self, area: AreaContent, limit: int = 2) -> list[IndicatorDef]:
        """The indicators a slide shows for an area: its own (not the base counts) with data first."""
        ranked = sorted(area.indicators, key=lambda i: (self.series(i.code).empty, i.base))
        return ranked[:limit]


def gather(con, context: ExportContext, computed: pd.DataFrame | None = None) -> ReportContent:
    """Everything a report, deck or pack shows. `computed`: the city's compute_values by year and district
    when the caller already has them (the dashboard's cache), else computed here."""
    framework = load_framework()
    indicators = load_indicators()
    by = ("year", "district") if context.district else ("year",)
    if computed is None:
        computed = compute_values(con, city=context.city, by=by, fiscal=context.fiscal, indicators=indicators)
    values = computed[computed["district"].isna()] if context.district is None else \
        computed[computed["district"] == context.district]
    if context.years:
        values = values[values["year"].between(*context.years)]
    partial = incomplete_periods(con, context.city, context.fiscal)
    last_year = headline_year(context.years, partial, context.include_partial) if context.years else None
    # Status and coverage from the same figures (their city-wide rows): computed once, never disagreeing;
    # status over the chosen years, as on the pages and in the CLI's `status --years`.
    progress = progress_table(con, context.city, fiscal=context.fiscal, years=context.years, indicators=indicators,
                              values=computed, include_partial=context.include_partial)
    grid = coverage(con, context.city, fiscal=context.fiscal, indicators=indicators, values=computed)
    targets = load_targets(con, context.city)
    targets = targets[targets["district"].isna()].set_index("indicator")
    cards = area_cards(framework, indicators, progress, grid, last_year, context.lang)
    evidence = evidence_for(con, context.city)
    if context.years:
        evidence = evidence[evidence["year"].between(*context.years)]
    areas = [AreaContent(area=area, status=card["status"],
                         indicators=[i for i in indicators if area.code in i.areas],
                         evidence=evidence[evidence["area_code"] == area.code].sort_values("year"))
             for area, card in zip(framework.areas, cards)]
    return ReportContent(context=context, framework=framework, indicators=indicators, values=values,
                         progress=progress.set_index("indicator"), targets=targets, cards=cards, areas=areas,
                         partial={p.year: p for p in partial_in(context.years, partial)},
                         notes=load_notes(con, context.city, years=context.years))
