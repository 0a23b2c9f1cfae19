"""A user's own places: ``kibaru analyze --places my_places.yaml``.

Same fields as ``data/sahel_places.yaml``, plus ``pin``::

    - {name: Moura, country: MLI, feature: city, lat: 14.23, lon: -4.31}
    - {name: Mora, country: CMR, feature: city, lat: 11.05, lon: 14.14, pin: true}
    - {name: Camp Tiguerane, country: MLI, feature: city, lat: 16.23, lon: -0.05, names: [Tiguerane]}

An entry is one more candidate for its names, ranked with the article's
evidence like any curated entry (a village the gazetteer lacks, a local
spelling). With ``pin: true`` its names always mean it, whatever the article
says: the way to settle a name the ranking gets wrong in a corpus.

The file is read once per process and checked entry by entry; a mistake is
one numbered message (E122) naming the file and the entry.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..errors import Msg
from .index import FEATURES, Index, _Builder

ISO3 = re.compile(r"^[A-Z]{3}$")
FIELDS = {"name", "country", "feature", "lat", "lon", "geonameid", "names", "countries", "population", "pin",
          "approx"}


class PlacesFileError(ValueError):
    """A ``--places`` file or one of its entries is malformed (E122)."""

    def __init__(self, path: str | Path, where: str, problem: str) -> None:
        self.path, self.where, self.problem = str(path), where, problem
        detail = f"{where}: {problem}" if where else problem
        super().__init__(f"{self.path}: E122 {Msg.E122.format(detail=detail)}")


def load_user_places(path: str | Path) -> tuple[Index, frozenset[int]]:
    """The user's places as a small index, and the rows that are pinned."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PlacesFileError(path, "", f"cannot read the file: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise PlacesFileError(path, "", f"not valid YAML: {exc}") from exc
    if data is None:
        data = []
    if not isinstance(data, list):
        raise PlacesFileError(path, "", f"expected a list of places, got {type(data).__name__}")
    builder = _Builder()
    pinned = set()
    for number, entry in enumerate(data, start=1):
        checked = _check(path, number, entry)
        row = builder.add(checked.get("names") or [], name=checked["name"], country=checked.get("country"),
                          geonameid=checked.get("geonameid"), lat=checked.get("lat"), lon=checked.get("lon"),
                          feature=checked["feature"], population=checked.get("population"),
                          weight=checked.get("population") or 0, curated=True,
                          spans=tuple(checked.get("countries") or ()))
        if checked.get("pin"):
            pinned.add(row)
    return builder.finish(), frozenset(pinned)


def _check(path: Path, number: int, entry: Any) -> dict[str, Any]:
    where = f"entry {number}"
    if not isinstance(entry, dict):
        raise PlacesFileError(path, where, f"expected a mapping such as {{name: Moura, country: MLI, "
                              f"feature: city}}, got {type(entry).__name__}")
    unknown = sorted(str(k) for k in entry if k not in FIELDS)
    if unknown:
        raise PlacesFileError(path, where, f"unknown field(s) {', '.join(unknown)}; valid: {', '.join(sorted(FIELDS))}")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise PlacesFileError(path, where, "'name' is required (the spelling to show)")
    where = f"entry {number} ({name})"
    if entry.get("feature", "city") not in FEATURES:
        raise PlacesFileError(path, where, f"feature must be one of {', '.join(FEATURES)}")
    country = entry.get("country")
    if country is not None and not (isinstance(country, str) and ISO3.match(country)):
        raise PlacesFileError(path, where, f"country must be an ISO 3166-1 alpha-3 code such as MLI, got {country!r}")
    for field in ("lat", "lon"):
        value = entry.get(field)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise PlacesFileError(path, where, f"{field} must be a number, got {value!r}")
    names = entry.get("names") or []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise PlacesFileError(path, where, "names must be a list of spellings")
    return {**entry, "feature": entry.get("feature", "city")}
