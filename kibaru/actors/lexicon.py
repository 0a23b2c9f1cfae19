"""The actor dictionary: every name kibaru knows, as folded token sequences.

Built once per process from the shipped data files (``data/``) plus the user's
``--actors`` file. Names are tokenised with the same spaCy tokenizer as the
articles, so "Côte d'Ivoire" or "Yèrèwolo-Ton" match token for token, and
folded (case, accents, apostrophes) so "Cote d’Ivoire" matches too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .data import load_countries, load_leaders, load_organisations, load_roles, load_user_actors
from .fold import fold, slug

DATA = Path(__file__).parent / "data"
@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary sense of a name."""

    kind: str  # "country" | "capital" | "demonym" | "organisation" | "group" | "leader"
    id: str
    name: str
    country: str | None
    agent: str | None
    roles: tuple[str, ...] = ()
    # True for names that are also common words or first names (Maurice, Grenade):
    # only trusted with context.
    ambiguous: bool = False
    seat: bool = False  # a seat of power: a place too, after a preposition ("à Kosyam")


@dataclass(frozen=True, slots=True)
class Match:
    start: int  # token indices, end exclusive
    end: int
    entry: Entry


class ActorLexicon:
    def __init__(self, tokenize: Callable[[str], Sequence[str]]) -> None:
        self._tokenize = tokenize
        self._names: dict[tuple[str, ...], Entry] = {}
        self._longest: dict[str, int] = {}
        self.roles: dict[tuple[str, ...], str] = {}
        self._longest_role: dict[str, int] = {}
        self.leaders: list[Entry] = []
        self.countries: dict[str, str] = {}  # iso3 -> French name
        self.capitals: dict[str, str] = {}  # iso3 -> the capital the press means ("la capitale malienne")
        self.common_surnames = frozenset(_data_words("common_surnames.txt"))
        self.person_nouns = frozenset(_data_words("person_nouns.txt"))
        self.depictions = frozenset(_data_words("depictions.txt"))
        self.discourse_words = frozenset(_data_words("discourse_words.txt"))
        self.institution_nouns = frozenset(_data_words("institution_nouns.txt"))
        self.people_seen: dict[str, "Entry | None"] = {}  # PER names already matched to a leader (or none)

    # --- building -------------------------------------------------------------
    def add(self, surface: str, entry: Entry, overwrite: bool = False) -> None:
        key = tuple(fold(t) for t in self._tokenize(surface) if t.strip())
        if not key:
            return
        if not overwrite and key in self._names:
            current = self._names[key]
            # A specific sense (a leader, an organisation) beats a generic one.
            if _PRIORITY[entry.kind] <= _PRIORITY[current.kind]:
                return
        self._names[key] = entry
        self._longest[key[0]] = max(self._longest.get(key[0], 0), len(key))

    def add_role(self, noun: str, agent: str) -> None:
        key = tuple(fold(t) for t in self._tokenize(noun) if t.strip())
        if key:
            self.roles[key] = agent
            self._longest_role[key[0]] = max(self._longest_role.get(key[0], 0), len(key))

    # --- look-ups -------------------------------------------------------------
    def match(self, words: Sequence[str]) -> list[Match]:
        """Greedy longest matches of dictionary names over folded token texts."""
        found: list[Match] = []
        i = 0
        while i < len(words):
            longest = self._longest.get(words[i], 0)
            hit = None
            for n in range(min(longest, len(words) - i), 0, -1):
                entry = self._names.get(tuple(words[i : i + n]))
                if entry is not None:
                    hit = Match(i, i + n, entry)
                    break
            if hit is None:
                i += 1
            else:
                found.append(hit)
                i = hit.end
        return found

    def role_at(self, words: Sequence[str], i: int) -> tuple[int, str] | None:
        """(length, agent) of the longest role noun starting at token i."""
        longest = self._longest_role.get(words[i], 0)
        for n in range(min(longest, len(words) - i), 0, -1):
            agent = self.roles.get(tuple(words[i : i + n]))
            if agent is not None:
                return n, agent
        return None

    def lookup(self, surface: str) -> Entry | None:
        return self._names.get(tuple(fold(t) for t in self._tokenize(surface) if t.strip()))


_PRIORITY = {"demonym": 0, "capital": 1, "country": 2, "group": 3, "organisation": 3, "leader": 4}


def build_lexicon(tokenize: Callable[[str], Sequence[str]], user_file: str | Path | None = None) -> ActorLexicon:
    lexicon = ActorLexicon(tokenize)
    _fill(lexicon, load_countries(), load_organisations(), load_leaders(), load_roles())
    if user_file is not None:
        user = load_user_actors(user_file)
        _fill(lexicon, user.countries, user.organisations, user.leaders, user.roles, overwrite=True)
    return lexicon


def _fill(lexicon, countries, organisations, leaders, roles, overwrite: bool = False) -> None:
    for country in countries:
        lexicon.countries.setdefault(country.iso3, country.name)
        if country.capitals:
            lexicon.capitals.setdefault(country.iso3, country.capitals[0])
        ambiguous = {fold(a) for a in getattr(country, "ambiguous", ()) or ()}
        for name in (country.name, *country.names):
            lexicon.add(name, Entry("country", country.iso3, country.name, country.iso3, "GOV",
                                    ambiguous=fold(name) in ambiguous), overwrite)
        for capital in country.capitals:
            lexicon.add(capital, Entry("capital", country.iso3, country.name, country.iso3, "GOV",
                                       ambiguous=fold(capital) in ambiguous), overwrite)
        for demonym in country.demonyms:
            lexicon.add(demonym, Entry("demonym", country.iso3, country.name, country.iso3, None), overwrite)
    for org in organisations:
        kind = "group" if getattr(org, "kind", "") in ("armed_group", "group") else "organisation"
        entry = Entry(kind, org.id, org.name, org.country, org.agent, seat=getattr(org, "seat", False))
        for alias in (org.name, *org.aliases):
            lexicon.add(alias, entry, overwrite)
    for leader in leaders:
        entry = Entry("leader", slug(leader.name), leader.name, leader.country, leader.agent, tuple(leader.roles))
        lexicon.leaders.append(entry)
        for alias in (leader.name, *leader.aliases):
            tokens = [t for t in alias.split() if t]
            if len(tokens) == 1 and fold(alias) in lexicon.common_surnames:
                continue  # "Traoré" alone could be anyone: resolved by coreference only
            lexicon.add(alias, entry, overwrite)
    for noun, agent in roles.items():
        lexicon.add_role(noun, agent)


def _data_words(name: str) -> Iterable[str]:
    path = DATA / name
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [fold(line) for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=4)
def default_lexicon(user_file: str | None = None) -> ActorLexicon:
    from ..nlp import load_nlp

    tokenizer = load_nlp().tokenizer
    return build_lexicon(lambda text: [t.text for t in tokenizer(text)], user_file)
