"""Every registered reader, one contract: the same file read from disk, from
bytes in memory (``Source.from_bytes``, how an upload or Spark hands a file
over) and by the Spark engine's executor code gives the same articles; and
Spark's per-record parse of a JSON Lines line gives what the file reader gives.

A new reader registers a sample here or this test fails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import NIAMEY_BODY, NIAMEY_TITLE, REPO
from kibaru.engines.spark import raw_articles
from kibaru.ingest import find_reader, read_source
from kibaru.ingest.source import Source
from kibaru.registry import readers
from kibaru.settings import Settings
from test_readers import ATOM, RSS, _warc

HTML = (REPO / "examples" / "articles" / "ouagadougou-manifestation.html").read_bytes()


def _jsonl(folder: Path) -> Path:
    path = folder / "a.jsonl"
    lines = [{"id": "j1", "title": NIAMEY_TITLE, "text": NIAMEY_BODY, "tags": ["CEDEAO"]},
             {"title": "Sans id", "body": "Le Mali a rencontré le Niger.", "source": "L'Essor"}]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n\nnot json\n",
                    encoding="utf-8")
    return path


def _csv(folder: Path) -> Path:
    path = folder / "a.csv"
    path.write_text(f'headline,text,url\n"{NIAMEY_TITLE}","{NIAMEY_BODY}",https://x.example/1\n'
                    '"Deux","Le Mali a rencontré le Niger.",https://x.example/2\n', encoding="utf-8")
    return path


def _text(folder: Path) -> Path:
    path = folder / "a.txt"
    path.write_text(f"{NIAMEY_TITLE}\n{NIAMEY_BODY}\nAminata Dicko\nSource: Le Sahel\n", encoding="cp1252")
    return path


def _feed(folder: Path) -> Path:
    (folder / "b.atom").write_text(ATOM, encoding="utf-8")
    path = folder / "a.rss"
    path.write_text(RSS, encoding="utf-8")
    return path


def _html(folder: Path) -> Path:
    path = folder / "a.html"
    path.write_bytes(HTML)
    return path


def _warc_file(folder: Path) -> Path:
    return _warc(folder / "a.warc.gz", [("https://x.example/page", "text/html; charset=utf-8", HTML),
                                        ("https://x.example/logo.png", "image/png", bytes(64))])


SAMPLES = {"jsonl.v1": _jsonl, "tabular.v1": _csv, "text.v1": _text, "feed.v1": _feed, "html.v1": _html,
           "warc.v1": _warc_file}


def test_every_registered_reader_has_a_contract_sample():
    assert {entry.name for entry in readers} == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_reader_reads_a_file_as_its_bytes_and_as_spark_does(name, tmp_path):
    path = SAMPLES[name](tmp_path)
    source = Source.from_arg(path)
    assert find_reader(source).name == name
    settings = Settings()
    from_disk = [a.to_dict() for a in read_source(source, settings)]
    assert from_disk and any(a["text"] for a in from_disk)
    in_memory = Source.from_bytes(str(path), path.read_bytes())
    assert find_reader(in_memory).name == name
    assert [a.to_dict() for a in read_source(in_memory, settings)] == from_disk
    assert [a.to_dict() for a in raw_articles("file", path.as_uri(), path.read_bytes(), settings)] == from_disk


def test_spark_reads_json_lines_line_by_line_as_the_reader_does(tmp_path):
    path = _jsonl(tmp_path)
    settings = Settings()
    whole = list(read_source(Source.from_arg(path), settings))
    lines = [a for line in path.read_bytes().splitlines() for a in raw_articles("line", str(path), line, settings)]
    assert len(lines) == len(whole) == 3  # the blank line is none, the bad one an error
    for one, other in zip(lines, whole):
        # Spark numbers no lines: the origin is the file
        assert other.origin.startswith(f"{path}:") and one.origin == str(path)
        assert {**one.to_dict(), "origin": None} == {**other.to_dict(), "origin": None} or one.errors
    assert [a.errors[0].code for a in lines if a.errors] == ["E106"] == [a.errors[0].code for a in whole if a.errors]


def test_a_file_in_memory_keeps_the_size_limits(tmp_path):
    big = Source.from_bytes("big.txt", b"Titre\n" + b"mot " * 300)
    [article] = read_source(big, Settings(max_chars=100))
    assert article.errors[0].code == "E105"
