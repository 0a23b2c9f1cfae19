"""Train kibaru's topic model on MasakhaNEWS French and export it as plain data.

    pip install -e ".[train]"        # scikit-learn, needed here only
    python scripts/train_topics.py   # trains, prints the metrics, writes kibaru/topics/data/
    python scripts/train_topics.py --no-write     # metrics only
    python scripts/train_topics.py --select       # also print the model-selection grid

Data: ../shared/data/masakhanews-fra/ (``--data DIR``): the model is trained on
train-50-per-label.tsv + dev.tsv (461 articles); model selection is by
stratified 5-fold cross-validation on those (two shuffles, seeds 0 and 1);
test.tsv (422 articles) is used only to report the final figures.

The model: TF-IDF of character n-grams inside word boundaries (``char_wb``,
2-5, min_df 2, sublinear tf, l2) over "headline\\nheadline\\ntext" (the
headline counts twice), then a linear SVM
(LinearSVC, C=1, one-vs-rest). Its margins become probabilities by a softmax
with one temperature, fitted on the out-of-fold margins of the
cross-validation (minimum log-loss). Everything is seeded: two runs write the
same files.

The export (``data/model.json`` + ``data/model.npz``) holds the n-gram
settings, the vocabulary, idf weights, coefficients, intercepts and the
temperature; ``kibaru.topics.classifier`` predicts from it with numpy only.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from kibaru.topics.classifier import (  # noqa: E402
    FORMAT, LABELS, MODEL_JSON, MODEL_NPZ, TITLE_WEIGHT, TopicModel, document,
)

DATA = REPO.parent / "shared" / "data" / "masakhanews-fra"
SEEDS = (0, 1)
FOLDS = 5

# The chosen configuration (see README.md in kibaru/topics for the selection).
VECTORIZER = dict(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True,
                  lowercase=True, strip_accents=None, norm="l2")
SVM_C = 1.0


def read_split(path: Path) -> list[dict]:
    """The rows of one MasakhaNEWS TSV file (category, headline, text[, url])."""
    csv.field_size_limit(sys.maxsize)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        if row["category"] not in LABELS:
            raise ValueError(f"{path}: unknown category {row['category']!r}")
    return rows


def documents(rows: list[dict], title_weight: int = TITLE_WEIGHT) -> list[str]:
    return [document(row.get("headline"), row.get("text"), title_weight) for row in rows]


def build_pipeline(**vectorizer):
    """The scikit-learn pipeline that the shipped model reproduces."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import LinearSVC

    return make_pipeline(TfidfVectorizer(**{**VECTORIZER, **vectorizer}), LinearSVC(C=SVM_C, random_state=0))


def softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(scores)
    return e / e.sum(axis=1, keepdims=True)


def cross_validate(docs: list[str], y: np.ndarray, **vectorizer) -> tuple[list[float], np.ndarray]:
    """Macro-F1 of each shuffle, and the out-of-fold margins of the first shuffle."""
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    scores, margins = [], None
    for seed in SEEDS:
        predicted = np.empty(len(y), dtype=object)
        fold_margins = np.zeros((len(y), len(LABELS)))
        for train, held in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(docs, y):
            model = build_pipeline(**vectorizer).fit([docs[i] for i in train], y[train])
            held_docs = [docs[i] for i in held]
            predicted[held] = model.predict(held_docs)
            fold_margins[held] = model.decision_function(held_docs)
        scores.append(f1_score(y, predicted.astype(str), average="macro"))
        if margins is None:
            margins = fold_margins
    return scores, margins


def fit_temperature(margins: np.ndarray, y: np.ndarray) -> float:
    """The temperature T minimising the log-loss of softmax(T * margins)."""
    from scipy.optimize import minimize_scalar

    truth = np.array([LABELS.index(label) for label in y])

    def loss(t: float) -> float:
        p = softmax(t * margins)[np.arange(len(truth)), truth]
        return float(-np.log(np.clip(p, 1e-12, None)).mean())

    return round(float(minimize_scalar(loss, bounds=(0.1, 50.0), method="bounded").x), 4)


def export(pipeline, temperature: float, metrics: dict, json_path: Path = MODEL_JSON,
           npz_path: Path = MODEL_NPZ) -> None:
    """Write the fitted pipeline as model.json (settings, vocabulary) + model.npz (numbers)."""
    import sklearn

    vectorizer, svm = pipeline[0], pipeline[-1]
    if tuple(svm.classes_) != LABELS:
        raise ValueError(f"unexpected classes {svm.classes_}")
    vocabulary = [None] * len(vectorizer.vocabulary_)
    for gram, column in vectorizer.vocabulary_.items():
        vocabulary[column] = gram
    meta = {
        "format": FORMAT,
        "about": "kibaru topic model: MasakhaNEWS labels for French news; see kibaru/topics/README.md",
        "trained_on": "MasakhaNEWS fra train-50-per-label.tsv + dev.tsv (461 articles)",
        "trainer": f"scripts/train_topics.py, scikit-learn {sklearn.__version__}",
        "labels": list(LABELS),
        "document": "'\\n'.join([headline] * title_weight + [text])",
        "title_weight": TITLE_WEIGHT,
        "classifier": {"kind": "linear", "model": f"LinearSVC(C={SVM_C})",
                       "probability": "softmax(temperature * decision)", "temperature": temperature},
        "vectorizers": [{
            "analyzer": vectorizer.analyzer, "ngram_range": list(vectorizer.ngram_range),
            "lowercase": vectorizer.lowercase, "strip_accents": vectorizer.strip_accents,
            "token_pattern": vectorizer.token_pattern if vectorizer.analyzer == "word" else None,
            "sublinear_tf": vectorizer.sublinear_tf, "norm": vectorizer.norm,
            "min_df": vectorizer.min_df, "max_features": vectorizer.max_features,
            "vocabulary": vocabulary,
        }],
        "metrics": metrics,
    }
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    np.savez_compressed(
        npz_path,
        idf_0=vectorizer.idf_.astype(np.float32),
        coef=svm.coef_.astype(np.float32),
        intercept=svm.intercept_.astype(np.float64),
    )


def report(y_true, y_pred) -> dict:
    from sklearn.metrics import precision_recall_fscore_support

    p, r, f, n = precision_recall_fscore_support(y_true, y_pred, labels=list(LABELS), zero_division=0)
    per_label = {label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                         "f1": round(float(f[i]), 4), "support": int(n[i])} for i, label in enumerate(LABELS)}
    return {"macro_f1": round(float(f.mean()), 4),
            "accuracy": round(float(np.mean(np.asarray(y_true) == np.asarray(y_pred))), 4),
            "per_label": per_label}


def print_report(title: str, rep: dict) -> None:
    print(f"\n{title}: macro-F1 {rep['macro_f1']:.4f}, accuracy {rep['accuracy']:.4f}")
    print(f"  {'label':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>5s}")
    for label, m in rep["per_label"].items():
        print(f"  {label:12s} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} {m['support']:5d}")


def select(rows: list[dict]) -> None:
    """The cross-validation grid behind the chosen settings (prints; never looks at test)."""
    y = np.array([r["category"] for r in rows])
    grid = [
        ("char_wb 2-5, title x2 (chosen)", {}, TITLE_WEIGHT),
        ("char_wb 2-5, title x1", {}, 1),
        ("char_wb 2-5, title x3", {}, 3),
        ("char_wb 3-5", dict(ngram_range=(3, 5)), TITLE_WEIGHT),
        ("char_wb 3-6", dict(ngram_range=(3, 6)), TITLE_WEIGHT),
        ("char_wb 2-5, min_df 5", dict(min_df=5), TITLE_WEIGHT),
        ("char_wb 2-5, 30k features", dict(max_features=30000), TITLE_WEIGHT),
        ("word 1-2", dict(analyzer="word", ngram_range=(1, 2)), TITLE_WEIGHT),
        ("word 1", dict(analyzer="word", ngram_range=(1, 1)), TITLE_WEIGHT),
    ]
    print("\nmodel selection (LinearSVC C=1; 5-fold CV on train+dev, seeds 0 and 1):")
    for name, params, title_weight in grid:
        scores, _ = cross_validate(documents(rows, title_weight), y, **params)
        print(f"  {name:34s} macro-F1 {np.mean(scores):.4f} ({', '.join(f'{s:.4f}' for s in scores)})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the MasakhaNEWS fra TSV files")
    parser.add_argument("--no-write", action="store_true", help="print the metrics, do not write the model")
    parser.add_argument("--select", action="store_true", help="also run the model-selection grid (slow)")
    args = parser.parse_args(argv)

    from sklearn.metrics import f1_score

    train_rows = read_split(args.data / "train-50-per-label.tsv") + read_split(args.data / "dev.tsv")
    test_rows = read_split(args.data / "test.tsv")
    docs, y = documents(train_rows), np.array([r["category"] for r in train_rows])
    test_docs, y_test = documents(test_rows), np.array([r["category"] for r in test_rows])
    print(f"train+dev: {len(docs)} articles; test: {len(test_docs)} articles")

    if args.select:
        select(train_rows)

    start = time.perf_counter()
    cv_scores, margins = cross_validate(docs, y)
    temperature = fit_temperature(margins, y)
    oof = np.array(LABELS)[margins.argmax(axis=1)]
    print(f"\ncross-validation (train+dev, {FOLDS} folds x seeds {SEEDS}): macro-F1 "
          f"{np.mean(cv_scores):.4f} ({', '.join(f'{s:.4f}' for s in cv_scores)}); temperature {temperature}")
    print_report("out-of-fold (seed 0)", report(y, oof))

    pipeline = build_pipeline().fit(docs, y)
    print(f"trained in {time.perf_counter() - start:.0f} s (with the cross-validation); "
          f"{len(pipeline[0].vocabulary_)} features")
    test_pred = pipeline.predict(test_docs)
    test_report = report(y_test, test_pred)
    print_report("test.tsv", test_report)
    assert abs(test_report["macro_f1"] - f1_score(y_test, test_pred, average="macro")) < 1e-4

    metrics = {"cv_macro_f1": round(float(np.mean(cv_scores)), 4), "test": test_report}
    if args.no_write:
        return 0
    export(pipeline, temperature, metrics)
    size = MODEL_JSON.stat().st_size + MODEL_NPZ.stat().st_size
    print(f"\nwrote {MODEL_JSON.relative_to(REPO)} ({MODEL_JSON.stat().st_size / 1e6:.2f} MB) and "
          f"{MODEL_NPZ.relative_to(REPO)} ({MODEL_NPZ.stat().st_size / 1e6:.2f} MB): {size / 1e6:.2f} MB")

    # The exported model must reproduce the pipeline: same labels, same probabilities.
    shipped = TopicModel.load()
    expected = softmax(temperature * pipeline.decision_function(test_docs))
    start = time.perf_counter()
    got = np.array([shipped.probabilities(d) for d in test_docs])
    elapsed = time.perf_counter() - start
    worst = float(np.abs(got - expected).max())
    same = bool((got.argmax(axis=1) == expected.argmax(axis=1)).all())
    print(f"export check: same labels {same}, max |probability difference| {worst:.2e}; "
          f"{elapsed / len(test_docs) * 1000:.2f} ms/article (cold word cache)")
    if not same or worst > 1e-6:
        print("the exported model does not reproduce the pipeline", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
