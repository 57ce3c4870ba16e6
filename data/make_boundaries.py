"""Make indicators/config/boundaries/th_amphoe.geojson from the shared Thai boundary set
(../shared/boundaries/th_amphoe_adm2.geojson: Royal Thai Survey Department / OCHA HDX, CC BY-IGO 3.0,
simplified by mapthai): only the names and codes a map needs, coordinates to 4 decimals (~11 m, finer
than the simplification itself), so the app ships ~0.3 MB instead of 0.9 MB.

Also makes data/sample/districts.geojson: SYNTHETIC shapes for the synthetic sample city's four districts
(and a fifth, "เขตกลาง", with no data, so the sample map shows how a shape without data looks), placed
around longitude/latitude 0/0 — nowhere on land — so they can never be taken for a real place.

Run: python data/make_boundaries.py [SOURCE]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SOURCE = PROJECT.parent / "shared" / "boundaries" / "th_amphoe_adm2.geojson"
TARGET = PROJECT / "indicators" / "config" / "boundaries" / "th_amphoe.geojson"
KEEP = ("ADM2_PCODE", "ADM2_TH", "ADM2_EN", "ADM1_PCODE", "ADM1_TH", "ADM1_EN")


def rounded(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], 4), round(coordinates[1], 4)]
    return [rounded(part) for part in coordinates]


SAMPLE = PROJECT / "data" / "sample" / "districts.geojson"
# (Thai name as the data writes it or shortened, English name, outline) — "ใต้" without "เขต" on purpose:
# the map matches names with and without their prefix
SAMPLE_SHAPES = [
    ("เขตเหนือ", "North", [(-0.5, 0.5), (-0.25, 1.1), (0.35, 1.0), (0.5, 0.5), (0.0, 0.3)]),
    ("ใต้", "South", [(-0.5, -0.5), (0.0, -0.3), (0.5, -0.5), (0.3, -1.05), (-0.3, -1.0)]),
    ("เขตตะวันออก", "East", [(0.5, 0.5), (0.35, 1.0), (1.1, 0.6), (1.0, -0.4), (0.5, -0.5), (0.3, 0.0)]),
    ("เขตตะวันตก", "West", [(-0.5, 0.5), (-0.3, 0.0), (-0.5, -0.5), (-1.05, -0.3), (-1.0, 0.45)]),
    ("เขตกลาง", "Central", [(-0.5, 0.5), (0.0, 0.3), (0.5, 0.5), (0.3, 0.0), (0.5, -0.5), (0.0, -0.3),
                            (-0.5, -0.5), (-0.3, 0.0)]),
]


def sample() -> None:
    features = [{"type": "Feature", "properties": {"name": th, "name_en": en},
                 "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in outline] + [list(outline[0])]]}}
                for th, en, outline in SAMPLE_SHAPES]
    SAMPLE.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1),
                      encoding="utf-8")
    print(f"{SAMPLE}: {len(features)} synthetic districts")


def main(source: Path = SOURCE) -> None:
    data = json.loads(source.read_text(encoding="utf-8"))
    features = [{"type": "Feature", "properties": {k: f["properties"][k] for k in KEEP},
                 "geometry": {"type": f["geometry"]["type"], "coordinates": rounded(f["geometry"]["coordinates"])}}
                for f in data["features"]]
    features.sort(key=lambda f: f["properties"]["ADM2_PCODE"])
    TARGET.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                                 separators=(",", ":")), encoding="utf-8")
    print(f"{TARGET}: {len(features)} amphoe, {TARGET.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
    sample()
