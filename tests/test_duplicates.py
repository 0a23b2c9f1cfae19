"""Exact and near-duplicate articles within one read."""

from __future__ import annotations

import json

from conftest import read_all, write
from kibaru.doc import Article
from kibaru.normalize import DuplicateFinder
from kibaru.settings import Settings

# ~150 words, written for the tests.
STORY = (
    "Le ministre malien des Affaires étrangères a reçu mardi à Bamako une délégation de la Communauté "
    "économique des États de l’Afrique de l’Ouest conduite par l’ancien président nigérian. "
    "Les deux parties ont examiné le calendrier de la transition politique et les conditions d’une levée "
    "progressive des sanctions économiques imposées au pays depuis le début de l’année. "
    "Selon un communiqué publié à l’issue de la rencontre, les discussions se sont déroulées dans un "
    "climat cordial et constructif. Le ministre a rappelé la volonté des autorités de transition "
    "d’organiser des élections crédibles et apaisées, tout en insistant sur la priorité accordée à la "
    "sécurité du territoire national. Le chef de la délégation a salué les efforts accomplis et promis "
    "de transmettre les propositions maliennes aux chefs d’État de la sous-région lors du prochain sommet "
    "prévu à Accra. Plusieurs organisations de la société civile ont demandé que le dialogue se "
    "poursuive afin d’éviter un isolement durable du pays."
)
# The same wire story republished: another headline, one sentence changed.
REPUBLISHED = STORY.replace(
    "Selon un communiqué publié à l’issue de la rencontre, les discussions se sont déroulées dans un "
    "climat cordial et constructif.",
    "D’après une source diplomatique, l’entretien a duré près de trois heures.",
)
# A different story on the same topic (same actors, same place, other facts).
OTHER_STORY = (
    "La Communauté économique des États de l’Afrique de l’Ouest a maintenu samedi ses sanctions contre "
    "le Mali à l’issue d’un sommet extraordinaire réuni à Accra. Les chefs d’État ont estimé que le "
    "chronogramme proposé par Bamako, qui prévoit cinq années de transition, n’était pas acceptable. "
    "Le gouvernement malien a aussitôt dénoncé une décision « illégale et illégitime » et annoncé la "
    "fermeture de ses frontières avec les pays membres de l’organisation. À Bamako, des milliers de "
    "personnes se sont rassemblées vendredi pour soutenir les autorités de transition. Les commerçants "
    "redoutent une flambée des prix des produits de première nécessité, alors que le port de Dakar "
    "reste le principal débouché des importations maliennes. Des diplomates évoquent une possible "
    "médiation de l’Algérie pour relancer les discussions entre les deux parties."
)


def _jsonl(tmp_path, rows):
    return write(tmp_path, "depeches.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")


def test_story_is_about_150_words():
    assert 130 <= len(STORY.split()) <= 180
    assert REPUBLISHED != STORY


def test_exact_duplicate_points_to_the_first_copy(tmp_path):
    path = _jsonl(tmp_path, [
        {"id": "a", "title": "Bamako reçoit la CEDEAO", "text": STORY},
        {"id": "b", "title": "Bamako reçoit la CEDEAO", "text": STORY},
        {"id": "c", "title": "Autre titre", "text": "  " + STORY.replace(" ", "  ")},  # whitespace differs only
    ])
    a, b, c = read_all(path)
    assert a.duplicate_of is None
    assert b.duplicate_of == "a"
    assert c.duplicate_of == "a"


def test_short_exact_duplicates_are_flagged(tmp_path):
    text = "Le président a quitté Niamey pour Abuja."
    a, b = read_all(_jsonl(tmp_path, [{"id": "x1", "text": text}, {"id": "x2", "text": text}]))
    assert (a.duplicate_of, b.duplicate_of) == (None, "x1")


def test_near_duplicate_with_new_headline_and_changed_sentence(tmp_path):
    path = _jsonl(tmp_path, [
        {"id": "original", "title": "Bamako reçoit une délégation de la CEDEAO", "text": STORY},
        {"id": "reprise", "title": "Transition : la CEDEAO à Bamako pour discuter des sanctions", "text": REPUBLISHED},
        {"id": "autre", "title": "La CEDEAO maintient ses sanctions contre le Mali", "text": OTHER_STORY},
    ])
    original, reprise, autre = read_all(path)
    assert original.duplicate_of is None
    assert reprise.duplicate_of == "original"
    assert autre.duplicate_of is None


def test_near_duplicate_ids_without_given_ids(tmp_path):
    first = write(tmp_path, "a.txt", f"Bamako reçoit la CEDEAO\n{STORY}\n")
    second = write(tmp_path, "b.txt", f"La CEDEAO à Bamako\n{REPUBLISHED}\n")
    a, b = read_all(first, second)
    assert a.id and b.id and a.id != b.id
    assert b.duplicate_of == a.id


def test_different_story_same_topic_is_not_flagged():
    finder = DuplicateFinder(Settings())
    assert finder.check(Article(id="1", text=STORY)) is None
    assert finder.check(Article(id="2", text=OTHER_STORY)) is None


def test_no_dedup_setting(tmp_path):
    path = _jsonl(tmp_path, [{"id": "a", "text": STORY}, {"id": "b", "text": STORY}])
    assert [a.duplicate_of for a in read_all(path, detect_duplicates=False)] == [None, None]


def test_minhash_and_bands_are_the_ones_datasketch_gave():
    """Signatures and LSH bands pinned from datasketch 2 (affine32), which
    kibaru used before: the same near-duplicates are found as before."""
    from kibaru.normalize.duplicates import bands, signature

    shingles = {"le mali a", "mali a rencontré", "a rencontré le"}
    assert [int(v) for v in signature(shingles, 128)[:4]] == [1280471059, 2193882453, 761075047, 50592848]
    assert signature(shingles, 128).dtype.name == "uint32" and len(signature(shingles, 128)) == 128
    assert [bands(t, 128) for t in (0.5, 0.7, 0.9)] == [(25, 5), (14, 9), (5, 25)]
