"""One test per reader, on short French articles written for the tests."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import NIAMEY_BODY, NIAMEY_TITLE, read_all, read_one, write
from kibaru.ingest import find_reader, iter_sources, supported_suffixes
from kibaru.ingest.source import Source
from kibaru.ingest.text import looks_like_byline, looks_like_tag_line, parse_text_article, split_tags

GAO_TXT = """\
Attaque meurtrière contre un camp militaire à Gao
Sécurité - Mali - Gao - attaque terroriste - FAMa
Un camp de l’armée malienne a été attaqué dimanche à l’aube dans la région de Gao, a annoncé l’état-major.
Selon un communiqué officiel, les assaillants ont été repoussés après plusieurs heures de combats.
Moussa Traoré
Source: Le Républicain
"""


# --- plain text ---------------------------------------------------------------


def test_text_title_tags_byline_and_source(tmp_path):
    article = read_one(write(tmp_path, "gao.txt", GAO_TXT))
    assert article.errors == []
    assert article.title == "Attaque meurtrière contre un camp militaire à Gao"
    assert article.tags == ["Sécurité", "Mali", "Gao", "attaque terroriste", "FAMa"]
    assert article.author == "Moussa Traoré"
    assert article.outlet == "Le Républicain"
    assert article.text.startswith("Un camp de l’armée malienne")
    assert article.text.endswith("plusieurs heures de combats.")
    assert "Moussa Traoré" not in article.text and "Source" not in article.text
    assert article.lang == "fr"
    assert article.id and len(article.id) == 16


def test_text_without_tag_line_or_trailer_keeps_every_paragraph(niamey_text):
    article = read_one(niamey_text)
    assert article.title == NIAMEY_TITLE
    assert article.tags == []
    assert article.author is None and article.outlet is None
    assert article.text == NIAMEY_BODY


def test_text_byline_with_par_prefix_and_particle():
    article = parse_text_article(
        "Titre\nPremier paragraphe du texte, assez long pour être une phrase.\nPar Mohamed ag Intalla\n"
    )
    assert article.author == "Mohamed ag Intalla"
    assert article.text == "Premier paragraphe du texte, assez long pour être une phrase."


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Coopération militaire-russie-mali moscou-bamako", ["Coopération militaire", "russie", "mali moscou", "bamako"]),
        ("Mali - sit-in - Yèrèwolo-Ton - Bamako", ["Mali", "sit-in", "Yèrèwolo-Ton", "Bamako"]),
        ("Niger, coup d'État, CEDEAO, sanctions", ["Niger", "coup d'État", "CEDEAO", "sanctions"]),
    ],
)
def test_split_tags(line, expected):
    assert looks_like_tag_line(line)
    assert split_tags(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Le ministre a reçu l'ambassadeur de Russie à Bamako.",  # a sentence, with a final period
        "Mali - Bamako",  # too few keywords
    ],
)
def test_not_a_tag_line(line):
    assert not looks_like_tag_line(line)


@pytest.mark.parametrize("line", ["Aboubacar BERTHE", "Par Aminata Dicko", "Mohamed ould Abdelaziz"])
def test_byline(line):
    assert looks_like_byline(line)


@pytest.mark.parametrize(
    "line",
    ["Bamako", "Les deux pays ont signé un accord.", "Le 15 juin 2021", "la situation reste tendue"],
)
def test_not_a_byline(line):
    assert not looks_like_byline(line)


# --- JSON Lines -----------------------------------------------------------------


def test_jsonl_fields_and_synonyms(tmp_path):
    records = [
        {"id": "d1", "title": "Sommet à Abuja", "text": "Les chefs d'État de la CEDEAO se sont réunis samedi à Abuja.",
         "url": "https://example.org/d1", "published": "2023-07-09", "outlet": "Agence X",
         "author": "A. Diallo", "lang": "fr", "tags": ["CEDEAO", "Nigeria"], "rubrique": "Afrique"},
        {"headline": "Grève à Dakar", "body": "Les enseignants sénégalais ont entamé lundi une grève de trois jours.",
         "date": "Mon, 10 Jul 2023 08:00:00 GMT", "source": "Le Soleil", "tags": "éducation; Sénégal"},
    ]
    path = write(tmp_path, "depeches.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    first, second = read_all(path)
    assert (first.id, first.title, first.url, first.published) == ("d1", "Sommet à Abuja", "https://example.org/d1", "2023-07-09")
    assert (first.outlet, first.author, first.lang, first.tags) == ("Agence X", "A. Diallo", "fr", ["CEDEAO", "Nigeria"])
    assert first.meta["rubrique"] == "Afrique"
    assert first.origin == f"{path}:1"
    assert second.title == "Grève à Dakar"
    assert second.text.startswith("Les enseignants sénégalais")
    assert (second.published, second.outlet, second.tags) == ("2023-07-10", "Le Soleil", ["éducation", "Sénégal"])
    assert second.id and second.id != "d1"
    assert second.origin == f"{path}:2"


def test_ndjson_suffix_is_read_as_jsonl(tmp_path):
    path = write(tmp_path, "x.ndjson", '{"text": "Le président ghanéen a reçu son homologue ivoirien mardi à Accra."}\n')
    assert read_one(path).text.startswith("Le président ghanéen")


# --- CSV / TSV ------------------------------------------------------------------


def test_csv_with_headline_column_and_quoted_newlines(tmp_path):
    content = (
        'id,headline,text,url\n'
        'c1,Inondations à Niamey,"Les pluies diluviennes ont fait plusieurs victimes.\nLe fleuve Niger a débordé.",https://example.org/c1\n'
        'c2,Récolte record,"La campagne agricole a été bonne, selon le ministère de l’Agriculture.",\n'
    )
    first, second = read_all(write(tmp_path, "news.csv", content))
    assert (first.id, first.title, first.url) == ("c1", "Inondations à Niamey", "https://example.org/c1")
    assert first.text == "Les pluies diluviennes ont fait plusieurs victimes.\nLe fleuve Niger a débordé."
    assert second.text == "La campagne agricole a été bonne, selon le ministère de l’Agriculture."
    assert second.url is None


def test_csv_semicolon_delimiter_is_sniffed(tmp_path):
    content = "title;text\nMarché de Kayes;Le prix du mil a baissé cette semaine au marché de Kayes.\n"
    article = read_one(write(tmp_path, "excel.csv", content))
    assert article.title == "Marché de Kayes"
    assert article.text == "Le prix du mil a baissé cette semaine au marché de Kayes."


def test_tsv_in_masakhanews_layout(tmp_path):
    content = (
        "category\theadline\ttext\turl\n"
        "politics\tLe Tchad prolonge la transition\tLe gouvernement tchadien a annoncé samedi la prolongation "
        "de la transition de deux ans.\thttps://www.bbc.com/afrique/x\n"
        "sports\tLes Lions de la Teranga qualifiés\tLe Sénégal s'est qualifié pour la finale après sa victoire.\t\n"
    )
    first, second = read_all(write(tmp_path, "mini.tsv", content))
    assert first.title == "Le Tchad prolonge la transition"
    assert first.url == "https://www.bbc.com/afrique/x"
    assert first.meta["category"] == "politics"
    assert second.meta["category"] == "sports"
    assert second.text == "Le Sénégal s'est qualifié pour la finale après sa victoire."


# --- HTML -----------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Manifestation à Ouagadougou | Le Quotidien</title>
<meta property="og:title" content="Manifestation à Ouagadougou">
<meta property="og:site_name" content="Le Quotidien">
<meta name="author" content="Issa Compaoré">
<meta property="article:published_time" content="2023-09-14T10:00:00+00:00">
<meta name="keywords" content="Burkina Faso, manifestation, transition">
</head><body>
<nav><a href="/">Accueil</a> <a href="/politique">Politique</a></nav>
<article><h1>Manifestation à Ouagadougou</h1>
<p>Plusieurs milliers de personnes ont manifesté jeudi dans les rues de Ouagadougou pour soutenir
les autorités de la transition, à l’appel de plusieurs associations de la société civile.</p>
<p>Les manifestants ont notamment réclamé le départ des forces étrangères et un renforcement de la
coopération avec les pays voisins du Sahel, selon les organisateurs du rassemblement.</p>
<p>La police a encadré le cortège, qui s’est dispersé dans le calme en fin d’après-midi.</p>
</article>
<footer>© 2023 Le Quotidien. Tous droits réservés.</footer>
</body></html>
"""


def test_html_page(tmp_path):
    article = read_one(write(tmp_path, "page.html", HTML_PAGE))
    assert article.errors == []
    assert article.title == "Manifestation à Ouagadougou"
    assert article.author == "Issa Compaoré"
    assert article.outlet == "Le Quotidien"
    assert article.published == "2023-09-14"
    assert article.tags == ["Burkina Faso", "manifestation", "transition"]
    assert article.text.startswith("Plusieurs milliers de personnes")
    assert "dispersé dans le calme" in article.text
    for furniture in ("Accueil", "droits réservés"):
        assert furniture not in article.text


def test_htm_suffix_is_html(tmp_path):
    assert find_reader(Source.from_arg(tmp_path / "a.HTM")).name == "html.v1"


# --- RSS / Atom -----------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Sahel Infos</title><link>https://sahel.example/</link><description>Actualité</description>
<item>
  <title>Le Niger rappelle son ambassadeur</title>
  <link>https://sahel.example/niger-ambassadeur</link>
  <guid>https://sahel.example/?p=101</guid>
  <pubDate>Tue, 01 Aug 2023 09:30:00 +0000</pubDate>
  <category>Diplomatie</category>
  <description><![CDATA[<p>Le gouvernement nigérien a rappelé mardi son ambassadeur à Paris.</p><p>Une décision qualifiée de « souveraine » par Niamey.</p>]]></description>
</item>
<item>
  <title>Accord minier au Burkina</title>
  <link>https://sahel.example/burkina-mines</link>
  <pubDate>Wed, 02 Aug 2023 11:00:00 +0000</pubDate>
  <description>Ouagadougou a signé un accord avec une société russe pour une nouvelle mine d’or.</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Agence Ouest-Afrique</title>
  <id>urn:uuid:feed</id><updated>2023-08-03T12:00:00Z</updated>
  <entry>
    <title>Élections reportées en Guinée</title>
    <id>urn:uuid:entry-1</id>
    <link href="https://ao.example/guinee"/>
    <updated>2023-08-03T12:00:00Z</updated>
    <author><name>Fatoumata Camara</name></author>
    <content type="html">&lt;p&gt;La junte guinéenne a annoncé le report des élections législatives.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_feed_one_article_per_item(tmp_path):
    first, second = read_all(write(tmp_path, "flux.rss", RSS))
    assert first.errors == [] and second.errors == []
    assert first.title == "Le Niger rappelle son ambassadeur"
    assert first.id == "https://sahel.example/?p=101"
    assert first.url == "https://sahel.example/niger-ambassadeur"
    assert first.published == "2023-08-01"
    assert first.outlet == "Sahel Infos"
    assert first.tags == ["Diplomatie"]
    assert first.text == "Le gouvernement nigérien a rappelé mardi son ambassadeur à Paris.\nUne décision qualifiée de « souveraine » par Niamey."
    assert "<p>" not in first.text
    assert second.title == "Accord minier au Burkina"
    assert second.published == "2023-08-02"
    assert second.text == "Ouagadougou a signé un accord avec une société russe pour une nouvelle mine d’or."


def test_atom_feed(tmp_path):
    article = read_one(write(tmp_path, "flux.atom", ATOM))
    assert article.errors == []
    assert article.title == "Élections reportées en Guinée"
    assert article.id == "urn:uuid:entry-1"
    assert article.url == "https://ao.example/guinee"
    assert article.author == "Fatoumata Camara"
    assert article.outlet == "Agence Ouest-Afrique"
    assert article.published == "2023-08-03"
    assert article.text == "La junte guinéenne a annoncé le report des élections législatives."


def test_xml_suffix_is_a_feed(tmp_path):
    assert len(read_all(write(tmp_path, "flux.xml", RSS))) == 2


# --- WARC -----------------------------------------------------------------------


def _warc(path: Path, pages: list[tuple[str, str, bytes]]) -> Path:
    """A .warc.gz with one response record per (url, content type, body)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, ctype, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
    return path


def test_warc_one_article_per_html_response(tmp_path):
    other = HTML_PAGE.replace("Manifestation à Ouagadougou", "Visite officielle à Niamey").replace(
        "Plusieurs milliers de personnes ont manifesté jeudi dans les rues de Ouagadougou",
        "Le président de la Commission de l’Union africaine a été reçu mercredi à Niamey",
    )
    path = _warc(tmp_path / "crawl.warc.gz", [
        ("https://lequotidien.example/manif", "text/html; charset=utf-8", HTML_PAGE.encode()),
        ("https://lequotidien.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("https://lequotidien.example/visite", "text/html", other.encode()),
    ])
    first, second = read_all(path)
    assert first.errors == [] and second.errors == []
    assert first.url == "https://lequotidien.example/manif"
    assert first.title == "Manifestation à Ouagadougou"
    assert first.text.startswith("Plusieurs milliers de personnes")
    assert second.url == "https://lequotidien.example/visite"
    assert second.title == "Visite officielle à Niamey"
    assert second.text.startswith("Le président de la Commission")
    assert first.origin.endswith("crawl.warc.gz#1") and second.origin.endswith("crawl.warc.gz#2")
    assert first.id != second.id


def test_warc_without_html_is_an_error(tmp_path):
    path = _warc(tmp_path / "images.warc.gz", [("https://x.example/a.png", "image/png", bytes(32))])
    (article,) = read_all(path)
    assert [e.code for e in article.errors] == ["E113"]


# --- standard input -------------------------------------------------------------


def test_stdin_reads_jsonl(monkeypatch):
    lines = (
        '{"id": "s1", "title": "Sommet", "text": "Les ministres se sont réunis à Lomé pour évoquer la sécurité maritime."}\n'
        '{"id": "s2", "text": "Le Togo et le Bénin renforcent leur coopération contre la piraterie."}\n'
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(lines.encode("utf-8"))))
    articles = read_all("-")
    assert [a.id for a in articles] == ["s1", "s2"]
    assert articles[0].origin == "<stdin>:1"
    assert articles[1].text.startswith("Le Togo et le Bénin")


# --- every reader ---------------------------------------------------------------


def test_every_suffix_of_the_contract_has_a_reader():
    suffixes = set(supported_suffixes())
    assert {".txt", ".jsonl", ".ndjson", ".csv", ".tsv", ".html", ".htm", ".rss", ".atom", ".xml", ".warc", ".warc.gz"} <= suffixes


def test_folders_are_walked_recursively_in_a_stable_order(tmp_path):
    write(tmp_path, "b.txt", GAO_TXT)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "a.txt", f"{NIAMEY_TITLE}\n{NIAMEY_BODY}\n")
    write(tmp_path, "notes.md", "# pas un article")  # no reader: skipped inside a folder
    write(tmp_path, ".cache.txt", "caché")  # hidden: skipped
    names = [Path(s.name).name for s in iter_sources([tmp_path])]
    assert names == ["b.txt", "a.txt"]
    assert [a.title for a in read_all(tmp_path)] == [GAO_TXT.splitlines()[0], NIAMEY_TITLE]


def test_unknown_suffix_named_explicitly_is_an_error(tmp_path):
    (article,) = read_all(write(tmp_path, "notes.md", "# titre"))
    assert [e.code for e in article.errors] == ["E109"]
    assert ".md" in article.errors[0].message and ".txt" in article.errors[0].message


def test_read_takes_one_path_as_a_string_or_a_path(tmp_path):
    import kibaru

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Titre\n\nLe ministre a reçu l'ambassadeur.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Autre titre\n\nLes soldats ont quitté Gao.\n", encoding="utf-8")
    for given in (str(folder), folder, str(folder / "a.txt")):
        articles = list(kibaru.read(given))
        assert articles and not any(a.errors for a in articles), given
        assert len(articles) == (1 if str(given).endswith(".txt") else 2)
