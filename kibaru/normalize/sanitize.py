"""Characters no stored text may hold, removed once, first, for every input.

Whatever a reader or a client of the API hands over, three kinds of character
break what comes after normalisation, far from where they came in:

* lone surrogates (``"\\ud800"`` in JSON, undecodable bytes in a file name):
  not encodable as UTF-8, so writing the article to stdout or to a database
  raises;
* NUL: PostgreSQL refuses any text holding one, and with it the whole batch;
* other control characters (C0, DEL): invisible, and never part of news text.

Surrogate pairs are joined into the character they encode; a lone surrogate
becomes U+FFFD (the replacement character); NUL and other controls become a
space, as whitespace normalisation always made them (so content ids do not
change); tab and line breaks stay in long texts, which
``unicode.normalize_whitespace`` then tidies). C1 controls (U+0080-U+009F) are
left to the mojibake repair, which reads them as the Windows-1252 characters
they usually stand for ("l\\x92armée" -> "l’armée"), and removed after it.
"""

from __future__ import annotations

import re
from typing import Any

from ..doc import Article

_SURROGATES = re.compile("[\ud800-\udfff]")
# C0 controls (NUL included) but tab, line feed, carriage return (kept in texts), and DEL
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# every control, C1 included: for one-line fields (ids, names, URLs)
_ALL_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """A long text (title, body): surrogates repaired, controls (NUL too) as spaces."""
    if _SURROGATES.search(text):
        text = join_surrogates(text)
    return _CONTROLS.sub(" ", text)


def clean_line(text: str) -> str:
    """A one-line value (id, URL, author, tag): every control character goes."""
    if _SURROGATES.search(text):
        text = join_surrogates(text)
    return _ALL_CONTROLS.sub(" ", text).strip()


def drop_controls(text: str) -> str:
    """A one-line value after mojibake repair: the C1 controls it left go too."""
    return _ALL_CONTROLS.sub(" ", text)


def join_surrogates(text: str) -> str:
    """Pairs of surrogates as the character they encode; lone ones as U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean_value(value: Any) -> Any:
    """Strings anywhere inside a JSON-like value (the ``meta`` of a record)."""
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, dict):
        return {clean_line(str(k)): clean_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_value(v) for v in value]
    return value


def sanitize(article: Article) -> Article:
    """Every string field of ``article``, cleaned in place."""
    article.text = clean_text(article.text or "")
    if article.title is not None:
        article.title = clean_text(article.title)
    for name in ("id", "author", "outlet", "url", "published", "lang", "origin", "duplicate_of"):
        value = getattr(article, name)
        if value is not None:
            setattr(article, name, clean_line(str(value)) or None)
    article.tags = [tag for tag in (clean_line(str(t)) for t in article.tags) if tag]
    if article.meta:
        article.meta = clean_value(article.meta)
    return article
