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
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any


def _setting(default: Any, help: str, coding: bool = True) -> Any:
    """``coding=False``: the setting only bounds what is read; it does not
    change how an article is coded, so it is left out of the store's
    settings hash (changing it does not make a re-run code everything again)."""
    return field(default=default, metadata={"help": help, "coding": coding})


@dataclass(frozen=True, slots=True)
class Settings:
    max_chars: int = _setting(
        2_000_000,
        "Largest article (or input line) accepted, in characters. 2M characters is "
        "about 300,000 French words, three times a long report; larger inputs are "
        "almost always concatenated dumps or corrupt files.",
    )
    max_file_mb: int = _setting(
        1024,
        "Largest file read whole (CSV/TSV, feed), in MB. Bigger files are refused before "
        "they are read into memory; JSON Lines and WARC files are read record by record "
        "and have no such limit, only --max-chars per record.",
        coding=False,
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
    )
    minhash_permutations: int = _setting(128, "MinHash permutations (accuracy vs speed of near-duplicate search).")
    near_duplicate_min_words: int = _setting(
        25, "Articles shorter than this are only checked for exact duplicates."
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> "Settings":
        """The settings of this process: defaults, then the config file, the
        environment and ``overrides`` (flags; None means not given)."""
        return cls.resolve(environ, **overrides)[0]

    @classmethod
    def resolve(cls, environ: dict[str, str] | None = None, **overrides: Any) -> tuple["Settings", dict[str, str]]:
        """``from_env``, and where each setting's value came from."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        sources = {f.name: "default" for f in fields(cls)}
        path = config_path(env)
        if path is not None:
            for name, value in read_config(path).items():
                if name in sources:
                    values[name], sources[name] = value, f"config file {path}"
        for f in fields(cls):
            variable = f"KIBARU_{f.name.upper()}"
            raw = env.get(variable)
            if raw is not None:
                values[f.name], sources[f.name] = _parse(raw, type(f.default)), f"environment {variable}"
        for name, value in overrides.items():
            if value is not None:
                values[name], sources[name] = value, "command line"
        return cls(**values), sources

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def coding_values(self) -> dict[str, Any]:
        """The settings that decide how an article is coded (see ``_setting``)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.metadata.get("coding", True)}


def _parse(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return kind(raw)


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
    kinds = {f.name: type(f.default) for f in fields(Settings)} | CONFIG_ONLY
    for name, value in data.items():
        kind = kinds.get(name)
        if kind is None:
            raise fail(f"unknown setting {name!r} (known: {', '.join(sorted(kinds))})")
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            data[name] = value = float(value)
        if not isinstance(value, kind) or kind is int and isinstance(value, bool):
            raise fail(f"{name} must be {kind.__name__}, not {type(value).__name__} ({value!r})")
    return data


def describe(environ: dict[str, str] | None = None, db_flag: str | None = None) -> list[tuple[str, Any, str, str]]:
    """Every setting (and the database) as (name, value, where from, help), for ``kibaru config show``."""
    env = os.environ if environ is None else environ
    settings, sources = Settings.resolve(env)
    rows = [(f.name, getattr(settings, f.name), sources[f.name], f.metadata["help"]) for f in fields(Settings)]
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
