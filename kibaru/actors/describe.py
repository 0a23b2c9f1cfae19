"""Actors in words, for people reading the dashboard: a named actor by its
name, an unnamed one by its sector and country ("Civilians (Mali)" for
``MLI CVL``), never by an internal key (``mli-cvl``).

The sector phrases and the legend's labels are ``data/sectors.yaml``; country
names are ``data/countries.yaml``'s French short names, as the press writes them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Mapping

from .data import AGENTS, DATA, _read_list, load_countries


@lru_cache(maxsize=1)
def sectors() -> dict[str, dict[str, str]]:
    """``{"CVL": {"label": "civilians", "group": "Civilians ({country})"}, …}``, in the file's order."""
    path = DATA / "sectors.yaml"
    out: dict[str, dict[str, str]] = {}
    for index, entry in enumerate(_read_list(path)):
        code = entry.get("code") if isinstance(entry, dict) else None
        if code not in AGENTS or "{country}" not in str(entry.get("group", "")) or not entry.get("label"):
            raise ValueError(f"{path}: entry {index + 1}: needs a sector code, a label and a group "
                             f"holding {{country}}: {entry!r}")
        out[code] = {"label": str(entry["label"]), "group": str(entry["group"])}
    return out


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    return {c.iso3: c.name for c in load_countries()}


def country_name(code: str | None) -> str | None:
    """``MLI`` -> ``Mali``; ``IGO:UN`` -> ``UN``; an unknown code stays as it is."""
    if not code:
        return None
    if code.startswith("IGO:"):
        return code[4:]
    return _country_names().get(code, code)


def describe(name: str | None, country: str | None, agent: str | None) -> str:
    """How a reader sees an actor: its name; else its sector and country;
    else whatever part is known."""
    if name:
        return name
    where = country_name(country)
    sector = sectors().get(agent or "")
    if sector and where:
        return sector["group"].format(country=where)
    if where:
        return where
    if sector:
        return sector["label"].capitalize()
    return "Unknown actor"


def describe_ref(ref: Mapping[str, Any] | None) -> str:
    """``describe`` for an event side or an actor as the API gives it (a dict)."""
    if not ref:
        return "—"
    return describe(ref.get("name"), ref.get("country"), ref.get("agent"))
