"""What the learned coder's models see, on spaCy Docs built by hand.

Each Doc is written out word by word (heads, dependencies, parts of speech,
lemmas, morphology), so the features of one stage are tested alone, without
the parser.
"""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from kibaru.actors.lexicon import default_lexicon
from kibaru.actors.resolve import ArticleActors
from kibaru.events.features import candidates, status_features, trigger_features, vector, vectors, VECTOR_WIDTH
from kibaru.events.learned import LearnedCoder, entry_for, reading
from kibaru.events.lexicon import default_triggers
from kibaru.events.roles import option_features, options, relation
from kibaru.events.status import is_negated, status_of
from kibaru.models import Models
from kibaru.events.heads import trigger_head

VOCAB = spacy.blank("fr").vocab


def doc(rows: list[tuple], spaces: bool = True) -> Doc:
    """rows: (word, head index, dep, pos, lemma[, morph])."""
    words = [r[0] for r in rows]
    made = Doc(VOCAB, words=words, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], lemmas=[r[4] for r in rows],
               morphs=[r[5] if len(r) > 5 else "" for r in rows])
    return made


# "Le ministre malien a rencontré l'ambassadeur russe ."
MEETING = [
    ("Le", 1, "det", "DET", "le"),
    ("ministre", 4, "nsubj", "NOUN", "ministre"),
    ("malien", 1, "amod", "ADJ", "malien"),
    ("a", 4, "aux:tense", "AUX", "avoir", "Mood=Ind|Tense=Pres|VerbForm=Fin"),
    ("rencontré", 4, "ROOT", "VERB", "rencontrer", "Tense=Past|VerbForm=Part"),
    ("l'", 6, "det", "DET", "le"),
    ("ambassadeur", 4, "obj", "NOUN", "ambassadeur"),
    ("russe", 6, "amod", "ADJ", "russe"),
    (".", 4, "punct", "PUNCT", "."),
]

# "Des civils ont été tués ."
KILLED = [
    ("Des", 1, "det", "DET", "un"),
    ("civils", 4, "nsubj:pass", "NOUN", "civil"),
    ("ont", 4, "aux:tense", "AUX", "avoir"),
    ("été", 4, "aux:pass", "AUX", "être"),
    ("tués", 4, "ROOT", "VERB", "tuer", "Tense=Past|VerbForm=Part"),
    (".", 4, "punct", "PUNCT", "."),
]


@pytest.fixture(scope="module")
def coder():
    return LearnedCoder(Models(), default_triggers())


def view_of(coder, rows, focus="MLI"):
    made = doc(rows)
    sent = made[:]
    actors = ArticleActors(default_lexicon(), focus)
    sentence = actors.read_sentence(sent, ents=[])
    return coder.view(sent, sentence, actors, 0, 0, "politics"), made


def test_candidates_are_content_words_not_auxiliaries():
    made = doc(MEETING)
    assert [t.text for t in candidates(made[:])] == ["ministre", "malien", "rencontré", "ambassadeur", "russe"]


def test_trigger_features_of_a_meeting_verb(coder):
    view, made = view_of(coder, MEETING)
    f = trigger_features(made[4], view)
    assert f["lemma=rencontrer"] == 1.0 and f["pos=VERB"] == 1.0 and f["root"] == 1.0
    assert "fit=CONSULT" in f and "lex=CONSULT" in f  # the trigger lexicon knows it
    assert "rule=CONSULT" in f  # and the rules code it
    assert "arg=nsubj:GOV" in f and "arg=obj:GOV" in f  # minister and ambassador are government actors
    assert "c=obj:ambassadeur" in f and "aux=avoir" in f
    assert "passive" not in f and "negated" not in f
    assert f["topic=politics"] == 1.0 and f["sent=0"] == 1.0


def test_a_noun_that_is_no_trigger_gets_no_lexicon_features(coder):
    view, made = view_of(coder, MEETING)
    f = trigger_features(made[6], view)  # "ambassadeur"
    assert not any(name.startswith(("fit=", "lex=", "rule=")) for name in f)
    assert f["dep=obj"] == 1.0 and f["head=rencontrer"] == 1.0


def test_passive_and_negation_are_features(coder):
    view, made = view_of(coder, KILLED)
    assert "passive" in trigger_features(made[4], view)
    negated = MEETING[:3] + [("n'", 6, "advmod", "ADV", "ne"), ("a", 6, "aux:tense", "AUX", "avoir"),
                             ("pas", 6, "advmod", "ADV", "pas")] + \
        [(w, h + 2 if h >= 4 else h, d, p, l, *m) for w, h, d, p, l, *m in MEETING[4:]]
    negated[1] = ("ministre", 6, "nsubj", "NOUN", "ministre")
    view, made = view_of(coder, negated)
    assert made[6].text == "rencontré"
    assert "negated" in trigger_features(made[6], view)


def test_vector_is_static_beside_contextual_and_unit_length():
    made = doc(MEETING)
    v = vector(made[4])
    assert v.shape == (VECTOR_WIDTH,)
    assert np.all(v == 0)  # a blank vocabulary has no vectors: zeros, not NaN


def test_vectors_of_a_sentence_are_the_rows_of_vector():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    vocab = Vocab()
    rng = np.random.default_rng(0)
    vocab.set_vector("armée", rng.normal(size=300).astype(np.float32))
    vocab.set_vector("attaque", rng.normal(size=300).astype(np.float32))
    made = Doc(vocab, words=["armée", "inconnu", "attaque"])
    made.tensor = rng.normal(size=(3, 96)).astype(np.float32)
    made.tensor[1] = 0.0  # a zero contextual vector stays zero
    matrix = vectors(list(made))
    assert matrix.shape == (3, VECTOR_WIDTH)
    for token, row in zip(made, matrix):
        assert row == pytest.approx(vector(token), abs=1e-6)
    assert np.linalg.norm(matrix[0, :300]) == pytest.approx(1.0, abs=1e-5)
    assert np.all(matrix[1] == 0)  # no static vector, no contextual one
    assert vectors([]).shape == (0, VECTOR_WIDTH)


def test_reading_uses_the_lexicon_entry_of_the_type(coder):
    view, made = view_of(coder, MEETING)
    assert reading(made[4], "CONSULT", view).entry.mode == "meet"
    # a type the lexicon does not give this verb: the type's defaults
    other = reading(made[4], "ACCUSE", view).entry
    assert other.type == "ACCUSE" and other.mode is None and "contre" in other.target_preps
    assert entry_for(made[6], "ASSAULT", "noun", default_triggers()).passive_target  # "de X" undergoes an attack


def test_relation_paths():
    made = doc(MEETING)
    assert relation(made[4], made[1]) == "nsubj"
    assert relation(made[4], made[6]) == "obj"
    assert relation(made[6], made[1]) == "up:obj/nsubj"
    assert relation(made[4], made[4]) == "self"


def test_role_options_offer_the_named_countries_and_none(coder):
    view, made = view_of(coder, MEETING)
    events = view.ruled[4]
    opts = {o.country: o for o in options(view, made[4], events)}
    assert set(opts) >= {None, "MLI", "RUS"}
    assert "rule_source" in opts["MLI"].tags and "rule_target" in opts["RUS"].tags
    assert "focus" in opts["MLI"].tags
    assert "nsubj" in opts["MLI"].relations and "obj" in opts["RUS"].relations
    f = option_features(opts["RUS"], "CONSULT", False, view)
    assert f["rel=obj"] == 1.0 and f["rel|type=obj|CONSULT"] == 1.0 and f["agent=GOV"] == 1.0
    assert "none|type=CONSULT" in option_features(opts[None], "CONSULT", False, view)


def test_status_features_carry_the_rules_reading():
    made = doc(MEETING)
    f = status_features(made[4], "occurred", "CONSULT")
    assert f["rule=occurred"] == 1.0 and f["type|rule=CONSULT|occurred"] == 1.0 and f["Tense=Past"] == 1.0 and f["Tense=Pres"] == 1.0  # the auxiliary's
    assert f["prev1=avoir"] == 1.0


def test_plus_negates_only_with_ne():
    # "… est de plus en plus critiquée"
    growing = doc([
        ("Elle", 5, "nsubj:pass", "PRON", "lui"), ("est", 5, "aux:pass", "AUX", "être"),
        ("de", 5, "mark", "ADP", "de"), ("plus", 5, "advmod", "ADV", "plus"),
        ("plus", 5, "advmod", "ADV", "plus"), ("critiquée", 5, "ROOT", "VERB", "critiquer", "VerbForm=Part"),
    ])
    assert not is_negated(growing[5])
    assert status_of(growing[5]) == "occurred"
    # "Elle n'est plus soutenue"
    no_more = doc([
        ("Elle", 4, "nsubj:pass", "PRON", "lui"), ("n'", 4, "advmod", "ADV", "ne"), ("est", 4, "aux:pass", "AUX", "être"),
        ("plus", 4, "advmod", "ADV", "plus"), ("soutenue", 4, "ROOT", "VERB", "soutenir", "VerbForm=Part"),
    ])
    assert is_negated(no_more[4])


def test_coordinated_infinitives_share_their_purpose():
    # "… pour demander le départ et solliciter l'aide"
    made = doc([
        ("pour", 1, "mark", "ADP", "pour"), ("demander", 1, "ROOT", "VERB", "demander", "VerbForm=Inf"),
        ("le", 3, "det", "DET", "le"), ("départ", 1, "obj", "NOUN", "départ"), ("et", 5, "cc", "CCONJ", "et"),
        ("solliciter", 1, "conj", "VERB", "solliciter", "VerbForm=Inf"), ("l'", 7, "det", "DET", "le"),
        ("aide", 5, "obj", "NOUN", "aide"),
    ])
    assert status_of(made[1]) == "planned"
    assert status_of(made[5]) == "planned"


def test_trigger_head_passes_down_from_modal_verbs():
    # "doit arrêter les suspects": the event is the arrest
    made = doc([
        ("La", 1, "det", "DET", "le"), ("police", 2, "nsubj", "NOUN", "police"), ("doit", 2, "ROOT", "VERB", "devoir"),
        ("arrêter", 2, "xcomp", "VERB", "arrêter", "VerbForm=Inf"), ("les", 5, "det", "DET", "le"),
        ("suspects", 3, "obj", "NOUN", "suspect"),
    ])
    assert trigger_head([made[2], made[3]], "COERCE").text == "arrêter"
    assert trigger_head([made[2], made[3], made[4], made[5]], "COERCE").text == "arrêter"
    assert trigger_head([made[4]], "COERCE") is None  # a determiner heads nothing
