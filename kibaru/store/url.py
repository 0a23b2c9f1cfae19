"""What ``--db`` accepts: a file path, ``sqlite:///path`` or ``postgresql://…``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from ..errors import KibaruError, Msg

DEFAULT_DB = "kibaru.db"
# SQLite options a URL may carry (sqlite:///corpus.db?max_pages=1000).
SQLITE_OPTIONS = {"max_pages": int, "mode": str}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True, slots=True)
class StoreURL:
    backend: str  # "sqlite" | "postgresql"
    # SQLite: the database file; PostgreSQL: the libpq connection string
    target: str
    options: dict[str, object] = field(default_factory=dict)

    def display(self) -> str:
        """The address as it can be shown in messages: never the password."""
        if self.backend == "sqlite":
            return self.target
        return redact(self.target)


def parse_url(value: str | Path | None) -> StoreURL:
    """Read a ``--db`` value; a malformed one is an E201 error naming it."""
    raw = str(value) if value is not None else DEFAULT_DB
    if not raw.strip():
        raise KibaruError(Msg.E201, input="--db", detail="empty value")
    if not _SCHEME.match(raw):
        # a bare path, with or without a suffix: SQLite
        return StoreURL("sqlite", raw)
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative.db and sqlite:////absolute/path.db, as SQLAlchemy writes them
        if parts.netloc:
            raise KibaruError(Msg.E201, input=raw, detail="a SQLite address has no host: write sqlite:///path/to/file.db")
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not path:
            raise KibaruError(Msg.E201, input=raw, detail="no file name after sqlite:///")
        options: dict[str, object] = {}
        for key, text in parse_qsl(parts.query, keep_blank_values=True):
            if key not in SQLITE_OPTIONS:
                raise KibaruError(Msg.E201, input=raw, detail=f"unknown option {key!r} (known: {', '.join(SQLITE_OPTIONS)})")
            try:
                options[key] = SQLITE_OPTIONS[key](text)
            except ValueError:
                raise KibaruError(Msg.E201, input=raw, detail=f"option {key}={text!r} is not a number") from None
        return StoreURL("sqlite", path, options)
    if scheme in ("postgresql", "postgres"):
        try:
            parts.port  # noqa: B018  (raises on a port that is not a number)
        except ValueError:
            raise KibaruError(Msg.E201, input=redact(raw), detail="the port is not a number") from None
        if not parts.path.strip("/") and "dbname=" not in parts.query:
            raise KibaruError(Msg.E201, input=redact(raw), detail="no database name: postgresql://user@host/dbname")
        return StoreURL("postgresql", raw)
    raise KibaruError(Msg.E201, input=redact(raw), detail=f"unknown scheme {scheme!r}")


_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)[^/?#\s]*@")
# libpq's other spellings: "host=db password=secret" and ?password=secret
_KEYWORD_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)", re.I)


def redact(url: str) -> str:
    """``postgresql://kb:secret@host/db`` -> ``postgresql://kb:***@host/db``
    (and ``password=secret`` -> ``password=***``)."""
    return _KEYWORD_PASSWORD.sub(r"\1***", _URL_PASSWORD.sub(r"\1***@", url))


def redact_command(args: list[str]) -> str:
    """A command line as it may be stored and shown: passwords masked."""
    return " ".join(redact(arg) for arg in args)
