"""Publication date and outlet from where an article comes from.

Readers fill what their format states (a JSON field, a feed's ``pubDate``, a
``Source:`` line). What is still missing is taken, in this order, from:

* the page's own metadata: JSON-LD ``datePublished`` and ``publisher``, then
  ``<meta>`` tags (``article:published_time``, ``og:site_name``, Dublin Core …);
* the URL: a date in its path ("/2021/06/15/", "/2021-06-15-", "/20210615/")
  and the site, through ``data/outlets.yaml`` (bbc.com/afrique → BBC Afrique);
* a date in the file name ("2021-06-15_attaque-gao.txt").

An article still without a publication date gets warning W104: its relative
dates ("mardi", "hier", "le 24 décembre") cannot be resolved, and an analyst
should know why they are missing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import yaml

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from .dates import to_iso_date

DATA = Path(__file__).parent / "data"

# A date in a URL path or a file name: year, month and day as path segments or
# joined by "-"/"_" ("/2021/06/15/", "2021-06-15-titre", "_20210615."), never
# inside a longer number (an article id such as "region-53099443").
_SEP = r"[/_\-.]"
URL_DATES = (
    re.compile(rf"(?:^|{_SEP})(?P<y>(?:19|20)\d\d){_SEP}(?P<m>[01]?\d){_SEP}(?P<d>[0-3]?\d)(?=$|{_SEP}|[?#&])"),
    re.compile(rf"(?:^|{_SEP})(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=$|{_SEP}|[?#&])"),
    re.compile(r"[?&](?:date|published|pubdate)=(?P<y>(?:19|20)\d\d)-?(?P<m>[01]\d)-?(?P<d>[0-3]\d)\b"),
)
# Dates before this are not a news article's publication (a path "/1914/08/03/"
# of an archive about the First World War still is; 1990 covers the web).
EARLIEST = date(1990, 1, 1)

JSONLD_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                "opinionnewsarticle", "backgroundnewsarticle", "webpage"}
DATE_META = ("article:published_time", "og:published_time", "og:article:published_time", "pubdate",
             "publishdate", "publish-date", "date", "dc.date", "dc.date.issued", "dcterms.date",
             "dcterms.created", "sailthru.date", "parsely-pub-date", "datepublished", "article.published")
OUTLET_META = ("og:site_name", "application-name", "publisher", "dc.publisher")


@dataclass(frozen=True, slots=True)
class Outlet:
    site: str  # "" for a source without a web address
    path: tuple[str, ...]
    name: str
    country: str | None
    international: bool = False  # its stories are not mostly about its home country
    aliases: tuple[str, ...] = ()  # its names, case-folded with spaces collapsed (``_name_key``)

    @property
    def home(self) -> str | None:
        """The country its unplaced local stories happen in (None for an international outlet)."""
        return None if self.international else self.country


def complete(article: Article) -> Article:
    """Fill a missing outlet and publication date from the URL and the file
    name (``origin``: "path", "path:line" or "path#entry"); then W104 if the
    article is to be coded and still has no publication date."""
    if article.errors:
        return article
    source_name = article.origin if article.origin and not article.origin.startswith("<") else None
    if not article.outlet and article.url:
        outlet = outlet_for(article.url)
        if outlet is not None:
            article.outlet = outlet.name
    if not article.published and article.url:
        article.published = date_in_path(urlsplit(article.url).path + "?" + urlsplit(article.url).query)
    if not article.published and source_name:
        article.published = date_in_path(Path(source_name.split("#")[0].split(":")[0]).name)
    return warn_if_undated(article)


# The languages kibaru codes: only their articles need a publication date.
DATED_LANGUAGES = ("fr", None)


def warn_if_undated(article: Article) -> Article:
    """W104 on an article kibaru will code without a publication date (called
    once the language is known: an English article is not coded, so it needs none)."""
    if not article.published and not article.errors and article.lang in DATED_LANGUAGES:
        if not any(w.code == "W104" for w in article.warnings):
            # about the article itself, wherever it was read from (the same on every engine)
            article.warnings.append(Issue.from_exception(KibaruError(Msg.W104)))
    return article


def date_in_path(text: str) -> str | None:
    """The first plausible publication date written in a URL path or file name."""
    for pattern in URL_DATES:
        for match in pattern.finditer(text):
            try:
                found = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            if EARLIEST <= found <= date.today():
                return found.isoformat()
    return None


def outlet_for(url: str) -> Outlet | None:
    """The outlet of a news site's URL, from ``data/outlets.yaml`` (longest match)."""
    parts = urlsplit(url if "//" in url else f"//{url}")
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    segments = tuple(s.lower() for s in parts.path.split("/") if s)
    best, best_len = None, -1
    for outlet in outlets():
        if not outlet.site or host != outlet.site and not host.endswith("." + outlet.site):
            continue
        if segments[: len(outlet.path)] != outlet.path:
            continue
        length = len(outlet.site) + 100 * len(outlet.path)
        if length > best_len:
            best, best_len = outlet, length
    return best


@lru_cache(maxsize=1)
def outlets() -> tuple[Outlet, ...]:
    entries = yaml.safe_load((DATA / "outlets.yaml").read_text(encoding="utf-8")) or []
    return tuple(
        Outlet(str(e.get("site") or "").lower(), tuple(p for p in str(e.get("path") or "").lower().split("/") if p),
               e["outlet"], e.get("country"), e.get("reach") == "international",
               tuple(_name_key(n) for n in (e["outlet"], e.get("name")) if n))
        for e in entries
    )


def outlet_named(name: str | None) -> Outlet | None:
    """The outlet an input names: its name, or its name followed by more
    ("Maliweb, 15 juin 2021", "LAFAND-MT fr-bam test (…)"); the longest wins."""
    if not name:
        return None
    key = _name_key(name)
    best, best_len = None, 0
    for outlet in outlets():
        for alias in outlet.aliases:
            if (key == alias or key.startswith(alias) and not key[len(alias)].isalnum()) and len(alias) > best_len:
                best, best_len = outlet, len(alias)
    return best


def home_country(outlet: str | None) -> str | None:
    """The home country of a national outlet, by name (``Outlet.home``)."""
    found = outlet_named(outlet)
    return found.home if found is not None else None


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())


# --- HTML -------------------------------------------------------------------------

def html_metadata(html: str) -> tuple[str | None, str | None]:
    """(publication date, outlet) that a page declares in JSON-LD or ``<meta>`` tags."""
    try:
        import lxml.html

        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises several parser errors on junk; metadata is optional
        return None, None
    published, outlet = _from_jsonld(root)
    metas = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key and value:
            metas.setdefault(key, value)
    if published is None:
        published = next((d for key in DATE_META if (d := to_iso_date_safe(metas.get(key)))), None)
    if published is None:
        for node in root.iter("time"):
            if node.get("itemprop", "").lower() == "datepublished" or node.get("pubdate") is not None:
                published = to_iso_date_safe(node.get("datetime"))
                if published:
                    break
    if outlet is None:
        outlet = next((metas[key] for key in OUTLET_META if metas.get(key)), None)
    return published, outlet


def _from_jsonld(root) -> tuple[str | None, str | None]:
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for node in _nodes(data):
            kind = node.get("@type")
            kinds = {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}
            if not kinds & JSONLD_TYPES:
                continue
            published = to_iso_date_safe(node.get("datePublished") or node.get("dateCreated"))
            publisher = node.get("publisher")
            if isinstance(publisher, list):
                publisher = publisher[0] if publisher else None
            outlet = publisher.get("name") if isinstance(publisher, dict) else publisher
            if published or outlet:
                return published, outlet if isinstance(outlet, str) and outlet.strip() else None
    return None, None


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _nodes(item)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if isinstance(graph, list):
            yield from _nodes(graph)


def to_iso_date_safe(value: Any) -> str | None:
    try:
        return to_iso_date(value) if value else None
    except Exception:  # a malformed date is no date
        return None
