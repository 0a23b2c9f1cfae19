"""The topic classifier (kibaru.topics): MasakhaNEWS labels for French articles.

The articles below were written for these tests. The shipped model is checked
against the scikit-learn pipeline it was exported from when scikit-learn is
installed (``pip install -e ".[train]"``); CI does not install it, and those
tests are skipped there.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from kibaru.topics import LABELS, TopicModel, classify, document, load_model
from kibaru.topics.classifier import MODEL_JSON, MODEL_NPZ, Vectorizer

REPO = Path(__file__).resolve().parents[1]

# Measured macro-F1 of the shipped model on test.tsv: 0.8509 (the issue asks for >= 0.85).
MACRO_F1_FLOOR = 0.85

ARTICLES = {
    "sports": (
        "Ligue des champions africaine : le Wydad renverse Al Ahly au bout du suspense",
        "Le Wydad de Casablanca s'est imposé 2-1 face à Al Ahly samedi soir en demi-finale aller de la "
        "Ligue des champions de la CAF. Menés au score après un but de l'attaquant égyptien à la 20e minute, "
        "les Marocains ont égalisé sur penalty juste avant la pause, puis leur milieu de terrain a marqué "
        "d'une frappe enroulée à dix minutes de la fin du match. L'entraîneur s'est félicité de la réaction "
        "de ses joueurs devant un stade plein. Le match retour se jouera dans une semaine au Caire.",
    ),
    "health": (
        "Paludisme : le ministère de la Santé lance une campagne de vaccination des enfants",
        "Le ministère de la Santé publique a lancé lundi une vaste campagne de vaccination contre le paludisme "
        "destinée aux enfants de moins de cinq ans dans les régions du Sud. Selon le ministre, plus de deux "
        "millions de doses du vaccin ont été livrées aux centres de santé et aux hôpitaux de district. Les "
        "agents de santé communautaires iront de village en village pour informer les mères, distribuer des "
        "moustiquaires imprégnées et orienter les malades vers les médecins. Le paludisme reste la première "
        "cause de mortalité infantile dans le pays, rappelle l'Organisation mondiale de la santé.",
    ),
    "business": (
        "La BCEAO relève son taux directeur pour contenir l'inflation",
        "La Banque centrale des États de l'Afrique de l'Ouest (BCEAO) a annoncé mercredi une hausse de 25 points "
        "de base de son principal taux directeur, porté à 3,5 %. Le comité de politique monétaire justifie cette "
        "décision par la hausse des prix des denrées alimentaires et de l'énergie, qui pèse sur le pouvoir d'achat "
        "des ménages. Les banques commerciales devraient répercuter ce relèvement sur le coût du crédit aux "
        "entreprises. Les économistes s'attendent à un ralentissement de la croissance, tandis que les marchés "
        "financiers de la zone franc CFA ont accueilli la nouvelle avec prudence.",
    ),
    "politics": (
        "Coup d'État au Niger : les militaires suspendent la Constitution",
        "Des militaires ont annoncé à la télévision nationale avoir renversé le président élu, dissous le "
        "gouvernement et suspendu la Constitution. La junte a fermé les frontières et instauré un couvre-feu. "
        "La CEDEAO a condamné le coup d'État et menacé de sanctions si l'ordre constitutionnel n'était pas "
        "rétabli. Les partis de l'opposition et de la majorité appellent au dialogue, tandis que plusieurs "
        "ministres ont été arrêtés. Le chef de la junte promet une transition et des élections libres.",
    ),
    "technology": (
        "Une start-up sénégalaise lance une application mobile de paiement",
        "Une jeune start-up de Dakar a lancé mardi une application mobile qui permet d'envoyer de l'argent et "
        "de payer ses factures depuis un smartphone, sans connexion internet permanente. Ses fondateurs, deux "
        "ingénieurs en informatique, ont développé le logiciel avec des outils d'intelligence artificielle pour "
        "détecter les fraudes. L'application est disponible sur Android et iPhone, et la start-up dit avoir "
        "déjà séduit cinquante mille utilisateurs. Les données des clients sont chiffrées et stockées dans le "
        "cloud, précise l'entreprise, qui vise désormais les réseaux sociaux et le commerce en ligne.",
    ),
}


def read_tsv(path: Path) -> list[dict]:
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def macro_f1(truth: list[str], predicted: list[str]) -> tuple[float, dict]:
    per_label, f1s = {}, []
    for label in LABELS:
        tp = sum(t == p == label for t, p in zip(truth, predicted))
        fp = sum(p == label != t for t, p in zip(truth, predicted))
        fn = sum(t == label != p for t, p in zip(truth, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        f1s.append(f1)
        per_label[label] = (round(precision, 3), round(recall, 3), round(f1, 3))
    return sum(f1s) / len(LABELS), per_label


def train_script():
    """scripts/train_topics.py as a module (it needs scikit-learn)."""
    pytest.importorskip("sklearn", reason="scikit-learn is a training-time dependency (pip install -e '.[train]')")
    spec = importlib.util.spec_from_file_location("train_topics", REPO / "scripts" / "train_topics.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- the API ---------------------------------------------------------------------

def test_label_set():
    assert LABELS == ("business", "health", "politics", "sports", "technology")
    assert load_model().labels == LABELS


@pytest.mark.parametrize("expected", sorted(ARTICLES))
def test_written_articles(expected):
    title, text = ARTICLES[expected]
    topic = classify(title, text)
    assert topic["label"] == expected, topic
    assert topic["score"] >= 0.5, topic


def test_result_shape_and_score():
    for title, text in ARTICLES.values():
        topic = classify(title, text)
        assert set(topic) == {"label", "score"}
        assert topic["label"] in LABELS
        assert isinstance(topic["score"], float)
        assert 0.0 <= topic["score"] <= 1.0
        assert topic["score"] == round(topic["score"], 2)
    probabilities = load_model().probabilities(document(*ARTICLES["sports"]))
    assert probabilities.shape == (len(LABELS),)
    assert abs(probabilities.sum() - 1.0) < 1e-9
    assert (probabilities >= 0).all()


def test_json_serialisable():
    topic = classify(*ARTICLES["health"])
    assert json.loads(json.dumps(topic)) == topic


@pytest.mark.parametrize("title,text", [(None, ""), ("", ""), (None, "   \n\t "), (None, None), ("", "…  « » !?")])
def test_empty_text_still_has_a_label_with_a_low_score(title, text):
    topic = classify(title, text)
    assert topic["label"] in LABELS
    assert topic["score"] < 0.5, topic


def test_short_texts():
    assert classify(None, "Le ministère de la Santé lance une campagne de vaccination contre le paludisme.")["label"] \
        == "health"
    assert classify("Football : le Sénégal bat l'Égypte en finale de la CAN", "")["label"] == "sports"
    assert classify(None, "La banque centrale relève son taux directeur face à l'inflation.")["label"] == "business"
    assert classify(None, "a")["label"] in LABELS


def test_title_only_and_text_only():
    title, text = ARTICLES["politics"]
    assert classify(title, "")["label"] == "politics"
    assert classify(None, text)["label"] == "politics"
    assert classify(None, text) == classify("", text)


def test_deterministic_and_independent_of_order():
    docs = [document(title, text) for title, text in ARTICLES.values()]
    model = load_model()
    first = [model.probabilities(d) for d in docs]
    again = [model.probabilities(d) for d in reversed(docs)][::-1]
    fresh = TopicModel.load()      # a cold word cache
    cold = [fresh.probabilities(d) for d in reversed(docs)][::-1]
    for a, b, c in zip(first, again, cold):
        assert np.array_equal(a, b)
        assert np.array_equal(a, c)
    assert classify(*ARTICLES["business"]) == classify(*ARTICLES["business"])


def test_model_loaded_once():
    assert load_model() is load_model()


def test_shipped_files_are_small_and_plain():
    size = MODEL_JSON.stat().st_size + MODEL_NPZ.stat().st_size
    assert size < 3_000_000, size
    meta = json.loads(MODEL_JSON.read_text(encoding="utf-8"))
    assert meta["labels"] == list(LABELS)
    with np.load(MODEL_NPZ, allow_pickle=False) as npz:      # no pickled objects inside
        assert npz["coef"].shape == (len(LABELS), sum(len(v["vocabulary"]) for v in meta["vectorizers"]))
        assert npz["intercept"].shape == (len(LABELS),)


def test_no_scikit_learn_at_run_time():
    import subprocess

    code = ("import sys; from kibaru.topics import classify; classify('Match', 'Le club a gagné le match.'); "
            "print(any(m.split('.')[0] in ('sklearn', 'scipy') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "False", out.stdout + out.stderr


# --- the shipped model on MasakhaNEWS test.tsv ------------------------------------

@pytest.mark.slow
def test_macro_f1_on_masakhanews_test(masakhanews_test):
    rows = read_tsv(masakhanews_test)
    assert len(rows) == 422
    start = time.perf_counter()
    predicted = [classify(r["headline"], r["text"])["label"] for r in rows]
    elapsed = time.perf_counter() - start
    score, per_label = macro_f1([r["category"] for r in rows], predicted)
    print(f"\nmacro-F1 {score:.4f} on {len(rows)} articles, {elapsed / len(rows) * 1000:.2f} ms/article; "
          f"(P, R, F1) per label: {per_label}")
    assert score >= MACRO_F1_FLOOR, per_label
    # generous: the measured figure is ~1.5-4 ms/article; this catches a slow regression only
    assert elapsed / len(rows) < 0.05


# --- parity with scikit-learn (skipped without it) --------------------------------

TRICKY = [
    "L'Assemblée nationale a voté « la loi » le 12/03 — à 98 %… Très-bien !",
    "  Plusieurs   espaces\tet\ttabulations\n\n\nlignes  ",
    "a b c d e f ÉTÉ été Ete œuvre cœur Æ ß ﬁ ½ ² ①",
    "Mots\u00a0insécables\u202fet\u2009fins\u200b; zéro-largeur",
    "emoji 🎉🇸🇳 et chiffres 1234567 x2 3e 20e",
    "",
    "a",
    "Ça va ? Ouais. Ça roule ! L’apostrophe typographique d’aujourd’hui",
]


@pytest.mark.parametrize("params", [
    dict(analyzer="char_wb", ngram_range=(2, 5)),
    dict(analyzer="char_wb", ngram_range=(1, 3), strip_accents="unicode"),
    dict(analyzer="char_wb", ngram_range=(3, 6), lowercase=False),
    dict(analyzer="word", ngram_range=(1, 1)),
    dict(analyzer="word", ngram_range=(1, 3), strip_accents="unicode"),
    dict(analyzer="word", ngram_range=(2, 2), lowercase=False),
])
def test_analyzers_match_scikit_learn(params):
    pytest.importorskip("sklearn", reason="scikit-learn is a training-time dependency")
    from sklearn.feature_extraction.text import TfidfVectorizer

    corpus = TRICKY + [document(t, x) for t, x in ARTICLES.values()]
    fitted = TfidfVectorizer(sublinear_tf=True, **params).fit(corpus)
    analyzer = fitted.build_analyzer()
    vocabulary = [None] * len(fitted.vocabulary_)
    for gram, column in fitted.vocabulary_.items():
        vocabulary[column] = gram
    ours = Vectorizer(
        analyzer=fitted.analyzer, ngram_range=fitted.ngram_range, lowercase=fitted.lowercase,
        strip_accents=fitted.strip_accents, token_pattern=fitted.token_pattern, sublinear_tf=True, norm="l2",
        index={g: i for i, g in enumerate(vocabulary)}, idf=fitted.idf_, offset=0,
    )
    expected = fitted.transform(corpus).toarray()
    for row, doc in enumerate(corpus):
        assert ours.counts(doc) == Counter(analyzer(doc)), doc
        cols, vals = ours.transform(doc)
        got = np.zeros(len(vocabulary))
        got[cols] = vals
        np.testing.assert_allclose(got, expected[row], rtol=0, atol=1e-12, err_msg=doc)


@pytest.mark.slow
def test_shipped_model_reproduces_the_scikit_learn_pipeline(masakhanews_test):
    """Retrain with scripts/train_topics.py's pipeline (deterministic) and compare on the 422 test articles."""
    train = train_script()
    folder = masakhanews_test.parent
    rows = train.read_split(folder / "train-50-per-label.tsv") + train.read_split(folder / "dev.tsv")
    pipeline = train.build_pipeline().fit(train.documents(rows), [r["category"] for r in rows])

    model = load_model()
    np.testing.assert_allclose(model.coef_t.T, pipeline[-1].coef_, rtol=0, atol=1e-6)
    assert model.vectorizers[0].index == pipeline[0].vocabulary_

    test_rows = train.read_split(masakhanews_test)
    docs = [document(r["headline"], r["text"], model.title_weight) for r in test_rows]
    assert docs == train.documents(test_rows)
    expected = train.softmax(model.temperature * pipeline.decision_function(docs))
    got = np.array([model.probabilities(d) for d in docs])
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).all()
    assert list(pipeline.predict(docs)) == [classify(r["headline"], r["text"])["label"] for r in test_rows]
    assert np.abs(got - expected).max() < 1e-6
