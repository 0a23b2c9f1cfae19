"""The REST API and the pages' HTML, on a real SQLite database of hand-written
articles (no browser, no model): shapes, filters, pagination, errors, and the
security rules — escaping, read-only by default, token, size limit, CORS."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from kibaru.doc import Mention
from kibaru.store import open_store
from kibaru.store.rows import to_rows
from kibaru.web import WebSettings, create_app
from test_store import _event, make_article

TOKEN = "jeton-de-test-0123"
XSS_TITLE = "<script>alert(1)</script>"
XSS_TEXT = 'Le ministre a reçu <img src=x onerror=alert(2)> à Bamako pour parler de sécurité.'


def _meeting():
    """An article whose mention and trigger offsets point at the right words."""
    text = "Le ministre Sadio Camara a reçu l'ambassadeur de Russie à Bamako."
    article = make_article("m1", text, title="Bamako courtise Moscou", published="2021-06-15",
                           events=[_event("CONSULT", "MLI", "RUS", date="2021-06-15"),
                                   _event("REQUEST", "MLI", "RUS", date="2021-06-20")])
    start = text.index("Sadio")
    article.entities = [Mention(text="Sadio Camara", label="PER", start=start, end=start + 12, actor="sadio-camara")]
    trigger = text.index("a reçu")
    article.events = [replace(e, trigger_start=trigger, trigger_end=trigger + len("a reçu")) for e in article.events]
    return article


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "kibaru.db"
    with open_store(path) as store:
        store.put([to_rows(a, "s", None) for a in (
            _meeting(),
            make_article("b1", "Des militaires ont été attaqués près de Djibo.", title="Attaque à Djibo",
                         published="2023-02-03", place=("Djibo", "BFA"),
                         events=[_event("ASSAULT", None, "BFA", place_country="BFA")]),
            make_article("x1", XSS_TEXT, title=XSS_TITLE, published="2022-01-01", events=[]),
        )])
    return path


@pytest.fixture
def client(db):
    with TestClient(create_app(WebSettings(db=str(db))), base_url=BASE) as c:
        yield c


@pytest.fixture
def writer(db):
    with TestClient(create_app(WebSettings(db=str(db), token=TOKEN, max_body=20_000)), base_url=BASE) as c:
        yield c


# The server answers only to its own names (DNS rebinding): the test client
# speaks to it as a browser on this machine would, not as "testserver".
BASE = "http://127.0.0.1"


def _error(response, status):
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert body["error"]["status"] == status
    return body["error"]


# --- the API --------------------------------------------------------------------------

def test_stats(client):
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 3 and stats["events"] == 3
    assert stats["events_by_type"] == {"ASSAULT": 1, "CONSULT": 1, "REQUEST": 1}
    assert stats["first_day"] == "2021-06-15" and stats["last_day"] == "2023-02-03"


def test_events_with_the_store_filters(client):
    body = client.get("/api/events", params={"type": "CONSULT", "source": "MLI", "target": "RUS"}).json()
    assert [(e["type"], e["article_id"], e["day"]) for e in body["items"]] == [("CONSULT", "m1", "2021-06-15")]
    both = client.get("/api/events?type=CONSULT&type=REQUEST").json()["items"]
    assert {e["type"] for e in both} == {"CONSULT", "REQUEST"}
    assert [e["type"] for e in client.get("/api/events?country=BFA&since=2023").json()["items"]] == ["ASSAULT"]
    # empty form fields mean "no filter"
    assert len(client.get("/api/events?type=&source=&since=&min_confidence=&outlet=&topic=").json()["items"]) == 3
    assert _error(client.get("/api/events?min_confidence=2"), 400)["code"] == "invalid_request"
    assert _error(client.get("/api/timeline?min_confidence=x"), 400)["code"] == "invalid_request"


def test_pagination(client):
    first = client.get("/api/articles?limit=2").json()
    assert len(first["items"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["items"]) == 1 and second["next"] is None
    ids = [a["id"] for a in first["items"] + second["items"]]
    assert sorted(ids) == ["b1", "m1", "x1"]
    assert ids[0] == "b1"  # newest first


def test_article_search_actors_places_timeline_network(client):
    article = client.get("/api/articles/m1").json()
    assert article["title"] == "Bamako courtise Moscou" and len(article["events"]) == 2
    hits = client.get("/api/search", params={"q": "securite"}).json()["items"]
    assert [h["id"] for h in hits] == ["x1"]
    actors = client.get("/api/actors?country=MLI").json()["items"]
    assert actors[0]["name"] == "Sadio Camara" and actors[0]["articles"] == 3
    places = client.get("/api/places").json()["items"]
    assert {p["country"] for p in places} == {"MLI", "BFA"} and all(p["lat"] is not None for p in places)
    weeks = client.get("/api/timeline").json()["items"]
    assert {"week": "2021-06-14", "type": "CONSULT", "events": 1} in weeks
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", w["week"]) for w in weeks)
    net = client.get("/api/network").json()
    assert {e["type"] for e in net["edges"]} == {"CONSULT", "REQUEST"}
    labels = {n["label"] for n in net["nodes"]}
    assert labels == {"Acteur MLI", "Acteur RUS"}
    stance = client.get("/api/stance?country=RUS,FRA").json()["items"]
    assert {(s["actor"], s["month"]) for s in stance} >= {("RUS", "2021-06"), ("FRA", "2023-02")}


def test_one_error_shape(client):
    assert _error(client.get("/api/articles/nope"), 404)["code"] == "E208"
    assert _error(client.get("/api/events?limit=-1"), 422)["code"] == "invalid_request"
    assert "unknown PLOVER type" in _error(client.get("/api/events?type=MEET"), 400)["message"]
    assert _error(client.get("/api/search?q=%20"), 400)["code"] == "E211"
    assert _error(client.get("/api/nothing-here"), 404)["code"] == "not_found"
    assert _error(client.delete("/api/articles/m1"), 405)["code"] == "method_not_allowed"


@pytest.mark.parametrize("value", ["'; DROP TABLE events; --", "MLI' OR '1'='1", "%", "\\", '"'])
def test_filters_are_parameters_not_sql(client, db, value):
    for url in ("/api/events", "/api/places", "/api/timeline", "/api/network"):
        response = client.get(url, params={"source": value, "country": value, "article": value})
        assert response.status_code in (200, 400)
        if url == "/api/events" and response.status_code == 200:
            assert response.json()["items"] == []
    client.get("/api/search", params={"q": value})
    with open_store(db, readonly=True) as store:
        assert store.counts()["events"] == 3 and store.counts()["articles"] == 3


# --- pages ------------------------------------------------------------------------------

def test_every_page_renders_with_its_json_twin(client):
    for url, twin in (("/", "/api/stats"), ("/?q=Djibo", "/api/search?q=Djibo"), ("/articles/m1", "/api/articles/m1"),
                      ("/timeline", "/api/timeline?"), ("/network?type=CONSULT", "/api/network?type=CONSULT"),
                      ("/map", "/api/places?"), ("/stance", "/api/stance?by=outlet"),
                      ("/events?type=CONSULT", "/api/events?type=CONSULT"), ("/narratives", "/api/narratives?by=outlet"),
                      ("/review", "/api/review?")):
        page = client.get(url, headers={"accept": "text/html"})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html"), url
        assert f'href="{twin}' in page.text.replace("&amp;", "&"), (url, twin)


def test_search_page_shows_hits_with_marks(client):
    page = client.get("/?q=Djibo").text
    assert 'href="/articles/b1"' in page and "<mark>Djibo</mark>" in page
    assert "1 article" in page


def test_article_page_highlights_entities_and_triggers(client):
    page = client.get("/articles/m1").text
    assert '<span class="ent ent-PER" title="Sadio Camara MLI GOV">Sadio Camara</span>' in page
    assert 'class="trigger t-CONSULT" href="#event-0"' in page
    assert 'id="event-1"' in page and "l&#39;ambassadeur" in page
    assert "<del>lambassadeur</del>" in page  # the repair


def test_user_strings_are_escaped_everywhere(client):
    for url in ("/articles/x1", "/?q=securite", "/"):
        page = client.get(url).text
        assert "<script>alert(1)</script>" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page, url
    # the only scripts are the shipped one
    assert re.findall(r"<script[^>]*>", client.get("/articles/x1").text) == ['<script src="/static/kibaru.js" defer>']


def test_html_errors_for_browsers_json_for_programs(client):
    page = client.get("/articles/nope", headers={"accept": "text/html"})
    assert page.status_code == 404 and "E208" in page.text and page.headers["content-type"].startswith("text/html")
    assert client.get("/articles/nope", headers={"accept": "application/json"}).json()["error"]["code"] == "E208"


def test_security_headers_and_no_cors_by_default(client):
    response = client.get("/api/stats", headers={"origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_cors_only_for_the_configured_origin(db):
    app = create_app(WebSettings(db=str(db), cors_origins=("https://dashboard.example",)))
    with TestClient(app, base_url=BASE) as c:
        ok = c.get("/api/stats", headers={"origin": "https://dashboard.example"})
        assert ok.headers["access-control-allow-origin"] == "https://dashboard.example"
        other = c.get("/api/stats", headers={"origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_docs_are_served_locally(client):
    page = client.get("/docs").text
    assert "/static-docs/swagger-ui-bundle.js" in page and "/static-docs/swagger-ui.css" in page
    assert not re.search(r"""(src|href)=["']https?://""", page)
    assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/search", "/api/articles/{article_id}", "/api/analyze"} <= set(spec["paths"])


def test_offline_assets_are_shipped(client):
    world = client.get("/static/world.json").json()
    assert len(world["countries"]) > 150
    assert {"MLI", "BFA", "NER", "SEN", "FRA", "RUS"} <= {c["iso3"] for c in world["countries"]}
    js = client.get("/static/kibaru.js").text
    assert "http://" not in js.replace("http://www.w3.org/2000/svg", "") and "https://" not in js


# --- writes: read-only by default, token, size limit ------------------------------------

def test_read_only_by_default(client, db):
    body = {"articles": [{"text": "Le président a reçu l'ambassadeur."}]}
    assert _error(client.post("/api/analyze", json=body), 403)["code"] == "read_only"
    assert _error(client.post("/api/analyze", json=body, headers={"authorization": f"Bearer {TOKEN}"}), 403)
    # and the database connection itself cannot write
    store = client.app.state.stores.get()
    with pytest.raises(Exception):
        store.execute("DELETE FROM articles")
    with open_store(db, readonly=True) as check:
        assert check.counts()["articles"] == 3


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer wrong-token-000", f"Basic {TOKEN}", f"Bearer {TOKEN}x"])
def test_writes_need_the_right_token(writer, header):
    headers = {"authorization": header} if header else {}
    error = _error(writer.post("/api/analyze", json={"articles": [{"text": "Un texte."}]}, headers=headers), 401)
    assert error["code"] == "unauthorized"


def test_request_size_limit(writer):
    big = {"articles": [{"text": "mot " * 10_000}]}
    assert _error(writer.post("/api/analyze", json=big, headers={"authorization": f"Bearer {TOKEN}"}), 413)["code"] == "too_large"

    def chunks():  # no Content-Length: counted as it arrives
        for _ in range(50):
            yield b"x" * 1000

    response = writer.post("/api/analyze", content=chunks(), headers={"authorization": f"Bearer {TOKEN}",
                                                                      "content-type": "application/json"})
    assert response.status_code == 413


def test_invalid_analyze_body(writer):
    auth = {"authorization": f"Bearer {TOKEN}"}
    assert _error(writer.post("/api/analyze", json={"articles": []}, headers=auth), 422)
    assert _error(writer.post("/api/analyze", json={"articles": [{"title": "pas de texte"}]}, headers=auth), 422)


@pytest.mark.slow
def test_analyze_with_the_token_codes_and_stores(writer, db):
    body = {"articles": [{"id": "posted-1", "title": "Visite à Bamako", "published": "2024-03-05",
                          "text": "Le ministre malien des Affaires étrangères a reçu mardi à Bamako "
                                  "l'ambassadeur de France pour discuter de la coopération."}]}
    response = writer.post("/api/analyze", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["stored"] == 1 and result["articles"][0]["id"] == "posted-1"
    stored = writer.get("/api/articles/posted-1").json()
    assert any(e["type"] == "CONSULT" for e in stored["events"])
    assert writer.get("/api/events?article=posted-1&type=CONSULT").json()["items"]


def test_fused_events_and_distinct_count(db):
    from kibaru.store.fusion import fuse

    with open_store(db) as store:
        fuse(store)
    with TestClient(create_app(WebSettings(db=str(db))), base_url=BASE) as c:
        assert c.get("/api/stats").json()["distinct_events"] == 3
        fused = c.get("/api/events?fused=true&type=CONSULT").json()["items"]
        assert [(f["type"], f["reports"], f["source_country"]) for f in fused] == [("CONSULT", 1, "MLI")]
        assert _error(c.get("/api/events?fused=true&status=planned"), 400)["code"] == "E211"
        assert "distinct after fusion" in c.get("/").text


# --- stance, narratives, events, review (issue 16) ---------------------------------------

@pytest.fixture
def undated(db):
    """The fixture's database plus an undated article from another outlet, as
    MasakhaNEWS rows and .txt files come: no publication day."""
    article = make_article("u1", "Le Niger accuse la France.", title="Sans date", published=None, outlet="Sahel Tribune",
                           events=[_event("ACCUSE", "NER", "FRA")])
    article.stance = {"FRA": -0.6}
    article.narratives = [{"id": "france-failure", "score": 0.8, "evidence": ["La France a échoué au Sahel."]}]
    with open_store(db) as store:
        store.put([to_rows(article, "s", None)])
    with TestClient(create_app(WebSettings(db=str(db))), base_url=BASE) as c:
        yield c


def test_stance_by_outlet_counts_articles_without_a_date(undated):
    rows = undated.get("/api/stance?by=outlet&country=FRA").json()["items"]
    assert {(r["outlet"], r["articles"], r["score"]) for r in rows} == {("L'Essor", 3, -0.25),
                                                                        ("Sahel Tribune", 1, -0.6)}
    monthly = undated.get("/api/stance?country=FRA").json()
    assert monthly["undated"] == 1 and all(r["articles"] for r in monthly["items"])
    articles = undated.get("/api/stance?by=article&country=FRA&outlet=Sahel Tribune").json()["items"]
    assert [(a["article_id"], a["day"], a["score"]) for a in articles] == [("u1", None, -0.6)]
    assert _error(undated.get("/api/stance?by=week"), 400)["code"] == "invalid_request"
    page = undated.get("/stance").text
    assert 'id="stance-outlets"' in page and "Sahel Tribune" in page
    assert 'href="/stance?country=FRA&amp;outlet=Sahel%20Tribune#stance-articles"' in page
    assert 'href="/api/stance?by=outlet' in page.replace("&amp;", "&")


def test_narratives_by_outlet_with_their_evidence(undated):
    rows = undated.get("/api/narratives").json()["items"]
    assert {(r["narrative"], r["outlet"], r["articles"], r["of"]) for r in rows} == {
        ("russia-partner", "L'Essor", 3, 3), ("france-failure", "Sahel Tribune", 1, 1)}
    months = undated.get("/api/narratives?by=month").json()
    assert months["undated"] == 1 and {r["month"] for r in months["items"]} == {"2021-06", "2022-01", "2023-02"}
    [article] = undated.get("/api/narratives?by=article&narrative=france-failure").json()["items"]
    assert article["article_id"] == "u1" and article["evidence"] == ["La France a échoué au Sahel."]
    page = undated.get("/narratives?narrative=france-failure").text
    assert "La France a échoué au Sahel." in page and 'id="narrative-outlets"' in page
    assert _error(undated.get("/api/narratives?by=topic"), 400)["code"] == "invalid_request"


def test_the_article_page_shows_stance_topic_and_narratives(client):
    page = client.get("/articles/m1").text
    assert 'id="article-stance"' in page and "+0.50" in page and "−" not in page.split('id="article-stance"')[0][-5:]
    assert 'data-country="RUS"' in page and 'href="#event-0"' in page  # the meeting carries Russia's stance
    assert 'id="article-topic"' in page and "politics" in page
    assert 'data-narrative="russia-partner"' in page and "La Russie est un partenaire." in page


def test_the_events_page_follows_a_network_node(client):
    net = client.get("/api/network").json()
    node = next(n for n in net["nodes"] if n["country"] == "RUS")
    assert node["id"] == "Acteur RUS|RUS|MIL"
    body = client.get("/api/events", params={"actor": node["id"]}).json()["items"]
    assert {e["type"] for e in body} == {"CONSULT", "REQUEST"}
    page = client.get("/events", params={"actor": node["id"]}).text
    assert 'id="events-total">2<' in page and "Une phrase CONSULT." in page and 'href="/articles/m1"' in page
    assert 'href="/api/events?actor=Acteur+RUS%7CRUS%7CMIL"' in page.replace("&amp;", "&")
    assert client.get("/events", params={"actor": "Acteur BFA|BFA|MIL"}).text.count("<tr>") == 1 + 1  # header + the attack
    assert "No event matches" in client.get("/events", params={"actor": "|BFA|MIL"}).text
    assert _error(client.get("/api/events?actor=RUS"), 400)["code"] == "E211"
    assert client.get("/events", params={"place": "Bamako|MLI", "type": "REQUEST"}).text.count("Une phrase REQUEST.") == 1


def test_unnamed_actors_are_described_never_keyed(db):
    with open_store(db) as store:
        store.put([to_rows(make_article("c1", "Des civils ont été tués.", events=[
            {**_event("ASSAULT", None, None), "target": {"actor": "mli-cvl", "name": None, "country": "MLI",
                                                         "agent": "CVL"}}]), "s", None)])
    with TestClient(create_app(WebSettings(db=str(db))), base_url=BASE) as c:
        assert "Civilians (Mali)" in c.get("/events?article=c1").text
        assert "mli-cvl" not in c.get("/articles/c1").text.split('id="actors"')[0].split('id="events"')[1]


def test_timeline_gives_every_precision_and_the_undated(undated):
    body = undated.get("/api/timeline").json()
    assert {"items", "months", "years", "undated"} <= set(body)
    assert body["undated"] == 1  # the undated article's event: no day of its own, none from the article


def test_reviews_need_the_token_and_leave_the_queue(client, writer):
    queue = writer.get("/api/review").json()
    assert queue["writable"] is True and queue["counts"] == {"accepted": 0, "corrected": 0, "rejected": 0}
    first = queue["items"][0]
    verdict = {"article_id": first["article_id"], "seq": first["seq"], "verdict": "corrected",
               "correction": {"type": "COERCE", "target": {"country": "mli", "agent": "cvl"}}}
    assert _error(client.post("/api/review", json=verdict), 403)["code"] == "read_only"
    assert _error(writer.post("/api/review", json=verdict), 401)["code"] == "unauthorized"
    auth = {"authorization": f"Bearer {TOKEN}"}
    stored = writer.post("/api/review", json=verdict, headers=auth).json()
    assert stored["correction"] == {"type": "COERCE", "target": {"name": None, "country": "MLI", "agent": "CVL"}}
    after = writer.get("/api/review").json()
    assert after["counts"]["corrected"] == 1 and (first["article_id"], first["seq"]) not in \
        {(e["article_id"], e["seq"]) for e in after["items"]}
    assert writer.get("/api/reviews").json()["items"][0]["verdict"] == "corrected"
    bad = writer.post("/api/review", json={**verdict, "correction": {"type": "MEET"}}, headers=auth)
    assert _error(bad, 400)["code"] == "E216"
    assert _error(writer.post("/api/review", json={**verdict, "seq": 99}, headers=auth), 404)["code"] == "E215"
    assert _error(writer.post("/api/review", content=b"{", headers=auth), 422)["code"] == "invalid_request"
    assert 'id="review-readonly"' in client.get("/review").text
    page = writer.get("/review").text
    assert 'id="review-token"' in page and 'class="review-item"' in page


def test_corpus_figures_are_kept_a_few_seconds_and_computed_once(db):
    import asyncio

    from kibaru.web.deps import cached

    app = create_app(WebSettings(db=str(db)))
    with TestClient(app, base_url=BASE) as c:
        before = c.get("/api/stance?by=outlet").json()["items"]
        with open_store(db) as store:  # another process writes
            store.put([to_rows(make_article("n1", "Un texte.", outlet="Le Républicain"), "s", None)])
        assert c.get("/api/stance?by=outlet").json()["items"] == before  # still the kept answer
        assert c.get("/api/events?article=n1").json()["items"]  # listings are never kept
        app.state.answers.ttl = 0  # past the lifetime: the figure is computed again
        assert {r["outlet"] for r in c.get("/api/stance?by=outlet").json()["items"]} == {"L'Essor", "Le Républicain"}

    # fifty requests for one expired figure: one computation, fifty answers
    calls = []

    def slow(store):
        calls.append(1)
        import time
        time.sleep(0.2)
        return {"n": len(calls)}

    class Req:  # what cached() reads of a request
        def __init__(self, app):
            self.app = app
            self.url = type("U", (), {"path": "/api/figure"})()
            self.query_params = type("Q", (), {"multi_items": lambda self: []})()

    async def many():
        return await asyncio.gather(*(cached(Req(app), slow) for _ in range(50)))

    app = create_app(WebSettings(db=str(db)))  # a server's query threads stop with it: a new one
    from concurrent.futures import ThreadPoolExecutor

    try:
        # in a thread of its own: an event loop may already run in this one (Playwright's, in a full run)
        with ThreadPoolExecutor(1) as pool:
            answers = pool.submit(asyncio.run, many()).result()
    finally:
        for pool in (app.state.query_threads, app.state.listing_threads):
            pool.shutdown(wait=True)
        app.state.stores.close()
    assert len(calls) == 1 and {a.body for a in answers} == {b'{"n":1}'}


def test_the_openapi_document_has_answers_errors_and_the_token(client):
    spec = client.get("/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert schemes == {"token": {"type": "http", "scheme": "bearer", "description": schemes["token"]["description"]}}
    for path in ("/api/analyze", "/api/review"):
        post = spec["paths"][path]["post"]
        assert post["security"] == [{"token": []}]
        assert {"401", "403", "413"} <= set(post["responses"])
    for path, model in (("/api/events", "EventPage"), ("/api/search", "SearchPage"), ("/api/network", "Network"),
                        ("/api/timeline", "Timeline"), ("/api/stance", "Figures"), ("/api/review", "Queue")):
        answers = spec["paths"][path]["get"]["responses"]
        assert answers["200"]["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{model}"}
        # errors are documented in kibaru's shape, not FastAPI's
        assert answers["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    assert spec["components"]["schemas"]["ErrorBody"]["required"] == ["error"]
    # the documented shape is the real one
    body = client.get("/api/events?limit=-1").json()
    assert set(body["error"]) == set(spec["components"]["schemas"]["ErrorDetail"]["properties"])
    event = client.get("/api/events").json()["items"][0]
    assert set(spec["components"]["schemas"]["Event"]["required"]) <= set(event)


def test_the_events_shown_download_as_csv_and_gdelt(client):
    import csv
    import io

    page = client.get("/events?type=CONSULT").text
    link = re.search(r'id="download-csv" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert link == "/api/events/download?type=CONSULT&format=csv"
    response = client.get(link)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["type"], r["article_id"], r["source_country"]) for r in rows] == [("CONSULT", "m1", "MLI")]
    gdelt = client.get("/api/events/download?format=gdelt&country=BFA")
    assert gdelt.headers["content-type"].startswith("text/tab-separated-values")
    [line] = list(csv.reader(io.StringIO(gdelt.text), delimiter="\t"))
    assert len(line) == 61 + 3 and line[61:] == ["ASSAULT", "", "b1"]  # GDELT's 61 columns, then PLOVER type, mode, article
    assert _error(client.get("/api/events/download?format=xlsx"), 400)["code"] == "invalid_request"


def test_outlet_and_topic_facets(undated):
    assert {e["article_id"] for e in undated.get("/api/events?outlet=sahel tribune").json()["items"]} == {"u1"}
    assert undated.get("/api/events?topic=sports").json()["items"] == []
    assert len(undated.get("/api/events?topic=politics").json()["items"]) == 4
    hits = undated.get("/api/search", params={"q": "France", "topic": "politics", "outlet": "Sahel Tribune"}).json()
    assert [h["id"] for h in hits["items"]] == ["u1"]
    assert undated.get("/api/search", params={"q": "France", "topic": "health"}).json()["items"] == []
    page = undated.get("/?q=France&topic=politics").text
    assert '<option selected>politics</option>' in page and 'href="/articles/u1"' in page
    form = undated.get("/events?outlet=Sahel Tribune").text
    assert all(f'name="{n}"' in form for n in ("status", "outlet", "topic", "min_confidence"))
    assert "<option selected>Sahel Tribune</option>" in form
    low = undated.get("/events?min_confidence=0.9").text
    assert "No event matches" in low  # every test event is coded at 0.8


def test_charts_say_what_they_leave_out(db):
    with open_store(db) as store:
        store.put([to_rows(make_article("s1", "Une attaque au Sahel.", events=[
            {**_event("ASSAULT", None, "MLI"), "place": {"name": "Sahel", "country": None}}]), "s", None)])
    with TestClient(create_app(WebSettings(db=str(db))), base_url=BASE) as c:
        net = c.get("/api/network").json()
        # the attack in b1 and the one here have no source: not drawn, and counted
        assert net["left_out"] == {"one_sided": 2, "lighter_pairs": 0}
        assert c.get("/api/network?top=1").json()["left_out"]["lighter_pairs"] == 1  # CONSULT and REQUEST: one drawn
        places = c.get("/api/places").json()
        assert places["unmapped"] == 1 and sum(p["events"] for p in places["items"]) == 3
