"""One settings object: each setting declared once, with its default and help.

Shipped defaults can be overridden by environment variables (``KIBARU_<NAME>``)
and by CLI flags.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
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
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f"KIBARU_{f.name.upper()}")
            if raw is not None:
                values[f.name] = _parse(raw, type(f.default))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def with_(self, **changes: Any) -> "Settings":
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def coding_values(self) -> dict[str, Any]:
        """The settings that decide how an article is coded (see ``_setting``)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.metadata.get("coding", True)}


def _parse(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    return kind(raw)
