"""How a city compares with the others in the database: per indicator, network median and rank."""

from __future__ import annotations

import pandas as pd


def city_benchmark(values: pd.DataFrame, city: str, directions: dict[str, str]) -> pd.DataFrame:
    """Per indicator, the city's value against the other cities of the same year: network median and rank
    (1 = best, by the indicator's direction). The year is the latest in which another city has a value
    too (a year only this city has reported yet would rank it 1 of 1); failing that, its latest."""
    rows = values[values["district"].isna() & values["value"].notna()]
    out = []
    for indicator, group in rows.groupby("indicator"):
        mine = group[group["city"] == city]
        if mine.empty:
            continue
        cities_per_year = group.groupby("year")["city"].nunique()
        shared = [y for y in mine["year"] if cities_per_year[y] > 1]
        year = int(max(shared) if shared else mine["year"].max())
        same_year = group[group["year"] == year]
        ranks = same_year["value"].rank(ascending=directions.get(indicator, "higher") == "lower", method="min")
        out.append({"indicator": indicator, "year": year,
                    "value": float(same_year.loc[same_year["city"] == city, "value"].iloc[0]),
                    "median": float(same_year["value"].median()),
                    "rank": int(ranks[same_year["city"] == city].iloc[0]), "cities": len(same_year)})
    return pd.DataFrame(out, columns=["indicator", "year", "value", "median", "rank", "cities"])
