"""The stance lexicons: polarity words, their modifiers, and the event table.

All four are tab-separated data files in ``data/`` (each documents its columns
in its header comment); ``load_lexicon`` reads them once per process. Words are
looked up by string hash (the spaCy ``StringStore`` hash that ``Doc.to_array``
gives for ``LEMMA`` and ``LOWER``), so scoring an article does not build one
Python string per token. Each word is stored with its plural and feminine forms
as well, because the French lemmatiser leaves some participles as adjectives
("mitigés" -> "mitiger" but "critiquée" -> "critiquer") and some not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA = Path(__file__).parent / "data"
APPLIES = ("any", "subject", "object")
MODIFIER_KINDS = ("negator", "intensifier", "attenuator")
# Negators that negate only with "ne" ("ne ... plus"; not "de plus en plus").
NEEDS_NE = frozenset({"plus", "point"})
NE = frozenset({"ne", "n'", "n’"})
# Dependents through which a negated verb negates its complement
# ("n'a connu aucun succès" is caught on the noun; "ne constitue pas un échec"
# on the verb).
NEGATION_REACHES = frozenset({"obj", "xcomp", "ccomp", "obl:arg"})
QUOTE_MARKS = {"open": ("«", "“", "‹"), "close": ("»", "”", "›"), "straight": ('"',)}


class StanceDataError(ValueError):
    """A stance lexicon file (or one of its lines) is malformed."""

    def __init__(self, path: str | Path, line: int, problem: str) -> None:
        self.path, self.line, self.problem = str(path), line, problem
        super().__init__(f"{self.path}:{line}: {problem}" if line else f"{self.path}: {problem}")


@dataclass(frozen=True, slots=True)
class Polar:
    """An evaluative word: its polarity and which actor it evaluates."""

    word: str
    polarity: float
    applies: str  # "any" | "subject" | "object"


@dataclass
class StanceLexicon:
    words: dict[str, Polar] = field(default_factory=dict)
    modifiers: dict[str, tuple[str, float]] = field(default_factory=dict)
    events: dict[str, tuple[float, float]] = field(default_factory=dict)
    requests: dict[str, float] = field(default_factory=dict)
    # the same, keyed by string hash (filled by ``index``)
    word_hashes: dict[int, Polar] = field(default_factory=dict)
    request_hashes: dict[int, float] = field(default_factory=dict)
    quote_hashes: dict[int, str] = field(default_factory=dict)  # "open" | "close" | "straight"

    def index(self, hash_of: Callable[[str], int]) -> "StanceLexicon":
        """Key the words by hash, with their inflected forms."""
        self.word_hashes = {hash_of(form): polar for word, polar in self.words.items() for form in inflections(word)}
        # the lemma itself wins over another word's inflection
        self.word_hashes.update({hash_of(word): polar for word, polar in self.words.items()})
        self.request_hashes = {hash_of(form): value for word, value in self.requests.items()
                               for form in inflections(word)}
        self.quote_hashes = {hash_of(mark): kind for kind, marks in QUOTE_MARKS.items() for mark in marks}
        return self

    # --- modifiers ------------------------------------------------------------
    def modify(self, token: "Token", value: float) -> float:
        """``value`` after the negators, intensifiers and attenuators that bear on
        ``token``: its own dependents, and its governing verb's when ``token`` is
        that verb's object or complement."""
        factor, negated = 1.0, False
        for child in _bearing(token):
            kind_factor = self.modifiers.get(child.lower_)
            if kind_factor is None:
                continue
            kind, f = kind_factor
            if kind == "negator":
                if child.lower_ in NEEDS_NE and not _has_ne(child):
                    continue
                if not negated:
                    negated, factor = True, factor * f
            else:
                factor *= f
        value *= factor
        if negated:
            value = -value
        return max(-1.0, min(1.0, value))

    def is_negated(self, token: "Token") -> bool:
        for child in _bearing(token):
            kind_factor = self.modifiers.get(child.lower_)
            if kind_factor and kind_factor[0] == "negator" and (child.lower_ not in NEEDS_NE or _has_ne(child)):
                return True
        return False


def _bearing(token: "Token") -> Iterator["Token"]:
    yield from token.children
    if token.dep_ in NEGATION_REACHES and token.head is not token:
        for child in token.head.children:
            if child is not token and child.dep_ in ("advmod", "advmod:neg"):
                yield child


def _has_ne(token: "Token") -> bool:
    return any(sibling.lower_ in NE for sibling in token.head.children)


def inflections(word: str) -> list[str]:
    """A lemma and its regular plural/feminine forms ("mitigé" -> "mitigés",
    "mitigée", "mitigées"): enough to catch participles the lemmatiser keeps."""
    forms = [word]
    if word.endswith("eux"):
        return forms + [word[:-1] + "se", word[:-1] + "ses"]
    if word.endswith(("s", "x", "z")):
        return forms
    if word.endswith("al"):
        forms.append(word[:-2] + "aux")
    if word.endswith("if"):
        forms += [word[:-1] + "ve", word[:-1] + "ves"]
    forms += [word + "s", word + "e", word + "es"] if not word.endswith("e") else [word + "s"]
    return forms


# --- reading -----------------------------------------------------------------


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StanceDataError(path, 0, f"cannot read the file: {exc.strerror or exc}") from exc
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield number, [cell.strip() for cell in line.rstrip("\n").split("\t")]


def _number(path: Path, number: int, cell: str, low: float, high: float, what: str) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise StanceDataError(path, number, f"{what} must be a number, got {cell!r}") from None
    if not low <= value <= high:
        raise StanceDataError(path, number, f"{what} must be in [{low}, {high}], got {value}")
    return value


def read_polarity(path: Path) -> dict[str, Polar]:
    words: dict[str, Polar] = {}
    for number, cells in _rows(path):
        if len(cells) < 2:
            raise StanceDataError(path, number, "expected: lemma<TAB>polarity[<TAB>applies[<TAB>notes]]")
        word = cells[0].lower()
        polarity = _number(path, number, cells[1], -1.0, 1.0, "polarity")
        applies = cells[2] if len(cells) > 2 and cells[2] else "any"
        if applies not in APPLIES:
            raise StanceDataError(path, number, f"applies must be one of {', '.join(APPLIES)}, got {applies!r}")
        words[word] = Polar(word, polarity, applies)
    return words


def read_modifiers(path: Path) -> dict[str, tuple[str, float]]:
    out: dict[str, tuple[str, float]] = {}
    for number, cells in _rows(path):
        if len(cells) < 3:
            raise StanceDataError(path, number, "expected: word<TAB>kind<TAB>factor[<TAB>notes]")
        if cells[1] not in MODIFIER_KINDS:
            raise StanceDataError(path, number, f"kind must be one of {', '.join(MODIFIER_KINDS)}, got {cells[1]!r}")
        out[cells[0].lower()] = (cells[1], _number(path, number, cells[2], 0.0, 3.0, "factor"))
    return out


def read_events(path: Path) -> dict[str, tuple[float, float]]:
    from ..doc.analysis import EVENT_TYPES

    out: dict[str, tuple[float, float]] = {}
    for number, cells in _rows(path):
        if len(cells) < 3:
            raise StanceDataError(path, number, "expected: TYPE<TAB>toward_target<TAB>toward_source[<TAB>notes]")
        if cells[0] not in EVENT_TYPES:
            raise StanceDataError(path, number, f"unknown PLOVER type {cells[0]!r}")
        out[cells[0]] = (_number(path, number, cells[1], -1, 1, "toward_target"),
                         _number(path, number, cells[2], -1, 1, "toward_source"))
    return out


def read_requests(path: Path) -> dict[str, float]:
    out: dict[str, float] = {}
    for number, cells in _rows(path):
        if len(cells) < 2:
            raise StanceDataError(path, number, "expected: lemma<TAB>toward_target[<TAB>notes]")
        out[cells[0].lower()] = _number(path, number, cells[1], -1, 1, "toward_target")
    return out


def read_lexicon(polarity: Iterable[Path] = (), folder: Path = DATA) -> StanceLexicon:
    """The shipped lexicons, plus extra polarity files (later lines win)."""
    words = read_polarity(folder / "polarity.tsv")
    for extra in polarity:
        words.update(read_polarity(Path(extra)))
    return StanceLexicon(words=words, modifiers=read_modifiers(folder / "modifiers.tsv"),
                         events=read_events(folder / "events.tsv"), requests=read_requests(folder / "requests.tsv"))


@lru_cache(maxsize=4)
def load_lexicon(polarity_file: str | None = None) -> StanceLexicon:
    """The lexicons, read once per process and keyed by the model's string hashes.
    ``polarity_file``: a user's extra polarity TSV (same columns as
    ``data/polarity.tsv``), whose lines add to or replace the shipped ones."""
    from ..nlp import load_nlp

    strings = load_nlp().vocab.strings
    lexicon = read_lexicon([Path(polarity_file)] if polarity_file else [])
    return lexicon.index(strings.add)
