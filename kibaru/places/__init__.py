"""Places: resolve French place names to country, coordinates and GeoNames id, offline."""

from __future__ import annotations

from functools import lru_cache

from .gazetteer import DEFAULT_FOCUS_COUNTRIES, GLOBAL_CITY_POPULATION, Gazetteer, Place

__all__ = ["DEFAULT_FOCUS_COUNTRIES", "GLOBAL_CITY_POPULATION", "Gazetteer", "Place", "default_gazetteer"]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (index loaded from the cache, or built once)."""
    return Gazetteer()
