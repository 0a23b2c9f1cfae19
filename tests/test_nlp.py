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
