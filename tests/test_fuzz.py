"""Fuzzing, with a fixed seed: every reader, and the API's query parameters.

Readers get files built to break them — random bytes, broken encodings,
valid-looking records with fields of every type, lone surrogates, NUL bytes,
unbalanced quotes, deep nesting, truncated archives — and must answer with
Articles (an error naming the input when it is bad), never an exception; what
they give must be printable as UTF-8 JSON and storable in SQLite and
PostgreSQL. The API gets random values (control characters, huge numbers,
unknown parameters) for every parameter of every endpoint and page, and must
never answer 5xx.

Each test prints how many cases it ran (``pytest tests/test_fuzz.py -s``).
The seed is fixed, and so is the number of cases; which cases also depends on
the modules loaded before (Hypothesis draws constants from the code it sees),
so ``pytest tests/test_fuzz.py`` alone always runs the same ones. Bounded:
about a minute for all of them on two busy cores.
"""

from __future__ import annotations

import gzip
import io
import json
import string
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from kibaru.corpus import read
from kibaru.doc import Article
from kibaru.settings import Settings
from kibaru.store import open_store
from kibaru.store.rows import to_rows
from kibaru.store.writer import StoreWriter
from kibaru.web import WebSettings, create_app
from test_store import _event, make_article

SEED = 20240615
FUZZ = settings(database=None, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much])


def fuzz(examples: int) -> settings:
    return settings(FUZZ, max_examples=examples)


# Small limits, so that "too large" paths are exercised by small examples.
SMALL = Settings(max_chars=3_000, max_file_mb=1, detect_duplicates=True)

# --- building blocks --------------------------------------------------------------------

FRENCH = ("Le ministre malien a reçu l’ambassadeur de Russie à Bamako. Lattaque na pas été revendiquée; "
          "quil sagissait dun convoi de lOMS près de NDjamena. « Coopération » — 12 juin 2021.")
# characters that have broken things: surrogates, NUL and other controls, BOM,
# bidi marks, combining accents, C1 controls (mojibake), quotes, delimiters
NASTY = "\ud800\udfff\x00\x01\x1b\x7f\x85\x92\x9d\ufeff\u202e\u0301\u2028\"',;\t\r\n\\<>&{}[]%"
text_values = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.sampled_from(FRENCH + NASTY), max_size=300),
    st.sampled_from([FRENCH, "", " ", "\x00", "\ud800", "a" * 5000, "javascript:alert(1)", "<script>x</script>"]),
)
json_leaves = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                        st.floats(allow_nan=True), text_values)
json_values = st.recursive(json_leaves, lambda inner: st.lists(inner, max_size=4) |
                           st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
FIELDS = ["id", "title", "text", "body", "content", "headline", "url", "published", "date", "outlet", "source",
          "author", "lang", "tags"]
records = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), json_values, max_size=8)


def _json_line(record, draw_raw: bytes | None) -> bytes:
    if draw_raw is not None:
        return draw_raw
    return json.dumps(record, ensure_ascii=True).encode("ascii")  # ascii: lone surrogates as \\ud800


@st.composite
def jsonl_files(draw) -> bytes:
    lines = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            lines.append(draw(st.binary(max_size=200)))
        elif kind == 1:
            depth = draw(st.integers(1, 5000))
            lines.append(b"[" * depth + b"]" * draw(st.integers(0, depth)))
        elif kind == 2:
            lines.append(json.dumps(draw(json_values)).encode())
        else:
            lines.append(_json_line(draw(records), None))
    separator = draw(st.sampled_from([b"\n", b"\r\n", b"\r", b"\n\n"]))
    return separator.join(lines) + draw(st.sampled_from([b"", b"\n"]))


@st.composite
def tabular_files(draw) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header = draw(st.lists(st.sampled_from(FIELDS) | st.text(max_size=5), min_size=0, max_size=5))
    cell = st.text(alphabet=st.sampled_from(FRENCH + NASTY + delimiter), max_size=40) | text_values
    rows = [header] + draw(st.lists(st.lists(cell, max_size=6), max_size=8))
    text = "\n".join(delimiter.join(row) for row in rows)
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace") if encoding != "utf-8" else text.encode("utf-8", "surrogatepass")


@st.composite
def text_files(draw) -> bytes:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.binary(max_size=400))
    body = draw(st.text(alphabet=st.sampled_from(FRENCH + NASTY + "\n-"), max_size=600))
    encoding = draw(st.sampled_from(["utf-8", "cp1252", "utf-16-le", "mac_roman"]))
    data = body.encode(encoding if encoding != "utf-8" else "utf-8", errors="replace" if encoding != "utf-8" else "surrogatepass")
    if kind == 2:  # a valid French article with a few flipped bytes
        data = bytearray(FRENCH.encode("utf-8") * draw(st.integers(1, 3)))
        for _ in range(draw(st.integers(0, 5))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        data = bytes(data)
    return data


TAGS = ["html", "head", "title", "body", "article", "p", "div", "h1", "script", "meta", "br", "a", "!--", "![CDATA["]


@st.composite
def html_files(draw) -> bytes:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(st.sampled_from(TAGS))
        choice = draw(st.integers(0, 3))
        if choice == 0:
            parts.append(f"<{tag}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        elif choice == 2:
            parts.append(f'<{tag} content="{draw(text_values)}" name="{draw(st.sampled_from(["author", "date", "keywords"]))}">')
        else:
            parts.append(draw(text_values))
    return "".join(parts).encode("utf-8", "surrogatepass")


@st.composite
def feed_files(draw) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 4))):
        fields = "".join(f"<{name}>{draw(text_values)}</{name}>" for name in
                         draw(st.lists(st.sampled_from(["title", "link", "description", "pubDate", "guid",
                                                        "category", "author", "content:encoded"]), max_size=6)))
        items.append(f"<item>{fields}</item>")
    root = draw(st.sampled_from(['<rss version="2.0"><channel><title>T</title>{}</channel></rss>',
                                 '<feed xmlns="http://www.w3.org/2005/Atom">{}</feed>', "{}"]))
    data = root.format("".join(items)).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        cut = draw(st.integers(0, max(0, len(data))))
        data = data[:cut]
    return data


def _warc_record(url: str, payload: bytes, ctype: str) -> bytes:
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype.encode() + b"\r\nContent-Length: "
            + str(len(payload)).encode() + b"\r\n\r\n" + payload)
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


@st.composite
def warc_files(draw) -> tuple[bytes, bool]:
    records = []
    for _ in range(draw(st.integers(0, 3))):
        payload = draw(html_files()) if draw(st.booleans()) else draw(st.binary(max_size=300))
        if draw(st.integers(0, 5)) == 0:
            payload = b"<html><body><p>" + b"a" * 200_000 + b"</p></body></html>"  # bigger than SMALL allows
        records.append(_warc_record(draw(st.sampled_from(["http://x.example/a", "javascript:1", "\x00"])), payload,
                                    draw(st.sampled_from(["text/html", "text/html; charset=latin-1", ""]))))
    data = b"".join(records)
    compressed = draw(st.booleans())
    if compressed:
        data = b"".join(gzip.compress(r, mtime=0) for r in records) if records else gzip.compress(b"", mtime=0)
    if draw(st.integers(0, 3)) == 0:  # truncated or corrupted
        data = data[:draw(st.integers(0, len(data)))] + draw(st.binary(max_size=20))
    return data, compressed


# --- checking what readers give -------------------------------------------------------------

class Collected:
    """Every article the reader fuzz produced, stored at the end into both engines."""

    def __init__(self) -> None:
        self.articles = []
        self.cases = 0


COLLECTED = Collected()


def _read_file(folder: Path, name: str, data: bytes) -> list:
    path = folder / name
    path.write_bytes(data)
    articles = list(read([path], SMALL))
    assert articles, "a file always gives at least one result (an article or an error)"
    for article in articles:
        # printable and storable: valid UTF-8, no NUL
        line = json.dumps(article.to_dict(), ensure_ascii=False)
        line.encode("utf-8")
        assert "\x00" not in line.replace("\\u0000", "")
        for issue in article.errors + article.warnings:
            assert issue.code[0] in "EW" and issue.code[1:].isdigit(), issue
            assert len(issue.message) < 1000, issue.message[:200]
        assert not article.errors or article.errors[0].input, article.errors
    COLLECTED.cases += 1

    COLLECTED.articles.extend(a for a in articles if not a.errors)
    return articles


def _check_reader(tmp_path, name: str, data: bytes) -> None:
    _read_file(tmp_path, name, data)


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@seed(SEED)
@fuzz(400)
@given(jsonl_files())
def test_fuzz_jsonl(fuzz_dir, data):
    _check_reader(fuzz_dir, "f.jsonl", data)


@seed(SEED)
@fuzz(300)
@given(tabular_files(), st.sampled_from(["f.csv", "f.tsv"]))
def test_fuzz_csv_tsv(fuzz_dir, data, name):
    _check_reader(fuzz_dir, name, data)


@seed(SEED)
@fuzz(300)
@given(text_files())
def test_fuzz_text(fuzz_dir, data):
    _check_reader(fuzz_dir, "f.txt", data)


@seed(SEED)
@fuzz(150)
@given(html_files())
def test_fuzz_html(fuzz_dir, data):
    _check_reader(fuzz_dir, "f.html", data)


@seed(SEED)
@fuzz(200)
@given(feed_files(), st.sampled_from(["f.xml", "f.rss", "f.atom"]))
def test_fuzz_feeds(fuzz_dir, data, name):
    _check_reader(fuzz_dir, name, data)


@seed(SEED)
@fuzz(150)
@given(warc_files())
def test_fuzz_warc(fuzz_dir, archive):
    data, compressed = archive
    _check_reader(fuzz_dir, "f.warc.gz" if compressed else "f.warc", data)


def test_fuzzed_articles_are_storable(db_url):
    """What the readers gave, stored as coded articles: nothing refused, in either engine."""
    articles = COLLECTED.articles
    if not articles:
        pytest.skip("run with the reader fuzz tests (they collect the articles)")
    print(f"\nfuzz: {COLLECTED.cases} reader cases, 0 crashes; {len(articles)} articles stored in {db_url.split(':')[0]}")
    refused = []
    copies = [Article.from_dict(a.to_dict()) for a in articles]  # the writer re-keys repeated ids in place
    with open_store(db_url) as store:
        with StoreWriter(store, "fuzz", on_warning=refused.append) as writer:
            for article in writer.pending(copies):
                writer.add(article)
        assert [i for i in refused if i.code.startswith("E")] == []
        assert writer.counts["failed"] == 0
        assert store.counts()["articles"] == writer.counts["stored"] + writer.counts["replaced"] > 0


# --- the API's query parameters -------------------------------------------------------------

ENDPOINTS = {
    "/api/stats": [],
    "/api/articles": ["since", "until", "outlet", "limit", "offset"],
    "/api/search": ["q", "since", "until", "country", "outlet", "lang", "topic", "limit", "offset"],
    "/api/events": ["type", "source", "target", "country", "status", "since", "until", "article", "limit",
                    "offset", "fused", "actor", "place", "min_confidence", "outlet", "topic"],
    "/api/events/download": ["format", "type", "country", "actor", "outlet", "topic", "since"],
    "/api/actors": ["country", "agent", "name", "top"],
    "/api/places": ["type", "source", "country", "since", "until", "top"],
    "/api/timeline": ["type", "source", "target", "country", "since", "until"],
    "/api/network": ["type", "source", "target", "country", "top"],
    "/api/stance": ["country", "since", "until", "outlet", "by", "limit", "offset"],
    "/api/narratives": ["by", "narrative", "outlet", "since", "until", "limit", "offset"],
    "/api/review": ["type", "country", "actor", "limit", "offset"],
    "/api/reviews": ["limit", "offset"],
    "/": ["q", "since", "until", "country", "outlet", "offset"],
    "/timeline": ["type", "country"],
    "/map": ["type"],
    "/events": ["type", "source", "actor", "place", "min_confidence", "status", "since", "offset"],
    "/stance": ["country", "outlet", "since", "until", "offset"],
    "/narratives": ["narrative", "outlet", "since", "offset"],
    "/review": ["type", "country", "offset"],
}
param_values = st.one_of(
    text_values,
    st.text(alphabet=string.ascii_letters + string.digits + "éèàçô -:*\"'", max_size=20),
    st.sampled_from(sorted(["MLI", "BFA", "RUS", "FRA", "IGO:ECOWAS", "ASSAULT", "PROTEST", "occurred", "planned",
                            "GOV", "Camara", "L'Essor", "fr", "sécurité", "Bamako", "securite OR Djibo", "0", "1",
                            "20", "500", "501", "1000000", "1000001", "-1", "2023-02", "2019", "outlet", "article", "month",
                            "Acteur RUS|RUS|MIL", "|MLI|CVL", "Bamako|MLI", "||", "|", "nan", "inf", "0.5",
                            "russia-partner", "(no outlet)", "csv", "gdelt", "politics"])),
    st.integers(min_value=-2**70, max_value=2**70).map(str),
    st.sampled_from(["2021", "2021-06", "2021-06-15", "2021-13-45", "MLI", "IGO:UN", "CONSULT", "true", "a*",
                     '"phrase', "-x", "OR", "%", "_", "'; DROP TABLE events; --", "9223372036854775808"]),
)


@st.composite
def requests(draw) -> str:
    path = draw(st.sampled_from(sorted(ENDPOINTS) + ["/api/articles/{id}", "/articles/{id}"]))
    if "{id}" in path:
        ident = draw(st.sampled_from(["m1", "a/b", "x1", "..", "%2F", ""]) | text_values)
        path = path.replace("{id}", quote(ident, safe=draw(st.sampled_from(["", "/"])), errors="surrogatepass") or "x")
    names = ENDPOINTS.get(path, [])
    params = draw(st.lists(st.tuples(st.sampled_from(names) if names else st.text(max_size=5), param_values),
                           max_size=5))
    query = "&".join(f"{quote(k, safe='', errors='surrogatepass')}={quote(v, safe='', errors='surrogatepass')}" for k, v in params)
    if draw(st.integers(0, 9)) == 0:  # raw bytes, not valid percent-encoding or UTF-8
        query += "&" + draw(st.sampled_from(["q=%", "q=%zz", "q=%ff%fe", "offset=%00", "type=%C0%80"]))
    return f"{path}?{query}" if query else path


def _api_db(url: str) -> None:
    with open_store(url) as store:
        store.put([to_rows(a, "s", None) for a in (
            make_article("m1", "Le ministre Sadio Camara a reçu l'ambassadeur de Russie à Bamako.",
                         events=[_event("CONSULT", "MLI", "RUS", date="2021-06-15")]),
            make_article("a/b", "Des militaires ont été attaqués près de Djibo.", published="2023-02-03",
                         events=[_event("ASSAULT", None, "BFA")]),
        )])


@pytest.fixture(scope="module")
def api_counts():
    counts = {"cases": 0, "5xx": 0}
    yield counts
    print(f"\nfuzz: {counts['cases']} API requests, {counts['5xx']} answers 5xx")


def _fuzz_api(url: str, counts: dict, max_examples: int) -> None:
    _api_db(url)
    with TestClient(create_app(WebSettings(db=url)), base_url="http://127.0.0.1") as client:

        @seed(SEED)
        @fuzz(max_examples)
        @given(requests())
        def run(target):
            response = client.get(target, headers={"accept": "text/html" if "/api/" not in target else "*/*"})
            counts["cases"] += 1
            if response.status_code >= 500:
                counts["5xx"] += 1
            assert response.status_code < 500, (target, response.status_code, response.text[:300])

        run()


def test_fuzz_api_query_parameters_sqlite(tmp_path, api_counts):
    _fuzz_api(str(tmp_path / "fuzz.db"), api_counts, max_examples=500)


def test_fuzz_api_query_parameters_postgresql(postgres_url, api_counts):
    _fuzz_api(postgres_url, api_counts, max_examples=300)
