"""Publication date and outlet from the source (issue 13): URL patterns, the
site -> outlet table, JSON-LD and <meta> tags, feeds, WARC records, file
names; W104 on undated articles, counted by ``kibaru db stats``."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import read_all, read_one, run_kibaru, write
from kibaru.ingest.metadata import date_in_path, home_country, html_metadata, outlet_for, outlet_named


@pytest.mark.parametrize("url, outlet", [
    ("https://www.bbc.com/afrique/region-53099443", "BBC Afrique"),
    ("https://www.bbc.com/news/world-africa-1234", "BBC News"),
    ("http://lefaso.net/spip.php?article104000", "Lefaso.net"),
    ("https://www.jeuneafrique.com/1234/politique/mali-la-junte/", "Jeune Afrique"),
    ("https://news.un.org/fr/story/2021/06/1098", "ONU Info"),
])
def test_outlet_from_the_url(url, outlet):
    assert outlet_for(url).name == outlet


def test_an_unknown_site_has_no_outlet_from_the_table():
    assert outlet_for("https://example.org/2021/06/15/x") is None


@pytest.mark.parametrize("name, outlet, home", [
    ("Maliweb", "Maliweb", "MLI"),
    ("  lefaso.NET ", "Lefaso.net", "BFA"),
    ("Sidwaya, 15 juin 2021", "Sidwaya", "BFA"),  # the name and more
    ("BBC Afrique (MasakhaNEWS fra dev)", "BBC Afrique", None),  # international: its home is not its stories'
    ("RFI", "RFI", None),
    ("LAFAND-MT fr-bam test (West African French press, sentences 8-15)", "Malian press (LAFAND-MT fr-bam)", "MLI"),
    ("LAFAND-MT fr-ewe train (West African French press)", "West African press (LAFAND-MT fr-ewe)", None),
])
def test_an_outlet_by_name_and_its_home_country(name, outlet, home):
    assert outlet_named(name).name == outlet
    assert home_country(name) == home


@pytest.mark.parametrize("name", ["Maliwebzine", "Le Sahelien", "", None])
def test_a_name_that_only_begins_like_an_outlet_is_not_it(name):
    assert home_country(name) is None


@pytest.mark.parametrize("path, published", [
    ("/fr/story/2021/06/1098", None),  # a month is not a publication day
    ("/politique/2021/06/15/mali-la-junte", "2021-06-15"),
    ("/actualite/2021-06-15-attaque-a-gao", "2021-06-15"),
    ("/article/20210615/coup-d-etat", "2021-06-15"),
    ("/afrique/region-53099443", None),  # an article id, not a date
    ("2021-13-45_faux.txt", None),
    ("2020-09-23_lome.txt", "2020-09-23"),
])
def test_dates_in_paths_and_file_names(path, published):
    assert date_in_path(path) == published


def test_masakhanews_articles_get_their_outlet_from_the_url(shared):
    path = shared / "data" / "masakhanews-fra" / "dev.tsv"
    with open(path, encoding="utf-8", newline="") as handle:
        urls = [row["url"] for row in csv.DictReader(handle, delimiter="\t")]
    articles = read_all(path)
    assert len(articles) == len(urls) == 211
    assert {a.outlet for a in articles} == {"BBC Afrique"}
    assert all(a.published is None and [w.code for w in a.warnings] == ["W104"] for a in articles)


def test_a_given_outlet_is_kept(tmp_path):
    path = write(tmp_path, "a.jsonl", json.dumps({"text": "Le Mali et le Niger ont signé un accord.",
                                                  "url": "https://www.bbc.com/afrique/x-1",
                                                  "outlet": "Mon journal"}) + "\n")
    assert read_one(path).outlet == "Mon journal"


def test_a_dated_url_dates_the_article_and_silences_the_warning(tmp_path):
    path = write(tmp_path, "a.jsonl", json.dumps({"text": "Le Mali et le Niger ont signé un accord.",
                                                  "url": "https://lefaso.net/2021/06/15/accord"}) + "\n")
    article = read_one(path)
    assert (article.published, article.outlet, article.warnings) == ("2021-06-15", "Lefaso.net", [])


def test_a_text_file_named_by_its_date(tmp_path, seed_path):
    path = write(tmp_path, "2021-06-16_serment.txt", seed_path.read_bytes())
    article = read_one(path)
    assert (article.published, article.outlet) == ("2021-06-16", "le serment du Mali")
    assert read_one(seed_path).warnings[0].code == "W104"


PAGE = """<html><head><title>Mali : attaque à Gao</title>
<meta property="og:site_name" content="Studio Tamani">
<meta property="article:published_time" content="2021-06-14T08:00:00Z">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "x"},
 {"@type": "NewsArticle", "datePublished": "2021-06-15T10:00:00+00:00",
  "publisher": {"@type": "Organization", "name": "Journal du Mali"}}]}</script>
</head><body><article><h1>Mali : attaque à Gao</h1>
<p>Des hommes armés ont attaqué lundi un poste de l'armée malienne à Gao, faisant trois morts selon une source
militaire. L'attaque n'a pas été revendiquée. Le gouverneur de la région a dénoncé un acte lâche.</p>
<p>Le camp avait déjà été visé en mars dernier par des tirs d'obus.</p></article></body></html>"""


def test_json_ld_comes_before_meta_tags():
    assert html_metadata(PAGE) == ("2021-06-15", "Journal du Mali")
    meta_only = PAGE.replace("application/ld+json", "text/plain")
    assert html_metadata(meta_only) == ("2021-06-14", "Studio Tamani")


def test_an_html_page_gets_its_declared_date_and_outlet(tmp_path):
    article = read_one(write(tmp_path, "gao.html", PAGE))
    assert (article.published, article.outlet) == ("2021-06-15", "Journal du Mali")


def test_a_warc_record_gets_the_outlet_of_its_url(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = PAGE.replace("application/ld+json", "text/plain").replace('<meta property="og:site_name" content="Studio Tamani">', "")
    page = page.replace('<meta property="article:published_time" content="2021-06-14T08:00:00Z">', "")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://www.maliweb.net/2021/06/15/attaque-gao.html", "response",
                                                  payload=io.BytesIO(page.encode("utf-8")), http_headers=headers))
    article = read_one(write(tmp_path, "crawl.warc", buffer.getvalue()))
    assert article.published == "2021-06-15"
    assert article.meta.get("captured")


def test_a_feed_entry_without_a_feed_title_gets_the_outlet_of_its_link(tmp_path):
    feed = """<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>Attaque à Djibo</title><link>https://www.rfi.fr/fr/afrique/20210615-burkina-attaque-djibo</link>
<description>Des hommes armés ont attaqué un poste de police à Djibo dans le nord du Burkina Faso.</description>
</item></channel></rss>"""
    article = read_one(write(tmp_path, "flux.rss", feed))
    assert (article.outlet, article.published) == ("RFI", "2021-06-15")


def test_db_stats_counts_the_undated_articles(tmp_path):
    from kibaru.doc import Article
    from kibaru.store import open_store
    from kibaru.store.writer import StoreWriter

    db = str(tmp_path / "k.db")
    store = open_store(db)
    try:
        with StoreWriter(store, "h", command="test") as writer:
            for n, published in enumerate(("2021-06-15", None, None)):
                writer.add(Article(id=f"a{n}", title="t", text="Le Mali et le Niger.", published=published,
                                     lang="fr"))
    finally:
        store.close()
    proc = run_kibaru("db", "stats", "--db", db)
    assert proc.returncode == 0, proc.stderr
    assert "2 articles have no publication date; relative dates were not resolved" in " ".join(proc.stdout.split())
    stats = json.loads(run_kibaru("db", "stats", "--db", db, "--json").stdout)
    assert stats["articles_without_publication_date"] == 2
