"""The shared spaCy model: loaded once, with the French lemmatizer's word
index turned into sets (same lemmas as stock spaCy, without its linear scans)."""

from __future__ import annotations

import spacy

from kibaru.nlp import MODEL, chunk_text, load_nlp

SENTENCES = [
    "Le ministre de la Défense a reçu mardi l'ambassadeur de Russie à Bamako.",
    "Les manifestantes réclamaient le départ des soldats français stationnés à Gao.",
    "Elles n'ont pas été entendues : les autorités s'apprêtent à interdire les rassemblements.",
    "Des jihadistes présumés ont attaqué un poste des FAMa près de Ménaka, faisant six morts.",
    "Les négociations reprendraient bientôt, selon des diplomates ouest-africains.",
]


def test_lemma_index_tables_are_sets():
    lookups = load_nlp().get_pipe("lemmatizer").lookups
    tables = list(lookups.get_table("lemma_index").values())
    assert tables and all(isinstance(words, frozenset) for words in tables)


def test_lemmas_are_those_of_stock_spacy():
    stock = spacy.load(MODEL)
    ours = load_nlp()
    # fresh caches on both sides: every (word, POS) goes through the index lookups
    ours.get_pipe("lemmatizer").cache.clear()
    for sentence in SENTENCES:
        expected = [(t.text, t.lemma_) for t in stock(sentence)]
        assert [(t.text, t.lemma_) for t in ours(sentence)] == expected
    assert ("entendues", "entendre") in [(t.text, t.lemma_) for t in ours(SENTENCES[2])]


def test_load_nlp_is_one_model_per_process():
    assert load_nlp() is load_nlp()


def test_chunks_cut_at_paragraphs_and_keep_offsets():
    text = "Premier paragraphe.\n" + "Deuxième paragraphe, plus long.\n" * 3
    pieces = chunk_text(text, limit=40)
    assert all(len(piece) <= 40 for _, piece in pieces)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)


def test_batches_are_bounded_by_texts_and_characters():
    from kibaru.nlp import _pipe_bounded

    class Recorder:
        def pipe(self, texts, batch_size, component_cfg=None):
            self.batches.append(list(texts))
            self.configs.append(component_cfg)
            assert batch_size == len(self.batches[-1])
            return iter(self.batches[-1])

    recorder = Recorder()
    recorder.batches, recorder.configs = [], []
    texts = ["a" * 10] * 5 + ["b" * 100] + ["c" * 10] * 3
    assert list(_pipe_bounded(recorder, texts, batch_size=4, batch_chars=50)) == texts
    assert [len(batch) for batch in recorder.batches] == [4, 1, 1, 3]
    assert all(sum(map(len, batch)) <= 50 or len(batch) == 1 for batch in recorder.batches)
    assert recorder.configs == [None] * 4  # no break model: the component keeps its default
    # a sentence-break model reaches its component with every batch
    model = object()
    recorder.batches, recorder.configs = [], []
    assert list(_pipe_bounded(recorder, texts, batch_size=4, batch_chars=50, breaks=model)) == texts
    assert recorder.configs == [{"kibaru_breaks": {"model": model}}] * 4


def test_parse_keeps_input_order_across_batches():
    from kibaru.nlp import parse

    texts = [f"Le ministre numéro {n} a reçu l'ambassadeur." for n in range(11)]
    chunks = list(parse(texts, batch_size=4, batch_chars=120))
    assert [c[0].doc.text for c in chunks] == texts
    assert [c[0].index for c in chunks] == list(range(11))
