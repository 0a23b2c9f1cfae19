"""Numbered messages: what happened, the likely cause, what to do.

Every error a user can meet is declared here once, so that the CLI, the API and
the JSON output all say the same thing, and so that a message can be looked up
by its code. Codes E1xx are about reading inputs, E2xx about the database,
W1xx are warnings that do not make an input fail.
"""

from __future__ import annotations

from enum import Enum


class Msg(str, Enum):
    # --- reading inputs -------------------------------------------------------
    E101 = "no such file or directory"
    E102 = "cannot read: {reason}"
    E103 = "empty file: nothing to read"
    E104 = "binary content, not text ({detail}); is this really a {kind} file?"
    E105 = "article too large: {size:,} characters (limit {limit:,}; raise it with --max-chars)"
    E106 = "not valid JSON: {detail}"
    E107 = "no text column: expected one of {expected}; found {found}"
    E108 = "no text: the record has none of the fields {expected}"
    E109 = "unsupported input: '{suffix}' files have no reader; supported: {supported}"
    E110 = "no main text found in the HTML page{hint}"
    E111 = "truncated HTML: the page ends before </html>; the text kept may be incomplete"
    E112 = "not a feed: {detail}"
    E113 = "not a WARC file: {detail}"
    E114 = "a JSON line must be an object, got {kind}"
    E115 = "line too long: {size:,} bytes (limit {limit:,}; raise it with --max-chars)"
    E116 = "CSV has no header row"
    E117 = "could not decode the text: {detail}"
    E118 = "an empty article: no title and no text"
    E119 = "not a places file: {detail}"
    E199 = "the coder failed on this article: {detail} (please report this)"
    # --- the database (kibaru.store) ------------------------------------------
    E201 = "not a database address: {detail} (give a file path, sqlite:///path or postgresql://user@host/dbname)"
    E202 = "cannot connect: {detail}"
    E203 = "written by a newer kibaru: schema version {found}, this kibaru knows up to {known}; upgrade kibaru"
    E204 = "read-only: {detail}; nothing was written"
    E205 = "database or disk full: the last batch ({articles} articles) was not stored; earlier data is intact; free space and re-run"
    E206 = "not a kibaru database: {detail}"
    E207 = "no such database: {detail} (create it with kibaru analyze PATH --db ...)"
    E208 = "no article with id {id!r}"
    E209 = "the database needs an upgrade (schema version {found}, current {known}): run kibaru db upgrade --db ..."
    E210 = "database error: {detail}"
    E211 = "bad query: {detail}"
    # --- warnings ------------------------------------------------------------
    W101 = "decoded as {encoding} (not UTF-8)"
    W102 = "the feed is not well-formed ({detail}); entries read anyway"
    W103 = "language detection failed: {detail}"
    W104 = "no publication date in the source: relative dates (\"mardi\", \"hier\", \"le 24 décembre\") are not resolved"

    def format(self, **kwargs: object) -> str:
        return self.value.format(**kwargs)


class KibaruError(Exception):
    """An error about one input (a file, or one line/record of a file).

    Carries the numbered message, the input's name and, when known, the line
    number, so that the CLI prints one line such as
    ``data/a.jsonl:3: E106 not valid JSON: Expecting value``.
    """

    def __init__(
        self,
        code: Msg,
        input: str | None = None,
        line: int | None = None,
        **kwargs: object,
    ) -> None:
        self.code = code.name
        self.message = code.format(**kwargs)
        self.input = input
        self.line = line
        super().__init__(self.describe())

    def describe(self) -> str:
        where = self.input or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.code} {self.message}"
