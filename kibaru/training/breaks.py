"""Training data for the sentence-break model (``kibaru.nlp.breaks``).

The gold's lead sentences say where sentences start. Each article is run
through the first two stages of the spaCy pipeline (tok2vec and
morphologizer: what the break component sees before the parser), and every
candidate position inside the annotated stretch of text is labelled: does a
lead sentence start there?
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..nlp import chunk_text, load_nlp
from ..nlp.breaks import candidates, features
from .gold import AlignedArticle
from .rows import rows_of

# A lead sentence found this close (in characters) to a candidate starts there:
# fuzzy alignment may be off by a quote mark or a space.
SLACK = 2


@dataclass
class BreakData:
    features: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)

    def subset(self, keep: set[str]) -> "BreakData":
        return rows_of(self, [a in keep for a in self.articles])


def break_data(golds: Sequence[AlignedArticle]) -> BreakData:
    nlp = load_nlp()
    data = BreakData()
    pieces = [(gold, offset, piece) for gold in golds for offset, piece in chunk_text(gold.text)]
    with nlp.select_pipes(enable=["tok2vec", "morphologizer"]):
        docs = nlp.pipe((piece for _, _, piece in pieces), batch_size=8)
        for (gold, offset, _), doc in zip(pieces, docs):
            _label(gold, offset, doc, data)
    return data


def _label(gold: AlignedArticle, offset: int, doc, data: BreakData) -> None:
    spans = [s for s in gold.leads if s is not None]
    if not spans:
        return
    first, last = min(s.start for s in spans), max(s.end for s in spans)
    starts = [s.start for s in spans]
    for i in candidates(doc):
        at = offset + doc[i].idx
        if not first < at < last:
            continue  # outside the annotated sentences: no answer
        data.features.append(features(doc, i))
        data.labels.append(int(any(abs(at - s) <= SLACK for s in starts)))
        data.articles.append(gold.record.id)
