"""The dashboard in a real browser: the system's headless Chromium, driven by
Playwright, against a real ``kibaru serve`` over a database of the seed and the
MasakhaNEWS corpus (fixtures ``web_db`` and ``web_server`` in conftest.py).

Every page must load with no console error, no failed request and no request
to any host but the local server (the dashboard works offline); the charts must
actually be drawn; hostile text in an article must stay text.

Screenshots of every page go to $KIBARU_ARTIFACTS/browser (else a pytest
temporary folder). Needs Debian's ``chromium``; Playwright's own browser
downloads are never used.
"""

from __future__ import annotations

import json
import os
import re
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import WEB_TOKEN, WEB_XSS_ID, WEB_XSS_TITLE, require_program, run_kibaru

pytestmark = pytest.mark.slow

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SEED_TITLE = "Bamako courtise Moscou"
SEARCH_WORD = "Barkhane"  # four times in the seed's text
SEED_REPAIRS = 10  # lost apostrophes the reader puts back in the seed ("lAmbassadeur" ...)
TIMEOUT_MS = 30_000


# --- fixtures -----------------------------------------------------------------------------

# session-scoped, so that a missing browser skips before the (long) session fixture web_db runs
@pytest.fixture(scope="session")
def browser():
    executable = require_program("chromium", "chromium")
    try:
        from playwright import sync_api
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("the playwright Python package is not installed (a dev dependency in pyproject.toml)")
        pytest.skip("the playwright Python package is not installed (pip install -e .[dev])")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory) -> Path:
    given = os.environ.get("KIBARU_ARTIFACTS")
    if given:
        folder = Path(given) / "browser"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    return tmp_path_factory.mktemp("screenshots")


def api(base: str, path: str, **params) -> dict:
    url = f"{base}{path}" + (f"?{urllib.parse.urlencode(params, doseq=True)}" if params else "")
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def seed_id(web_server) -> str:
    items = api(web_server, "/api/search", q=f'"{SEED_TITLE}"', limit=5)["items"]
    ids = [r["id"] for r in items if SEED_TITLE in (r["title"] or "")]
    assert ids, items
    return ids[0]


class Visit:
    """One browser tab that records what could go wrong while it is used."""

    def __init__(self, page, base: str, artifacts: Path) -> None:
        self.page, self.base, self.artifacts = page, base, artifacts
        self.host = urllib.parse.urlsplit(base).netloc
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.bad_status: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url}: {r.failure}"))
        page.on("response", lambda r: self.bad_status.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location})")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: str) -> None:
        response = self.page.goto(f"{self.base}{path}", wait_until="networkidle")
        assert response is not None and response.ok, (path, response and response.status)

    def chart(self, selector: str = "[data-chart]"):
        """The chart box, once kibaru.js has finished with it (drawn, empty or error)."""
        box = self.page.locator(selector)
        self.page.wait_for_function(
            "s => { const b = document.querySelector(s); return b && b.dataset.state; }",
            arg=selector, timeout=TIMEOUT_MS)
        return box

    def screenshot(self, name: str) -> Path:
        path = self.artifacts / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def offsite(self) -> list[str]:
        out = []
        for url in self.requests:
            parts = urllib.parse.urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if parts.scheme != "http" or parts.netloc != self.host:
                out.append(url)
        return out

    def assert_clean(self) -> None:
        assert self.requests, "no request recorded"
        assert not self.offsite(), f"requests to other hosts (the pages must work offline): {self.offsite()}"
        assert not self.failed, f"failed requests: {self.failed}"
        assert not self.bad_status, f"error responses: {self.bad_status}"
        assert not self.console_errors, f"console errors: {self.console_errors}"
        assert not self.page_errors, f"uncaught script errors: {self.page_errors}"
        assert not self.dialogs, f"dialogs opened: {self.dialogs}"


@pytest.fixture
def visit(browser, web_server, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield Visit(page, web_server, artifacts)
    finally:
        context.close()


# --- every page ------------------------------------------------------------------------------

PAGES = ["/", "/events", "/timeline", "/network", "/map", "/stance", "/narratives", "/review", "/docs", "ARTICLE",
         "/?q=Mali", "/articles/no-such-article"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_offline_without_errors(visit, seed_id, path):
    if path == "ARTICLE":
        path = f"/articles/{seed_id}"
    if path.startswith("/articles/no-such"):
        # the HTML 404 page: a real page, no broken asset
        response = visit.page.goto(f"{visit.base}{path}", wait_until="networkidle")
        assert response.status == 404
        assert visit.page.locator("h1").inner_text() == "404"
        visit.bad_status = [s for s in visit.bad_status if not s.startswith("404 ") or "/articles/no-such" not in s]
        visit.console_errors = [e for e in visit.console_errors if "404" not in e]
    else:
        visit.open(path)
    if visit.page.locator("[data-chart]").count():
        assert visit.chart().get_attribute("data-state") in ("drawn", "empty")
    if path == "/docs":
        visit.page.wait_for_selector(".swagger-ui .opblock", timeout=TIMEOUT_MS)
    name = "article-seed" if path.endswith(seed_id) else re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "search"
    visit.screenshot(f"page-{name}")
    assert visit.page.title()
    # the stylesheet applied: the header bar has its colour
    if path != "/docs":
        colour = visit.page.eval_on_selector("header.top", "h => getComputedStyle(h).backgroundColor")
        assert colour == "rgb(29, 78, 95)", colour
    visit.assert_clean()


# --- search ----------------------------------------------------------------------------------

def test_search_highlights_and_opens_the_seed(visit, seed_id):
    visit.open("/")
    visit.page.fill("input[name=q]", SEARCH_WORD)
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.press("input[name=q]", "Enter")
    assert f"q={SEARCH_WORD}" in visit.page.url
    results = visit.page.locator("#results li.result")
    assert results.count() > 0
    assert visit.page.locator("#result-count").inner_text().startswith(f"{results.count()} article")
    marks = visit.page.locator("#results .snippet mark").all_inner_texts()
    assert marks and all(m.lower() == SEARCH_WORD.lower() for m in marks), marks
    # every result's snippet shows where the word is
    assert visit.page.locator("#results li.result:has(.snippet mark)").count() == results.count()
    visit.screenshot(f"search-{SEARCH_WORD.lower()}")
    link = visit.page.locator("#results a.title", has_text=SEED_TITLE).first
    with visit.page.expect_navigation(wait_until="networkidle"):
        link.click()
    assert visit.page.url.endswith(f"/articles/{urllib.parse.quote(seed_id)}")
    assert SEED_TITLE in visit.page.locator("h1#article-title").inner_text()
    visit.assert_clean()


def test_search_without_results_and_with_bad_syntax(visit):
    visit.open("/?q=zzzqqqxxyy")
    assert visit.page.locator("#result-count").inner_text().startswith("0 article")
    visit.open("/?q=Mali&since=hier")
    assert visit.page.locator("p.error[role=alert]").count() == 1
    visit.assert_clean()


# --- the article page ---------------------------------------------------------------------------

def test_article_page_highlights_events_and_repairs(visit, seed_id):
    visit.open(f"/articles/{seed_id}")
    page = visit.page
    assert page.locator("#article-body span.ent").count() > 3
    triggers = page.locator("#article-body a.trigger")
    assert triggers.count() > 0
    rows = page.locator("#events tbody tr")
    assert rows.count() > 0
    assert page.locator("#actors tbody tr").count() > 0
    repairs = page.locator("#repairs li")
    texts = repairs.all_inner_texts()
    assert len(texts) == SEED_REPAIRS, texts
    assert all(t.startswith("apostrophe") for t in texts), texts
    assert any("lAmbassadeur" in t for t in texts), texts
    # each trigger is coloured by kibaru.js/CSS with its type's colour (not the fallback)
    background = triggers.first.evaluate("a => getComputedStyle(a).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "rgb(244, 162, 97)"), background
    visit.screenshot("article-seed")

    # clicking a trigger targets (and scrolls to) its row in the events table
    last = triggers.nth(triggers.count() - 1)
    href = last.get_attribute("href")
    assert href and href.startswith("#event-")
    kind = last.get_attribute("data-type")
    last.click()
    page.wait_for_function("h => location.hash === h", arg=href)
    row = page.locator(f"tr{href}")
    assert row.evaluate("r => r.matches(':target')")
    assert row.locator("td").first.inner_text().strip() == kind
    assert row.evaluate("r => getComputedStyle(r).backgroundColor") == "rgb(255, 246, 214)"
    box = row.bounding_box()
    viewport = page.viewport_size
    assert box is not None and -2 <= box["y"] < viewport["height"] - box["height"], (box, viewport)
    visit.screenshot("article-seed-trigger-clicked")
    visit.assert_clean()


# --- charts ----------------------------------------------------------------------------------------

def test_timeline_draws_and_filters_by_type(visit, web_server):
    visit.open("/timeline")
    box = visit.chart("#timeline")
    assert box.get_attribute("data-state") == "drawn"
    bars = int(box.get_attribute("data-bars"))
    rects = visit.page.locator("#timeline svg rect")
    all_rects = rects.count()
    assert bars > 0 and all_rects >= bars
    assert visit.page.locator("#timeline-legend span.swatch").count() > 1
    visit.screenshot("timeline")

    by_type = api(web_server, "/api/stats")["events_by_type"]
    chosen = max(by_type, key=by_type.get)
    visit.page.select_option("form.filters select[name=type]", chosen)
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.click("form.filters button[type=submit]")
    assert f"type={chosen}" in visit.page.url
    box = visit.chart("#timeline")
    assert box.get_attribute("data-state") == "drawn"
    # the bars of events known to the day (the month-only and year-only lanes have their own rects)
    types = set(visit.page.locator("#timeline svg g.bar rect").evaluate_all("rs => rs.map(r => r.dataset.type)"))
    assert types == {chosen}
    assert visit.page.locator("#timeline svg rect").count() < all_rects
    assert int(box.get_attribute("data-bars")) <= bars
    # the form keeps the filter it applied
    assert visit.page.locator("form.filters select[name=type]").input_value() == chosen
    visit.screenshot(f"timeline-{chosen}")
    visit.assert_clean()


def test_timeline_weeks_are_real_weeks(visit):
    visit.open("/timeline")
    assert visit.chart("#timeline").get_attribute("data-state") == "drawn"
    weeks = visit.page.locator("#timeline svg g.bar").evaluate_all("gs => gs.map(g => g.dataset.week)")
    bad = [w for w in weeks if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", w or "")]
    assert not bad, f"{len(bad)} of {len(weeks)} bars are not weeks: {bad[:10]}"


def test_network_draws_nodes_and_edges(visit):
    visit.open("/network")
    box = visit.chart("#network")
    assert box.get_attribute("data-state") == "drawn"
    nodes, edges = int(box.get_attribute("data-nodes")), int(box.get_attribute("data-edges"))
    assert nodes > 1 and edges > 0
    assert visit.page.locator("#network svg g.node").count() == nodes
    assert visit.page.locator("#network svg path.edge").count() == edges
    labels = visit.page.locator("#network svg g.node text").all_text_contents()
    assert all(label.strip() for label in labels)
    # no internal key ("mli-cvl") or bare code pair ("MLI CVL") as a label, and what is not drawn is said
    assert not [label for label in labels if re.fullmatch(r"[a-z]{3}-[a-z]{3}|[A-Z]{3} [A-Z]{3}", label)], labels
    assert visit.page.locator("#network-note").inner_text().startswith("Not drawn:")
    assert visit.page.locator("#sector-legend dt").count() == 20
    # labels do not overlap (a node whose label would is named by its tooltip)
    boxes = visit.page.locator("#network svg g.node text").evaluate_all(
        "ts => ts.map(t => { const b = t.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })")
    overlaps = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1]
    assert not overlaps, f"{len(overlaps)} overlapping labels"
    assert 0 < len(boxes) <= nodes
    visit.screenshot("network")
    visit.assert_clean()


def test_map_draws_places_and_switches_views(visit):
    visit.open("/map")
    box = visit.chart("#map")
    assert box.get_attribute("data-state") == "drawn"
    assert int(box.get_attribute("data-places")) > 0
    assert box.get_attribute("data-view") == "africa"
    assert visit.page.locator("#map svg circle.place").count() > 0
    assert visit.page.locator("#map svg path.land").count() > 50
    assert visit.page.locator("#map-places li").count() > 0
    assert "events are not on the map" in visit.page.locator("#map-note").inner_text()
    africa = visit.page.locator("#map svg").get_attribute("viewBox")
    visit.screenshot("map-africa")

    visit.page.click("button.view[data-view=world]")
    visit.page.wait_for_function("() => document.querySelector('#map').dataset.view === 'world'")
    assert visit.page.locator("#map").get_attribute("data-state") == "drawn"
    assert visit.page.locator("#map svg").get_attribute("viewBox") != africa
    assert "active" in visit.page.locator("button.view[data-view=world]").get_attribute("class")
    assert "active" not in visit.page.locator("button.view[data-view=africa]").get_attribute("class")
    assert visit.page.locator("#map svg circle.place").count() > 0
    visit.screenshot("map-world")

    visit.page.click("button.view[data-view=africa]")
    visit.page.wait_for_function("() => document.querySelector('#map').dataset.view === 'africa'")
    assert visit.page.locator("#map svg").get_attribute("viewBox") == africa
    visit.assert_clean()


def test_map_marks_uncertain_places_and_hides_them_with_the_slider(visit, web_server):
    places = api(web_server, "/api/places")["items"]
    unsure = [p for p in places if (p["confidence"] is not None and p["confidence"] < 0.6) or p["ambiguous"]]
    assert unsure, "no uncertain place in the corpus to show"
    visit.open("/map")
    visit.chart("#map")
    visit.page.click("button.view[data-view=world]")
    visit.page.wait_for_function("() => document.querySelector('#map').dataset.view === 'world'")
    assert visit.page.locator("#map circle.place.unsure").count() == len(unsure)
    title = visit.page.locator("#map circle.place.unsure title").first.text_content()
    assert "location uncertain" in title, title
    # the slider hides the places located with less confidence than it says
    visit.page.locator("#place-confidence").fill("0.7")
    below = sum(1 for p in places if p["confidence"] is not None and p["confidence"] < 0.7)
    visit.page.wait_for_function("n => document.querySelector('#map').dataset.hidden === String(n)", arg=below)
    assert visit.page.locator("#map circle.place:visible").count() == len(places) - below
    assert f"{below} places" in visit.page.locator("#place-confidence-note").inner_text()
    # the Sahel view
    visit.page.click("button.view[data-view=sahel]")
    visit.page.wait_for_function("() => document.querySelector('#map').dataset.view === 'sahel'")
    visit.screenshot("map-sahel")
    visit.assert_clean()


def test_events_page_facets_and_download(visit, web_server):
    visit.open("/events?topic=politics")
    total = int(visit.page.locator("#events-total").inner_text().replace(",", ""))
    assert 0 < total < api(web_server, "/api/stats")["events"]
    href = visit.page.locator("#download-csv").get_attribute("href")
    assert "topic=politics" in href and href.endswith("format=csv")
    # the slider filters by confidence when the form is applied
    visit.page.locator("#min-confidence").fill("0.8")
    assert visit.page.locator("#confidence-shown").inner_text() == "0.8"
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.click("form.filters button[type=submit]")
    assert "min_confidence=0.8" in visit.page.url
    kept = int(visit.page.locator("#events-total").inner_text().replace(",", ""))
    assert kept < total
    shown = visit.page.locator("#events tbody tr td:nth-child(6)").all_inner_texts()
    assert shown and all(float(c) >= 0.8 for c in shown), shown
    visit.screenshot("events-facets")
    visit.assert_clean()


def test_map_outlines_do_not_wrap_around_the_world(visit):
    visit.open("/map")
    visit.chart("#map")
    visit.page.click("button.view[data-view=world]")
    visit.page.wait_for_function("() => document.querySelector('#map').dataset.view === 'world'")
    width = visit.page.locator("#map svg path.land[data-iso3=FJI]").evaluate("p => p.getBBox().width")
    assert width < 50, f"Fiji is drawn {width:.0f} units wide on a 1000-unit world map"


def test_stance_by_outlet_on_a_corpus_without_publication_dates(visit, web_server):
    # MasakhaNEWS rows carry no publication date: the monthly chart has (almost)
    # nothing, the table by outlet has every article with a stance
    assert api(web_server, "/api/stance")["undated"] > 100
    visit.open("/stance")
    table = visit.page.locator("#stance-outlets")
    assert table.locator("tbody tr").count() >= 5
    headers = table.locator("thead th").all_inner_texts()
    assert "BBC Afrique" in headers, headers
    cells = table.locator("a.stance-cell")
    assert cells.count() >= 5
    # each cell's bar is drawn to its score (set by kibaru.js: the page allows no inline style)
    first = cells.first
    score = float(first.get_attribute("data-score"))
    width = first.locator(".bar span").evaluate("s => s.getBoundingClientRect().width")
    bar = first.locator(".bar").evaluate("s => s.getBoundingClientRect().width")
    assert abs(width - bar * min(0.5, abs(score) / 2)) < 2, (score, width, bar)
    box = visit.chart("#stance")
    assert box.get_attribute("data-state") in ("drawn", "empty")
    assert "no publication date" in visit.page.locator("#stance-note").inner_text()
    visit.screenshot("stance")
    # a cell leads to the articles behind it, each to its article page
    country = first.evaluate("a => a.closest('tr').dataset.country")
    outlet = first.get_attribute("data-outlet")
    with visit.page.expect_navigation(wait_until="networkidle"):
        first.click()
    rows = visit.page.locator("table.stance-articles tbody tr")
    assert rows.count() > 0
    assert set(rows.locator("td:first-child").all_inner_texts()) == {country}
    assert set(rows.locator("td:nth-child(4)").all_inner_texts()) == {outlet}
    visit.screenshot("stance-cell-articles")
    visit.assert_clean()


def test_stance_article_by_article_when_no_article_is_dated(visit, web_server):
    # no article about Russia has a publication date: the chart shows each article's score
    assert api(web_server, "/api/stance", country="RUS")["items"] == []
    visit.open("/stance?country=RUS")
    box = visit.chart("#stance")
    assert box.get_attribute("data-state") == "drawn" and box.get_attribute("data-view") == "article"
    dots = int(box.get_attribute("data-dots"))
    assert dots == len(api(web_server, "/api/stance", country="RUS", by="article", limit=500)["items"]) > 10
    assert "each dot is one article" in visit.page.locator("#stance-note").inner_text()
    visit.screenshot("stance-by-article")
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.locator("#stance svg a.hit circle").first.click()
    assert "/articles/" in visit.page.url
    assert visit.page.locator("#article-stance tr[data-country=RUS]").count() == 1
    visit.assert_clean()


def test_the_seeds_narratives_on_its_article_page(visit, seed_id):
    visit.open(f"/articles/{seed_id}")
    narratives = visit.page.locator("#article-narratives > li")
    ids = narratives.evaluate_all("ls => ls.map(l => l.dataset.narrative)")
    assert {"russia-partner", "france-failure", "foreign-forces-out"} <= set(ids), ids
    # each with the sentences that carry it
    assert all(n.locator("ul.evidence li").count() > 0 for n in narratives.all())
    stance = visit.page.locator("#article-stance tbody tr")
    assert {"FRA", "RUS"} <= set(stance.evaluate_all("rs => rs.map(r => r.dataset.country)"))
    assert visit.page.locator("#article-stance tr[data-country=FRA] td.neg").count() == 1
    assert visit.page.locator("#article-topic").inner_text().startswith("Topic:")
    visit.page.locator("#narratives").scroll_into_view_if_needed()
    visit.screenshot("article-seed-narratives")
    visit.assert_clean()


def test_narratives_page_by_outlet_with_evidence(visit):
    visit.open("/narratives")
    cells = visit.page.locator("#narrative-outlets a.narrative-cell")
    assert cells.count() > 0
    with visit.page.expect_navigation(wait_until="networkidle"):
        cells.first.click()
    items = visit.page.locator("ul.narrative-articles > li")
    assert items.count() > 0 and items.first.locator("ul.evidence li").count() > 0
    visit.screenshot("narratives")
    visit.assert_clean()


def test_a_click_on_a_network_node_lists_its_events(visit):
    visit.open("/network")
    assert visit.chart("#network").get_attribute("data-state") == "drawn"
    node = visit.page.locator("#network svg a.hit g.node:has(text)").first
    label = node.locator("text").text_content()
    with visit.page.expect_navigation(wait_until="networkidle"):
        node.locator("circle").click()
    assert "/events?" in visit.page.url and "actor=" in visit.page.url
    rows = visit.page.locator("#events tbody tr")
    assert rows.count() > 0
    # every event listed has that actor on one side, and its evidence sentence
    for row in rows.all()[:20]:
        sides = row.locator("td:nth-child(3), td:nth-child(4)").all_inner_texts()
        assert any(side.startswith(label) for side in sides), (label, sides)
        assert row.locator("td.sentence").inner_text().strip()
    assert label in visit.page.locator("#events-scope").inner_text()
    visit.screenshot("network-node-events")
    visit.assert_clean()


def test_the_timeline_says_what_it_does_not_draw(visit, web_server):
    visit.open("/timeline")
    box = visit.chart("#timeline")
    assert box.get_attribute("data-state") == "drawn"
    undated = api(web_server, "/api/timeline")["undated"]
    assert undated > 0 and int(box.get_attribute("data-undated")) == undated
    note = visit.page.locator("#timeline-note").inner_text()
    assert f"{undated:,} events without any date are not drawn" in note, note
    # events dated to a month or a year only are drawn at that precision
    assert set(box.get_attribute("data-lanes").split()) == {"month", "year"}
    assert visit.page.locator("#timeline svg g.lane-year rect").count() > 0
    # a drag across the chart zooms in: From and To go into the URL
    svg = visit.page.locator("#timeline svg").bounding_box()
    with visit.page.expect_navigation(wait_until="networkidle"):
        visit.page.mouse.move(svg["x"] + svg["width"] * 0.5, svg["y"] + 100)
        visit.page.mouse.down()
        visit.page.mouse.move(svg["x"] + svg["width"] * 0.7, svg["y"] + 100, steps=5)
        visit.page.mouse.up()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(visit.page.url).query)
    assert query["since"][0] < query["until"][0], query
    assert visit.chart("#timeline").get_attribute("data-state") in ("drawn", "empty")
    assert visit.page.locator("#timeline-zoom").is_visible()
    visit.screenshot("timeline-zoomed")
    visit.assert_clean()


def test_a_correction_in_the_review_queue_reaches_the_annotations(browser, web_writer, artifacts, tmp_path):
    base, db = web_writer
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    visit = Visit(context.new_page(), base, artifacts)
    try:
        visit.open("/review")
        first = visit.page.locator("li.review-item").first
        article, seq = first.get_attribute("data-article"), int(first.get_attribute("data-seq"))
        coded = first.locator("select[name=type]").input_value()
        chosen = "PROTEST" if coded != "PROTEST" else "REJECT"
        visit.page.fill("#review-token", WEB_TOKEN)
        visit.page.fill("#review-reviewer", "Awa")
        first.locator("details summary").click()
        first.locator("select[name=type]").select_option(chosen)
        first.locator("input[name='target.country']").fill("BFA")
        first.locator("form.correct button[type=submit]").click()
        visit.page.wait_for_function("li => li.dataset.state", arg=first.element_handle())
        assert first.get_attribute("data-state") == "corrected", first.locator(".outcome").inner_text()
        assert "type" in first.locator(".outcome").inner_text()
        # a second one, rejected with one click
        second = visit.page.locator("li.review-item").nth(1)
        second.locator("button[data-verdict=rejected]").click()
        visit.page.wait_for_function("li => li.dataset.state", arg=second.element_handle())
        assert second.get_attribute("data-state") == "rejected"
        visit.screenshot("review")
        visit.assert_clean()
    finally:
        context.close()
    out = tmp_path / "reviewed.jsonl"
    done = run_kibaru("export", "annotations", out, "--db", db)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    [record] = [r for r in records if r["id"] == article]
    corrected = [e for e in record["events"] if e["review"] == "corrected"]
    assert [(e["type"], e["target"]["country"]) for e in corrected] == [(chosen, "BFA")]
    assert all(e["review"] != "rejected" for r in records for e in r["events"])
    # and the read-only server (the other tests') has no review form
    assert seq >= 0


@pytest.mark.parametrize("path", [p for p in PAGES if p not in ("/docs", "/articles/no-such-article")])
def test_no_horizontal_overflow_on_a_phone(browser, web_server, artifacts, seed_id, path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    context.set_default_timeout(TIMEOUT_MS)
    visit = Visit(context.new_page(), web_server, artifacts)
    try:
        visit.open(f"/articles/{seed_id}" if path == "ARTICLE" else path)
        if visit.page.locator("[data-chart]").count():
            visit.chart()
        overflow = visit.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path}: the page is {overflow} px wider than a 390 px phone"
        # the navigation wraps instead of running off the screen
        right = visit.page.locator("header.top nav a").evaluate_all(
            "as => Math.max(...as.map(a => a.getBoundingClientRect().right))")
        assert right <= 390, right
        name = "article-seed" if path == "ARTICLE" else re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "search"
        visit.screenshot(f"phone-{name}")
        visit.assert_clean()
    finally:
        context.close()


def test_api_docs_render_offline(visit):
    visit.open("/docs")
    visit.page.wait_for_selector(".swagger-ui", timeout=TIMEOUT_MS)
    operation = visit.page.locator(".opblock-summary-path[data-path='/api/events']")
    operation.wait_for(timeout=TIMEOUT_MS)
    assert visit.page.locator(".opblock-summary-path[data-path='/api/search']").count() == 1
    # the token scheme: Swagger's "Authorize" button, so that "Try it out" can call POST /api/analyze
    assert visit.page.locator("button.authorize").count() == 1
    # open one operation: its parameters are listed (still no request leaves the machine)
    operation.click()
    visit.page.locator(".parameters-container").first.wait_for()
    assert "country" in visit.page.locator(".opblock.is-open").inner_text()
    visit.screenshot("docs")
    visit.assert_clean()


# --- hostile text ------------------------------------------------------------------------------------

def test_hostile_article_stays_text(visit):
    visit.open(f"/articles/{WEB_XSS_ID}")
    page = visit.page
    assert page.locator("h1#article-title").inner_text() == WEB_XSS_TITLE
    assert "<img src=x onerror=alert(2)>" in page.locator("#article-body").inner_text()
    assert page.locator("#article-body img, #article-body script, main img").count() == 0
    assert "Test <b>outlet</b>" in page.locator("p.meta").inner_text()
    assert page.title().startswith(WEB_XSS_TITLE)
    page.wait_for_timeout(300)  # give an injected onerror a chance to fire
    visit.screenshot("article-xss")

    visit.open("/?q=onerror")
    result = page.locator(f"#results li.result:has(a.title[href='/articles/{WEB_XSS_ID}'])")
    assert result.count() == 1
    assert result.locator("a.title").inner_text() == WEB_XSS_TITLE
    assert "<img src=x onerror=alert(2)>" in result.locator(".snippet").inner_text()
    assert result.locator(".snippet mark").all_inner_texts() == ["onerror"]
    assert page.locator("main img, main script").count() == 0

    visit.open("/?q=" + urllib.parse.quote(WEB_XSS_TITLE))
    assert page.locator("input[name=q]").input_value() == WEB_XSS_TITLE
    page.wait_for_timeout(300)
    visit.screenshot("search-xss")
    assert not visit.dialogs
    visit.assert_clean()
