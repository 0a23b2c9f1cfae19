"""One settings object: each setting declared once, with its default and help.

Where a value comes from, the later winning: the shipped default; a config
file (``--config FILE``, ``$KIBARU_CONFIG``, else ``./kibaru.toml`` when there
is one); an environment variable (``KIBARU_<NAME>``); a CLI flag. ``kibaru
config show`` prints each setting, its value and where it came from.

A config file is TOML, its keys the settings' names, at the top or in a
``[kibaru]`` table; ``db`` names the database of the commands that take
``--db``::

    db = "postgresql://kb@localhost/press"
    max_chars = 500000
    detect_duplicates = false
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, EnvSettingsSource, SettingsConfigDict

ENV_PREFIX = "KIBARU_"


def _setting(default: Any, help: str, coding: bool = True, **bounds: Any) -> Any:
    """``coding=False``: the setting only bounds what is read; it does not
    change how an article is coded, so it is left out of the store's
    settings hash (changing it does not make a re-run code everything again).
    ``bounds``: pydantic's ``gt``, ``ge``, ``le`` on the value."""
    return Field(default, description=help, json_schema_extra={"coding": coding}, **bounds)


class Settings(BaseSettings):
    """kibaru's settings, validated by pydantic. ``Settings(max_chars=…)`` is
    the defaults and what it is given, nothing else (a library call does not
    depend on the environment); ``Settings.from_env()`` adds the config file
    and the ``KIBARU_*`` environment variables, read by pydantic-settings."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True, extra="forbid")

    max_chars: int = _setting(
        2_000_000,
        "Largest article (or input line) accepted, in characters. 2M characters is "
        "about 300,000 French words, three times a long report; larger inputs are "
        "almost always concatenated dumps or corrupt files.",
        gt=0,
    )
    max_file_mb: int = _setting(
        1024,
        "Largest file read whole (CSV/TSV, feed), in MB. Bigger files are refused before "
        "they are read into memory; JSON Lines and WARC files are read record by record "
        "and have no such limit, only --max-chars per record.",
        coding=False,
        gt=0,
    )
    repair_apostrophes: bool = _setting(True, "Restore lost apostrophes (lAmbassadeur -> l'Ambassadeur).")
    detect_language: bool = _setting(True, "Identify each article's language (kept in 'lang').")
    detect_duplicates: bool = _setting(True, "Flag exact and near-duplicate articles ('duplicate_of').")
    near_duplicate_threshold: float = _setting(
        0.7,
        "Estimated Jaccard similarity of word 3-shingles above which two articles are "
        "near-duplicates. Calibrated on republished wire stories: the same body with a "
        "new headline and a changed paragraph scores 0.75-0.95; two different stories "
        "on the same event stay below 0.3.",
        gt=0.0,
        le=1.0,
    )
    minhash_permutations: int = _setting(128, "MinHash permutations (accuracy vs speed of near-duplicate search).",
                                         ge=2)
    near_duplicate_min_words: int = _setting(
        25, "Articles shorter than this are only checked for exact duplicates.", ge=0
    )

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (init_settings,)  # the file and the environment only through from_env / resolve

    @classmethod
    def from_env(cls, **overrides: Any) -> "Settings":
        """The settings of this process: defaults, then the config file, the
        environment and ``overrides`` (flags; None means not given)."""
        return cls.resolve(**overrides)[0]

    @classmethod
    def resolve(cls, **overrides: Any) -> tuple["Settings", dict[str, str]]:
        """``from_env``, and where each setting's value came from. A value of
        the wrong type in the environment is an E126 error naming the variable."""
        from .errors import KibaruError, Msg

        values: dict[str, Any] = {}
        sources = {name: "default" for name in cls.model_fields}
        path = config_path()
        if path is not None:
            for name, value in read_config(path).items():
                if name in sources:
                    values[name], sources[name] = value, f"config file {path}"
        for name, raw in EnvSettingsSource(cls, case_sensitive=False)().items():
            variable = f"{ENV_PREFIX}{name.upper()}"
            try:  # each variable on its own, so that the error names it
                cls(**{name: raw})
            except ValidationError as exc:
                raise KibaruError(Msg.E126, input=f"environment {variable}", detail=_first_error(exc)) from None
            values[name], sources[name] = raw, f"environment {variable}"
        for name, value in overrides.items():
            if value is not None:
                values[name], sources[name] = value, "command line"
        return cls(**values), sources

    def with_(self, **changes: Any) -> "Settings":
        return self.model_copy(update={k: v for k, v in changes.items() if v is not None})

    def coding_values(self) -> dict[str, Any]:
        """The settings that decide how an article is coded (see ``_setting``)."""
        return {name: getattr(self, name) for name, spec in type(self).model_fields.items()
                if (spec.json_schema_extra or {}).get("coding", True)}


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    return f"{error['msg']} (got {error['input']!r})"


# --- the config file -----------------------------------------------------------------

CONFIG_FILE = "kibaru.toml"  # read from the current folder when there is one
CONFIG_ONLY = {"db": str}  # keys of the file that are not settings (the --db of commands)


def config_path(environ: dict[str, str] | None = None) -> Path | None:
    env = os.environ if environ is None else environ
    given = env.get("KIBARU_CONFIG")
    if given:
        return Path(given)
    local = Path(CONFIG_FILE)
    return local if local.is_file() else None


def read_config(path: Path) -> dict[str, Any]:
    """The values of a config file, checked: an unreadable file, a key that is
    no setting or a value of the wrong type is an E125 error naming the file."""
    from .errors import KibaruError, Msg

    def fail(detail: str) -> KibaruError:
        return KibaruError(Msg.E125, input=str(path), detail=detail)

    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise fail(exc.strerror or str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise fail(f"not valid TOML ({exc})") from None
    if isinstance(data.get("kibaru"), dict):
        data = {**{k: v for k, v in data.items() if k != "kibaru"}, **data["kibaru"]}
    known = set(Settings.model_fields) | set(CONFIG_ONLY)
    for name, value in data.items():
        if name not in known:
            raise fail(f"unknown setting {name!r} (known: {', '.join(sorted(known))})")
        if name in CONFIG_ONLY and not isinstance(value, CONFIG_ONLY[name]):
            raise fail(f"{name} must be {CONFIG_ONLY[name].__name__}, not {type(value).__name__} ({value!r})")
    settings = {k: v for k, v in data.items() if k in Settings.model_fields}
    try:  # strict: TOML has types, so "500000" in quotes is a mistake, not a number
        checked = Settings.model_validate(settings, strict=True)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise fail(f"{error['loc'][0]}: {error['msg']} (got {error['input']!r})") from None
    return {**data, **{name: getattr(checked, name) for name in settings}}


def describe(db_flag: str | None = None) -> list[tuple[str, Any, str, str]]:
    """Every setting (and the database) as (name, value, where from, help), for ``kibaru config show``."""
    env = os.environ
    settings, sources = Settings.resolve()
    rows = [(name, getattr(settings, name), sources[name], spec.description)
            for name, spec in Settings.model_fields.items()]
    path = config_path(env)
    from_file = read_config(path).get("db") if path is not None else None
    if db_flag is not None:
        db = (db_flag, "command line")
    elif env.get("KIBARU_DB"):
        db = (env["KIBARU_DB"], "environment KIBARU_DB")
    elif from_file:
        db = (from_file, f"config file {path}")
    else:
        from .store.url import DEFAULT_DB

        db = (DEFAULT_DB, "default")
    rows.append(("db", *db, "The database of the query, export, db and serve commands."))
    return rows
