"""Who acts and who is acted upon: source and target tokens from the parse.

Verbs: the subject is the source, the object (or a complement introduced by
à/avec/contre …) the target; in the passive ("a été reçu par"), the agent is the
source and the subject the target. An infinitive or a coordinated verb without a
subject takes it from the verb that governs it ("s'apprêtent à organiser",
"l'a arrêté et détenu"); a participle that modifies a noun ("des civils tués par
…") has that noun as its target.

Nouns: "par X" is the source; "de X" is the target for acts done to someone
("l'arrestation de X") and the source otherwise ("la visite du ministre"); a
noun that is the object of a light verb ("organiser un meeting", "mener une
attaque") takes that verb's subject as source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..actors.fold import fold
from .lexicon import Trigger

if TYPE_CHECKING:
    from spacy.tokens import Token

# Verbs that pass their *object* to an infinitive ("inviter le ministre à …"),
# perception verbs included ("ont vu une statue être abattue", "a entendu des
# soldats tirer": the object is the infinitive's subject)
OBJECT_CONTROL = {fold(w) for w in {"inviter", "appeler", "exhorter", "demander", "pousser", "obliger", "contraindre",
                  "autoriser", "encourager", "convier", "aider",
                  "voir", "entendre", "regarder", "laisser", "sentir"}}
MAX_CLIMB = 4
# Dependents that make a trigger's companion word ("recevoir" + homologue) a
# phrase of its own, naming someone: a complement, an adjective, a name.
OWN_PHRASE = ("nmod", "amod", "appos", "flat:name")
# Verbs whose "il" is impersonal ("il s'agit de", "il faut", "il semble").
IMPERSONAL = {"agir", "falloir", "sembler", "paraitre", "arriver", "exister", "rester", "convenir"}
# Constructions whose subject undergoes the noun's act: "faire l'objet de
# menaces", "faire face à des critiques", "subir une attaque", "être victime de".
UNDERGO = {("faire", "objet"), ("faire", "face"), ("subir", None), ("essuyer", None), ("etre", "victime"),
           ("etre", "cible"), ("devenir", "cible")}


@dataclass
class Arguments:
    sources: list["Token"] = field(default_factory=list)
    targets: list["Token"] = field(default_factory=list)
    # complements to try as targets when ``targets`` name no actor (recipients)
    alternatives: list["Token"] = field(default_factory=list)
    passive: bool = False


def _case(token: "Token") -> str | None:
    for child in token.children:
        if child.dep_ in ("case", "mark"):
            return fold(child.text)
    return None


def _with_conjuncts(tokens: list["Token"]) -> list["Token"]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(c for c in token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "PRON"))
    return out


def is_passive(verb: "Token") -> bool:
    """An auxiliary of the passive or a passive subject; a "par" phrase alone is
    not enough ("s'est immolé *par le feu*"), and a reflexive verb never is."""
    children = list(verb.children)
    if any(c.dep_.startswith("expl") or c.lower_ in ("se", "s'", "s’") for c in children):
        return False
    if any(c.dep_ in ("aux:pass", "nsubj:pass") for c in children):
        return True
    # "est condamné par …" parsed with a plain auxiliary: a participle with an agent
    return "Part" in verb.morph.get("VerbForm") and any(c.dep_ == "obl:agent" for c in children)


def verb_arguments(verb: "Token", entry: Trigger) -> Arguments:
    args = Arguments(passive=is_passive(verb))
    children = list(verb.children)
    subjects = [c for c in children if c.dep_ in ("nsubj", "nsubj:pass")]
    agents = [c for c in children if c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and _case(c) == "par")]
    # the words of a multi-word trigger ("mettre en *garde*") are not its arguments
    # ... unless they head a phrase of their own ("répondre à l'appel *du
    # président*", "a reçu son homologue *nigérien*", "a reçu le ministre, *M. Diallo*")
    part_of_trigger = lambda c: fold(c.lemma_) in entry.with_ and not any(g.dep_ in OWN_PHRASE for g in c.children)  # noqa: E731
    objects = [c for c in children if c.dep_ in ("obj", "iobj") and c.pos_ in ("NOUN", "PROPN", "PRON") and not part_of_trigger(c)]
    obliques = [c for c in children if c.dep_.startswith("obl") and _case(c) in entry.target_preps and not part_of_trigger(c)]
    if verb.dep_ in ("acl", "advcl") and "Part" in verb.morph.get("VerbForm") and not subjects:
        if "Pres" in verb.morph.get("Tense"):
            # "le pays accusant la France": the noun (or the main subject) acts
            subjects = [verb.head] if verb.dep_ == "acl" else _inherited_subject(verb)
        elif verb.dep_ == "acl":
            # "plusieurs civils tués par des hommes armés": the noun undergoes the act
            args.passive = True
            subjects = [verb.head]
    if not subjects:
        subjects = _inherited_subject(verb)
    if not objects and not obliques:
        objects = _shared_object(verb)
    if args.passive:
        args.sources = _with_conjuncts(agents)
        args.targets = _with_conjuncts(subjects)
    else:
        args.sources = _with_conjuncts(subjects)
        args.targets = _with_conjuncts(objects or obliques or _deep_oblique(verb, entry))
        if objects:
            args.alternatives = _with_conjuncts(obliques or _deep_oblique(verb, entry))
    if entry.subject_is_target:
        args.sources, args.targets = [], args.sources
    return args


def _shared_object(verb: "Token") -> list["Token"]:
    """"avoir tué, torturé et violé des civils": conjoined verbs share the last one's object."""
    conjuncts = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    if verb.dep_ == "conj":
        conjuncts.append(verb.head)
        conjuncts.extend(c for c in verb.head.children if c.dep_ == "conj" and c != verb)
    for other in conjuncts:
        objects = [c for c in other.children if c.dep_ == "obj" and c.pos_ in ("NOUN", "PROPN")]
        if objects:
            return objects
    return []


def _deep_oblique(verb: "Token", entry: Trigger) -> list["Token"]:
    """"demande justice et réparation à la France": the addressee hangs lower in the tree."""
    for token in verb.subtree:
        if token == verb or token.dep_ in ("nsubj", "nsubj:pass") or token.i < verb.i:
            continue
        if token.pos_ in ("NOUN", "PROPN") and _case(token) in entry.target_preps and token.head.head == verb:
            return [token]
    return []


def _deep_complement(noun: "Token", entry: Trigger) -> list["Token"]:
    """"La visite du ministre …, Sergei Lavrov, en Égypte, en Ouganda …": the
    parser may hang the destinations on the apposition, not on the noun."""
    found = []
    for token in noun.subtree:
        if token.i <= noun.i or token.pos_ not in ("PROPN", "NOUN"):
            continue
        if _case(token) in entry.target_preps and token.dep_ in ("nmod", "obl", "obl:mod", "appos", "conj"):
            found.append(token)
    return found


def _clause_complement(noun: "Token", entry: Trigger) -> list["Token"]:
    """"… sous forme de sit-in *devant l'Ambassade de Russie*": a target-like
    complement of the clause the noun sits in."""
    token = noun
    for _ in range(3):
        if token.dep_ not in ("nmod", "obl", "obl:mod", "obl:arg") or token.head == token:
            return []
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return [c for c in token.children if c.dep_.startswith("obl") and c.i > noun.i and _case(c) in entry.target_preps]
    return []


def _undergoer(noun: "Token") -> list["Token"]:
    """The subject of "faire l'objet de N", "faire face à N", "subir N" …"""
    token = noun
    for _ in range(3):
        head = token.head
        if head == token:
            return []
        for verb, word in UNDERGO:
            if word is None and fold(head.lemma_) == verb and token.dep_ == "obj":
                return [c for c in head.children if c.dep_ == "nsubj"]
            if word is not None and fold(token.lemma_) == word and fold(head.lemma_) == verb:
                return [c for c in head.children if c.dep_ == "nsubj"]
            if word is not None and fold(head.lemma_) == word and head.head != head and fold(head.head.lemma_) == verb:
                return [c for c in head.head.children if c.dep_ == "nsubj"]
        token = head
    return []


def _lemma_is(token: "Token", lemma: str) -> bool:
    return fold(token.lemma_) == lemma


def _clause_agent(noun: "Token") -> list["Token"]:
    """A noun in a complement of a clause ("sous forme de sit-in", "une voix
    importante dans les manifestations") is done by that clause's subject, or
    by its agent when the clause is passive ("a été faite par des jeunes")."""
    token = noun
    for _ in range(3):
        if token.dep_ not in ("nmod", "obl", "obl:mod", "obl:arg", "obj") or token.head == token:
            return []
        token = token.head
        if token.pos_ in ("VERB", "AUX", "ADJ") or any(c.dep_ in ("nsubj", "cop") for c in token.children):
            agents = [c for c in token.children if c.dep_ == "obl:agent" or (c.dep_.startswith("obl") and _case(c) == "par")]
            if agents and is_passive(token):
                return agents
            return [c for c in token.children if c.dep_ == "nsubj"]
    return []


def _inherited_subject(verb: "Token") -> list["Token"]:
    token = verb
    for _ in range(MAX_CLIMB):
        if token.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "acl") or token.head == token:
            return []
        head = token.head
        if token.dep_ in ("xcomp", "advcl") and fold(head.lemma_) in OBJECT_CONTROL:
            objects = [c for c in head.children if c.dep_ in ("obj", "iobj")]
            if objects:
                return objects
        if token.dep_ == "acl" and _agir_beneficiary(head):
            return [head]  # "il s'agit pour lui d'inviter …" parsed with "d'inviter" on "lui"
        if token.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            # "l'acceptation de la Russie d'aider le Mali": the noun's own agent
            # does what its infinitive says, never the clause's subject
            return _noun_agent(head) if _infinitive_content(token) else []
        if fold(head.lemma_) == "agir":  # "il s'agissait pour lui d'inviter …": he invites
            beneficiaries = [c for c in head.children if c.dep_.startswith("obl") and _case(c) == "pour"]
            if beneficiaries:
                return beneficiaries
        impersonal = fold(head.lemma_) in IMPERSONAL
        subjects = [c for c in head.children
                    if c.dep_ in ("nsubj", "nsubj:pass") and not (impersonal and c.lower_ == "il")]
        if subjects:
            return subjects
        token = head
    return []


def _infinitive_content(verb: "Token") -> bool:
    """A present infinitive after "de"/"d'"/"à" that completes a noun ("la
    décision de retirer", "l'offre d'aider", "l'engagement à négocier"): the noun's content."""
    return "Inf" in verb.morph.get("VerbForm") and verb.dep_ == "acl" \
        and any(c.dep_ == "mark" and fold(c.text) in ("de", "d'", "a") for c in verb.children) \
        and not any(c.dep_.startswith("aux") for c in verb.children)  # "le fait d'avoir aidé" happened


def _noun_agent(noun: "Token") -> list["Token"]:
    """The first name in the "de X" complements of a noun, one level down
    included ("un début d'acceptation de la Russie"): who the noun is of."""
    level = [noun]
    for _ in range(2):
        level = [c for n in level for c in n.children if c.dep_ == "nmod" and _case(c) in ("de", "du", "des", "d'")]
        names = [c for c in level if c.pos_ == "PROPN"]
        if names:
            return names[:1]
    return []


def _agir_beneficiary(token: "Token") -> bool:
    """The "pour X" of "il s'agit pour X de …" (X does what follows)."""
    return token.dep_.startswith("obl") and _case(token) == "pour" and fold(token.head.lemma_) == "agir"


def noun_arguments(noun: "Token", entry: Trigger, end: int) -> Arguments:
    args = Arguments()
    complements = [c for c in noun.children if c.dep_ in ("nmod", "amod", "acl") and c.i >= end or c.dep_ == "nmod"]
    for child in complements:
        case = _case(child)
        if case == "entre":  # "le sommet entre le Mali et la Guinée": one side each
            args.sources = [child]
            args.targets.extend(c for c in child.children if c.dep_ == "conj")
            return args
        elif child.dep_ == "amod":  # "le blocus russe", "l'intervention militaire russe": a demonym acts
            args.sources.append(child)
        elif case == "par":
            args.sources.append(child)
        elif case in ("de", "du", "des", "d'", "d’"):
            (args.targets if entry.passive_target else args.sources).append(child)
        elif case in entry.target_preps:
            args.targets.append(child)
    subjects = [c for c in noun.children if c.dep_ == "nsubj"]  # a misparsed verb ("La police enquête")
    if subjects and not args.sources:
        args.sources = subjects
    if not args.targets:
        args.targets = _deep_complement(noun, entry) or _clause_complement(noun, entry)
    head = noun.head
    if noun.dep_ in ("obj", "nsubj:pass") and head.pos_ == "VERB" and not args.sources:
        args.sources = [c for c in head.children if c.dep_ == "nsubj"] or _inherited_subject(head)
    undergoer = _undergoer(noun)
    if undergoer:
        # "a fait l'objet de menaces de mort": the subject undergoes it
        args.targets = args.targets or undergoer
    elif not args.sources:
        args.sources = _clause_agent(noun)
    if noun.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX"):
        # "la manifestation a rassemblé …" / "l'attaque a visé le camp": the verb's object is the target
        args.targets.extend(c for c in head.children if c.dep_ == "obj")
    args.sources = _with_conjuncts(args.sources)
    args.targets = _with_conjuncts(args.targets)
    return args
