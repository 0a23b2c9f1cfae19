"""Who is who in one article: noun phrases to actors, with coreference.

For each sentence, *anchors* are found first — dictionary names (countries,
capitals, demonyms, organisations, armed groups, leaders), spaCy's PER/ORG
entities, and role nouns (ministre, armée, manifestants …). A noun phrase is
then resolved to one actor by what its anchors say, nearest to the phrase head
first:

* a person named in the phrase (with apposition: "le ministre …, Sadio Camara")
  -> that person, whose sector and country come from the leaders list, else
  from a role noun and a country cue in the phrase;
* a role noun -> that sector, of the country the phrase names ("l'Ambassadeur
  de la Russie au Mali" -> RUS GOV: a "de" complement or a demonym wins over
  "au/en", which give a posting), else of the article's focus country;
* an organisation or armed group -> its entry;
* a country or capital name -> its government; a demonym noun ("les Maliens")
  -> its civilians.

Within the article, "le ministre Camara" and misspelled "Gromyro" resolve to the
full actor seen before (rapidfuzz), and a subject pronoun to the most recent
compatible actor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from rapidfuzz import fuzz

from ..doc import SentenceContext
from ..doc.analysis import Actor, Mention
from .anchors import SURNAME_SIMILARITY, Anchor, anchor_head, find_anchors
from .fold import fold, slug
from .lexicon import ActorLexicon, Entry
from .syntax import case_of, depth, is_plural, is_subject, np_tokens

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Prepositions whose country complement is the actor's own country
# ("ministre du Mali", "ambassadeur de Russie"); others ("au Mali") give a posting.
OWNER_CASES = {"de", "du", "des", "d'"}
PARTNER_CASES = {"avec", "contre", "envers", "aupres", "entre"}
# A pronoun refers to an actor of this sentence or of the previous ones.
COREF_WINDOW = 3
PERSON_PRONOUNS = {"il", "elle", "lui"}
PLURAL_PRONOUNS = {"ils", "elles", "leur", "eux"}
RELATIVE_PRONOUNS = {"qui", "lequel", "laquelle", "lesquels", "lesquelles"}
OBJECT_PRONOUNS = {"le", "la", "l'", "l’", "les", "lui", "leur", "me", "m'", "m’", "nous"}
STATE_AGENTS = {"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "OPP", "PTY"}
# Plural state nouns without a country cue are several countries, not one
# ("39 nations ont demandé …", "certains pays africains").
MANY_COUNTRIES = {"pays", "nations", "etats", "gouvernements", "capitales", "puissances"}
FIRST_PERSON = {"je", "j'", "j’", "me", "m'", "m’", "moi", "nous"}
# Verbs that report speech: a quote's "je" is their subject
# ("« Je proposerai … », a déclaré Alassane Ouattara").
REPORTING_VERBS = {fold(w) for w in {
    "affirmer", "déclarer", "dire", "estimer", "assurer", "indiquer", "soutenir", "penser",
    "croire", "alléguer", "prétendre", "expliquer", "ajouter", "confier", "révéler", "rapporter",
    "signaler", "souligner", "écrire", "raconter", "juger", "considérer", "préciser", "lancer",
    "martelé", "marteler", "insister", "poursuivre", "conclure", "témoigner", "confirmer"}}


@dataclass
class SentenceActors:
    """Anchors of one sentence, and the phrase resolver that uses them."""

    sent: "Span"
    anchors: list[Anchor]
    actors_at: list[tuple[int, str]] = field(default_factory=list)  # (token index, actor id)
    subjects: set[str] = field(default_factory=set)  # actors named as a clause subject



class ArticleActors:
    """The actors of one article, built sentence by sentence."""

    def __init__(self, lexicon: ActorLexicon, focus_country: str | None) -> None:
        self.lexicon = lexicon
        self.focus = focus_country
        self.actors: dict[str, Actor] = {}
        self.mentions: list[Mention] = []
        self._recent: list[tuple[int, str]] = []  # (sentence number, actor id)
        self._sentence_no = 0
        # where the sentence being read stands: given with it to read_sentence
        self.context = SentenceContext()

    # The sentence's context, as the resolver and the event coder read it.
    @property
    def chunk_offset(self) -> int:
        """Character offset, in the article text, of the chunk being read."""
        return self.context.offset

    @property
    def local_country(self) -> str | None:
        """The country of the place the current sentence is set in ("à Abuja"):
        a better default than the article's focus for unnamed local actors."""
        return self.context.local_country

    @property
    def scene_country(self) -> str | None:
        """The country where the current sentence's action takes place, a
        country named as a place included ("a vécu en Russie … il a été jeté
        en prison"): where an unnamed police or army acts."""
        return self.context.scene_country

    @property
    def default_country(self) -> str | None:
        return self.local_country or self.focus

    # --- per sentence -----------------------------------------------------------
    def read_sentence(self, sent: "Span", register: bool = True, ents: Sequence["Span"] | None = None,
                      context: SentenceContext | None = None) -> SentenceActors:
        """Find the sentence's anchors and resolve them; ``register`` adds them
        to the article's mentions (not for the headline, whose offsets are not
        in the text). ``context``: where the sentence stands (its chunk's
        offset, its scene's countries); it holds until the next sentence."""
        if context is not None:
            self.context = context
        self._sentence_no += 1
        anchors = find_anchors(self.lexicon, sent, sent.ents if ents is None else ents)
        sentence = SentenceActors(sent, anchors)
        for anchor in anchors:
            if anchor.kind == "demonym" and sent.doc[anchor.start].pos_ not in ("NOUN", "PROPN"):
                continue  # an adjective ("malien") is a cue, not an actor; "les Maliens" is one
            head = anchor_head(sent, anchor)
            actor = self.resolve(sentence, head)
            if actor is not None:
                if register:
                    self._mention(sent.doc, anchor, actor)
                sentence.actors_at.append((anchor.start, actor.id))
                if is_subject(head):
                    sentence.subjects.add(actor.id)
        return sentence

    def end_sentence(self, sentence: SentenceActors) -> None:
        """Make the sentence's actors available to pronouns in the next ones;
        subjects last, so that they are found first (a pronoun subject most
        often continues the previous sentence's subject)."""
        ordered = sorted(sentence.actors_at, key=lambda item: (item[1] in sentence.subjects, item[0]))
        for _, ident in ordered:
            self._recent.append((self._sentence_no, ident))

    def _mention(self, doc, anchor: Anchor, actor: Actor) -> None:
        span = doc[anchor.start : anchor.end]
        label = {"person": "PER", "leader": "PER", "role": "ROLE", "country": "GPE", "capital": "GPE",
                 "organisation": "ORG", "group": "ORG", "org": "ORG"}.get(anchor.kind, "ORG")
        start = self.chunk_offset + span[0].idx
        self.mentions.append(Mention(text=span.text, label=label, start=start, end=start + len(span.text), actor=actor.id))
        if span.text not in actor.aliases and span.text != actor.name:
            actor.aliases.append(span.text)

    # --- resolution -------------------------------------------------------------
    def resolve(self, sentence: SentenceActors, token: "Token") -> Actor | None:
        """The actor a token (usually a syntactic argument's head) stands for."""
        lower = token.lower_
        if token.pos_ == "PRON":
            if lower in RELATIVE_PRONOUNS and token.head.dep_.startswith("acl"):
                return self.resolve(sentence, token.head.head)
            if lower in FIRST_PERSON:
                return self._quote_speaker(sentence, token) or self.unnamed(token)
            if lower in PERSON_PRONOUNS | PLURAL_PRONOUNS or lower in ("l'", "l’", "le", "la", "les", "se", "s'", "s’"):
                plural = lower in PLURAL_PRONOUNS or lower == "les"
                return self._antecedent(sentence, token.i, plural) or self.unnamed(token)
            return None
        if self.is_depiction(token):
            return None  # "une statue du prince": the stone, not the prince
        phrase = np_tokens(token)
        anchors = [a for a in sentence.anchors if any(i in phrase for i in a.head_range)]
        if not anchors:
            return self.unnamed(token)
        if len(anchors) == 1 and anchors[0].kind == "capital" and case_of(token.doc, anchors[0]) in ("a", "à"):
            return None  # "à Abidjan" is where, not whom
        return self._from_anchors(sentence, token, anchors) or self.unnamed(token)

    def opposed(self, adjective: "Token") -> Actor | None:
        """Whom an "anti-" adjective is against: "des manifestations
        anti-françaises" (France), "anti-gouvernementales" (the government of
        the country the sentence is about), "une marche anti-Kagame" (him)."""
        word = fold(adjective.text)
        if not word.startswith("anti") or len(word) < 7:
            return None
        rest = word[4:].lstrip("-")
        if rest.startswith(("gouvernement", "regime", "pouvoir", "junte")):
            country = self.scene_country or self.default_country
            return self._group(country, "GOV", plural=False) if country else None
        entry = self.lexicon.lookup(rest)
        if entry is None:
            return None
        if entry.kind == "leader":
            return self._get(entry.id, lambda: Actor(entry.id, entry.name, entry.country, entry.agent, "person",
                                                     roles=list(entry.roles)))
        if entry.kind in ("country", "capital", "demonym") and entry.country:
            return self._country_actor(entry)
        if entry.kind in ("organisation", "group"):
            return self._get(entry.id, lambda: Actor(entry.id, entry.name, entry.country, entry.agent, "organisation"))
        return None

    def is_depiction(self, token: "Token") -> bool:
        """A statue, a portrait, a monument: an image of someone, not someone."""
        return token.pos_ == "NOUN" and fold(token.lemma_) in self.lexicon.depictions

    def resolve_each(self, sentence: SentenceActors, token: "Token") -> list[Actor]:
        """The actors a token stands for: one, or one per country when a plural
        role noun carries coordinated demonyms ("les gouvernements nigérian et
        ghanéen", "les armées malienne et burkinabè" are two actors, and the
        guidelines want one event per country pair)."""
        actor = self.resolve(sentence, token)
        if actor is None:
            return []
        if actor.kind != "group" or not is_plural(token) and not _coordinated_adjectives(token):
            return [actor]
        countries = _demonym_countries(sentence, token)
        if len(countries) < 2 or actor.country not in countries:
            return [actor]
        return [self._group(country, actor.agent, plural=True) for country in countries]

    def _from_anchors(self, sentence, head: "Token", anchors: list[Anchor]) -> Actor | None:
        doc = sentence.sent.doc
        depths = {a.start: depth(doc, a, head) for a in anchors}
        head_is_anchor = any(head.i in a.head_range for a in anchors)
        # "les opérations de Barkhane avec le Mali": when the phrase head names no
        # actor, a partner ("avec", "contre") is meant before an owner ("de").
        partner = lambda a: 0 if head_is_anchor or case_of(doc, a) in PARTNER_CASES else 1  # noqa: E731
        anchors = sorted(anchors, key=lambda a: (partner(a), depths[a.start], a.start))
        persons = [a for a in anchors if a.kind in ("person", "leader")]
        roles = [a for a in anchors if a.kind == "role"]
        orgs = [a for a in anchors if a.kind in ("organisation", "group", "org")]
        places = [a for a in anchors if a.kind in ("country", "capital")]
        demonyms = [a for a in anchors if a.kind == "demonym"]
        nearest = anchors[0]
        role = roles[0] if roles else None
        cue = self._country_cue(doc, role or nearest, places, demonyms, orgs)
        if persons and (nearest.kind in ("person", "leader", "role") or depths[persons[0].start] <= 1):
            return self._person(persons[0], role, cue, doc)
        if nearest.kind == "role":
            return self._role_actor(nearest, cue, plural=is_plural(doc[nearest.start]))
        if nearest.kind in ("organisation", "group", "org"):
            return self._org_actor(nearest, cue)
        if nearest.kind in ("country", "capital"):
            return self._country_actor(nearest.entry)
        if nearest.kind == "demonym":
            if doc[nearest.start].pos_ in ("NOUN", "PROPN"):  # "les Maliens"
                return self._group(nearest.entry.country, "CVL", plural=True)
            if head.i in nearest.head_range:  # "le blocus russe": the adjective itself
                return self._country_actor(nearest.entry)
        if role is not None:
            return self._role_actor(role, cue, plural=is_plural(doc[role.start]))
        if orgs:
            return self._org_actor(orgs[0], cue)
        if demonyms and head.pos_ == "NOUN" and fold(head.lemma_) in self.lexicon.person_nouns:
            return self._group(demonyms[0].entry.country, "CVL", plural=is_plural(head))  # "un étudiant nigérian"
        if demonyms and head.pos_ == "NOUN" and demonyms[0].start in {c.i for c in head.children}:
            return self._country_actor(demonyms[0].entry)  # "l'intervention militaire russe": Russia's
        return None

    def unnamed(self, token: "Token") -> Actor | None:
        """An actor for a phrase that names nobody but clearly means people
        ("le couple", "des centaines de personnes", a plural pronoun with no
        antecedent): civilians of the country the sentence is about."""
        if self.default_country is None:
            return None
        if token.pos_ == "PRON" and token.lower_ in PLURAL_PRONOUNS | OBJECT_PRONOUNS | FIRST_PERSON:
            return self._group(self.default_country, "CVL", plural=token.lower_ in PLURAL_PRONOUNS)
        if token.pos_ == "NOUN" and fold(token.lemma_) in self.lexicon.person_nouns:
            return self._group(self.default_country, "CVL", plural=is_plural(token))
        return None

    def _country_cue(self, doc, anchor: Anchor, places, demonyms, orgs) -> str | None:
        owner, posting = [], []
        # "des mouvements de jeunes … devant l'Ambassade de Russie": a country
        # inside a place phrase says where, not whose
        places = [p for p in places if not _behind_a_place(doc, p, doc[anchor.start])]
        for place in places:
            case = case_of(doc, place)
            (owner if case in OWNER_CASES or case is None else posting).append(place.entry.country)
        for demonym in demonyms:
            owner.append(demonym.entry.country)
        for org in orgs:
            if org.entry is not None and org.entry.country:
                owner.append(org.entry.country)
        if owner:
            return owner[0]
        return posting[0] if posting else None

    # --- actor constructors -----------------------------------------------------
    def _person(self, anchor: Anchor, role: Anchor | None, cue: str | None, doc) -> Actor:
        entry = anchor.entry
        if entry is not None:
            actor = self._get(entry.id, lambda: Actor(entry.id, entry.name, entry.country, entry.agent, "person",
                                                      roles=list(entry.roles)))
        else:
            name = " ".join(anchor.text.split())
            existing = self._same_person(name)
            if existing is not None:
                actor = existing
            else:
                agent = role.agent if role else "CVL"
                country = cue or self.default_country
                actor = self._get(slug(name), lambda: Actor(slug(name), name, country, agent, "person"))
        if role is not None:
            role_text = _role_phrase(doc, role)
            if role_text and role_text not in actor.roles:
                actor.roles.append(role_text)
            if actor.agent is None:
                actor.agent = role.agent
        if actor.country is None:
            actor.country = cue or self.default_country
        return actor

    def _same_person(self, name: str) -> Actor | None:
        """An earlier person of this article with the same (or a misspelled) surname."""
        tokens = fold(name).split()
        if not tokens:
            return None
        surname = tokens[-1]
        for actor in reversed(list(self.actors.values())):
            if actor.kind != "person" or not actor.name:
                continue
            known = fold(actor.name).split()
            if fuzz.ratio(known[-1], surname) >= SURNAME_SIMILARITY and (
                len(tokens) == 1 or tokens[0] == known[0] or len(known) == 1
            ):
                return actor
        return None

    def _role_actor(self, role: Anchor, cue: str | None, plural: bool) -> Actor:
        country = cue or (self.default_country if role.agent not in ("IGO",) else None)
        if plural and cue is None and fold(role.text) in MANY_COUNTRIES:
            country = None
        # "le diplomate russe" after "l'ambassadeur … Gromyko": the person seen before.
        if not plural:
            for actor in reversed(list(self.actors.values())):
                if actor.kind == "person" and actor.agent == role.agent and actor.country == country and actor.roles:
                    if any(fold(role.text) in fold(r) or _related_roles(fold(role.text), fold(r)) for r in actor.roles):
                        return actor
        return self._group(country, role.agent, plural)

    def _org_actor(self, anchor: Anchor, cue: str | None) -> Actor:
        entry = anchor.entry
        if entry is None:
            name = " ".join(anchor.text.split())
            return self._get(slug(name), lambda: Actor(slug(name), name, cue or self.default_country, None, "organisation"))
        # national bodies named without their country ("l'Assemblée nationale")
        # belong to the article's; NGOs and media without one are international
        country = entry.country or cue or (self.default_country if entry.agent in STATE_AGENTS else None)
        return self._get(entry.id, lambda: Actor(entry.id, entry.name, country, entry.agent, "organisation"))

    def _country_actor(self, entry: Entry) -> Actor:
        ident = entry.country.lower()
        return self._get(ident, lambda: Actor(ident, entry.name, entry.country, "GOV", "country"))

    def _group(self, country: str | None, agent: str | None, plural: bool) -> Actor:
        ident = f"{(country or 'xxx').lower()}-{(agent or 'unk').lower()}"
        if agent == "GOV" and country and country in self.lexicon.countries:
            # "les autorités maliennes", "le gouvernement": coded as a group, shown
            # as the country's actor ("Mali"), so that tables and the network
            # show one node for a country and its government
            name, shown = self.lexicon.countries[country], country.lower()
            return self._get(ident, lambda: Actor(ident, name, country, agent, "group", plural=plural, shown_as=shown))
        return self._get(ident, lambda: Actor(ident, None, country, agent, "group", plural=plural))

    def export_mentions(self) -> list[dict]:
        """The contract's ``entities``: each pointing to its actor as ``export`` shows it."""
        out = []
        for mention in self.mentions:
            record = mention.to_dict()
            actor = self.actors.get(mention.actor)
            if actor is not None and actor.shown_as:
                record["actor"] = actor.shown_as
            out.append(record)
        return out

    def export(self) -> dict[str, dict]:
        """The article's actors as the contract shows them: a government merged
        into its country's actor, with its aliases and roles."""
        out: dict[str, dict] = {}
        for ident, actor in self.actors.items():
            key = actor.shown_as or ident
            record = actor.to_dict()
            if key not in out:
                out[key] = record
                continue
            merged = out[key]
            if actor.shown_as is None:  # the country itself: its name and sector lead
                merged["name"], merged["agent"] = record["name"], record["agent"]
            for field in ("roles", "aliases"):
                merged[field] += [v for v in record[field] if v not in merged[field]]
        return out

    def _get(self, ident: str, make) -> Actor:
        actor = self.actors.get(ident)
        if actor is None:
            actor = self.actors[ident] = make()
        return actor

    def _antecedent(self, sentence: SentenceActors, position: int, plural: bool) -> Actor | None:
        """The most recent compatible actor: in this sentence before the pronoun,
        then in the previous sentences. A singular personal pronoun prefers a
        person; a plural one a plural group or organisation."""
        before = [ident for start, ident in sorted(sentence.actors_at) if start < position][::-1]
        # "Un étudiant nigérian … a indiqué qu'il avait été expulsé": a subject
        # earlier in the same sentence comes first
        for ident in before:
            if ident in sentence.subjects and self.actors[ident].plural == plural:
                return self.actors[ident]
        candidates = list(before)
        candidates += [ident for number, ident in reversed(self._recent) if self._sentence_no - number <= COREF_WINDOW]
        actors = [self.actors[i] for i in candidates if i in self.actors]
        if plural:
            preferred = [a for a in actors if a.plural] or [a for a in actors if a.kind == "organisation"]
        else:
            preferred = [a for a in actors if a.kind == "person"] or [a for a in actors if not a.plural]
        return preferred[0] if preferred else None

    def _quote_speaker(self, sentence: SentenceActors, pronoun: "Token") -> Actor | None:
        """The subject of the sentence's reporting verb, when it is not itself
        first person: who says "je" in a quote."""
        for token in sentence.sent:
            if token.pos_ != "VERB" or fold(token.lemma_) not in REPORTING_VERBS:
                continue
            for child in token.children:
                if child.dep_ == "nsubj" and child.lower_ not in FIRST_PERSON and child != pronoun:
                    return self.resolve(sentence, child)
        return None

    def recent(self, n: int) -> list[str]:
        """The last ``n`` distinct actors of the previous sentences, most recent first."""
        out: list[str] = []
        for _, ident in reversed(self._recent):
            if ident not in out:
                out.append(ident)
                if len(out) == n:
                    break
        return out

    def group_actor(self, country: str | None, agent: str | None, plural: bool = True) -> Actor:
        return self._group(country, agent, plural)



# Prepositions that open a place phrase ("devant l'Ambassade de Russie", "à l'ambassade du Mali").
PLACE_CASES = {"devant", "derriere", "a", "au", "aux", "dans", "sous", "sur", "pres", "vers", "chez", "aupres"}


def _behind_a_place(doc, anchor: Anchor, head: "Token") -> bool:
    """Whether the path from ``anchor`` up to ``head`` crosses a phrase opened by
    a place preposition (the anchor's own preposition excepted: "ambassadeur
    au Mali" is a posting, read by the caller)."""
    token = doc[anchor.start]
    for _ in range(6):
        if token.head == token or token == head:
            return False
        token = token.head
        if token == head:
            return False
        if any(c.dep_ == "case" and fold(c.text) in PLACE_CASES for c in token.children):
            return True
    return False


def _coordinated_adjectives(token: "Token") -> bool:
    return any(c.dep_ == "conj" and c.pos_ == "ADJ" for c in token.children)


def _demonym_countries(sentence: SentenceActors, token: "Token") -> list[str]:
    """Countries of the demonym adjectives modifying ``token`` directly or
    coordinated with one ("nigérian et ghanéen": the parser hangs the second
    either on the first adjective or on the noun itself), in text order."""
    modifiers = [c for c in token.children if c.dep_ == "amod" or c.dep_ == "conj" and c.pos_ == "ADJ"]
    modifiers += [g for c in modifiers for g in c.children if g.dep_ == "conj"]
    positions = {t.i for t in modifiers}
    countries: list[str] = []
    for anchor in sentence.anchors:
        if anchor.kind == "demonym" and anchor.start in positions and anchor.entry is not None:
            if anchor.entry.country not in countries:
                countries.append(anchor.entry.country)
    return countries


def _role_phrase(doc, role: Anchor) -> str:
    tokens = sorted(np_tokens(doc[role.start]))
    # stop the role text at an apposition (the name itself) or a comma
    out = []
    for i in tokens:
        if i < role.start:
            continue
        if doc[i].dep_ in ("appos", "punct") or doc[i].ent_type_ == "PER":
            break
        out.append(doc[i].text_with_ws)
    return "".join(out).strip().rstrip(",") or role.text


_RELATED = [{"ambassadeur", "ambassadrice", "diplomate", "emissaire", "envoye"},
            {"ministre", "chef de la diplomatie"}, {"president", "presidente", "chef de l'etat"}]


def _related_roles(a: str, b: str) -> bool:
    return any(any(x in a for x in group) and any(x in b for x in group) for group in _RELATED)


