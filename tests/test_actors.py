"""kibaru.actors: noun phrases to actors (country, sector, person), with coreference.

Every sentence here was written for these tests (Sahel-press style). Actors are
read from the coded Article: ``entities`` (mention text -> actor id) and
``actors`` (id -> name, country, agent), and from the events' source/target.
"""

from __future__ import annotations

import pytest

from conftest import describe, events_of


def actor_of(article, surface: str) -> tuple[str, dict]:
    """(id, actor) of the first entity whose text contains ``surface``."""
    for mention in article.entities:
        if surface in mention.text:
            return mention.actor, article.actors[mention.actor].to_dict()
    raise AssertionError(f"no entity containing {surface!r}: {article.entities}")


def only_event(article, event_type: str) -> dict:
    found = events_of(article, event_type)
    assert len(found) == 1, f"expected one {event_type}, got:\n{describe(article)}"
    return found[0]


# --- country names, demonyms, roles --------------------------------------------
@pytest.mark.parametrize("text, surface, iso3", [
    ("La France a condamné l'attaque contre le camp de Tessit.", "France", "FRA"),
    ("Le Burkina Faso a rappelé son ambassadeur à Abidjan.", "Burkina Faso", "BFA"),
    ("La Côte d'Ivoire a condamné l'attaque.", "Côte d'Ivoire", "CIV"),
    ("Le Tchad a fermé sa frontière avec le Soudan.", "Tchad", "TCD"),
])
def test_country_name_is_its_government(analyze, text, surface, iso3):
    _, actor = actor_of(analyze(text), surface)
    assert (actor["country"], actor["agent"]) == (iso3, "GOV")


def test_country_subject_is_the_event_source(analyze):
    article = analyze("La France a condamné l'attaque contre le camp de Tessit.")
    event = only_event(article, "ACCUSE")
    assert event["source"]["country"] == "FRA"
    assert event["source"]["agent"] == "GOV"


@pytest.mark.parametrize("text, surface, iso3, agent", [
    ("Le ministre malien a dénoncé les sanctions de la CEDEAO.", "ministre", "MLI", "GOV"),
    ("Les soldats nigériens ont tué trois terroristes.", "soldats", "NER", "MIL"),
    ("Des manifestants sénégalais ont bloqué la route nationale.", "manifestants", "SEN", "CVL"),
    ("La police guinéenne a dispersé les manifestants.", "police", "GIN", "COP"),
])
def test_demonym_with_role_noun(analyze, text, surface, iso3, agent):
    _, actor = actor_of(analyze(text), surface)
    assert (actor["country"], actor["agent"]) == (iso3, agent)


def test_demonym_noun_is_civilians(analyze):
    article = analyze("Les Maliens ont manifesté contre la France.")
    event = only_event(article, "PROTEST")
    assert (event["source"]["country"], event["source"]["agent"]) == ("MLI", "CVL")
    assert event["target"]["country"] == "FRA"


def test_ambassador_belongs_to_sending_country_not_posting(analyze):
    article = analyze("L'ambassadeur de la Russie au Mali a rencontré le Premier ministre.")
    _, actor = actor_of(article, "ambassadeur")
    assert (actor["country"], actor["agent"]) == ("RUS", "GOV")
    event = only_event(article, "CONSULT")
    assert event["source"]["country"] == "RUS"


def test_ambassador_de_france_au_niger(analyze):
    article = analyze("L'ambassadeur de France au Niger a été convoqué par les autorités nigériennes.")
    _, ambassador = actor_of(article, "ambassadeur")
    assert ambassador["country"] == "FRA"
    _, authorities = actor_of(article, "autorités")
    assert (authorities["country"], authorities["agent"]) == ("NER", "GOV")


def test_role_with_de_complement_country(analyze):
    article = analyze("Le ministre de la Défense du Niger a rencontré l'ambassadeur des États-Unis.")
    event = only_event(article, "CONSULT")
    assert (event["source"]["country"], event["source"]["agent"]) == ("NER", "GOV")
    assert event["target"]["country"] == "USA"


# --- capitals, organisations, armed groups --------------------------------------
@pytest.mark.parametrize("text, surface, iso3", [
    ("Moscou a démenti ces informations.", "Moscou", "RUS"),
    ("Bamako a rejeté les accusations de Paris.", "Bamako", "MLI"),
    ("Bamako a rejeté les accusations de Paris.", "Paris", "FRA"),
])
def test_capital_as_metonym(analyze, text, surface, iso3):
    _, actor = actor_of(analyze(text), surface)
    assert (actor["country"], actor["agent"]) == (iso3, "GOV")


def test_capital_metonym_as_event_dyad(analyze):
    article = analyze("Bamako a rejeté les accusations de Paris.")
    event = only_event(article, "REJECT")
    assert (event["source"]["country"], event["target"]["country"]) == ("MLI", "FRA")


@pytest.mark.parametrize("text, surface, code", [
    ("La CEDEAO a condamné le coup d'État au Niger.", "CEDEAO", "IGO:ECOWAS"),
    ("L'ONU a condamné l'attaque.", "ONU", "IGO:UN"),
    ("L'Union africaine a suspendu le Niger.", "Union africaine", "IGO:AU"),
    ("La MINUSMA a condamné l'attaque contre ses casques bleus.", "MINUSMA", "IGO:MINUSMA"),
])
def test_international_organisation(analyze, text, surface, code):
    _, actor = actor_of(analyze(text), surface)
    assert actor["country"] == code
    assert actor["agent"] == "IGO"


@pytest.mark.parametrize("text, surface", [
    ("Le JNIM a revendiqué l'attaque.", "JNIM"),
    ("Boko Haram a enlevé des dizaines d'élèves.", "Boko Haram"),
    ("L'État islamique au Grand Sahara a revendiqué l'attaque.", "État islamique"),
])
def test_armed_group_is_rebel(analyze, text, surface):
    _, actor = actor_of(analyze(text), surface)
    assert actor["agent"] == "REB"


def test_armed_group_source_of_attack(analyze):
    article = analyze("Le JNIM a attaqué une position de l'armée malienne près de Gao.")
    event = only_event(article, "ASSAULT")
    assert (event["source"]["name"], event["source"]["agent"]) == ("JNIM", "REB")
    assert (event["target"]["country"], event["target"]["agent"]) == ("MLI", "MIL")


# --- persons: leaders, apposition, fuzzy names, coreference ---------------------
@pytest.mark.parametrize("text, surface, name, iso3", [
    ("Assimi Goïta a reçu les chefs religieux à Koulouba.", "Assimi", "Assimi Goïta", "MLI"),
    ("Mohamed Bazoum a reçu l'ambassadeur de Chine.", "Bazoum", "Mohamed Bazoum", "NER"),
    # without the diaeresis, as often typed
    ("Assimi Goita a reçu l'ambassadeur de Chine.", "Assimi", "Assimi Goïta", "MLI"),
])
def test_known_leader(analyze, text, surface, name, iso3):
    _, actor = actor_of(analyze(text), surface)
    assert (actor["name"], actor["country"], actor["agent"]) == (name, iso3, "GOV")


def test_apposition_gives_the_named_person(analyze):
    article = analyze("Le ministre de la Défense, le colonel Sadio Camara, a reçu en audience "
                      "l'ambassadeur de Chine.")
    event = only_event(article, "CONSULT")
    source = event["source"]
    assert (source["name"], source["country"], source["agent"]) == ("Sadio Camara", "MLI", "GOV")
    assert event["target"]["country"] == "CHN"


def test_misspelled_leader_matched_fuzzily(analyze):
    article = analyze("Emmanuel Macronn a rencontré le président ivoirien à Paris.")
    ident, actor = actor_of(article, "Macronn")
    assert ident == "emmanuel-macron"
    assert (actor["name"], actor["country"]) == ("Emmanuel Macron", "FRA")
    event = only_event(article, "CONSULT")
    assert (event["source"]["country"], event["target"]["country"]) == ("FRA", "CIV")


def test_surname_with_title_later_is_the_same_person(analyze):
    article = analyze("Le colonel Sadio Camara a reçu l'ambassadeur de Turquie. "
                      "Le ministre Camara a ensuite rencontré l'ambassadeur du Japon.")
    first, _ = actor_of(article, "Sadio Camara")
    later, _ = actor_of(article, "ministre Camara")
    assert first == later == "sadio-camara"
    sources = {e["source"]["actor"] for e in events_of(article, "CONSULT")}
    assert sources == {"sadio-camara"}
    assert {e["target"]["country"] for e in events_of(article, "CONSULT")} == {"TUR", "JPN"}


def test_pronoun_subject_refers_to_person_just_named(analyze):
    article = analyze("Le colonel Sadio Camara est arrivé à Moscou mardi. "
                      "Il a rencontré le ministre russe de la Défense.")
    event = only_event(article, "CONSULT")
    assert event["source"]["actor"] == "sadio-camara"
    assert (event["source"]["country"], event["target"]["country"]) == ("MLI", "RUS")


# --- unknown names ---------------------------------------------------------------
def test_unknown_names_get_no_invented_country(analyze):
    article = analyze("Karim Zébulon a rencontré Bertrand Quignolet.")
    event = only_event(article, "CONSULT")
    assert event["source"]["name"] == "Karim Zébulon"
    assert event["source"]["country"] is None
    assert event["target"] is None or event["target"]["country"] is None
    assert all(actor.country is None for actor in article.actors.values()), article.actors


def test_unknown_person_takes_the_article_focus_country(analyze):
    # Documented behaviour: an actor with no country cue of its own takes the
    # country the article is about (here, from "malien").
    article = analyze("Karim Zébulon a rencontré le président malien.")
    _, actor = actor_of(article, "Zébulon")
    assert actor["country"] == "MLI"
    event = only_event(article, "CONSULT")
    assert (event["target"]["country"], event["target"]["agent"]) == ("MLI", "GOV")


def test_a_lowercase_word_is_not_a_capital_city():
    # "vienne" (subjunctive of venir) is spelt as Vienna, Austria's capital;
    # French writes the city with a capital letter, the verb without.
    from kibaru.actors.focus import focus_country
    from kibaru.actors.lexicon import default_lexicon

    lexicon = default_lexicon()
    words = "un communiqué de l' état-major vienne démentir cette information .".split()
    assert focus_country(lexicon, [], words) is None
    assert focus_country(lexicon, [], "Le ministre est arrivé à Vienne .".split()) == "AUT"


def test_a_common_phrase_is_not_a_country_name():
    # "la réunion" (a meeting) is spelt as La Réunion: a country's name has a
    # capital letter past its article, the common phrase has none.
    from kibaru.actors.focus import focus_country
    from kibaru.actors.lexicon import default_lexicon

    lexicon = default_lexicon()
    words = "La date a été fixée lors de la réunion ordinaire du bureau .".split()
    assert focus_country(lexicon, [], words) is None
    assert focus_country(lexicon, [], "La réunion a eu lieu hier .".split()) is None
    assert focus_country(lexicon, [], "Le préfet de La Réunion est arrivé .".split()) == "REU"
    assert focus_country(lexicon, [], "Il vit sur l' île de la Réunion .".split()) == "REU"


def test_a_meeting_is_no_actor(analyze):
    article = analyze("Le bureau de la section a félicité les jeunes lors de la réunion ordinaire "
                      "tenue le samedi 3 avril 2021 à Bamako.")
    assert all(actor.country != "REU" for actor in article.actors.values()), article.actors


def test_an_actor_without_a_country_is_not_placed_by_a_verb(analyze):
    article = analyze("Il a fallu attendre l'après-midi pour qu'un communiqué de l'état-major "
                      "des armées vienne démentir cette information.")
    assert all(actor.country != "AUT" for actor in article.actors.values()), article.actors


def test_folded_words_are_made_once_per_doc():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    from kibaru.actors.fold import folded_words

    doc = Doc(Vocab(), words=["La", "Côte", "d’Ivoire", "a", "rappelé", "son", "ambassadeur"])
    assert folded_words(doc[1:3]) == ["cote", "d'ivoire"]
    assert folded_words(doc) == ["la", "cote", "d'ivoire", "a", "rappele", "son", "ambassadeur"]
    doc.user_data["kibaru.folded"][0] = "changed"  # the list is kept, not made again
    assert folded_words(doc[0:2]) == ["changed", "cote"]
