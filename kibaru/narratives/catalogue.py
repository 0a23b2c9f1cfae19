"""The narrative catalogue: reading, checking and compiling ``narratives.yaml``.

A catalogue is compiled once per process and per file (``load_catalogue``):
cue words become sets of string hashes (their form, their lemma by the same
spaCy model as the articles, and their regular inflections), and example
sentences become unit vectors, so that matching an article compares integers
and multiplies one small matrix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import yaml

from ..stance.lexicon import inflections
from .vectors import sentence_vectors

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_CATALOGUE = Path(__file__).parent / "data" / "narratives.yaml"
ID = re.compile(r"[a-z0-9][a-z0-9-]*")
# Words a cue ignores, and that do not count in a match's window: articles,
# prepositions, conjunctions, pronouns. Content words such as "contre", "sans",
# "pas", "non", "fin" are kept (spaCy's stop list has some of them).
FUNCTION_WORDS = frozenset("""
le la les l' l’ un une des du de d' d’ au aux à a en et ou ni par pour sur dans avec chez vers
ce cet cette ces son sa ses leur leurs notre nos votre vos mon ma mes qui que qu' qu’ dont où
se s' s’ y il ils elle elles on nous vous je j' j’ lui eux est sont été être
""".split())
# Cue words that are themselves negations: a cue holding one is not discarded
# when its words are negated ("non à Barkhane").
NEGATION_CUE_WORDS = frozenset({"non", "pas", "sans", "aucun", "aucune", "jamais", "point"})
SETTINGS = {"report": 0.5, "evidence": 0.5, "similar_low": 0.55, "similar_high": 0.85}
MAX_CUE_WORDS = 6


class CatalogueError(ValueError):
    """A narrative catalogue file or one of its entries is malformed."""

    def __init__(self, path: str | Path, where: str, problem: str) -> None:
        self.path, self.where, self.problem = str(path), where, problem
        super().__init__(f"{self.path}: {where}: {problem}" if where else f"{self.path}: {problem}")


@dataclass(frozen=True)
class Cue:
    phrase: str
    slots: tuple[frozenset[int], ...]
    weight: float = 1.0
    negation_word: bool = False  # the cue itself contains a negation ("pas de leçons à recevoir")
    ordered: bool = False  # the words must occur in the cue's order


@dataclass
class Narrative:
    id: str
    label: str
    description: str
    cues: list[Cue]
    exclude: list[Cue]
    examples: list[str]
    example_vectors: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0), dtype=np.float32))


@dataclass
class Catalogue:
    path: str
    narratives: list[Narrative]
    settings: dict[str, float]
    # every hash some cue or exclusion uses: the article's tokens are indexed for these only
    hashes: frozenset[int] = frozenset()
    # sorted string hashes of the function words (cue windows) and of the
    # model's stop words (sentence vectors)
    function_hashes: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.uint64))
    stop_hashes: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.uint64))
    # examples of all narratives stacked (rows), and which narrative each row is
    example_matrix: np.ndarray = field(repr=False, default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    example_owner: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int32))
    # every cue and exclusion, flat: (narrative index, cue, is an exclusion) ...
    flat: list[tuple[int, Cue, bool]] = field(default_factory=list)
    # ... and, per string hash, the (flat cue number, cue word number) it matches
    index: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def get(self, ident: str) -> Narrative | None:
        return next((n for n in self.narratives if n.id == ident), None)


# --- reading ---------------------------------------------------------------------


def read_catalogue(path: str | Path) -> dict[str, Any]:
    """The YAML, checked; raises CatalogueError with the entry at fault."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(path, "", f"cannot read the file: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogueError(path, "", f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("narratives"), list):
        raise CatalogueError(path, "", "expected a mapping with a 'narratives' list (and optional 'settings')")
    settings = dict(SETTINGS)
    for key, value in (data.get("settings") or {}).items():
        if key not in SETTINGS:
            raise CatalogueError(path, "settings", f"unknown setting {key!r}; known: {', '.join(SETTINGS)}")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 1:
            raise CatalogueError(path, f"settings.{key}", f"expected a number in [0, 1], got {value!r}")
        settings[key] = float(value)
    if settings["similar_high"] <= settings["similar_low"]:
        raise CatalogueError(path, "settings", "similar_high must be above similar_low")
    seen: set[str] = set()
    narratives = []
    for index, entry in enumerate(data["narratives"]):
        where = f"narratives[{index}]"
        if not isinstance(entry, dict):
            raise CatalogueError(path, where, f"expected a mapping, got {type(entry).__name__}")
        ident = entry.get("id")
        if not isinstance(ident, str) or not ID.fullmatch(ident):
            raise CatalogueError(path, where, f"id must be lower case letters, digits and hyphens, got {ident!r}")
        where = f"{where} ({ident})"
        if ident in seen:
            raise CatalogueError(path, where, "duplicate id")
        seen.add(ident)
        cues = [_cue_entry(path, f"{where}.cues[{i}]", c) for i, c in enumerate(_list(path, where, entry, "cues"))]
        if not cues:
            raise CatalogueError(path, where, "a narrative needs at least one cue")
        exclude = [_cue_entry(path, f"{where}.exclude[{i}]", c)
                   for i, c in enumerate(_list(path, where, entry, "exclude"))]
        examples = _list(path, where, entry, "examples")
        for i, example in enumerate(examples):
            if not isinstance(example, str) or not example.strip():
                raise CatalogueError(path, f"{where}.examples[{i}]", "expected a sentence")
        narratives.append({"id": ident, "label": str(entry.get("label") or ident),
                           "description": " ".join(str(entry.get("description") or "").split()),
                           "cues": cues, "exclude": exclude, "examples": [e.strip() for e in examples]})
    return {"settings": settings, "narratives": narratives}


def _list(path: Path, where: str, entry: dict, key: str) -> list:
    value = entry.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise CatalogueError(path, f"{where}.{key}", f"expected a list, got {type(value).__name__}")
    return value


def _cue_entry(path: Path, where: str, cue: Any) -> tuple[str, float, bool]:
    ordered = False
    if isinstance(cue, dict):
        unknown = sorted(str(k) for k in cue if k not in ("phrase", "weight", "ordered"))
        if unknown:
            raise CatalogueError(path, where, f"unknown key(s) {', '.join(unknown)}; a cue has phrase, weight, ordered")
        phrase, weight, ordered = cue.get("phrase"), cue.get("weight", 1.0), cue.get("ordered", False)
        if not isinstance(ordered, bool):
            raise CatalogueError(path, where, f"ordered must be true or false, got {ordered!r}")
    else:
        phrase, weight = cue, 1.0
    if not isinstance(phrase, str) or not phrase.strip():
        raise CatalogueError(path, where, f"expected a phrase (a string, or {{phrase: ..., weight: ...}}), got {cue!r}")
    if not isinstance(weight, (int, float)) or isinstance(weight, bool) or not 0 < weight <= 1:
        raise CatalogueError(path, where, f"weight must be a number in (0, 1], got {weight!r}")
    words = _words(phrase)
    if not words:
        raise CatalogueError(path, where, f"{phrase!r} has only function words")
    if len(words) > MAX_CUE_WORDS:
        raise CatalogueError(path, where, f"{phrase!r} has {len(words)} content words; at most {MAX_CUE_WORDS}")
    if any(ch in phrase for ch in "()[]*+?\\^$"):
        raise CatalogueError(path, where, f"{phrase!r}: cues are plain words, not regular expressions "
                             "(use a|b for alternatives)")
    return phrase.strip(), float(weight), ordered


def _words(phrase: str) -> list[list[str]]:
    """"le départ|retrait des forces" -> [["départ", "retrait"], ["forces"]]."""
    out = []
    for word in phrase.split():
        alternatives = [a for a in word.lower().split("|") if a]
        if alternatives and not all(a in FUNCTION_WORDS for a in alternatives):
            out.append([a for a in alternatives if a not in FUNCTION_WORDS])
    return out


# --- compiling --------------------------------------------------------------------


def compile_catalogue(data: dict[str, Any], nlp: "Language", path: str = "") -> Catalogue:
    strings = nlp.vocab.strings
    words = sorted({a for n in data["narratives"] for phrase, _, _ in n["cues"] + n["exclude"]
                    for slot in _words(phrase) for a in slot})
    lemmas: dict[str, set[str]] = {w: {w} for w in words}
    for word, doc in zip(words, nlp.pipe(words, disable=["parser", "ner"])):
        lemmas[word].update(t.lemma_.lower() for t in doc if len(doc) == 1)

    def forms(alternative: str) -> set[int]:
        keys = set()
        for base in lemmas[alternative]:
            keys.update(inflections(base))
        return {strings.add(k) for k in keys}

    def cue(phrase: str, weight: float, ordered: bool) -> Cue:
        slots = tuple(frozenset().union(*(forms(a) for a in slot)) for slot in _words(phrase))
        negation = any(a in NEGATION_CUE_WORDS for slot in _words(phrase) for a in slot)
        return Cue(phrase, slots, weight, negation, ordered)

    narratives = [Narrative(n["id"], n["label"], n["description"], [cue(*c) for c in n["cues"]],
                            [cue(*c) for c in n["exclude"]], n["examples"]) for n in data["narratives"]]
    stop = _hashes(strings, {w.lower() for w in nlp.Defaults.stop_words})
    rows, owners = [], []
    for index, narrative in enumerate(narratives):
        docs = list(nlp.pipe(narrative.examples, disable=["parser", "ner"])) if narrative.examples else []
        vectors = np.vstack([sentence_vectors(doc, [(0, len(doc))], stop) for doc in docs]) if docs else \
            np.zeros((0, nlp.vocab.vectors.shape[1]), dtype=np.float32)
        narrative.example_vectors = vectors
        rows.append(vectors)
        owners += [index] * len(vectors)
    hashes = frozenset().union(*(slot for n in narratives for c in n.cues + n.exclude for slot in c.slots))
    flat = [(k, c, False) for k, n in enumerate(narratives) for c in n.cues]
    flat += [(k, c, True) for k, n in enumerate(narratives) for c in n.exclude]
    index: dict[int, list[tuple[int, int]]] = {}
    for number, (_, c, _) in enumerate(flat):
        for word, slot in enumerate(c.slots):
            for key in slot:
                index.setdefault(key, []).append((number, word))
    return Catalogue(path=path, narratives=narratives, settings=data["settings"], hashes=hashes,
                     function_hashes=_hashes(strings, FUNCTION_WORDS), stop_hashes=stop,
                     example_matrix=np.vstack(rows).astype(np.float32) if rows else np.zeros((0, 0), np.float32),
                     example_owner=np.array(owners, dtype=np.int32), flat=flat, index=index)


def _hashes(strings, words) -> np.ndarray:
    return np.array(sorted({strings.add(w) for w in words}), dtype=np.uint64)


@lru_cache(maxsize=8)
def load_catalogue(path: str | None = None) -> Catalogue:
    """The compiled catalogue: the shipped one, or a user's file of the same
    shape (``path``); compiled once per process and path."""
    from ..nlp import load_nlp

    source = Path(path) if path else DEFAULT_CATALOGUE
    return compile_catalogue(read_catalogue(source), load_nlp(), str(source))
