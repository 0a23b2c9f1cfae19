"""The filters of ``kibaru events`` and ``kibaru search``, as SQL WHERE clauses.

Filters become clauses with ``?`` parameters; user values are never pasted
into the SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..doc.analysis import EVENT_TYPES, STATUSES
from ..errors import KibaruError, Msg

_COUNTRY_CODE = re.compile(r"^(?:[A-Za-z]{3}|IGO:[A-Za-z0-9_-]+)$")
# Paging past a million rows is a job for kibaru export; and both engines keep
# LIMIT and OFFSET in 64-bit integers, which 2**63 overflows ("bigint out of range").
MAX_OFFSET = 1_000_000
MAX_LIMIT = 1_000_000
# NUL cuts a string short in SQLite's LIKE (source=%00 matched every event) and
# PostgreSQL refuses it outright; no other control character belongs in a filter.
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def check_values(values: dict[str, object]) -> None:
    """E211 for a filter value holding a control character (NUL, line breaks …)."""
    for option, value in values.items():
        if isinstance(value, str) and _CONTROL.search(value):
            raise KibaruError(Msg.E211, input=option, detail=f"{value!r} holds a control character")
        if isinstance(value, list):
            check_values({option: v for v in value})


def check_page(limit: int, offset: int) -> None:
    if limit < 0 or offset < 0:
        raise KibaruError(Msg.E211, input="--limit", detail="limit and offset cannot be negative")
    if limit > MAX_LIMIT or offset > MAX_OFFSET:
        raise KibaruError(Msg.E211, input="--limit", detail=f"limit and offset go up to {MAX_LIMIT:,} and "
                          f"{MAX_OFFSET:,}; use kibaru export for whole tables")


def is_country_code(value: str) -> bool:
    """``MLI``, ``rus``, ``IGO:UN``: a country or organisation code, not a name."""
    return bool(_COUNTRY_CODE.match(value))


def country_code(value: str) -> str:
    return "IGO:" + value[4:].upper() if value.upper().startswith("IGO:") else value.upper()


def day(value: str | None, option: str) -> str | None:
    """A date filter: YYYY, YYYY-MM or YYYY-MM-DD, as the first day it covers."""
    if not value:
        return None
    text = value.strip()
    for pattern, pad in ((r"\d{4}", "-01-01"), (r"\d{4}-\d{2}", "-01"), (r"\d{4}-\d{2}-\d{2}", "")):
        if re.fullmatch(pattern, text):
            try:
                return date.fromisoformat(text + pad).isoformat()
            except ValueError:
                break
    raise KibaruError(Msg.E211, input=option, detail=f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


def day_end(value: str | None, option: str) -> str | None:
    """The *last* day a YYYY / YYYY-MM / YYYY-MM-DD filter covers (inclusive upper bound)."""
    first = day(value, option)
    if first is None:
        return None
    text = value.strip()
    if len(text) == 4:
        return f"{text}-12-31"
    if len(text) == 7:
        # every day string of that month sorts below "YYYY-MM-32"
        return f"{text}-32"
    return first


def day_clauses(first: str, last: str, since: str | None, until: str | None,
                clauses: list[str], params: list) -> None:
    """--since/--until (already read by ``day``/``day_end``) on a span of days
    from column ``first`` to column ``last`` (the same column for one day):
    the span must end on or after ``since`` and start on or before ``until``."""
    if since:
        clauses.append(f"{last} >= ?")
        params.append(since)
    if until:
        clauses.append(f"{first} <= ?")
        params.append(until)


@dataclass
class EventQuery:
    types: list[str] = field(default_factory=list)
    source: str | None = None      # a country code (MLI, IGO:UN) or part of a name
    target: str | None = None
    country: str | None = None     # source, target or place in this country
    status: str | None = None
    mode: str | None = None
    since: str | None = None
    until: str | None = None
    article_id: str | None = None
    min_confidence: float | None = None
    # one actor on either side, as the network names its nodes: "name|country|agent"
    actor: str | None = None
    place: str | None = None       # "name|country", as the map names its places
    outlet: str | None = None      # events of this outlet's articles
    topic: str | None = None       # events of articles of this topic (politics, business …)
    limit: int = 50
    offset: int = 0

    def __post_init__(self) -> None:
        check_values({"--type": self.types, "--source": self.source, "--target": self.target,
                      "--country": self.country, "--status": self.status, "--mode": self.mode,
                      "--since": self.since, "--until": self.until, "--article": self.article_id,
                      "--actor": self.actor, "--place": self.place, "--outlet": self.outlet, "--topic": self.topic})
        for option, value, parts in (("--actor", self.actor, 3), ("--place", self.place, 2)):
            if value is not None and value.count("|") != parts - 1:
                raise KibaruError(Msg.E211, input=option, detail=f"{value!r} is not {'name|country|sector' if parts == 3 else 'name|country'}")
        self.types = [t.upper() for t in self.types]
        unknown = [t for t in self.types if t not in EVENT_TYPES]
        if unknown:
            raise KibaruError(Msg.E211, input="--type", detail=f"unknown PLOVER type {', '.join(unknown)} "
                              f"(one of {' '.join(EVENT_TYPES)})")
        if self.status and self.status not in STATUSES:
            raise KibaruError(Msg.E211, input="--status", detail=f"{self.status!r} is not one of {', '.join(STATUSES)}")
        check_page(self.limit, self.offset)
        self._since = day(self.since, "--since")
        self._until = day_end(self.until, "--until")

    def where(self, alias: str = "e", fused: bool = False, top: int | None = None) -> tuple[str, list]:
        """The WHERE clause over ``events`` (aliased ``alias``), or over
        ``fused_events`` when ``fused``: same filters, on the fused event's
        dyad, place and span of days.

        ``top``: the caller wants only the newest ``top`` rows. A country
        filter is then three index walks (source, target, place side), each
        stopping after ``top`` rows, instead of one OR that collects every
        event of the country before sorting them (1.5 s for Mali on 1M events).
        """
        if fused and (self.status or self.mode or self.article_id or self.min_confidence is not None
                      or self.actor or self.outlet or self.topic
                      or "|" in (self.source or "") + (self.target or "")):
            raise KibaruError(Msg.E211, input="--fused", detail="status, mode, article, actor, outlet, topic and "
                              "confidence filters apply to single reports, not to fused events")
        clauses, params = self._clauses(alias, fused, with_country=not (self.country and top is not None and not fused))
        if self.country and top is not None and not fused:
            code = country_code(self.country)
            inner, inner_params = self._clauses("x", fused, with_country=False)
            rest = "".join(f" AND {c}" for c in inner)
            branches = []
            for side in ("source_country", "target_country", "place_country"):
                branches.append(f"SELECT id FROM (SELECT x.id FROM events x WHERE x.{side} = ?{rest} "
                                f"ORDER BY x.day DESC NULLS LAST, x.id DESC LIMIT ?) AS {side}_top")
                params.extend([code, *inner_params, top])
            clauses.append(f"{alias}.id IN ({' UNION '.join(branches)})")
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params

    def _clauses(self, e: str, fused: bool, with_country: bool = True) -> tuple[list[str], list]:
        clauses: list[str] = []
        params: list = []
        if self.types:
            clauses.append(f"{e}.type IN ({', '.join('?' * len(self.types))})")
            params.extend(self.types)
        for side, value in (("source", self.source), ("target", self.target)):
            if value:
                if value.count("|") == 2:  # a network node: this very actor
                    clause, values = _same_actor(e, side, value)
                    clauses.append(clause)
                    params.extend(values)
                elif is_country_code(value):
                    clauses.append(f"{e}.{side}_country = ?")
                    params.append(country_code(value))
                else:
                    clauses.append(f"lower({e}.{side}_name) LIKE ?")
                    params.append(f"%{value.lower()}%")
        if self.country and with_country:
            code = country_code(self.country)
            clauses.append(f"({e}.source_country = ? OR {e}.target_country = ? OR {e}.place_country = ?)")
            params.extend([code] * 3)
        if self.actor:
            (source, source_params), (target, target_params) = (_same_actor(e, side, self.actor)
                                                                for side in ("source", "target"))
            clauses.append(f"({source} OR {target})")
            params.extend([*source_params, *target_params])
        if self.place:
            clauses.append(f"COALESCE({e}.place_name, '') = ? AND COALESCE({e}.place_country, '') = ?")
            params.extend(self.place.split("|"))
        if self.outlet:
            clauses.append(f"{e}.article_id IN (SELECT o.id FROM articles o WHERE lower(o.outlet) = ?)")
            params.append(self.outlet.lower())
        if self.topic:
            clauses.append(f"{e}.article_id IN (SELECT t.article_id FROM topics t WHERE t.label = ?)")
            params.append(self.topic.lower())
        if self.status:
            clauses.append(f"{e}.status = ?")
            params.append(self.status)
        if self.mode:
            clauses.append(f"{e}.mode = ?")
            params.append(self.mode)
        first, last = ("first_day", "last_day") if fused else ("day", "day")
        day_clauses(f"{e}.{first}", f"{e}.{last}", self._since, self._until, clauses, params)
        if self.article_id:
            clauses.append(f"{e}.article_id = ?")
            params.append(self.article_id)
        if self.min_confidence is not None:
            clauses.append(f"{e}.confidence >= ?")
            params.append(self.min_confidence)
        return clauses, params


def _same_actor(e: str, side: str, key: str) -> tuple[str, list]:
    """One side of an event is the actor named by ``name|country|sector``, a
    blank part standing for an unknown one. Plain equalities (``IS NULL`` for a
    blank), so that the country's index narrows the search."""
    clauses, params = [], []
    for column, value in zip(("name", "country", "agent"), key.split("|")):
        if value:
            clauses.append(f"{e}.{side}_{column} = ?")
            params.append(value)
        else:
            clauses.append(f"{e}.{side}_{column} IS NULL")
    return f"({' AND '.join(clauses)})", params


@dataclass
class SearchQuery:
    text: str
    since: str | None = None
    until: str | None = None
    country: str | None = None   # articles with an actor or a place of this country
    outlet: str | None = None
    lang: str | None = None
    topic: str | None = None     # articles of this topic (politics, business …)
    limit: int = 20
    offset: int = 0

    def __post_init__(self) -> None:
        if not self.text or not self.text.strip():
            raise KibaruError(Msg.E211, input="search", detail="empty search text")
        check_values({"search": self.text, "--since": self.since, "--until": self.until, "--country": self.country,
                      "--outlet": self.outlet, "--lang": self.lang, "--topic": self.topic})
        fts5_query(self.text)  # E211 unless there is a word to look for ("-word" alone asks for every article)
        check_page(self.limit, self.offset)
        self._since = day(self.since, "--since")
        self._until = day_end(self.until, "--until")

    def filters(self, alias: str = "a") -> tuple[list[str], list]:
        """Clauses on the articles table (aliased ``alias``), beside the text match."""
        clauses: list[str] = []
        params: list = []
        day_clauses(f"{alias}.day", f"{alias}.day", self._since, self._until, clauses, params)
        if self.outlet:
            clauses.append(f"lower({alias}.outlet) = ?")
            params.append(self.outlet.lower())
        if self.lang:
            clauses.append(f"{alias}.lang = ?")
            params.append(self.lang)
        if self.topic:
            clauses.append(f"{alias}.id IN (SELECT t.article_id FROM topics t WHERE t.label = ?)")
            params.append(self.topic.lower())
        if self.country:
            code = country_code(self.country)
            clauses.append(f"(EXISTS (SELECT 1 FROM actors c WHERE c.article_id = {alias}.id AND c.country = ?) "
                           f"OR EXISTS (SELECT 1 FROM places p WHERE p.article_id = {alias}.id AND p.country = ?))")
            params.extend([code, code])
        return clauses, params


    def rowid_sets(self) -> tuple[list[str], list]:
        """The same filters as sets of ``articles`` rowids (SQLite search): the
        full-text index ranks its matches alone, and each filter is one lookup."""
        conditions, params = self.filters("a")
        sets: list[str] = []
        plain = [c for c in conditions if "EXISTS" not in c]
        plain_params = params[:len(params) - (2 if self.country else 0)]
        if plain:
            sets.append(f"SELECT a.rowid FROM articles a WHERE {' AND '.join(plain)}")
        if self.country:
            code = country_code(self.country)
            sets.append("SELECT a.rowid FROM articles a WHERE a.id IN (SELECT article_id FROM actors WHERE country = ? "
                        "UNION SELECT article_id FROM places WHERE country = ?)")
            plain_params = [*plain_params, code, code]
        return sets, plain_params


_TERM = re.compile(r'(-?)"([^"]*)"|(\S+)')


def fts5_query(text: str) -> str:
    """A user's search words as an FTS5 expression that cannot be a syntax error.

    Words are ANDed; "quoted words" are phrases; ``OR`` between terms; a
    leading ``-`` excludes; a trailing ``*`` matches a prefix (``milit*``).
    Every term is quoted, so punctuation in the input ("l'armée", "G5-Sahel")
    means what it says instead of being FTS5 syntax.
    """
    positive: list[str] = []
    negative: list[str] = []
    pending_or = False
    for match in _TERM.finditer(text):
        neg, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None:
            if word == "OR":
                pending_or = bool(positive)
                continue
            neg = "-" if word.startswith("-") and len(word) > 1 else ""
            word = word[1:] if neg else word
            prefix = word.endswith("*") and len(word) > 1
            body = word.rstrip("*")
            term = '"' + body.replace('"', '""') + '"' + ("*" if prefix else "")
        else:
            if not phrase.strip():
                continue
            term = '"' + phrase.replace('"', '""') + '"'
        if neg:
            negative.append(term)
        elif pending_or and positive:
            positive[-1] = f"({positive[-1]} OR {term})"
            pending_or = False
        else:
            positive.append(term)
    if not positive:
        raise KibaruError(Msg.E211, input="search", detail=f"{text!r} has no word to look for")
    expression = " AND ".join(positive)
    for term in negative:
        expression = f"({expression}) NOT {term}"
    return expression
