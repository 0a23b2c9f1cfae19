"""Places: resolve French place names to country, coordinates and GeoNames id, offline."""

from __future__ import annotations

from functools import lru_cache

from .gazetteer import DEFAULT_FOCUS_COUNTRIES, GLOBAL_CITY_POPULATION, Gazetteer, Place, Resolution
from .user import PlacesFileError, load_user_places

__all__ = ["DEFAULT_FOCUS_COUNTRIES", "GLOBAL_CITY_POPULATION", "Gazetteer", "Place", "PlacesFileError",
           "Resolution", "default_gazetteer", "load_user_places"]


@lru_cache(maxsize=4)
def default_gazetteer(places_file: str | None = None) -> Gazetteer:
    """The process-wide gazetteer (index loaded from the cache, or built once),
    with a user's ``--places`` file on top when given."""
    if places_file is None:
        return Gazetteer()
    base = default_gazetteer()
    return Gazetteer(base.index, places_file=places_file)
