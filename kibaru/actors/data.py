"""Load and validate the actor dictionaries shipped in ``data/``.

Five YAML files (their format is documented in ``data/README.md``):

* ``countries.yaml``     every ISO 3166-1 alpha-3 code: names, demonyms, capitals
* ``organisations.yaml`` IGOs, UN missions, military operations, national bodies
* ``armed_groups.yaml``  jihadist groups, rebels, militias, PMCs, gangs
* ``roles.yaml``         role noun -> PLOVER agent code ("ministre": GOV)
* ``leaders.yaml``       named people with their country, agent and aliases

Users extend them with a YAML file of their own (``--actors my_actors.yaml``)
read by :func:`load_user_actors`: the same entry formats under the top-level
keys ``countries``, ``organisations``, ``armed_groups``, ``leaders`` and
``roles``, each optional.

Every entry is checked when it is read; a malformed one raises
:class:`ActorDataError` (a ``ValueError``) naming the file and the entry, e.g.
``my_actors.yaml: leaders[2] (Jean Dupont): unknown agent 'GOVT'; valid codes:
BUS COP CRM …``.

The shipped lists are read once per process (``lru_cache``): the lists and
dicts returned are shared, so copy them before changing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, NoReturn

import yaml

from .fold import slug

DATA = Path(__file__).parent / "data"

# PLOVER sector codes (../shared/gold/GUIDELINES.md).
AGENTS = frozenset(
    "GOV MIL REB OPP PTY LEG COP JUD SPY CVL JRN MED REL LAB BUS EDU REF CRM UAF IGO".split()
)
ISO3 = re.compile(r"[A-Z]{3}")
# An ISO 3166-1 alpha-3 code, or IGO:<CODE> for an international organisation.
COUNTRY_CODE = re.compile(r"[A-Z]{3}|IGO:[A-Z0-9]+")
KINDS = ("organisation", "armed_group")
USER_SECTIONS = ("countries", "organisations", "armed_groups", "leaders", "roles")


class ActorDataError(ValueError):
    """A dictionary file or one of its entries is malformed."""

    def __init__(self, path: str | Path, where: str, problem: str) -> None:
        self.path = str(path)
        self.where = where
        self.problem = problem
        super().__init__(f"{self.path}: {where}: {problem}" if where else f"{self.path}: {problem}")


# --- records -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory; ``names``, ``capitals`` and ``demonyms`` all
    point to it (a capital is a metonym for the government: "Moscou a dit")."""

    iso3: str
    name: str
    names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    # Forms that are also a common word or first name ("Maurice", "Grenade"):
    # to be trusted only with supporting context.
    ambiguous: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class Organisation:
    """An organisation (``kind="organisation"``) or armed group
    (``kind="armed_group"``). ``country`` is an ISO3 code, ``IGO:<CODE>`` or
    None when it must come from context."""

    id: str
    name: str
    country: str | None
    agent: str
    aliases: tuple[str, ...] = ()
    kind: str = "organisation"
    ambiguous: tuple[str, ...] = ()
    # a seat of power used as a metonym (Kosyam, Koulouba, the Élysée): an
    # actor when it acts ("Kosyam a annoncé"), a place after a preposition ("reçu à Kosyam")
    seat: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class Leader:
    """A named person: ``agent`` is the sector of the role the press cites."""

    name: str
    country: str | None
    agent: str
    roles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """The actor id used in the output (``sadio-camara``)."""
        return slug(self.name)

    def to_dict(self) -> dict[str, Any]:
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class UserActors:
    """The entries of a user's ``--actors`` file."""

    countries: tuple[Country, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    leaders: tuple[Leader, ...] = ()
    roles: Mapping[str, str] = field(default_factory=dict)


def _as_dict(record: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in record.__slots__:
        value = getattr(record, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


# --- shipped data ----------------------------------------------------------------


@lru_cache(maxsize=1)
def load_countries() -> list[Country]:
    """Every ISO 3166-1 country and territory, plus historical states (SUN…)."""
    path = DATA / "countries.yaml"
    countries = [_country(path, i, e) for i, e in enumerate(_read_list(path))]
    _check_unique(path, [c.iso3 for c in countries], "iso3")
    return countries


@lru_cache(maxsize=1)
def load_organisations() -> list[Organisation]:
    """Organisations then armed groups, each with its ``kind``."""
    orgs = [
        _organisation(path, i, e, kind)
        for path, kind in ((DATA / "organisations.yaml", "organisation"), (DATA / "armed_groups.yaml", "armed_group"))
        for i, e in enumerate(_read_list(path))
    ]
    _check_unique(DATA, [o.id for o in orgs], "id")
    return orgs


@lru_cache(maxsize=1)
def load_roles() -> dict[str, str]:
    """Lower-case role noun -> PLOVER agent code."""
    path = DATA / "roles.yaml"
    return _roles(path, _read(path))


@lru_cache(maxsize=1)
def load_leaders() -> list[Leader]:
    path = DATA / "leaders.yaml"
    leaders = [_leader(path, i, e) for i, e in enumerate(_read_list(path))]
    _check_unique(path, [leader.name for leader in leaders], "name")
    return leaders


def load_user_actors(path: str | Path) -> UserActors:
    """Read a user's dictionary file; every section is optional.

    ``armed_groups`` entries get ``kind="armed_group"``; an ``organisations``
    entry may set ``kind`` itself.
    """
    path = Path(path)
    data = _read(path)
    if data is None:
        return UserActors()
    if not isinstance(data, dict):
        raise ActorDataError(path, "", f"expected a mapping with the keys {', '.join(USER_SECTIONS)}; "
                             f"got {type(data).__name__}")
    unknown = sorted(str(k) for k in data if k not in USER_SECTIONS)
    if unknown:
        raise ActorDataError(path, "", f"unknown section(s) {', '.join(unknown)}; "
                             f"valid sections: {', '.join(USER_SECTIONS)}")

    def section(key: str) -> list[Any]:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise ActorDataError(path, key, f"expected a list of entries, got {type(value).__name__}")
        return value

    organisations = [_organisation(path, i, e, "organisation", key="organisations")
                     for i, e in enumerate(section("organisations"))]
    organisations += [_organisation(path, i, e, "armed_group", key="armed_groups")
                      for i, e in enumerate(section("armed_groups"))]
    return UserActors(
        countries=tuple(_country(path, i, e) for i, e in enumerate(section("countries"))),
        organisations=tuple(organisations),
        leaders=tuple(_leader(path, i, e) for i, e in enumerate(section("leaders"))),
        roles=_roles(path, data.get("roles") or {}),
    )


# --- reading and checking -----------------------------------------------------------


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ActorDataError(path, "", f"cannot read the file: {exc.strerror or exc}") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ActorDataError(path, "", f"not valid YAML: {exc}") from exc


def _read_list(path: Path) -> list[Any]:
    data = _read(path)
    if not isinstance(data, list):
        raise ActorDataError(path, "", f"expected a list of entries, got {type(data).__name__}")
    return data


class _Entry:
    """Typed access to one YAML entry, with errors that say where it is."""

    def __init__(self, path: Path, key: str, index: int, data: Any, label_field: str) -> None:
        self.path = path
        label = data.get(label_field) if isinstance(data, dict) else None
        self.where = f"{key}[{index}]" + (f" ({label})" if isinstance(label, str) else "")
        if not isinstance(data, dict):
            self.fail(f"expected a mapping, got {data!r}")
        self.data: dict[str, Any] = data

    def fail(self, problem: str) -> NoReturn:
        raise ActorDataError(self.path, self.where, problem)

    def optional_text(self, field: str) -> str | None:
        return None if self.data.get(field) is None else self.text(field)

    def text(self, field: str) -> str:
        value = self.data.get(field)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"'{field}' must be a non-empty string, got {value!r}"
                      + (" (quote it: YAML reads yes/no/on/off as booleans)" if isinstance(value, bool) else ""))
        return value.strip()

    def texts(self, field: str) -> tuple[str, ...]:
        value = self.data.get(field)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(f"'{field}' must be a list of strings, got {value!r}")
        bad = [v for v in value if not isinstance(v, str) or not v.strip()]
        if bad:
            self.fail(f"'{field}' must be a list of strings; bad item(s) {bad!r}"
                      + (" (quote them: YAML reads yes/no/on/off as booleans)" if any(isinstance(b, bool) for b in bad) else ""))
        return tuple(dict.fromkeys(v.strip() for v in value))

    def flag(self, field: str) -> bool:
        value = self.data.get(field, False)
        if not isinstance(value, bool):
            self.fail(f"'{field}' must be true or false, got {value!r}")
        return value

    def agent(self) -> str:
        return _agent(self.text("agent"), self.fail)

    def country(self) -> str | None:
        value = self.data.get("country")
        if value is None:
            return None
        if not isinstance(value, str) or not COUNTRY_CODE.fullmatch(value):
            self.fail(f"malformed country code {value!r}: expected an ISO 3166-1 alpha-3 code "
                      f"(MLI, RUS), IGO:<CODE> (IGO:UN) or null")
        return value

    def only(self, allowed: Iterable[str]) -> None:
        extra = sorted(str(k) for k in self.data if k not in allowed)
        if extra:
            self.fail(f"unknown field(s) {', '.join(extra)}; valid fields: {', '.join(allowed)}")


def _agent(value: str, fail: Callable[[str], NoReturn]) -> str:
    if value not in AGENTS:
        fail(f"unknown agent {value!r}; valid codes: {' '.join(sorted(AGENTS))}")
    return value


def _country(path: Path, index: int, data: Any) -> Country:
    e = _Entry(path, "countries", index, data, "iso3")
    e.only(("iso3", "name", "names", "demonyms", "capitals", "ambiguous"))
    iso3 = e.text("iso3")
    if not ISO3.fullmatch(iso3):
        e.fail(f"malformed iso3 {iso3!r}: expected three upper-case letters (MLI, RUS)")
    return Country(
        iso3=iso3,
        name=e.text("name"),
        names=e.texts("names"),
        demonyms=e.texts("demonyms"),
        capitals=e.texts("capitals"),
        ambiguous=e.texts("ambiguous"),
    )


def _organisation(path: Path, index: int, data: Any, kind: str, key: str | None = None) -> Organisation:
    e = _Entry(path, key or ("armed_groups" if kind == "armed_group" else "organisations"), index, data, "id")
    e.only(("id", "name", "country", "agent", "aliases", "ambiguous", "kind", "seat"))
    kind = e.optional_text("kind") or kind
    if kind not in KINDS:
        e.fail(f"unknown kind {kind!r}; valid kinds: {', '.join(KINDS)}")
    name = e.text("name")
    return Organisation(
        id=e.optional_text("id") or slug(name),
        name=name,
        country=e.country(),
        agent=e.agent(),
        aliases=e.texts("aliases"),
        kind=kind,
        ambiguous=e.texts("ambiguous"),
        seat=e.flag("seat"),
    )


def _leader(path: Path, index: int, data: Any) -> Leader:
    e = _Entry(path, "leaders", index, data, "name")
    e.only(("name", "country", "agent", "roles", "aliases", "ambiguous"))
    return Leader(
        name=e.text("name"),
        country=e.country(),
        agent=e.agent(),
        roles=e.texts("roles"),
        aliases=e.texts("aliases"),
        ambiguous=e.texts("ambiguous"),
    )


def _roles(path: Path, data: Any) -> dict[str, str]:
    if not isinstance(data, dict):
        raise ActorDataError(path, "roles", f"expected a mapping of role noun to agent code, got {type(data).__name__}")
    roles: dict[str, str] = {}
    for noun, agent in data.items():
        where = f"roles[{noun!r}]"
        if not isinstance(noun, str) or not noun.strip():
            raise ActorDataError(path, where, "a role noun must be a non-empty string "
                                 "(quote it: YAML reads yes/no/on/off as booleans)")

        def fail(problem: str, where: str = where) -> NoReturn:
            raise ActorDataError(path, where, problem)

        roles[noun.strip().lower()] = _agent(agent if isinstance(agent, str) else repr(agent), fail)
    return roles


def _check_unique(path: Path, keys: list[str], field: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise ActorDataError(path, "", f"duplicate {field} {key!r}")
        seen.add(key)
