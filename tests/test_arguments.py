"""kibaru.events.arguments on hand-built parses: who does an infinitive's act."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from kibaru.events.arguments import verb_arguments
from kibaru.events.lexicon import Trigger


def parse(words, heads, deps, pos, morphs=None) -> Doc:
    return Doc(Vocab(), words=words, heads=heads, deps=deps, pos=pos, morphs=morphs or [""] * len(words))


AID = Trigger(lemma="aider", type="AID", mode=None, pos="verb", target_preps=("a",))


def test_a_nouns_infinitive_is_done_by_the_nouns_agent_not_the_clause_subject():
    # "Les Maliens saluent l'acceptation de la Russie d'aider le Mali."
    words = ["Les", "Maliens", "saluent", "l'", "acceptation", "de", "la", "Russie", "d'", "aider", "le", "Mali", "."]
    heads = [1, 2, 2, 4, 2, 7, 7, 4, 9, 4, 11, 9, 2]
    deps = ["det", "nsubj", "ROOT", "det", "obj", "case", "det", "nmod", "mark", "acl", "det", "obj", "punct"]
    pos = ["DET", "NOUN", "VERB", "DET", "NOUN", "ADP", "DET", "PROPN", "ADP", "VERB", "DET", "PROPN", "PUNCT"]
    morphs = [""] * 9 + ["VerbForm=Inf"] + [""] * 3
    doc = parse(words, heads, deps, pos, morphs)
    args = verb_arguments(doc[9], AID)
    assert [t.text for t in args.sources] == ["Russie"]
    assert [t.text for t in args.targets] == ["Mali"]


def test_one_level_down_the_nouns_complements():
    # "… un début d'acceptation de la Russie d'aider le Mali" (the parser hangs "d'aider" on "début")
    words = ["un", "début", "d'", "acceptation", "de", "la", "Russie", "d'", "aider", "le", "Mali"]
    heads = [1, 1, 3, 1, 6, 6, 3, 8, 1, 10, 8]
    deps = ["det", "ROOT", "case", "nmod", "case", "det", "nmod", "mark", "acl", "det", "obj"]
    pos = ["DET", "NOUN", "ADP", "NOUN", "ADP", "DET", "PROPN", "ADP", "VERB", "DET", "PROPN"]
    morphs = [""] * 8 + ["VerbForm=Inf"] + [""] * 2
    doc = parse(words, heads, deps, pos, morphs)
    assert [t.text for t in verb_arguments(doc[8], AID).sources] == ["Russie"]


def test_a_nouns_infinitive_without_a_named_agent_has_no_source():
    # "La décision d'aider le Mali surprend." : nobody named, not the subject of "surprend"
    words = ["La", "décision", "d'", "aider", "le", "Mali", "surprend", "."]
    heads = [1, 6, 3, 1, 5, 3, 6, 6]
    deps = ["det", "nsubj", "mark", "acl", "det", "obj", "ROOT", "punct"]
    pos = ["DET", "NOUN", "ADP", "VERB", "DET", "PROPN", "VERB", "PUNCT"]
    morphs = [""] * 3 + ["VerbForm=Inf"] + [""] * 4
    doc = parse(words, heads, deps, pos, morphs)
    assert verb_arguments(doc[3], AID).sources == []
