"""kibaru.dates: finding and normalising French date expressions.

Every sentence here was written for these tests (Sahel-press style). Dates of
reference: 2021-06-16 is a Wednesday, 2021-06-14 a Monday.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kibaru.dates import DateMention, article_year, find_dates
from kibaru.dates.finder import RULES, gate_features
from kibaru.dates.lexicon import date_lexicon
from kibaru.dates.patterns import compiled, time_words

WEDNESDAY = "2021-06-16"
MONDAY = "2021-06-14"


def only(text: str, **kwargs) -> DateMention:
    mentions = find_dates(text, **kwargs)
    assert len(mentions) == 1, mentions
    return mentions[0]


def values(text: str, **kwargs) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.value, m.precision) for m in find_dates(text, **kwargs)]


# --- explicit dates: fixed by the text alone -----------------------------------

EXPLICIT = [
    ("Le ministre a reçu l'ambassadeur le mardi 15 juin 2021 à Bamako.", "le mardi 15 juin 2021", "2021-06-15", "day"),
    ("En 1944, des tirailleurs ont été tués à Thiaroye.", "1944", "1944", "year"),
    ("Le 18 décembre 2010, un vendeur s'immole à Sidi Bouzid.", "Le 18 décembre 2010", "2010-12-18", "day"),
    ("Le 1er octobre 2020, il a été enlevé à Tripoli.", "Le 1er octobre 2020", "2020-10-01", "day"),
    ("Le premier novembre 2019, la junte a pris le pouvoir.", "Le premier novembre 2019", "2019-11-01", "day"),
    ("Le décret est daté du 15/06/2021.", "15/06/2021", "2021-06-15", "day"),
    ("Publié le 15.06.2021 par la présidence.", "15.06.2021", "2021-06-15", "day"),
    ("Mise à jour : 2021-06-15.", "2021-06-15", "2021-06-15", "day"),
    ("Un bataillon a tué des civils en mai 2022 près de Mopti.", "mai 2022", "2022-05", "month"),
    ("L'action judiciaire avait commencé en mars 1970 au Texas.", "mars 1970", "1970-03", "month"),
    ("Les pourparlers reprendront mi-août 2022 à Niamey.", "mi-août 2022", "2022-08", "month"),
    ("Il a été transféré à la mi-novembre 2020 à Tripoli.", "à la mi-novembre 2020", "2020-11", "month"),
    ("Le rapport sera publié fin septembre 2023.", "fin septembre 2023", "2023-09", "month"),
    ("Le scrutin a été reporté en janv. 2020 puis annulé.", "janv. 2020", "2020-01", "month"),
    ("La mission a pris fin le 15 sept. 2021 à Gao.", "le 15 sept. 2021", "2021-09-15", "day"),
    ("Il réforme la constitution au premier trimestre de l'année 2020.", "l'année 2020", "2020", "year"),
    ("L'année 2020 marque les 76 ans du massacre.", "L'année 2020", "2020", "year"),
    ("Début 2020, il a quitté le pays.", "Début 2020", "2020", "year"),
    ("Les élections locales de l'an 2000 ont été annulées.", "l'an 2000", "2000", "year"),
    ("La révolution de 2011 en Tunisie a renversé Ben Ali.", "2011", "2011", "year"),
    ("La force Barkhane intervient depuis 2014 au Sahel.", "2014", "2014", "year"),
    ("Son film « Tinga » (1987) a été primé au Fespaco.", "1987", "1987", "year"),
    ("Le président a été réélu en 2020, malgré les critiques.", "2020", "2020", "year"),
    ("La junte a signé l'accord le 10 juin 2021 à 10h30 à Bamako.", "le 10 juin 2021", "2021-06-10", "day"),
    ("Le lundi\u00a014\u00a0juin\u00a02021, l'armée a riposté.", "Le lundi\u00a014\u00a0juin\u00a02021", "2021-06-14", "day"),
]


@pytest.mark.parametrize("sentence, text, value, precision", EXPLICIT)
@pytest.mark.parametrize("published", [None, WEDNESDAY])
def test_explicit_dates(sentence, text, value, precision, published):
    mention = only(sentence, published=published)
    assert (mention.text, mention.value, mention.precision) == (text, value, precision)
    assert not mention.relative and not mention.habitual


RANGES = [
    ("Le festival se tient du 12 au 15 juin 2021 à Ouagadougou.", "du 12 au 15 juin 2021", "2021-06-12", "day"),
    ("Des combats ont eu lieu entre le 12 et le 15 juin 2021.", "entre le 12 et le 15 juin 2021", "2021-06-12", "day"),
    ("Les assises se sont tenues les 5 et 6 mai 2021.", "les 5 et 6 mai 2021", "2021-05-05", "day"),
    ("Le sommet se tient du 30 juin au 2 juillet 2021.", "du 30 juin au 2 juillet 2021", "2021-06-30", "day"),
    ("Le couvre-feu court du 28 décembre au 3 janvier 2022.", "du 28 décembre au 3 janvier 2022", "2021-12-28", "day"),
    ("Données du 1er septembre 2021 - 22 juin 2022.", "du 1er septembre 2021 - 22 juin 2022", "2021-09-01", "day"),
    ("Il a dirigé l'armée entre 2014 et 2020.", "entre 2014 et 2020", "2014", "year"),
    ("Le tribunal a siégé de 1993 à 2017 à La Haye.", "de 1993 à 2017", "1993", "year"),
    ("Les exportations ont doublé de janvier à mars 2021.", "de janvier à mars 2021", "2021-01", "month"),
]


@pytest.mark.parametrize("sentence, text, value, precision", RANGES)
def test_ranges_give_their_start(sentence, text, value, precision):
    mention = only(sentence)
    assert (mention.text, mention.value, mention.precision) == (text, value, precision)


# --- day and month without a year ----------------------------------------------

def test_day_month_takes_year_from_publication():
    mention = only("Au Sénégal, le 1er décembre, on a commémoré Thiaroye.", published="2021-12-05")
    assert (mention.text, mention.value, mention.precision) == ("le 1er décembre", "2021-12-01", "day")
    assert mention.relative


def test_day_month_takes_context_year_without_publication():
    assert only("le 1er décembre", context_year=2020).value == "2020-12-01"


def test_day_month_without_any_year_is_unresolved():
    mention = only("Le 25 décembre, 14 militaires ont été tués à Inates.")
    assert (mention.value, mention.precision, mention.relative) == (None, None, True)


def test_publication_date_wins_over_context_year():
    assert only("le 1er décembre", published="2021-12-05", context_year=2015).value == "2021-12-01"


@pytest.mark.parametrize(
    "sentence, published, tense, value",
    [
        # a December date in a January article is last month's, not next December's
        ("Le 25 décembre, des soldats ont été tués.", "2020-01-10", None, "2019-12-25"),
        # an announced date a few weeks ahead is this year's
        ("Les élections sont prévues pour le 23 décembre.", "2020-12-01", None, "2020-12-23"),
        # months ahead, the past occurrence is likelier...
        ("Le 5 avril, je suis allée voir le coffre-fort.", "2021-12-02", None, "2021-04-05"),
        # ...unless the sentence is in the future tense
        ("Le scrutin aura lieu le 5 avril.", "2021-12-02", "future", "2022-04-05"),
        ("Le 19 septembre dernier, un pont a été dynamité.", "2021-09-19", None, "2020-09-19"),
        ("Le 20 décembre de l'année dernière, des hélicoptères ont survolé le village.", WEDNESDAY, None, "2020-12-20"),
        ("Il avait été arrêté le 20 juin.", WEDNESDAY, "past", "2020-06-20"),
    ],
)
def test_year_of_day_month(sentence, published, tense, value):
    assert only(sentence, published=published, tense=tense).value == value


@pytest.mark.parametrize(
    "sentence, published, value",
    [
        ("Le président Déby est mort en avril dernier.", WEDNESDAY, "2021-04"),
        ("En novembre dernier, le président avait déclaré la guerre.", WEDNESDAY, "2020-11"),
        ("En juin dernier, il a démissionné.", WEDNESDAY, "2020-06"),
        ("Il a été cambriolé en avril de cette année.", "2021-12-02", "2021-04"),
        ("Il faisait l'objet d'une enquête depuis septembre de l'année dernière.", WEDNESDAY, "2020-09"),
        ("En mai, la police a tué George Floyd.", WEDNESDAY, "2021-05"),
        ("Début juillet, la mission arrivera à Gao.", WEDNESDAY, "2021-07"),
        ("En novembre, l'armée a lancé une offensive.", WEDNESDAY, "2020-11"),
    ],
)
def test_month_without_year(sentence, published, value):
    mention = only(sentence, published=published)
    assert (mention.value, mention.precision, mention.relative) == (value, "month", True)


def test_month_without_year_uses_context_year():
    assert only("Début juillet, la mission arrivera à Gao.", context_year=2019).value == "2019-07"


def test_month_of_another_date_is_unresolved():
    assert only("Il est entré à l'université en septembre de la même année.", published=WEDNESDAY).value is None


# --- relative expressions -------------------------------------------------------

RELATIVE = [
    # sentence, published, tense, mention text, value, precision
    ("Des hommes armés ont attaqué le poste hier.", "2021-06-16", None, "hier", "2021-06-15", "day"),
    ("Le convoi est arrivé avant-hier à Kidal.", WEDNESDAY, None, "avant-hier", "2021-06-14", "day"),
    ("Les négociations reprennent aujourd'hui à Alger.", WEDNESDAY, None, "aujourd'hui", "2021-06-16", "day"),
    ("Les négociations reprennent aujourd’hui à Alger.", WEDNESDAY, None, "aujourd’hui", "2021-06-16", "day"),
    ("Le ministre se rendra demain à Tombouctou.", WEDNESDAY, None, "demain", "2021-06-17", "day"),
    ("Le chef de l'État a reçu ce matin les syndicats.", WEDNESDAY, None, "ce matin", "2021-06-16", "day"),
    ("Cette nuit, des tirs ont été entendus à Kati.", WEDNESDAY, None, "Cette nuit", "2021-06-15", "day"),
    ("Hier soir, la capitale a été privée d'électricité.", WEDNESDAY, None, "Hier soir", "2021-06-15", "day"),
    ("Le ministre a annoncé mardi une enquête.", WEDNESDAY, None, "mardi", "2021-06-15", "day"),
    ("Le ministre a annoncé mercredi une enquête.", WEDNESDAY, None, "mercredi", "2021-06-16", "day"),
    ("Le ministre recevra mardi les partis politiques.", WEDNESDAY, "future", "mardi", "2021-06-22", "day"),
    ("L'attaque de lundi dernier a fait dix morts.", WEDNESDAY, None, "lundi dernier", "2021-06-14", "day"),
    ("Lundi dernier, le gouvernement a démissionné.", MONDAY, None, "Lundi dernier", "2021-06-07", "day"),
    ("La conférence s'ouvrira mardi prochain à Dakar.", WEDNESDAY, None, "mardi prochain", "2021-06-22", "day"),
    ("La conférence s'ouvrira mercredi prochain à Dakar.", WEDNESDAY, None, "mercredi prochain", "2021-06-23", "day"),
    ("L'incident s'est produit dimanche soir près du marché.", WEDNESDAY, None, "dimanche soir", "2021-06-13", "day"),
    ("Ce mardi, la justice a libéré 300 détenus.", WEDNESDAY, None, "Ce mardi", "2021-06-15", "day"),
    ("Le vendredi 11, les écoles ont fermé.", WEDNESDAY, None, "Le vendredi 11", "2021-06-11", "day"),
    ("La semaine dernière, l'USAID a annoncé une aide.", WEDNESDAY, None, "La semaine dernière", "2021-06", "month"),
    ("Cette semaine, le président a voyagé.", WEDNESDAY, None, "Cette semaine", "2021-06", "month"),
    ("La semaine dernière, le préfet a été limogé.", "2021-06-09", None, "La semaine dernière", "2021", "year"),
    ("Il a limogé 57 juges le mois dernier.", WEDNESDAY, None, "le mois dernier", "2021-05", "month"),
    ("Les discussions doivent commencer le mois prochain.", WEDNESDAY, None, "le mois prochain", "2021-07", "month"),
    ("Tout a débuté l'an dernier lors d'un meeting.", WEDNESDAY, None, "l'an dernier", "2020", "year"),
    ("L'année dernière, le coup d'État a eu lieu.", WEDNESDAY, None, "L'année dernière", "2020", "year"),
    ("Les élections au Congrès de l'année prochaine.", WEDNESDAY, None, "l'année prochaine", "2022", "year"),
    ("L'insécurité alimentaire a augmenté cette année.", WEDNESDAY, None, "cette année", "2021", "year"),
    ("Il y a deux semaines, un kayak a chaviré.", "2021-06-23", None, "Il y a deux semaines", "2021-06", "month"),
    ("La trêve expire dans trois jours.", WEDNESDAY, None, "dans trois jours", "2021-06-19", "day"),
    ("Il est rentré au Nigeria il y a sept ans.", WEDNESDAY, None, "il y a sept ans", "2014", "year"),
    ("Le camp a été attaqué il y a 3 mois.", WEDNESDAY, None, "il y a 3 mois", "2021-03", "month"),
    ("Ce week-end, des manifestants ont défilé.", WEDNESDAY, None, "Ce week-end", "2021-06", "month"),
]


@pytest.mark.parametrize("sentence, published, tense, text, value, precision", RELATIVE)
def test_relative_dates_with_publication(sentence, published, tense, text, value, precision):
    mention = only(sentence, published=published, tense=tense)
    assert (mention.text, mention.value, mention.precision) == (text, value, precision)
    assert mention.relative and not mention.habitual


@pytest.mark.parametrize("sentence, published, tense, text, value, precision", RELATIVE)
def test_relative_dates_without_publication_are_found_unresolved(sentence, published, tense, text, value, precision):
    mention = only(sentence, context_year=2021, tense=tense)
    assert (mention.text, mention.value, mention.precision, mention.relative) == (text, None, None, True)


def test_night_is_dated_by_its_evening():
    mention = only("Dans la nuit de samedi à dimanche, des jihadistes ont attaqué Solhan.", published=MONDAY)
    assert (mention.text, mention.value, mention.precision) == ("la nuit de samedi à dimanche", "2021-06-12", "day")


def test_night_ending_on_publication_day():
    assert only("la nuit de samedi à dimanche", published="2021-06-13").value == "2021-06-12"


def test_night_of_one_weekday_and_of_dates():
    assert only("Ils ont été tués dans la nuit de jeudi à Dibilou.", published=WEDNESDAY).value == "2021-06-10"
    assert only("dans la nuit du 14 au 15 juin 2021").value == "2021-06-14"
    assert only("la nuit de vendredi à samedi prochain", published=WEDNESDAY).value == "2021-06-18"


def test_published_accepts_dates_datetimes_and_iso_strings():
    for published in (date(2021, 6, 16), datetime(2021, 6, 16, 8, 30), "2021-06-16T08:30:00Z"):
        assert only("hier", published=published).value == "2021-06-15"


def test_unreadable_publication_counts_as_unknown():
    assert only("hier", published="mercredi dernier").value is None


def test_unknown_tense_is_refused():
    with pytest.raises(ValueError, match="tense"):
        find_dates("hier", published=WEDNESDAY, tense="passé")


# --- habitual, anaphoric, vague ------------------------------------------------

@pytest.mark.parametrize(
    "sentence, text",
    [
        ("Au Sénégal, chaque 1er décembre, on commémore le massacre de Thiaroye.", "chaque 1er décembre"),
        ("Les fidèles se réunissent tous les lundis devant la mairie.", "tous les lundis"),
        ("Le marché se tient le vendredi matin.", "le vendredi matin"),
        ("Les attaques se répètent chaque année pendant la saison sèche.", "chaque année"),
        ("Ils sont venus à l'église tous les jours.", "tous les jours"),
        ("Les jeunes manifestent chaque mercredi.", "chaque mercredi"),
    ],
)
@pytest.mark.parametrize("published", [None, WEDNESDAY])
def test_habitual_times_have_no_value(sentence, text, published):
    mention = only(sentence, published=published)
    assert (mention.text, mention.value, mention.precision, mention.habitual) == (text, None, None, True)


@pytest.mark.parametrize(
    "sentence, text",
    [
        ("La veille, des tirs avaient été entendus.", "La veille"),
        ("Elle a retiré sa plainte le lendemain.", "le lendemain"),
        ("Le stade était plein ce soir-là.", "ce soir-là"),
        ("Il a été libéré le mardi suivant.", "le mardi suivant"),
        ("Les attaques se sont multipliées ces derniers jours.", "ces derniers jours"),
        ("Il a été blessé il y a quelques jours.", "il y a quelques jours"),
        ("La ville est tombée il y a près de trente ans.", "il y a près de trente ans"),
        ("Le pays a connu la guerre civile dans les années 1990.", "les années 1990"),
    ],
)
def test_anaphoric_and_vague_times_are_found_without_value(sentence, text):
    mention = only(sentence, published=WEDNESDAY)
    assert (mention.text, mention.value, mention.precision, mention.habitual) == (text, None, None, False)


# --- things that are not dates -------------------------------------------------

@pytest.mark.parametrize(
    "sentence",
    [
        "Le chef de village, âgé de 76 ans, a été libéré.",
        "Près de 2000 soldats ont été déployés à Ménaka.",
        "Plus de 1 500 personnes ont fui leurs villages.",
        "La réunion a commencé à 10h30 et s'est terminée à 15 h.",
        "Une colonne de 1500 hommes a quitté Gao.",
        "Le convoi a parcouru de 1200 km en trois jours.",
        "Le budget atteint 2020 milliards de FCFA.",
        "La sonde a photographié la surface de Mars.",
        "Samedi Torde Tanel fait partie des détenus libérés.",
        "Le taux est passé de 56 à 40 % en un an.",
        "Le décret n° 2021-06-15 a été abrogé.",
        "Ils ont parcouru 7 300 kilomètres.",
    ],
)
def test_numbers_and_names_are_not_dates(sentence):
    assert find_dates(sentence, published=WEDNESDAY) == []


def test_dates_among_numbers():
    sentence = "Le 10 juin, 2000 soldats et 1 500 civils ont quitté Gao, en 2021, à 10h30."
    assert values(sentence) == [("Le 10 juin", None, None), ("2021", "2021", "year")]


# --- offsets --------------------------------------------------------------------

ALL_SENTENCES = [row[0] for row in EXPLICIT + RANGES + RELATIVE]


@pytest.mark.parametrize("sentence", ALL_SENTENCES)
def test_offsets_point_into_the_text(sentence):
    for mention in find_dates(sentence, published=WEDNESDAY):
        assert sentence[mention.start : mention.end] == mention.text


FRAGMENTS = [
    "le 15 juin 2021", "mardi", "hier soir", "en 1944", "2000 soldats", "il y a deux semaines",
    "chaque 1er décembre", "la nuit de samedi à dimanche", "du 12 au 15 juin", "mi-août 2022",
    "15/06/2021", "l'an dernier", "Bamako", "a été attaqué", ",", ".", "76 ans", "début juillet",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=8),
    st.sampled_from([None, WEDNESDAY]),
    st.sampled_from([None, "past", "future"]),
)
def test_any_text_gives_sorted_disjoint_mentions_with_exact_offsets(pieces, published, tense):
    text = " ".join(pieces)
    mentions = find_dates(text, published=published, tense=tense)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.precision in (None, "day", "month", "year")
        assert (mention.value is None) == (mention.precision is None)
        assert not (mention.habitual and mention.value)
    for left, right in zip(mentions, mentions[1:]):
        assert left.end <= right.start


def test_mention_round_trips_through_a_dict():
    mention = only("le mardi 15 juin 2021")
    assert DateMention.from_dict(mention.to_dict()) == mention


# --- article_year ---------------------------------------------------------------

def test_article_year_prefers_full_dates():
    text = (
        "Depuis 2014, la force Barkhane combat au Sahel. Le 15 juin 2021, le ministre a reçu "
        "l'ambassadeur. En 2013, la France était intervenue. Le 20 juin 2021, un accord a été signé."
    )
    assert article_year(text) == 2021


def test_article_year_ignores_relative_and_habitual_dates_and_counts():
    assert article_year("Hier, 2000 soldats sont partis ; chaque 1er décembre on commémore.") is None


def test_article_year_feeds_context_year():
    text = "En 1944, des tirailleurs ont été tués. Le 1er décembre, leurs camarades ont été enterrés."
    year = article_year(text)
    assert year == 1944
    assert values(text, context_year=year)[1] == ("Le 1er décembre", "1944-12-01", "day")


# --- machinery ------------------------------------------------------------------

def test_every_lexicon_spelling_passes_its_rule_gate():
    """The cheap feature gate in finder.py must never hide a spelling the lexicon knows."""
    lex = date_lexicon()
    needed = {feature for _, feature, _ in RULES}
    groups = {
        "month": lex.months_spellings(),
        "weekday": list(lex.weekdays),
        "word": time_words(lex) + ["ces derniers temps", "ce week-end", "chaque matin", "tous les soirs"],
    }
    assert set(groups) | {"digit"} == needed
    for feature, spellings in groups.items():
        for spelling in spellings:
            assert feature in gate_features(spelling, compiled()), (feature, spelling)
            assert feature in gate_features(spelling.upper(), compiled()), (feature, spelling)


def test_common_forms_do_not_import_dateparser():
    code = (
        "import sys\nfrom kibaru.dates import find_dates\n"
        "find_dates('le mardi 15 juin 2021, hier, lundi dernier, mi-août 2022', published='2021-06-16')\n"
        "print('dateparser' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
