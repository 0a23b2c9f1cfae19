"""Normalisation and repair: raw Articles in, clean Articles out.

Steps, in order, each recording what it changed in ``Article.repairs``:
sanitising (surrogates, NUL, control characters, in every field: the one
place they are removed, for every reader and the API) -> unicode (mojibake, NFC) -> whitespace -> size check -> id -> boilerplate ->
glued sentences -> lost apostrophes -> language. Duplicate detection needs the whole stream and
lives in ``duplicates.DuplicateFinder``.
"""

from __future__ import annotations

import hashlib

from ..doc import Article, Issue
from ..errors import KibaruError, Msg
from ..ingest.metadata import complete
from ..settings import Settings
from .apostrophes import ApostropheRepairer
from .boilerplate import drop_repeated_title, strip_boilerplate
from .duplicates import DuplicateFinder
from .language import detect_language
from .sanitize import drop_controls, sanitize
from .spacing import unglue_sentences
from .unicode import fix_unicode, normalize_whitespace

ID_DIGEST_BYTES = 8  # 16 hex characters: no collision expected below ~10^9 articles


class Normalizer:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._apostrophes = ApostropheRepairer() if self.settings.repair_apostrophes else None

    def __call__(self, article: Article) -> Article:
        if article.normalized:  # by an earlier entry point (kibaru.read, then a pipeline)
            return article
        article.normalized = True
        sanitize(article)
        if not article.text and not article.title:
            if not article.errors:
                article.errors.append(Issue.from_exception(KibaruError(Msg.E118, article.origin)))
            return article
        self._clean_fields(article)
        size = len(article.text) + len(article.title or "")
        if size > self.settings.max_chars:
            error = KibaruError(Msg.E105, article.origin, size=size, limit=self.settings.max_chars)
            article.errors.append(Issue.from_exception(error))
            article.text = ""
            return article
        if not article.id:
            article.id = content_id(article)
        article.text, repairs = strip_boilerplate(article.text)
        article.repairs.extend(repairs)
        article.text, repairs = drop_repeated_title(article.title, article.text)
        article.repairs.extend(repairs)
        article.text, repairs = unglue_sentences(article.text)
        article.repairs.extend(repairs)
        if self._apostrophes is not None:
            for name in ("title", "text"):
                value, repairs = self._apostrophes(getattr(article, name) or "")
                if repairs:
                    setattr(article, name, value)
                    article.repairs.extend(repairs)
        if self.settings.detect_language and not article.lang:
            # the body decides: the compact fastText model can be swayed by a
            # single word put in front of a short text (a headline "Titre" made
            # an English paragraph French); the title only helps a bodiless article
            guess = detect_language(article.text)
            if guess.lang is None:
                guess = detect_language(f"{article.title or ''}\n{article.text}")
            article.lang = guess.lang
        # outlet and publication date from the URL or file name, W104 without one
        return complete(article)

    def _clean_fields(self, article: Article) -> None:
        text, repairs = fix_unicode(article.text)
        article.text = normalize_whitespace(text)
        article.repairs.extend(repairs)
        for name in ("title", "author", "outlet"):
            value = getattr(article, name)
            if value:
                fixed, repairs = fix_unicode(value)
                setattr(article, name, " ".join(drop_controls(fixed).split()) or None)
                article.repairs.extend(repairs)
        article.tags = [" ".join(drop_controls(fix_unicode(t)[0]).split()) for t in article.tags]


def normalized(normalizer: Normalizer, article: Article) -> Article:
    """The normalised article; one that makes a repair step fail is an error
    naming its input (E119), and the stream goes on."""
    try:
        return normalizer(article)
    except Exception as exc:  # noqa: BLE001 - a repair bug on one article must not end the batch
        error = KibaruError(Msg.E119, article.origin, detail=f"{type(exc).__name__}: {exc}")
        article.errors.append(Issue.from_exception(error))
        article.text = ""
        return article


def content_id(article: Article) -> str:
    """A stable id from the article's content.

    Computed after unicode and whitespace normalisation but *before* lexical
    repairs, so that improving the apostrophe repair does not change the ids
    of articles already stored. The URL is part of the key so that two pages
    with the same text stay two articles (and one is flagged as a duplicate).
    """
    key = "\x1f".join((article.url or "", article.title or "", article.text))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=ID_DIGEST_BYTES).hexdigest()


__all__ = ["Normalizer", "DuplicateFinder", "content_id", "detect_language", "normalized"]
