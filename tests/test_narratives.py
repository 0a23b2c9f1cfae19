"""Narratives of the Sahel information space (kibaru.narratives, issue 6).

Every French sentence here was written for these tests: for each narrative of
the shipped catalogue, sentences that carry it and near misses that share its
words but not its claim. Model-free tests check the catalogue format; ``slow``
tests parse with the spaCy model.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import read_one
from kibaru.narratives import DEFAULT_CATALOGUE, CatalogueError, read_catalogue
from kibaru.narratives.catalogue import _words

REQUIRED = {"france-failure", "russia-partner", "foreign-forces-out", "sovereignty", "jihadist-threat-rising",
            "ecowas-sanctions-hostile"}

# narrative -> (sentences that carry it, near misses that must not)
CASES = {
    "france-failure": (
        ["Neuf ans après son arrivée, la force Barkhane quitte le Sahel sur un constat d'échec que Paris refuse d'admettre.",
         "L'armée française s'est enlisée dans le nord du pays sans jamais parvenir à réduire les attaques.",
         "Beaucoup dénoncent le néocolonialisme d'une France qui traite ses anciennes colonies comme son pré carré."],
        ["La France n'a pas échoué au Sahel, estime le chef d'état-major des armées.",
         "La France a annoncé la fin de l'opération Barkhane et la réorganisation de son dispositif militaire.",
         "L'équipe de France a subi un échec cuisant face au Maroc en demi-finale.",
         "Le Club de Paris a constaté l'échec des négociations sur la dette zambienne."]),
    "russia-partner": (
        ["Pour une grande partie de l'opinion, la Russie est désormais le seul partenaire capable d'aider le pays à vaincre le terrorisme.",
         "Le gouvernement a signé un accord de coopération militaire avec Moscou portant sur la formation des soldats.",
         "Les manifestants ont appelé la Russie à intervenir pour sécuriser le territoire face aux jihadistes."],
        ["La Russie a lancé une nouvelle offensive contre l'Ukraine dans la région de Kharkiv.",
         "Le ministre russe des Affaires étrangères s'est rendu en Chine pour une visite officielle.",
         "Il existe peu d'alternatives aux exportations russes de pétrole."]),
    "foreign-forces-out": (
        ["Des centaines de jeunes ont manifesté samedi pour exiger le retrait des troupes françaises du pays.",
         "Le mouvement appelle les autorités à obtenir le départ de la Minusma avant la fin de l'année.",
         "Le Premier ministre a demandé aux soldats français de quitter le territoire national dans les meilleurs délais."],
        ["La France a achevé le retrait de ses derniers soldats de la base de Gao.",
         "Le gouvernement a demandé l'aide de la France pour lutter contre les inondations.",
         "Les manifestants exigent le départ du président de la commission électorale."]),
    "sovereignty": (
        ["Notre pays est un État souverain et choisira seul ses partenaires, a déclaré le ministre.",
         "Les autorités veulent défendre la souveraineté nationale face aux pressions extérieures.",
         "Le gouvernement affirme avoir le libre choix de ses partenaires en matière de sécurité."],
        ["Le fonds souverain norvégien a investi dans plusieurs entreprises africaines.",
         "La souveraineté alimentaire reste un défi majeur pour les pays du Sahel.",
         "Le pays a célébré le 60e anniversaire de son indépendance par un défilé militaire."]),
    "jihadist-threat-rising": (
        ["La situation sécuritaire ne cesse de se dégrader dans la région de Tillabéri.",
         "La menace terroriste s'étend désormais aux pays côtiers comme le Bénin et le Togo.",
         "On observe une recrudescence des attaques contre les postes militaires depuis le début de l'année."],
        ["Le nombre d'attaques terroristes a nettement diminué cette année selon le gouvernement.",
         "Les jihadistes ont reculé après l'offensive de l'armée dans le nord.",
         "La multiplication des groupes de parole aide les familles des victimes."]),
    "ecowas-sanctions-hostile": (
        ["Les sanctions illégales et illégitimes de la CEDEAO visent à asphyxier le peuple malien.",
         "Des milliers de manifestants ont dénoncé les sanctions de la CEDEAO dans les rues de Niamey.",
         "La CEDEAO n'est plus qu'un syndicat de chefs d'État soucieux de se maintenir au pouvoir."],
        ["La CEDEAO a levé les sanctions économiques qui visaient le Mali.",
         "La CEDEAO a imposé des sanctions au Niger après le coup d'État du 26 juillet.",
         "La CEDEAO dénonce la prise du pouvoir par l'armée et menace de sanctions."]),
    "western-media-bias": (
        ["Les médias occidentaux mènent une véritable campagne de dénigrement contre notre armée.",
         "Le gouvernement a suspendu RFI, accusée de propagande et de désinformation."],
        ["Selon RFI, l'attaque a fait une dizaine de morts dans le centre du pays.",
         "La mission de l'ONU a répondu à la campagne de dénigrement dont elle fait l'objet sur les réseaux sociaux."]),
    "western-hypocrisy": (
        ["Les Occidentaux pratiquent le deux poids deux mesures en condamnant certains putschs et en soutenant d'autres.",
         "Nous n'avons pas de leçons de démocratie à recevoir de l'Occident, a lancé le ministre."],
        ["La France a condamné le coup d'État et appelé au retour de l'ordre constitutionnel.",
         "Le professeur a donné des leçons de mathématiques aux élèves de terminale."]),
    "wagner-abuses": (
        ["Les mercenaires de Wagner sont accusés d'avoir exécuté des civils lors d'une opération dans le centre.",
         "Des ONG documentent les exactions commises par les paramilitaires russes dans le centre du pays."],
        ["Des instructeurs russes sont arrivés à Bamako pour former les soldats maliens.",
         "Le fondateur de Wagner a trouvé la mort dans un accident d'avion en Russie."]),
    "transition-legitimacy": (
        ["Des milliers de personnes ont marché à Ouagadougou en soutien aux autorités de la transition.",
         "La refondation de l'État est la priorité des militaires au pouvoir, selon le Premier ministre."],
        ["L'opposition dénonce la confiscation du pouvoir par les putschistes.",
         "La transition énergétique est au cœur du sommet sur le climat."]),
}


# --- the catalogue format ---------------------------------------------------------------


def test_the_shipped_catalogue_has_the_required_narratives_each_with_cues_and_examples():
    data = read_catalogue(DEFAULT_CATALOGUE)
    ids = {n["id"] for n in data["narratives"]}
    assert REQUIRED <= ids
    assert len(ids) >= len(REQUIRED) + 2
    assert set(CASES) == ids  # every narrative is tested below
    for narrative in data["narratives"]:
        assert narrative["label"] and narrative["description"], narrative["id"]
        assert narrative["cues"] and len(narrative["examples"]) >= 3, narrative["id"]


def test_cue_words_drop_function_words_and_keep_alternatives():
    assert _words("le départ|retrait des forces françaises") == [["départ", "retrait"], ["forces"], ["françaises"]]
    assert _words("à bas la France") == [["bas"], ["france"]]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, message", [
    ("narratives: [{id: Bad_Id, cues: [x]}]", "id must be lower case"),
    ("narratives: [{id: a, cues: []}]", "needs at least one cue"),
    ("narratives: [{id: a, cues: ['échec (France)']}]", "not regular expressions"),
    ("narratives: [{id: a, cues: ['de la']}]", "only function words"),
    ("narratives: [{id: a, cues: [{phrase: x, weight: 2}]}]", "weight must be a number"),
    ("narratives: [{id: a, cues: [{phrase: x, order: true}]}]", "unknown key"),
    ("narratives: [{id: a, cues: [x]}, {id: a, cues: [y]}]", "duplicate id"),
    ("settings: {report: 2}\nnarratives: [{id: a, cues: [x]}]", "expected a number in"),
    ("settings: {threshold: 0.5}\nnarratives: [{id: a, cues: [x]}]", "unknown setting"),
    ("- a\n- b\n", "expected a mapping with a 'narratives' list"),
    ("narratives: [{id: a, cues: [x]\n", "not valid YAML"),
])
def test_a_bad_catalogue_says_what_and_where(tmp_path: Path, text: str, message: str):
    with pytest.raises(CatalogueError, match=message) as raised:
        read_catalogue(write(tmp_path, text))
    assert "catalogue.yaml" in str(raised.value)


def test_a_missing_catalogue_is_a_catalogue_error(tmp_path: Path):
    with pytest.raises(CatalogueError, match="cannot read"):
        read_catalogue(tmp_path / "nowhere.yaml")


# --- finding narratives ---------------------------------------------------------------------


def narratives_of(text: str, **kwargs) -> dict[str, dict]:
    from kibaru.narratives import find_narratives
    from kibaru.nlp import parse

    return {n["id"]: n for n in find_narratives(next(parse([text])), **kwargs)}


@pytest.mark.slow
@pytest.mark.parametrize("narrative, sentence",
                         [(n, s) for n, (positives, _) in CASES.items() for s in positives])
def test_a_sentence_carrying_a_narrative_is_found(analyze, narrative: str, sentence: str):
    found = narratives_of(sentence)
    assert narrative in found, found
    assert 0.5 <= found[narrative]["score"] <= 1
    assert found[narrative]["evidence"] == [sentence]


@pytest.mark.slow
@pytest.mark.parametrize("narrative, sentence",
                         [(n, s) for n, (_, near_misses) in CASES.items() for s in near_misses])
def test_a_near_miss_is_not_taken_for_the_narrative(analyze, narrative: str, sentence: str):
    assert narrative not in narratives_of(sentence)


@pytest.mark.slow
def test_evidence_is_at_most_three_sentences_best_first(analyze):
    text = " ".join(CASES["france-failure"][0] + ["Le marché central a rouvert ses portes lundi."]
                    + ["L'échec de la France est patent, selon plusieurs analystes."])
    found = narratives_of(text, explain=True)["france-failure"]
    assert len(found["evidence"]) == 3
    assert found["score"] > 0.9
    scores = [s for s, *_ in found["sentences"]]
    assert scores == sorted(scores, reverse=True)
    assert all(e in text for e in found["evidence"])
    assert "Le marché central a rouvert ses portes lundi." not in found["evidence"]


@pytest.mark.slow
def test_a_user_catalogue_replaces_the_shipped_one(analyze, tmp_path: Path):
    path = write(tmp_path, """
narratives:
  - id: cotton-crisis
    label: Crise du coton
    description: La filière coton présentée en crise.
    cues:
      - crise|effondrement filière|production coton
    examples:
      - La filière coton traverse une crise sans précédent.
      - La production de coton s'est effondrée cette année.
      - Les producteurs de coton dénoncent la crise qui frappe la filière.
""")
    text = ("Les producteurs décrivent l'effondrement de la filière coton dans le sud du pays. "
            "Des manifestants ont exigé le retrait des troupes françaises.")
    found = narratives_of(text, catalogue_file=str(path))
    assert set(found) == {"cotton-crisis"}, found


@pytest.mark.slow
def test_sentence_bounds_are_the_coders_sentences(analyze, seed_path):
    from kibaru.narratives.sentences import sentence_bounds
    from kibaru.nlp import parse, sentences

    texts = [seed_path.read_text(encoding="utf-8"),
             "Titre sans point\nLe Mali a reçu le Niger. Le ministre, M. Igor Gromyko, a parlé\n\nDeux paragraphes",
             "  \n  Bonjour  \n\nUn. Deux\n \nTrois", "Une phrase sans point final"]
    texts += [s for positives, negatives in CASES.values() for s in positives + negatives]
    for chunks in parse(texts):
        for chunk in chunks:
            assert sentence_bounds(chunk.doc) == [(s.start, s.end) for s in sentences(chunk.doc)], chunk.doc.text


# --- the seed article ------------------------------------------------------------------------------


@pytest.mark.slow
def test_seed_carries_france_failure_and_calls_for_french_forces_to_leave(analyze, seed_path):
    article = analyze(read_one(seed_path))
    found = {n["id"]: n for n in article.narratives}
    for ident in ("france-failure", "foreign-forces-out"):
        assert ident in found, article.narratives
        assert 0.5 <= found[ident]["score"] <= 1
        assert 1 <= len(found[ident]["evidence"]) <= 3
        assert all(sentence in article.text for sentence in found[ident]["evidence"])
    assert any("départ des forces françaises" in s for s in found["foreign-forces-out"]["evidence"])
    assert any("échec de la France" in s or "critiquée" in s for s in found["france-failure"]["evidence"])
