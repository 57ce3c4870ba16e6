"""An indicator's metadata page, as fields in a fixed order (Open SDG's metadata tab, SDG-Portal's fact
sheet): definition, unit, direction, areas, formula, periodicity, source, limitations, contact, last
update, coverage. The definition, unit and source come from indicator_definitions.yaml; periodicity,
limitations and contact from indicator_metadata.yaml (by table, overridable per indicator); last update
and coverage from the database — so the page can never say something the figures do not."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from indicators.config import config_path, read_yaml
from indicators.measure.definitions import IndicatorDef
from indicators.present.i18n import format_year, t
from indicators.present.years import years_text
from indicators.store.latest_uploads import latest_upload

METADATA_FILE = config_path("indicator_metadata.yaml")
FIELDS = ("definition", "unit", "direction", "areas", "disaggregations", "formula", "periodicity", "source",
          "limitations", "contact", "last_update", "coverage")


@lru_cache(maxsize=1)
def load_metadata() -> dict:
    return read_yaml(METADATA_FILE) or {}


def _said(entry: dict | None, lang: str) -> str:
    return "" if not entry else str(entry.get(lang) or entry.get("en") or "")


def written_field(indicator: IndicatorDef, name: str, lang: str) -> str:
    """periodicity or limitations: the indicator's own entry, else the default of its numerator's table."""
    data = load_metadata()
    own = (data.get("indicators") or {}).get(indicator.code, {}).get(name)
    return _said(own or (data.get("defaults") or {}).get(indicator.numerator.table, {}).get(name), lang)


def tables_of(indicator: IndicatorDef) -> set[str]:
    return {term.table for term in (indicator.numerator, indicator.denominator) if term is not None}


def coverage_text(values: pd.DataFrame, indicator: IndicatorDef, city: str, lang: str, era: str) -> str:
    rows = values[(values["indicator"] == indicator.code) & values["value"].notna()]
    city_wide = sorted(int(y) for y in rows.loc[rows["district"].isna(), "year"].unique())
    if rows.empty:
        return t("metadata_no_coverage", lang, city=city)
    years = rows["year"].unique()
    districts = sorted(str(d) for d in rows["district"].dropna().unique())
    return t("metadata_coverage_text", lang, city=city, years=years_text(years, era),
             n=len(city_wide), districts=", ".join(districts) or t("metadata_no_districts", lang))


def last_update_text(con, indicator: IndicatorDef, city: str, lang: str, era: str) -> str:
    upload = latest_upload(con, city, tables_of(indicator))
    if upload is None:
        return t("metadata_never_updated", lang, city=city)
    at = pd.Timestamp(upload["uploaded_at"])
    return t("metadata_last_update_text", lang, date=f"{at:%d/%m}/{format_year(at.year, era)}",
             upload=upload["upload_id"], file=upload["file_name"])


def reference_text(references: pd.DataFrame, lang: str, era: str) -> str:
    """Each reference series of the indicator: its area and level, its years, and how it is made."""
    lines = []
    for (level, area), rows in references.groupby(["level", "area"], sort=True):
        name = f"{area} ({t('reference_level_' + level, lang)})"
        lines.append(t("metadata_reference_text", lang, name=name, years=years_text(rows["year"], era),
                       how=t(f"reference_how_{rows['how'].iloc[0]}", lang)))
    return "; ".join(lines)


def indicator_fields(con, indicator: IndicatorDef, city: str | None, values: pd.DataFrame, lang: str, era: str,
                     area_names: dict[str, str], fiscal: bool = False,
                     references: pd.DataFrame | None = None) -> list[tuple[str, str]]:
    """(label, text) for every field, in FIELDS order; last update and coverage only with a city, and the
    reference series when the indicator has any."""
    texts = {
        "definition": indicator.method(lang, fiscal), "unit": indicator.unit(lang),
        "direction": t(f"direction_{indicator.direction}", lang),
        "areas": "; ".join(f"{a} {area_names.get(a, '')}".strip() for a in indicator.areas),
        "disaggregations": ", ".join(t(f"breakdown_{d}", lang) for d in indicator.disaggregations) or "–",
        "formula": indicator.formula(), "periodicity": written_field(indicator, "periodicity", lang),
        "source": indicator.source(lang), "limitations": written_field(indicator, "limitations", lang),
        "contact": _said(load_metadata().get("contact"), lang),
    }
    if city:
        texts["last_update"] = last_update_text(con, indicator, city, lang, era)
        texts["coverage"] = coverage_text(values, indicator, city, lang, era)
    fields = [(t(f"metadata_{name}", lang), texts[name]) for name in FIELDS if name in texts]
    own = references[references["indicator"] == indicator.code] if references is not None else None
    if own is not None and not own.empty:
        fields.append((t("metadata_reference", lang), reference_text(own, lang, era)))
    return fields
