"""Numbered messages: what happened, the likely cause, what to do.

Every error a user can meet is declared here once, so that the CLI, the API and
the JSON output all say the same thing, and so that a message can be looked up
by its code. Codes E0xx are about the installation, E1xx about reading inputs, E2xx about the database, E3xx about
the pipeline's stages, W1xx are warnings about reading, W2xx warnings about coding and storing; a
warning never makes an input fail.
"""

from __future__ import annotations

from enum import Enum

# A value pasted into a message is cut to this many characters: a message is one
# line on a terminal, and an input can make a value megabytes long (a parser's
# error quoting a whole corrupt record, a 100,000-character "id").
MAX_VALUE_CHARS = 200


class Msg(str, Enum):
    # --- installing -----------------------------------------------------------
    E001 = "{what} needs {module}, which is not installed: pip install 'kibaru[{extra}]'"
    # --- reading inputs -------------------------------------------------------
    E101 = "no such file or directory"
    E102 = "cannot read: {reason}"
    E103 = "empty file: nothing to read"
    E104 = "binary content, not text ({detail}); is this really a {kind} file?"
    E105 = "article too large: {size:,} {unit} (limit {limit:,} characters; raise it with --max-chars)"
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
    E118 = "an empty article: no title and no text"
    E119 = "cannot read this record: {detail}"
    E120 = "unbalanced quote: a quoted cell opens on this line and never closes where a cell can end (it would swallow {lines:,} lines, to line {end}); this row is skipped, the lines after it are read as rows"
    E121 = "file too large: {size:,} bytes (limit {limit:,} MB; raise it with KIBARU_MAX_FILE_MB)"
    E122 = "not a places file: {detail}"
    E123 = "not a kibaru model directory: {detail}"
    E124 = "not a gold file: {detail}"
    E125 = "not a kibaru config file: {detail}"
    E126 = "not a valid setting: {detail}"
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
    E212 = "the query took longer than {seconds:g} s and was stopped; narrow it (a date range, a country, a type)"
    E213 = "article not stored: the database refused it ({detail}); the other articles of its batch are stored"
    E214 = "article not stored: it has no id (normalise it first: kibaru.read and pipelines give every article one)"
    E215 = "no event {seq} in article {id!r} (re-analysed since? reload the review queue)"
    E216 = "review not stored: {detail}"
    # --- the pipeline's stages (kibaru.stages) ------------------------------
    E301 = "stage '{stage}' (number {position}) requires {missing}, which no stage before it fills; put the stage that fills it first: {fillers}"
    E302 = "no stage named '{stage}'; registered stages: {known}"
    # --- warnings ------------------------------------------------------------
    W101 = "decoded as {encoding}, a guess from the bytes (not UTF-8, not French in Windows-1252); check the text"
    W102 = "the feed is not well-formed ({detail}); entries read anyway"
    W104 = "no publication date in the source: relative dates (\"mardi\", \"hier\", \"le 24 décembre\") are not resolved"
    W201 = "not coded: the article is in '{lang}', kibaru codes French"
    W202 = "id {id!r} already read in this run ({first}), with the same content; this copy is not stored"
    W203 = "id {id!r} is also the id of another article ({first}); this one is stored as {new!r}"
    W204 = "run {run} ({command}) was killed before it finished; marked interrupted (what it committed is kept)"

    def format(self, **kwargs: object) -> str:
        kwargs.setdefault("unit", "characters")
        return self.value.format(**{name: _short(value) for name, value in kwargs.items()})


def _short(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return f"{value[:MAX_VALUE_CHARS]}… ({len(value):,} characters)"
    return value


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
