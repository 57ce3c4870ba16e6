"""A boundary file (GeoJSON) → checked district shapes, or a refusal saying what is wrong.

A city draws its district map from its own boundaries (khwaeng, tambon, amphoe); the file must be
plain GeoJSON in longitude/latitude (WGS 84): a FeatureCollection of Polygon or MultiPolygon features,
each with at least one text property naming the area. Anything else is refused with a bilingual
message before anything is stored. Large files are reduced: coordinates to 5 decimals (about a metre)
and, past POINT_BUDGET points, every ring thinned evenly — a district map needs outlines, not survey
detail, and the page must stay light in the browser.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

from indicators.base.errors import LearningCityError

MAX_BYTES = 30 * 1024 * 1024
MAX_FEATURES = 10_000
POINT_BUDGET = 60_000  # points kept over the whole file
SHAPES = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class Boundaries:
    """The features as a FeatureCollection (plain data) and the text properties that can name them."""

    collection: dict
    name_properties: tuple[str, ...]

    @property
    def features(self) -> list[dict]:
        return self.collection["features"]

    def to_json(self) -> str:
        return json.dumps(self.collection, ensure_ascii=False, separators=(",", ":"))


def _refuse(english: str, thai: str) -> LearningCityError:
    return LearningCityError(f"Boundary file refused: {english} Nothing was saved.",
                             f"ไม่รับไฟล์ขอบเขต: {thai} จึงไม่ได้บันทึก", code="bad_boundaries")


def read_boundaries(data: bytes | str) -> Boundaries:
    """Parse and check a GeoJSON text; reduce it when large."""
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise _refuse(f"it is larger than {MAX_BYTES // 2**20} MB; simplify it first (e.g. mapshaper).",
                          f"ไฟล์ใหญ่กว่า {MAX_BYTES // 2**20} MB กรุณาลดรายละเอียดก่อน (เช่นด้วย mapshaper)")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise _refuse("it is not UTF-8 text (GeoJSON is always UTF-8).",
                          "ไฟล์ไม่ใช่ข้อความ UTF-8 (GeoJSON ต้องเป็น UTF-8)") from None
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise _refuse(f"it is not JSON ({str(error)[:80]}).", f"ไฟล์ไม่ใช่ JSON ({str(error)[:80]})") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection" \
            or not isinstance(document.get("features"), list):
        raise _refuse("it is not a GeoJSON FeatureCollection (TopoJSON and shapefiles must be converted to "
                      "GeoJSON first).", "ไม่ใช่ GeoJSON แบบ FeatureCollection (TopoJSON และ shapefile ต้องแปลงเป็น "
                      "GeoJSON ก่อน)")
    raw = document["features"]
    if not raw:
        raise _refuse("it holds no features.", "ไม่มีพื้นที่ใดในไฟล์")
    if len(raw) > MAX_FEATURES:
        raise _refuse(f"it holds {len(raw):,} features; a district map takes at most {MAX_FEATURES:,}.",
                      f"มี {len(raw):,} พื้นที่ แผนที่รายเขตรับได้ไม่เกิน {MAX_FEATURES:,}")
    features = [_feature(f, number) for number, f in enumerate(raw, start=1)]
    names = _name_properties(features)
    if not names:
        raise _refuse("no text property names the areas (e.g. name, ADM2_TH, tambon).",
                      "ไม่มีคุณสมบัติข้อความที่ระบุชื่อพื้นที่ (เช่น name, ADM2_TH, tambon)")
    _thin(features)
    return Boundaries({"type": "FeatureCollection", "features": features}, names)


def _feature(feature: object, number: int) -> dict:
    where = (f"feature {number}", f"พื้นที่ที่ {number}")
    if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
        raise _refuse(f"{where[0]} has no geometry.", f"{where[1]} ไม่มีรูปร่าง")
    geometry = feature["geometry"]
    if geometry.get("type") not in SHAPES:
        raise _refuse(f"{where[0]} is a {geometry.get('type')!s:.30}, not an area (Polygon or MultiPolygon).",
                      f"{where[1]} เป็น {geometry.get('type')!s:.30} ไม่ใช่พื้นที่ (Polygon หรือ MultiPolygon)")
    polygons = [geometry.get("coordinates")] if geometry["type"] == "Polygon" else geometry.get("coordinates")
    if not isinstance(polygons, list) or not polygons:
        raise _refuse(f"{where[0]} has no coordinates.", f"{where[1]} ไม่มีพิกัด")
    cleaned = [[_ring(ring, where) for ring in polygon] for polygon in polygons
               if isinstance(polygon, list) and polygon]
    properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
    text = {str(k): str(v).strip() for k, v in properties.items()
            if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip()}
    return {"type": "Feature", "properties": text,
            "geometry": {"type": "MultiPolygon", "coordinates": cleaned}}


def _ring(ring: object, where: tuple[str, str]) -> list[list[float]]:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _refuse(f"{where[0]} has a ring of fewer than 4 points.", f"{where[1]} มีวงขอบที่มีไม่ถึง 4 จุด")
    points = []
    for point in ring:
        if not isinstance(point, list) or len(point) < 2 or not all(
                isinstance(c, (int, float)) and not isinstance(c, bool) and math.isfinite(c) for c in point[:2]):
            raise _refuse(f"{where[0]} has a coordinate that is not a pair of numbers.",
                          f"{where[1]} มีพิกัดที่ไม่ใช่ตัวเลขคู่")
        longitude, latitude = float(point[0]), float(point[1])
        if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
            raise _refuse(f"{where[0]} has coordinates outside longitude/latitude ({longitude:g}, {latitude:g}): "
                          "the file must be in WGS 84 (EPSG:4326), not a projected system such as UTM.",
                          f"{where[1]} มีพิกัดนอกช่วงลองจิจูด/ละติจูด ({longitude:g}, {latitude:g}) "
                          "ไฟล์ต้องเป็น WGS 84 (EPSG:4326) ไม่ใช่ระบบพิกัดฉาย เช่น UTM")
        points.append([round(longitude, 5), round(latitude, 5)])
    return points


def _name_properties(features: list[dict]) -> tuple[str, ...]:
    """Properties that are text in most features and differ between them: the candidates for a name."""
    counts: dict[str, set] = {}
    for feature in features:
        for key, value in feature["properties"].items():
            if not value.replace(".", "").isdigit():
                counts.setdefault(key, set()).add(value)
    wanted = max(1, len(features) // 2)
    return tuple(k for k, v in counts.items() if len(v) >= min(wanted, len(features)) and (len(v) > 1 or len(features) == 1))


def _thin(features: list[dict]) -> None:
    """Keep every n-th point of each ring when the file has more than POINT_BUDGET (first and last kept,
    at least 4 a ring)."""
    total = sum(len(ring) for f in features for polygon in f["geometry"]["coordinates"] for ring in polygon)
    if total <= POINT_BUDGET:
        return
    step = math.ceil(total / POINT_BUDGET)
    for feature in features:
        feature["geometry"]["coordinates"] = [[_thin_ring(ring, step) for ring in polygon]
                                              for polygon in feature["geometry"]["coordinates"]]


def _thin_ring(ring: list, step: int) -> list:
    if len(ring) <= 4 * step:
        return ring if len(ring) <= 8 else ring[:-1:max(1, len(ring) // 4)] + [ring[-1]]
    return ring[:-1:step] + [ring[-1]]
