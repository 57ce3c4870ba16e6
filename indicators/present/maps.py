"""District maps (choropleths) drawn offline: each shape a filled Plotly trace on plain x/y axes.

Plotly's own map traces cannot be used here: `choropleth` fetches a base map (world_110m.json) from
cdn.plot.ly even when given its own GeoJSON (plotly.js issue 6767), and the tile maps need tile servers;
with no internet either draws nothing. Filled scatter traces need nothing but the boundary file, work
in the PNG/PDF exports, and are a few dozen shapes for a city. Longitude is scaled by cos(latitude) so
the shapes keep their proportions at Thai latitudes.

Colour is never the only cue: every shape is labelled with its name and value, shapes without data are
grey and say "no data" in their label and hover, and the table behind the map holds every number.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from indicators.config import config_path
from indicators.present import charts
from indicators.present.i18n import format_number, t
from indicators.present.palette import TEXT
from indicators.present.place_match import MatchReport, best_province, match_districts

SHIPPED = config_path("boundaries/th_amphoe.geojson")
SHIPPED_NAME, SHIPPED_PROVINCE = "ADM2_TH", "ADM1_TH"
SHIPPED_LABEL = {"th": "ADM2_TH", "en": "ADM2_EN"}
# light to dark blue; the darkest fill still lets the white outline and the labels' white boxes show
COLOURS = [[0.0, "#E3EEF9"], [0.5, "#6FA8D6"], [1.0, "#08437A"]]
NO_DATA = "#E6E6E6"
LABELS_UP_TO = 40  # more shapes than this (tambon of a whole amphoe): names in the hover only


@lru_cache(maxsize=1)
def shipped_boundaries() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


def shipped_for(districts: list[str]) -> tuple[list[dict], list[str]]:
    """The shipped amphoe of the province(s) the districts name most often, and those provinces."""
    features = shipped_boundaries()["features"]
    provinces = best_province(districts, features, SHIPPED_NAME, SHIPPED_PROVINCE)
    return [f for f in features if f["properties"][SHIPPED_PROVINCE] in provinces], provinces


def _rings(feature: dict) -> list[list[list[float]]]:
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [ring for polygon in polygons for ring in polygon]


def _scale(features: list[dict]) -> float:
    latitudes = [p[1] for f in features for ring in _rings(f) for p in ring]
    return math.cos(math.radians(sum(latitudes) / len(latitudes))) if latitudes else 1.0


def _label_point(feature: dict, scale: float) -> tuple[float, float]:
    """The centre of the largest outer ring (area-weighted centroid), in map coordinates."""
    best, best_area = None, -1.0
    for ring in (polygon[0] for polygon in ([feature["geometry"]["coordinates"]] if feature["geometry"]["type"] ==
                                           "Polygon" else feature["geometry"]["coordinates"])):
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > best_area and area:
            best_area, best = abs(area), (cx / (3 * area), cy / (3 * area))
    if best is None:
        ring = _rings(feature)[0]
        best = (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return best[0] * scale, best[1]


def map_rows(values: pd.DataFrame, features: list[dict], report: MatchReport, name_property: str) -> pd.DataFrame:
    """One row per shape: its name (`name_property`: the label in the page's language), the data's
    district drawn on it and the value (empty without data)."""
    by_district = dict(zip(values["district"], values["value"]))
    drawn = {index: district for district, index in report.matches.items()}
    return pd.DataFrame([{"shape": f["properties"].get(name_property, ""), "district": drawn.get(i),
                          "value": by_district.get(drawn.get(i))} for i, f in enumerate(features)])


def district_map(features: list[dict], rows: pd.DataFrame, title: str, unit: str, lang: str,
                 height: int = 620) -> go.Figure:
    """The choropleth: `rows` from map_rows, in the order of `features`."""
    scale = _scale(features)
    present = rows["value"].dropna()
    low, high = (float(present.min()), float(present.max())) if not present.empty else (0.0, 1.0)
    spread = high - low or 1.0
    fig = go.Figure()
    no_data = t("map_no_data_shape", lang)
    shown_no_data = False
    for feature, row in zip(features, rows.itertuples()):
        xs, ys = [], []
        for ring in _rings(feature):
            xs += [p[0] * scale for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
        has_value = row.value is not None and not pd.isna(row.value)
        fill = sample_colorscale(COLOURS, [(row.value - low) / spread])[0] if has_value else NO_DATA
        label = f"{row.shape}: {format_number(row.value) + ' ' + unit if has_value else no_data}"
        legend = not has_value and not shown_no_data
        shown_no_data = shown_no_data or legend
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill,
                                 line={"color": "#FFFFFF", "width": 1.5}, hoveron="fills", text=label,
                                 hoverinfo="text", name=no_data, showlegend=legend, legendgroup="no-data"))
    with_data = [(f, r) for f, r in zip(features, rows.itertuples()) if r.value is not None and not pd.isna(r.value)]
    if len(with_data) <= LABELS_UP_TO:  # the shapes with data labelled; grey ones say "no data" in the legend
        for feature, row in with_data:
            x, y = _label_point(feature, scale)
            fig.add_annotation(x=x, y=y, text=f"{row.shape}<br><b>{format_number(row.value)}</b>",
                               showarrow=False, font={"size": 13, "color": TEXT}, bgcolor="rgba(255,255,255,0.85)",
                               borderpad=2)
    # the colour scale: an invisible marker trace carries it
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", showlegend=False, hoverinfo="skip",
                             marker={"color": [low, high], "colorscale": COLOURS, "cmin": low, "cmax": high,
                                     "showscale": not present.empty,
                                     # under the map, across: at the side it took a third of a phone's width
                                     "colorbar": {"title": {"text": unit, "side": "top"}, "thickness": 14,
                                                  "orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.02,
                                                  "yanchor": "top", "len": 0.7}}))
    # framed on the shapes with data (neighbours without data stay around them as context): a city's few
    # amphoe in a whole province were too small to read
    framed = [f for f, _ in with_data] or features
    xs = [p[0] * scale for f in framed for ring in _rings(f) for p in ring]
    ys = [p[1] for f in framed for ring in _rings(f) for p in ring]
    pad = 0.12 * max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    fig.update_xaxes(visible=False, range=[min(xs) - pad, max(xs) + pad])
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1, range=[min(ys) - pad, max(ys) + pad])
    fig = charts._layout(fig, title, height)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 60, "b": 70}, hovermode="closest")
    return fig


def map_summary(rows: pd.DataFrame, name: str, year: str, lang: str) -> str:
    present = rows.dropna(subset=["value"])
    if present.empty:
        return t("summary_no_values", lang, name=name)
    top, bottom = present.loc[present["value"].idxmax()], present.loc[present["value"].idxmin()]
    return t("summary_map", lang, name=name, year=year, top=top["shape"], top_value=format_number(top["value"]),
             bottom=bottom["shape"], bottom_value=format_number(bottom["value"]), missing=int(rows["value"].isna().sum()))


def prepare(values: pd.DataFrame, city_boundaries: dict | None, lang: str = "en") -> dict:
    """What the map of `values` (one indicator, one year, district rows) is drawn from: the city's own
    boundaries when it has some, else the shipped amphoe of the province the districts name. Returns
    features, name_property (matched on), label_property (shown), report, provinces (shipped only) and
    source ('city' | 'shipped')."""
    districts = sorted(str(d) for d in values["district"].dropna().unique())
    if city_boundaries is not None:
        features, prop = city_boundaries["collection"]["features"], city_boundaries["name_property"]
        return {"features": features, "name_property": prop, "label_property": prop, "source": "city", "provinces": [],
                "report": match_districts(districts, features, prop)}
    features, _ = shipped_for(districts)
    provinces = sorted({f["properties"]["ADM1_EN" if lang == "en" else "ADM1_TH"] for f in features})
    return {"features": features, "name_property": SHIPPED_NAME, "label_property": SHIPPED_LABEL[lang],
            "source": "shipped", "provinces": provinces,
            "report": match_districts(districts, features, SHIPPED_NAME)}
